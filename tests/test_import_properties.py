"""Property tests: the citation parser, header detection, letters and the whole import never crash on any
input, and the row accounting of an import always adds up."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcekg.graph import DatasetInfo
from enforcekg.importer import ImportOptions, import_raw
from enforcekg.importer.names import INFERRED_FILE
from enforcekg.legal.citations import parse_basis
from enforcekg.legal.registry import Registry
from enforcekg.letters import parse_letter
from enforcekg.problems import Problems
from enforcekg.schema import POWER_CATEGORIES
from enforcekg.sheets import SHEETS
from enforcekg.tables import RawSheet, find_header, join_header_rows

REGISTRY = Registry.load_default()

# --- the citation parser -------------------------------------------------------------------------

BASIS_PIECES = [
    "《中华人民共和国水法》", "《水法》", "中华人民共和国水法", "《湖南省实施<中华人民共和国种子法>办法》", "《河道管理条例》",
    "湘政办发〔2019〕55号", "国发[2021]26 号", "京海市监处字〔2020〕第303号", "【法律】", "【规章】", "【行政法规】",
    "（2016年修正）", "(2013.12.28修正)", "（主席令第七十四号）", "第六十五条", "第一款", "第（四）项", "第19条", "第1款",
    "第5项", "第十八、十九条", "、", "至", "和", "；", ";", "\n", "①", "②", "1.", "之一", "本法", "前款", "依据", "的规定",
    "有下列行为之一的，", "处一万元以下罚款", " ", "第", "条", "款", "项", "〔", "〕", "《", "》", "<", ">", "（", "）",
]
basis_text = st.lists(st.one_of(st.sampled_from(BASIS_PIECES), st.text(max_size=4)), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(basis_text, st.text(max_size=200)))
def test_parse_basis_never_raises_and_spans_are_the_input(text):
    res = parse_basis(text)
    for c in res.citations:
        assert 0 <= c.start <= c.end <= len(text)
        assert c.raw == text[c.start:c.end]
        for n in (c.article, c.paragraph, c.item):
            assert n is None or n > 0
    assert all(isinstance(p, str) and p for p in res.problems)


# --- header detection ----------------------------------------------------------------------------

HEADER_WORDS = sorted({h for spec in SHEETS.values() for c in spec.columns for h in c.headers[:3]} | set(POWER_CATEGORIES)
                      | {"示例县水利局权责清单（2022年版）", "填报单位（盖章）：示例县水利局", "填报时间：2023年3月", "项目", "子项",
                         "一、行政许可（共3项）", "注：以上为现行事项", "填表人：张三", "无", "—", "法律", "法规"})
cell = st.one_of(st.none(), st.sampled_from(HEADER_WORDS), st.text(max_size=6))
grid = st.lists(st.lists(cell, max_size=8), max_size=10)


@settings(max_examples=300, deadline=None)
@given(grid, st.sampled_from(sorted(SHEETS)))
def test_find_header_never_raises_and_points_inside_the_sheet(rows, kind):
    spec = SHEETS[kind]
    h = find_header(rows, spec)
    if h is None:
        return
    width = max(len(r) for r in rows)
    assert 1 <= h.first_row <= h.row <= len(rows) and h.row - h.first_row <= 1
    assert set(h.fields) <= {c.name for c in spec.columns} and len(h.fields) >= 2
    for cols in [[c] for c in h.fields.values()] + list(h.joined.values()):
        assert all(0 <= c < width for c in cols)


@given(st.lists(cell, max_size=8), st.lists(cell, max_size=8))
def test_joined_header_has_one_cell_per_column(top, bottom):
    idx = {"项目": "name", "子项": "subitem"}
    assert len(join_header_rows(top, bottom, idx)) == max(len(top), len(bottom))


# --- the whole import on any grid ----------------------------------------------------------------

NAMES = ["示例县水利局.csv", "权力清单.csv", "委托目录.csv", "人员.csv", "Sheet1.csv", "职权调整.csv", "附件1.csv"]
VALUES = ["示例县水利局", "县水利局", "甲镇人民政府", "甲镇", "甲镇综合行政执法大队", "乙镇水利站", "取水许可", "取水许可审批",
          "对未经批准擅自取水的处罚", "行政许可", "行政处罚", "行政强制措施", "委托", "交由", "法定", "《中华人民共和国水法》第四十八条",
          "湘政办发〔2019〕55号", "示水委〔2022〕3号", "2022-03-01", "2022年13月1日", "40", "四十", "2", "是", "否", "无", "—",
          "已委托乡镇实施", "一、行政处罚", "注：", "划转", "相对集中行政处罚权"]


@st.composite
def plausible_sheet(draw) -> list[list[str | None]]:
    """A header of one kind's column names (maybe under a title row) and rows of plausible values."""
    spec = SHEETS[draw(st.sampled_from(sorted(SHEETS)))]
    headers = draw(st.lists(st.sampled_from([c.headers[0] for c in spec.columns]), min_size=2, max_size=8, unique=True))
    rows: list[list[str | None]] = [["示例县清单（2023年版）"]] if draw(st.booleans()) else []
    rows.append(list(headers))
    value = st.one_of(st.none(), st.sampled_from(VALUES), st.text(max_size=4))
    rows += draw(st.lists(st.lists(value, min_size=len(headers), max_size=len(headers)), max_size=6))
    return rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.one_of(grid, plausible_sheet())), min_size=1, max_size=3))
def test_import_never_raises_and_every_row_is_accounted_for(sheets):
    raw = [RawSheet(name, None, rows) for name, rows in sheets]
    result = import_raw(raw, [], DatasetInfo(name="prop"), ImportOptions(), Problems(), REGISTRY)
    for s in result.stats:
        assert s.read == s.imported + s.merged + s.rejected + s.skipped, s
    non_empty = sum(1 for _, rows in sheets for r in rows if any(r))
    # every non-empty input row is read at most once (rows above a header are not records); the
    # tables of inferred units are the import's own rows
    assert sum(s.read for s in result.stats if s.file != INFERRED_FILE) <= non_empty
    for p in result.problems:
        assert p.message("zh") and p.message("en")


# --- letters -------------------------------------------------------------------------------------

LETTER_PIECES = ["委托方（甲方）：", "受委托方（乙方）：", "示例县水利局", "甲镇人民政府", "示水委〔2022〕3号", "一、委托事项",
                 "1.", "对未经批准擅自取水的处罚", "委托期限：", "自2022年3月1日起至2025年2月28日止", "期限为三年",
                 "以甲方名义", "以乙方名义", "不得再委托", "执法文书由甲方审批", "案卷档案由乙方负责整理归档", "向社会公布",
                 "报县人民政府备案", "根据《中华人民共和国水法》第六十五条的规定", "\t", "。", "；", "2022年2月30日"]
letter_line = st.lists(st.one_of(st.sampled_from(LETTER_PIECES), st.text(max_size=5)), max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(letter_line, st.text(max_size=40)), max_size=15))
def test_parse_letter_never_raises(lines):
    doc = parse_letter("x.txt", lines)
    for element, line in doc.found.items():
        assert 1 <= line <= len(lines), element
    assert set(doc.missing) <= {"number", "delegator", "delegatee", "matters", "authority", "term", "name_used",
                                "approval_party", "archive_party", "supervision_party", "redelegation", "published",
                                "filed", "signed"}
    if doc.term_start and doc.term_end:
        assert len(doc.term_start) == len(doc.term_end) == 10

"""``enforcekg import``: the raw inputs of 示例县 (tests/fixtures/import/) import with every row accounted
for, every guess listed for review, and audit with the expected findings."""

from __future__ import annotations

import importlib.util
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from enforcekg.audit import run_audit
from enforcekg.cli import _register_subcommands, app
from enforcekg.dataset import load_dataset
from enforcekg.explain import (
    FIXTURES as RULES,  # the rule fixtures ship with the package
)
from enforcekg.fixtures import materialise, read_fixture
from enforcekg.importer import (
    AccountingError,
    ImportOptions,
    check_accounting,
    import_inputs,
    read_kind_options,
)
from enforcekg.importer.output import report_dict, write_dataset
from enforcekg.letters import parse_letter, read_letter
from enforcekg.problems import Problems

FIX = Path(__file__).parent / "fixtures" / "import"
WATER = "示例县水利局权责清单.csv"
TOWN = "甲镇人民政府权责清单.csv"
CATALOG = "乡镇委托执法事项目录.csv"
AGRI = "示例县农业农村局权力清单.xlsx"
FOREST = "示例县林业局权力运行表.csv"
LETTER_OK = "委托书/示水委〔2022〕3号.docx"
LETTER_BAD = "委托书/示水委〔2022〕4号.txt"
LETTER_AGRI = "委托书/示农委〔2023〕1号.txt"

_register_subcommands()
runner = CliRunner()


def _builder():
    spec = importlib.util.spec_from_file_location("import_fixture_build", FIX / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_county(folder: Path) -> Path:
    """The 示例县 inputs: committed text files plus the generated workbook and .docx letter."""
    shutil.copytree(FIX / "county", folder)
    _builder().build(folder)
    return folder


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    return make_county(tmp_path_factory.mktemp("raw") / "county")


OPTIONS = {"columns": FIX / "mapping.yaml", "province": "湖南省", "audit_date": "2023-12-31"}


@pytest.fixture(scope="module")
def imported(county):
    return import_inputs([county], ImportOptions(**OPTIONS))


def stats_of(result, name: str, sheet: str | None = None):
    hits = [s for s in result.stats if s.file.endswith(name) and (sheet is None or s.sheet == sheet)]
    assert len(hits) == 1, [(s.file, s.sheet) for s in result.stats]
    return hits[0]


def warnings(result, code: str) -> list:
    return [p for p in result.problems if p.code == code]


# --- accounting ----------------------------------------------------------------------------------


def test_every_row_is_accounted_for(imported):
    assert not imported.problems.errors, [p.message("en") + " @ " + p.place() for p in imported.problems.errors]
    for s in imported.stats:
        assert s.read == s.imported + s.merged + s.rejected + s.skipped, s
    t = imported.totals()
    assert t["read"] == t["imported"] + t["merged"] + t["rejected"] + t["skipped"]
    # one line per file and sheet: 10 input sheets and letters, the matters of a letter, 2 inferred tables
    assert len(imported.stats) == 13
    expected = {
        (WATER, None): (15, 9, 0, 0, 6),  # 3 section headings, a repeated header, 2 footnotes
        (CATALOG, None): (5, 4, 1, 0, 0),  # the repeated row is merged
        (TOWN, None): (5, 5, 0, 0, 0),
        (AGRI, "权力清单"): (5, 5, 0, 0, 0),
        (AGRI, "Sheet2"): (5, 5, 0, 0, 0),
        (FOREST, None): (2, 2, 0, 0, 0),
        ("职权调整.csv", None): (1, 1, 0, 0, 0),
        (LETTER_OK.split("/")[1], "委托书"): (1, 1, 0, 0, 0),
        (LETTER_BAD.split("/")[1], "委托书"): (1, 1, 0, 0, 0),
        (LETTER_AGRI.split("/")[1], "委托事项（委托书所列）"): (2, 2, 0, 0, 0),
    }
    for (name, sheet), counts in expected.items():
        s = stats_of(imported, name, sheet)
        assert (s.read, s.imported, s.merged, s.rejected, s.skipped) == counts, (name, sheet, s)
    assert t == {"read": 59, "imported": 52, "merged": 1, "rejected": 0, "skipped": 6}


def test_accounting_check_catches_an_imbalance(imported):
    s = imported.stats[0]
    s.imported += 1
    try:
        with pytest.raises(AccountingError):
            check_accounting(imported)
    finally:
        s.imported -= 1
    check_accounting(imported)


def test_report_json_lists_files_problems_and_review(imported):
    rep = report_dict(imported)
    assert rep["balanced"] is True and rep["totals"] == imported.totals()
    assert sum(f["read"] for f in rep["files"]) == rep["totals"]["read"]
    assert rep["errors"] == 0 and rep["warnings"] == len(rep["problems"]) == len(imported.problems)
    labels = {(Path(f["file"]).name, f["sheet"]): f["label"] for f in rep["files"]}
    assert labels[(WATER, None)] == "部门权力清单" and labels[(TOWN, None)] == "乡镇权力清单"
    # every review item names its place and what to check
    assert {r["code"] for r in rep["review"]} >= {"fuzzy-match", "subject-inferred", "body-inferred", "delegation-in-note",
                                                  "letter-element-missing", "kind-detected"}
    for r in rep["review"]:
        assert r["file"] and r["message"] and r["place"].startswith(r["file"])


# --- sheets as they come -------------------------------------------------------------------------


def records(result, name: str, sheet: str | None = None) -> dict[int, dict]:
    rs = [r for r in result.sets if r.stats.file.endswith(name) and (sheet is None or r.stats.sheet == sheet)]
    return {row: rec for r in rs for row, rec in r.records}


def test_title_rows_two_row_header_sections_and_merged_cells_in_a_gb18030_csv(imported):
    recs = records(imported, WATER)
    assert sorted(recs) == [6, 7, 8, 9, 11, 12, 13, 15, 17]  # data rows under a header on rows 3–4
    assert recs[8]["subitem"] == "新建水工程" and recs[9]["subitem"] == "改建、扩建水工程"
    assert recs[9]["name"] == recs[8]["name"] == "水工程建设规划同意书审核"  # merged item name filled down
    assert recs[8]["category"] == "行政许可" and recs[11]["category"] == "行政处罚"  # from the section headings
    assert recs[17]["category"] == "行政强制执行"  # a written category is kept
    assert {r["holder"] for r in recs.values()} == {"示例县水利局"}  # from 填报单位（盖章）
    assert recs[6]["list_version"] == "示例县水利局权责清单（2022年版）"
    skipped = {p.row: p.detail for p in warnings(imported, "row-skipped") if p.file.endswith(WATER)}
    assert skipped == {5: "分组标题 / section heading", 10: "分组标题 / section heading", 14: "重复表头 / repeated header",
                       16: "分组标题 / section heading", 18: "表尾说明 / footnote", 19: "表尾说明 / footnote"}
    fill = [p for p in warnings(imported, "fill-down") if p.file.endswith(WATER)]
    assert [(p.column, p.detail) for p in fill] == [("事项名称", "9")]
    sections = {p.row: p.detail for p in warnings(imported, "category-from-section")}
    assert sections == {5: "2", 10: "4"}


def test_merged_xlsx_header_joins_basis_columns_and_copies_merged_cells(imported):
    recs = records(imported, AGRI, "权力清单")
    assert sorted(recs) == [5, 6, 7, 8, 9]
    assert {r["holder"] for r in recs.values()} == {"示例县农业农村局"}  # vertically merged unit column
    assert recs[8]["name"] == "农药经营许可" and recs[8]["subitem"] == "变更"
    assert recs[9]["basis"] == "《中华人民共和国土地管理法》第七十八条"  # 法律 column under 实施依据
    assert recs[5]["basis"] == "《农药管理条例》第五十五条"  # 法规 column under 实施依据
    kg = imported.load.graph
    staffed = {kg.name(kg.one(s, "OF")): kg.node(s)["officers"] for s in kg.nodes("Staffing")}
    assert staffed["示例县水利局"] == 40  # "县水利局" in the staffing sheet matched to the department
    assert {kg.node(s)["date"] for s in kg.nodes("Staffing")} == {"2023-12-31"}  # an Excel date cell


def test_kind_from_content_and_from_the_mapping_file(county, imported):
    detected = {(Path(p.file).name, p.sheet) for p in warnings(imported, "kind-detected")}
    assert detected == {(AGRI, "Sheet2"), (FOREST, None)}
    assert stats_of(imported, AGRI, "Sheet2").kind == "staffing"
    forest = records(imported, FOREST)
    assert forest[3] == {"name": "对破坏林木的处罚", "category": "行政处罚", "basis": "《中华人民共和国森林法》第七十六条",
                         "holder": "示例县林业局"}
    # without the mapping the local headers say nothing: the sheet is reported and its rows skipped
    plain = import_inputs([county / FOREST])
    assert [p.code for p in plain.problems] == ["file-unrecognised"]
    (s,) = plain.stats
    assert (s.read, s.skipped, s.kind) == (4, 4, None)


def test_kind_option_settles_a_sheet_whose_header_fits_two_kinds(tmp_path):
    f = tmp_path / "附件2.csv"
    # a township's "承接事项" sheet: as much a power list as a delegation catalog
    f.write_text("事项名称,职权类型,实施依据,实施主体,原实施主体,承接主体\n"
                 "对经营假农药的处罚,行政处罚,《农药管理条例》第五十六条,甲镇人民政府,示例县农业农村局,甲镇人民政府\n",
                 encoding="utf-8")
    res = import_inputs([f])
    assert "file-unrecognised" in {p.code for p in res.problems}
    assert not list(res.load.graph.nodes("Delegation"))
    rules, bad = read_kind_options(["附件*.csv=委托目录"])
    assert not bad and rules[0].kind == "delegations"
    res = import_inputs([f], ImportOptions(kinds=rules))
    assert len(list(res.load.graph.nodes("Delegation"))) == 1 and not res.problems.errors
    assert read_kind_options(["nonsense"]) == ([], ["nonsense"])


def test_invalid_mapping_file_is_a_located_error(tmp_path, county):
    bad = tmp_path / "map.yaml"
    bad.write_text("powers:\n  权力性质: colour\nnot-a-kind:\n  x: name\n", encoding="utf-8")
    res = import_inputs([county / FOREST], ImportOptions(columns=bad))
    errs = [p for p in res.problems.errors if p.code == "mapping-invalid"]
    assert {p.column for p in errs} == {"权力性质", "not-a-kind"}
    assert all(p.file == str(bad) for p in errs)


# --- names across files --------------------------------------------------------------------------


def test_every_fuzzy_match_is_listed_for_review(imported):
    fuzzy = {(p.value, p.detail.split("（相似度")[0]) for p in warnings(imported, "fuzzy-match")}
    assert fuzzy == {
        ("县水利局", "示例县水利局"),
        ("取水许可审批", "取水许可"),
        ("示例县甲镇人民政府", "甲镇人民政府"),
        ("示例县乙镇人民政府", "乙镇人民政府"),
        ("对在河道管理范围内建设妨碍行洪建筑物、构筑物的处罚", "对在河道管理范围内建设妨碍行洪的建筑物、构筑物的处罚"),
        ("农村村民非法占用土地建住宅的处罚", "对农村村民未经批准非法占用土地建住宅的处罚"),
    }
    for p in warnings(imported, "fuzzy-match"):
        assert p.file and p.row and p.column
    kg = imported.load.graph
    # the delegation of "取水许可审批" concerns the listed power 取水许可 of the water bureau
    d = next(d for d in kg.nodes("Delegation") if kg.name(kg.one(d, "CONCERNS")) == "取水许可")
    assert kg.name(kg.one(d, "FROM")) == "示例县水利局"


def test_units_and_bodies_are_inferred_with_a_warning_each(imported):
    inferred = {p.value: p.detail for p in warnings(imported, "subject-inferred")}
    assert inferred == {"甲镇人民政府": "乡镇人民政府", "乙镇人民政府": "乡镇人民政府", "示例县水利局": "政府部门",
                        "示例县农业农村局": "政府部门", "示例县林业局": "政府部门", "示例县自然资源局": "政府部门"}
    bodies = {p.value: p.detail for p in warnings(imported, "body-inferred")}
    assert bodies["乙镇农业综合服务中心"] == "乙镇人民政府的服务中心"
    assert bodies["示例县水政监察大队"] == "示例县水利局的执法大队"
    assert len(bodies) == 10
    kg = imported.load.graph
    assert kg.counts()["Subject"] == 6 and kg.counts()["Body"] == 10


def test_delegations_recorded_only_as_prose_are_flagged(imported):
    notes = {(Path(p.file).name, p.row): p.value for p in warnings(imported, "delegation-in-note")}
    assert notes == {(WATER, 13): "已委托各乡镇人民政府实施", (TOWN, 7): "县林业局下放乡镇实施"}
    # "由县水利局委托实施" is recorded in the catalog (after name matching): not flagged
    assert all(p.column == "备注" for p in warnings(imported, "delegation-in-note"))


# --- letters -------------------------------------------------------------------------------------


def test_complete_docx_letter(county):
    doc = read_letter(county / LETTER_OK, Problems())
    assert doc.missing == []
    assert (doc.number, doc.delegator, doc.delegatee) == ("示水委〔2022〕3号", "示例县水利局", "示例县甲镇人民政府")
    assert [m.text for m in doc.matters] == ["取水许可", "对在河道管理范围内建设妨碍行洪的建筑物、构筑物的处罚"]
    assert [m.category for m in doc.matters] == ["行政许可", "行政处罚"]
    assert doc.authority == "《中华人民共和国行政处罚法》第二十条、《中华人民共和国行政许可法》第二十四条"
    assert (doc.term_start, doc.term_end, doc.signed) == ("2022-03-01", "2025-02-28", "2022-02-25")
    assert doc.name_used == "示例县水利局" and doc.redelegation == "禁止"
    assert (doc.approval_party, doc.archive_party, doc.supervision_party) == ("示例县水利局", "示例县甲镇人民政府", "示例县水利局")
    assert doc.published is True and doc.filed is True


def test_letter_with_missing_clauses(county, imported):
    doc = read_letter(county / LETTER_BAD, Problems())
    assert set(doc.missing) == {"authority", "term", "redelegation", "published", "filed"}
    assert doc.name_used == "示例县乙镇人民政府（受委托方名义）"
    assert doc.approval_party == doc.archive_party == "双方共同负责"
    assert doc.supervision_party == "示例县水利局" and doc.signed == "2022-09-01"
    missing = {p.column for p in warnings(imported, "letter-element-missing") if p.file.endswith(LETTER_BAD.split("/")[1])}
    assert missing == {"委托依据", "委托期限", "再委托条款", "向社会公布", "备案"}
    mismatch = [p for p in warnings(imported, "letter-catalog-mismatch")]
    assert [(p.value, p.row) for p in mismatch] == [("对在河道管理范围内未经批准采砂的处罚", 12)]


def test_gb18030_letter_with_a_term_in_years(county):
    doc = read_letter(county / LETTER_AGRI, Problems())
    assert (doc.term_start, doc.term_end) == ("2023-03-01", "2026-02-28")
    assert doc.signed == "2023-02-20" and doc.name_used == "示例县农业农村局"
    assert doc.approval_party == "示例县农业农村局" and doc.archive_party == "示例县甲镇人民政府"
    assert set(doc.missing) == {"authority", "redelegation"}


def test_letter_prose_parties_and_negations():
    doc = parse_letter("x.txt", [
        "委托书", "示例县城市管理和综合执法局（以下简称甲方）委托甲镇人民政府（以下简称乙方）实施下列事项。",
        "委托事项：对违法建设的处罚；对占道经营的处罚。", "乙方不得以自己名义实施，应当以甲方名义实施。",
        "本委托书暂不向社会公布。", "委托期限：2023年1月1日至2023年12月31日"])
    assert (doc.delegator, doc.delegatee) == ("示例县城市管理和综合执法局", "甲镇人民政府")
    assert [m.text for m in doc.matters] == ["对违法建设的处罚", "对占道经营的处罚"]
    assert doc.name_used == "示例县城市管理和综合执法局" and doc.published is False
    assert (doc.term_start, doc.term_end) == ("2023-01-01", "2023-12-31")


# --- the imported dataset audits with the expected findings --------------------------------------


EXPECTED = {
    # rule: {(subject label or letter number, first related name)}
    "EKG001": {"对在河道管理范围内建设妨碍行洪的建筑物、构筑物的处罚", "对未经批准擅自取水的处罚",
               "对未取得农药经营许可证经营农药的处罚", "对经营假农药的处罚"},
    "EKG003": {"对未取得农药经营许可证经营农药的处罚"},
    "EKG004": {"示水委[2022]4号"},
    "EKG005": {"示水委[2022]4号"},
    "EKG007": {"示水委[2022]4号"},
    "EKG008": {"对未取得农药经营许可证经营农药的处罚"},
    "EKG022": {"对未经批准擅自取水的处罚"},
    "EKG023": {"示水委[2022]4号"},
}


def _what(kg, finding) -> str:
    node = kg.node(finding.subject.id)
    return node["number"] if node["label"] == "Letter" else kg.name(kg.one(finding.subject.id, "CONCERNS"))


def test_written_dataset_reloads_to_the_same_graph_and_audits_as_expected(imported, tmp_path):
    out = tmp_path / "ds"
    written = write_dataset(imported, out)
    assert {p.name for p in written} == {"dataset.yaml", "subjects.csv", "bodies.csv", "powers.csv", "letters.csv",
                                         "delegations.csv", "adjustments.csv", "staffing.csv"}
    res = load_dataset(out)
    assert not res.problems.errors
    assert res.graph.counts() == imported.load.graph.counts()
    assert res.graph.info.province == "湖南省" and res.graph.info.audit_date == "2023-12-31"
    report = run_audit(res.graph)
    kg = res.graph
    got: dict[str, set[str]] = {}
    for f in report.findings:
        if f.rule in EXPECTED:
            got.setdefault(f.rule, set()).add(_what(kg, f))
    assert got == EXPECTED
    counts = Counter(f.rule for f in report.findings if f.rule in EXPECTED)
    assert counts == {rule: len(v) for rule, v in EXPECTED.items()}
    # every finding still leads back to the original cell through the 原始位置 column
    text = (out / "delegations.csv").read_text(encoding="utf-8-sig")
    assert "乡镇委托执法事项目录.csv!3" in text and "示农委〔2023〕1号.txt#委托事项（委托书所列）!10" in text
    # ... and the findings carry it in their evidence, beside the dataset row
    sources = {s for f in report.findings for s in f.evidence["sources"]}
    assert any("乡镇委托执法事项目录.csv!" in s for s in sources) and any(".txt#" in s for s in sources)
    assert any(s.startswith(str(out)) for s in sources)


def test_raw_folder_audits_directly(county):
    # audit/validate accept raw inputs: load_dataset imports a folder without dataset.yaml
    res = load_dataset(county)
    assert not res.problems.errors
    assert len(list(res.graph.nodes("Letter"))) == 3 and len(list(res.graph.nodes("Delegation"))) == 6
    kinds = {p.code for p in res.problems}
    assert {"file-unrecognised", "fuzzy-match", "row-skipped"} <= kinds  # the forest sheet needs --columns here
    for s in res.stats:
        assert s.balanced


# --- the command line ----------------------------------------------------------------------------


def test_cli_import_then_audit(county, tmp_path):
    out, rep = tmp_path / "ds", tmp_path / "report.json"
    args = ["import", str(county), "-o", str(out), "--columns", str(FIX / "mapping.yaml"), "--province", "湖南省",
            "--audit-date", "2023-12-31", "--report-json", str(rep)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "导入统计" in r.output and "合计" in r.output and "fuzzy-match" in r.output
    data = json.loads(rep.read_text(encoding="utf-8"))
    assert data["balanced"] and data["totals"]["read"] == 59 and data["errors"] == 0
    a = runner.invoke(app, ["audit", str(out), "-f", "json"])
    assert a.exit_code == 0, a.output
    rules = Counter(f["rule"] for f in json.loads(a.output)["findings"])
    assert rules["EKG001"] == 4 and rules["EKG022"] == 1 and rules["EKG007"] == 1
    # the output folder is not overwritten by accident
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(app, args + ["--force"]).exit_code == 0
    en = runner.invoke(app, args + ["--force", "--lang", "en"])
    assert en.exit_code == 0 and "Import accounting" in en.output


def test_cli_import_usage_errors(county, tmp_path):
    r = runner.invoke(app, ["import", str(county), "-o", str(tmp_path / "o"), "--kind", "nonsense"])
    assert r.exit_code == 2 and "nonsense" in r.output
    r = runner.invoke(app, ["import", str(county), "-o", str(county / "out")])
    assert r.exit_code == 2
    r = runner.invoke(app, ["import", str(county), "-o", str(tmp_path / "o"), "--columns", str(tmp_path / "missing.yaml")])
    assert r.exit_code == 2


def test_cli_import_with_input_errors_exits_3_and_still_writes(tmp_path):
    f = tmp_path / "人员配备.csv"
    f.write_text("单位,持证执法人员,法制审核人员\n示例县水利局,四十,1\n", encoding="utf-8")
    out = tmp_path / "ds"
    r = runner.invoke(app, ["import", str(f), "-o", str(out)])
    assert r.exit_code == 3 and (r.exception is None or isinstance(r.exception, SystemExit))
    assert (out / "staffing.csv").exists() and "bad-int" in r.output


# --- a dataset folder with a letters/ subfolder --------------------------------------------------


def test_dataset_folder_reads_its_letters_subfolder(tmp_path):
    folder = materialise(read_fixture(RULES / "EKG001.yaml"), tmp_path / "ds")
    numbers = ["示例委托〔2022〕1号"]  # the letter the fixture's catalog cites
    (folder / "letters.csv").unlink()  # its contents now come from the letter itself
    (folder / "letters").mkdir()
    (folder / "letters" / "a.txt").write_text(
        f"行政执法委托书\n{numbers[0]}\n委托方：示例县水利局\n受委托方：甲镇人民政府\n"
        "委托期限：2022年1月1日至2024年12月31日\n乙方以甲方名义实施。执法文书由甲方审批。\n", encoding="utf-8")
    (folder / "letters" / "b.txt").write_text(
        "行政执法委托书\n示例委托〔2023〕99号\n委托方：示例县水利局\n受委托方：乙镇\n"
        "一、委托事项\n1.对河道采砂的处罚\n", encoding="utf-8")
    res = load_dataset(folder)
    assert not res.problems.errors, [p.message("en") + p.place() for p in res.problems.errors]
    kg = res.graph
    letters = {kg.node(n)["number"]: kg.node(n) for n in kg.nodes("Letter")}
    assert letters[numbers[0]]["term_end"] == "2024-12-31" and letters[numbers[0]]["approval_party"] == "示例县水利局"
    assert letters[numbers[0]]["content_known"] is True
    derived = [d for d in kg.nodes("Delegation") if kg.node(kg.one(d, "RECORDED_IN") or d).get("number") == "示例委托〔2023〕99号"]
    assert len(derived) == 1 and kg.name(kg.one(derived[0], "TO")) == "乙镇人民政府"  # "乙镇" matched, not invented
    assert any(p.code == "fuzzy-match" and p.value == "乙镇" for p in res.problems)


def test_letter_file_fills_the_gaps_of_its_letters_row(tmp_path):
    folder = materialise(read_fixture(RULES / "EKG001.yaml"), tmp_path / "ds")
    rows = (folder / "letters.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    cells = rows[1].split(",")
    cells[header.index("文书审批")] = ""  # the register leaves the approval clause out ...
    (folder / "letters.csv").write_text("\n".join([rows[0], ",".join(cells)]) + "\n", encoding="utf-8")
    (folder / "letters").mkdir()
    (folder / "letters" / "l.txt").write_text(  # ... and the letter itself states it
        "行政执法委托书\n编号：示例委托[2022]1号\n委托方：示例县水利局\n受委托方：甲镇人民政府\n执法文书由委托方审批。\n",
        encoding="utf-8")
    res = load_dataset(folder)
    assert not res.problems.errors
    (letter,) = res.graph.nodes("Letter")
    assert res.graph.node(letter)["approval_party"] == "示例县水利局"
    merged = [p for p in res.problems if p.code == "merged"]
    assert len(merged) == 1 and merged[0].file.endswith("l.txt") and merged[0].detail.endswith("letters.csv:2")
    stats = [s for s in res.stats if s.file.endswith("l.txt")]
    assert [(s.read, s.merged) for s in stats] == [(1, 1)]

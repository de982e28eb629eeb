"""Instrument registry: the shipped data files, title/文号 resolution, level inference (including the
mis-tagged 河道管理条例), versions and renumbering of 行政处罚法, special provisions."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from enforcekg.legal.citations import parse_basis
from enforcekg.legal.registry import (
    DATA_DIR_ENV,
    LEVELS,
    STATUTORY_LEVELS,
    Instrument,
    Registry,
    default_data_dir,
    level_rank,
)

DATA = Path(__file__).resolve().parents[1] / "data"
REFERENCE = Path("/work/shared/reference/statutes.csv")


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(DATA)


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def local_instrument(**overrides) -> Instrument:
    fields = dict(
        id="doc:xx",
        title="湘乡市乡镇（街道）委托执法清单指导目录",
        short_title=None,
        title_en=None,
        level="规范性文件",
        issuer="湘乡市人民政府",
        doc_number="湘乡政发〔2023〕5号",
        promulgated="2023-03-01",
        effective=None,
        last_amended=None,
        status="有效",
        repealed=None,
        article_count=None,
        aliases=("委托执法清单",),
    )
    return Instrument(**{**fields, **overrides})


# --- levels --------------------------------------------------------------------------------------


def test_level_order():
    ranks = [level_rank(level) for level in LEVELS]
    assert ranks == sorted(ranks, reverse=True)
    assert level_rank("地方性法规") == level_rank("自治条例") > level_rank("部门规章") == level_rank("地方政府规章")
    assert level_rank("规章") == level_rank("未知") == 0
    assert set(LEVELS[:7]) == STATUTORY_LEVELS


# --- shipped data --------------------------------------------------------------------------------


def test_default_registry_reads_the_repository_data(reg, monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert default_data_dir() == DATA
    assert len(Registry.load_default()) == len(reg) == 59


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference file not available")
def test_statutes_are_copied_from_the_verified_reference():
    with REFERENCE.open(encoding="utf-8") as f:
        reference = list(csv.DictReader(f))
    ours = read("statutes.csv")
    assert [{k: r[k] for k in reference[0]} for r in ours] == reference


def test_every_data_row_names_a_known_instrument(reg):
    for name in ("instrument_versions.csv", "article_renumbering.csv", "provisions.csv"):
        for row in read(name):
            assert reg.get(row["instrument_id"]) is not None, (name, row)


def test_versions_are_ordered_and_do_not_overlap(reg):
    for inst in reg:
        versions = reg.versions(inst.id)
        for earlier, later in zip(versions, versions[1:], strict=False):
            assert earlier.version_to is not None and earlier.version_to < later.version_from, inst.id


def test_special_provisions_are_typed_and_within_the_text(reg):
    rows = reg.special_provisions()
    assert {(r["instrument_id"], r["article"], r["paragraph"]) for r in rows} == {
        ("forest_law", 57, 3),
        ("city_appearance_reg", 34, None),
        ("city_appearance_reg", 36, None),
        ("social_assistance_measures", 48, None),
        ("urban_rural_planning_law", 65, None),
        ("village_town_planning_reg", 37, 2),
        ("village_town_planning_reg", 39, None),
        ("village_town_planning_reg", 40, None),
        ("land_admin_law", 62, 4),
    }
    for r in rows:
        assert isinstance(r["allows_delegation"], bool) and isinstance(r["township_competent"], bool)
        assert r["allows_delegation"] != r["township_competent"]
        assert r["article"] <= reg.get(r["instrument_id"]).article_count


def test_env_var_overrides_data_dir(tmp_path, monkeypatch):
    (tmp_path / "statutes.csv").write_text(
        "id,title_zh,short_title_zh,level\nx_law,中华人民共和国某某法,某某法,法律\n", encoding="utf-8"
    )
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    reg = Registry.load_default()
    assert [i.id for i in reg] == ["x_law"] and reg.special_provisions() == []


# --- resolution ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "inst_id"),
    [
        ("中华人民共和国行政处罚法", "admin_penalty_law"),  # exact
        ("行政处罚法", "admin_penalty_law"),  # short title
        ("《行政处罚法》", "admin_penalty_law"),  # marks
        ("河道管理条例", "river_course_reg"),  # official title has the prefix (T3)
        ("中华人民共和国河道管理条例", "river_course_reg"),
        ("农药管理条例", "pesticide_reg"),  # official title has no prefix (T3)
        ("中华人民共和国农药管理条例", "pesticide_reg"),
        ("地方组织法", "local_organic_law"),
        ("地方各级人民代表大会和地方各级人民政府组织法", "local_organic_law"),
        ("土地管理法（2019年修正）", "land_admin_law"),  # version note left in the title
        ("湖南省赋予乡镇(街道)经济社会管理权限指导目录", "hn_township_powers_catalog_2019"),  # bracket widths
        ("国发〔2021〕26号", "sc_notice_2021_26"),  # a 文号 used as the title
        ("城市市容和环境卫生管理条例", "city_appearance_reg"),
    ],
)
def test_resolve_titles(reg, title, inst_id):
    assert reg.resolve(title).id == inst_id


@pytest.mark.parametrize("number", ["国发〔2021〕26号", "国发[2021]26号", "国发（2021）26 号", "国发〔2021〕第26号"])
def test_resolve_doc_number_variants(reg, number):
    assert reg.resolve(doc_number=number).id == "sc_notice_2021_26"


def test_resolve_unknown(reg):
    assert reg.resolve("辽宁省河道管理条例") is None
    assert reg.resolve("水法实施") is None
    assert reg.resolve(None) is None and reg.resolve("") is None
    assert reg.resolve(doc_number="湘机编〔2023〕10号") is None


def test_resolve_nested_title_marks(reg):
    reg = Registry(
        [
            local_instrument(
                id="hn_seed",
                title="湖南省实施《中华人民共和国种子法》办法",
                level="地方性法规",
                doc_number=None,
                aliases=(),
            )
        ]
    )
    for written in (
        "湖南省实施<中华人民共和国种子法>办法",
        "《湖南省实施〈中华人民共和国种子法〉办法》",
        "湖南省实施＜中华人民共和国种子法＞办法",
    ):
        assert reg.resolve(written).id == "hn_seed"


def test_add_local_instrument_with_alias_and_doc_number():
    reg = Registry.load(DATA)
    reg.add(local_instrument())
    assert reg.resolve("委托执法清单").id == "doc:xx"
    assert reg.resolve(doc_number="湘乡政发[2023]5号").id == "doc:xx"
    assert reg.resolve("湘乡市乡镇(街道)委托执法清单指导目录").id == "doc:xx"
    assert reg.version_at("doc:xx", "2024-01-01").version_from == "2023-03-01"


def test_official_title_beats_alias():
    reg = Registry(
        [
            local_instrument(id="a", title="甲办法", aliases=("乙办法",), doc_number=None),
            local_instrument(id="b", title="乙办法", aliases=(), doc_number=None),
        ]
    )
    assert reg.resolve("乙办法").id == "b"


def test_every_parsed_title_in_citations_md_examples_resolves(reg):
    text = (
        "《中华人民共和国水法》第十九条；《土地管理法》第十五条第一款；《行政处罚法》第十八条；"
        "【规章】《中华人民共和国河道管理条例》第二十五条；《河道管理条例》第二十五条；"
        "中华人民共和国水法(主席令第七十四号)第四十八条；《渔业法》(2013.12.28修正)第二十三条第一款；"
        "《中华人民共和国防洪法》(中华人民共和国主席令第48号)第二十七条；湘政办发〔2019〕55号；"
        "《湖南省洞庭湖区水利管理条例》(湖南省第十一届人大常委会公告第30号) 第三十条 第一款"
    )
    for c in parse_basis(text).citations:
        assert reg.resolve(c.title, c.doc_number) is not None, c


# --- level inference -----------------------------------------------------------------------------


def test_mis_tagged_regulation_takes_the_registry_level(reg):
    c = parse_basis("【规章】《中华人民共和国河道管理条例》第二十五条").citations[0]
    assert c.level_tag == "规章"
    assert reg.resolve(c.title).level == "行政法规"
    assert reg.infer_level(c.title) == "行政法规"


@pytest.mark.parametrize(
    ("args", "level"),
    [
        (("中华人民共和国证券法",), "法律"),
        (("证券法",), "法律"),
        (("某某法", "全国人民代表大会常务委员会"), "法律"),
        (("全国人民代表大会常务委员会关于修改某某法的决定", "全国人民代表大会常务委员会"), "法律"),
        (("中华人民共和国宪法",), "宪法"),
        (("中华人民共和国某某条例",), "行政法规"),
        (("城市供水条例",), "行政法规"),
        (("某某管理规定", "国务院"), "行政法规"),
        (("辽宁省河道管理条例",), "地方性法规"),
        (("长沙市城市管理条例",), "地方性法规"),
        (("甘肃省实施中华人民共和国水法办法",), "地方性法规"),
        (("湖南省某某管理办法", "湖南省人民政府"), "地方政府规章"),
        (("河北省河道采砂管理规定", "河北省人民政府"), "地方政府规章"),
        (("渔业捕捞许可管理规定", "农业部"), "部门规章"),
        (("某某自治县自治条例",), "自治条例"),
        (("关于进一步规范委托执法的通知",), "规范性文件"),
        (("湘乡市乡镇（街道）权力清单和责任清单指导目录（2023年版）",), "规范性文件"),
        (("某某实施方案",), "规范性文件"),
        (("某某意见",), "规范性文件"),
        (("县政府常务会议纪要",), "内部文件"),
        ((None, None, "湘机编〔2023〕10号"), "规范性文件"),
        (("湘机编[2023]10号",), "规范性文件"),
        (("渔业捕捞许可管理规定",), "未知"),
        (("某某",), "未知"),
        ((None,), "未知"),
    ],
)
def test_infer_level_of_unknown_instruments(reg, args, level):
    assert reg.infer_level(*args) == level


def test_infer_level_never_uses_a_tag(reg):
    assert reg.infer_level("【规章】") == "未知"


# --- versions and renumbering --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "count", "kind"),
    [
        ("1996-10-01", 64, "制定"),
        ("2020-06-01", 64, "制定"),
        ("2021-07-14", 64, "制定"),
        ("2021-07-15", 86, "修订"),
        (None, 86, "修订"),
        (date(2023, 4, 28), 86, "修订"),
    ],
)
def test_admin_penalty_law_versions(reg, on, count, kind):
    assert reg.article_count_at("admin_penalty_law", on) == count
    assert reg.version_at("admin_penalty_law", on).kind == kind


def test_no_version_before_the_first_text(reg):
    assert reg.version_at("admin_penalty_law", "1996-09-30") is None
    assert reg.article_count_at("admin_penalty_law", "1996-09-30") is None
    assert reg.version_at("unknown_id", "2020-01-01") is None


def test_bad_date_is_an_error(reg):
    with pytest.raises(ValueError):
        reg.version_at("admin_penalty_law", "2021/7/15")


@pytest.mark.parametrize(
    ("current", "on", "old"),
    [
        (20, "2021-07-14", 18),
        (21, "2021-07-14", 19),
        (18, "2021-07-14", 16),
        (20, "2021-07-15", 20),
        (24, "2019-01-01", 24),
        (20, "2030-01-01", 20),
    ],
)
def test_renumber_admin_penalty_law(reg, current, on, old):
    assert reg.renumber("admin_penalty_law", current, on) == old


def test_renumber_is_identity_elsewhere(reg):
    assert reg.renumber("water_law", 20, "2000-01-01") == 20


@pytest.mark.parametrize(
    ("old", "on", "current"),
    [(18, "2020-05-01", 20), (19, "2020-05-01", 21), (16, "2020-05-01", 18), (18, "2022-05-01", 18)],
)
def test_to_current_maps_old_citations(reg, old, on, current):
    assert reg.to_current("admin_penalty_law", old, on) == current


@pytest.mark.parametrize(
    ("inst_id", "on", "expected"),
    [
        ("admin_penalty_law", "1996-05-01", False),  # promulgated, not yet in force
        ("admin_penalty_law", "2000-01-01", True),
        ("water_law", "2000-01-01", True),  # an earlier text was in force
        ("water_law", "1980-01-01", False),  # before promulgation
        ("admin_compulsion_law", "2011-12-31", False),
        ("admin_compulsion_law", "2012-01-01", True),
        ("hn_dongting_water_reg", "2020-01-01", None),  # no dates known
        ("no_such_law", "2020-01-01", None),
    ],
)
def test_in_force(reg, inst_id, on, expected):
    assert reg.in_force(inst_id, on) is expected


def test_repealed_instrument_is_known_but_not_in_force():
    reg = Registry(
        [
            local_instrument(
                id="old",
                title="违反水法规行政处罚暂行规定",
                status="已废止",
                promulgated="1990-01-01",
                repealed="2005-01-01",
                doc_number=None,
            )
        ]
    )
    assert reg.resolve("违反水法规行政处罚暂行规定").id == "old"
    assert reg.in_force("old", "2000-01-01") is True
    assert reg.in_force("old", "2005-01-01") is False

"""The core loader: formats, synonyms, located problems and row accounting."""

from __future__ import annotations

from pathlib import Path

import pytest

from enforcekg.audit import run_audit
from enforcekg.authority import holds
from enforcekg.dataset import load_dataset
from enforcekg.explain import FIXTURES as FIX  # noqa: E402
from enforcekg.fixtures import materialise, read_fixture
from enforcekg.sheets import SHEETS, format_reference_md, sheet_kind

REPO = Path(__file__).parents[1]


def base_folder(tmp_path: Path) -> Path:
    return materialise(read_fixture(FIX / "EKG001.yaml"), tmp_path / "ds")


def codes(res) -> list[str]:
    return sorted(p.code for p in res.problems)


def test_fixture_dataset_loads_cleanly(tmp_path):
    res = load_dataset(base_folder(tmp_path))
    assert not len(res.problems), [p.message("en") for p in res.problems]
    counts = res.graph.counts()
    assert counts["Delegation"] == 3 and counts["Holding"] == 3 and counts["Subject"] == 8
    # every row is accounted for: read = imported + merged + rejected
    for s in res.stats:
        assert s.read == s.imported + s.merged + s.rejected
    assert sum(s.read for s in res.stats) == sum(s.imported for s in res.stats)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    folder = base_folder(tmp_path)
    p = folder / "subjects.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode(encoding))
    res = load_dataset(folder)
    assert not res.problems.errors
    assert res.graph.name("slj") == "示例县水利局"


def test_unknown_encoding_is_reported_not_raised(tmp_path):
    folder = base_folder(tmp_path)
    (folder / "staffing.csv").write_bytes("单位,持证执法人员,法制审核人员\n".encode("utf-16"))
    res = load_dataset(folder)
    assert "encoding" in codes(res)
    assert any(p.file.endswith("staffing.csv") for p in res.problems.errors)


def test_header_below_title_rows_and_synonyms(tmp_path):
    folder = base_folder(tmp_path)
    (folder / "staffing.csv").write_text(
        "示例县行政执法人员统计表,,\n填报单位（盖章）：示例县司法局,,\n执法单位,执法人员数,法制审核人数\n示例县水利局,40,1\n",
        encoding="utf-8",
    )
    res = load_dataset(folder)
    assert not res.problems.errors
    s = [n for n in res.graph.nodes("Staffing")]
    assert len(s) == 1 and res.graph.node(s[0])["officers"] == 40
    assert res.graph.node(s[0])["sources"] == [str(folder / "staffing.csv") + "!4"]


def test_every_error_is_located(tmp_path):
    folder = base_folder(tmp_path)
    with (folder / "delegations.csv").open("a", encoding="utf-8") as fh:
        fh.write("D9,W1,示例县不存在局,甲镇人民政府,委托,,示例委托〔2022〕1号\n")
        fh.write("D1,W2,示例县水利局,甲镇人民政府,委托,,示例委托〔2022〕1号\n")  # duplicate id
    with (folder / "letters.csv").open("a", encoding="utf-8") as fh:
        fh.write("示例委托〔2023〕9号,示例县水利局,乙镇人民政府,2023-13-45,,,是,是,,,,\n")
    res = load_dataset(folder)
    errs = {(p.code, p.row) for p in res.problems.errors}
    assert ("unknown-ref", 5) in errs
    assert ("duplicate", 6) in errs
    assert ("bad-date", 3) in errs
    for p in res.problems.errors:
        assert p.file and p.row, p
    bad_date = next(p for p in res.problems.errors if p.code == "bad-date")
    assert bad_date.column == "签订日期" and "2023-13-45" in bad_date.message()
    deleg = next(s for s in res.stats if s.kind == "delegations")
    assert (deleg.read, deleg.imported, deleg.rejected) == (5, 3, 2)


def test_missing_required_column_rejects_rows_with_a_located_error(tmp_path):
    folder = base_folder(tmp_path)
    (folder / "staffing.csv").write_text("单位,持证执法人员\n示例县水利局,40\n", encoding="utf-8")
    res = load_dataset(folder)
    miss = [p for p in res.problems.errors if p.code == "column-missing"]
    assert miss and miss[0].column == "法制审核人员数"
    st = next(s for s in res.stats if s.kind == "staffing")
    assert st.read == 1 and st.rejected == 1


def test_unrecognised_file_and_empty_file_are_reported(tmp_path):
    folder = base_folder(tmp_path)
    (folder / "随便什么.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "bodies.csv").write_text("", encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"not a real docx")
    res = load_dataset(folder)
    c = codes(res)
    assert c.count("file-unrecognised") >= 2 and "file-empty" in c


def test_body_named_as_subject_is_mapped_with_a_warning(tmp_path):
    folder = base_folder(tmp_path)
    with (folder / "powers.csv").open("a", encoding="utf-8") as fh:
        fh.write("Z1,对违法建设的处罚,行政处罚,《中华人民共和国城乡规划法》第六十五条,甲镇综合行政执法大队\n")
    res = load_dataset(folder)
    assert not res.problems.errors
    w = [p for p in res.problems.warnings if p.code == "body-as-subject"]
    assert w and w[0].detail == "甲镇人民政府"
    assert "H:zA:P:Z1" in res.graph


def test_level_comes_from_the_instrument_not_the_tag(tmp_path):
    folder = base_folder(tmp_path)
    with (folder / "powers.csv").open("a", encoding="utf-8") as fh:
        fh.write("W9,对河道采砂的处罚,行政处罚,【规章】《中华人民共和国河道管理条例》第二十五条,示例县水利局\n")
    res = load_dataset(folder)
    assert any(p.code == "level-tag-mismatch" and p.value == "规章" for p in res.problems.warnings)
    inst = [i for i in res.graph.nodes("Instrument") if "河道管理条例" in res.graph.node(i)["title"]]
    assert res.graph.node(inst[0])["level"] == "行政法规"


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    res = load_dataset(tmp_path / "nope")
    assert codes(res) == ["file-unreadable"]


def test_transfer_is_date_aware(tmp_path):
    fx = read_fixture(FIX / "EKG001.yaml")
    fx["dataset"]["adjustments"] = [
        {"调整编号": "X1", "调整类型": "划转", "原主体": "示例县水利局", "承接主体": "示例县农业农村局", "事项": "W1", "生效日期": "2023-07-13"}]
    res = load_dataset(materialise(fx, tmp_path / "t"))
    kg = res.graph
    assert not res.problems.errors
    assert holds(kg, "slj", "P:W1", "2023-07-12") and not holds(kg, "slj", "P:W1", "2023-07-13")
    assert holds(kg, "nyj", "P:W1", "2023-07-13") and not holds(kg, "nyj", "P:W1", "2023-07-12")


def test_sheet_kind_names():
    assert sheet_kind("湘乡市水利局权力清单") == "powers"
    assert sheet_kind("委托书") == "letters"
    assert sheet_kind("乡镇委托执法事项目录") == "delegations"
    assert sheet_kind("03_staffing") == "staffing"
    assert sheet_kind("readme") is None


def test_dataset_format_doc_is_generated_from_the_code():
    doc = (REPO / "docs" / "dataset-format.md").read_text(encoding="utf-8")
    assert doc == format_reference_md(), "regenerate: python -m enforcekg.sheets > docs/dataset-format.md"
    for kind in SHEETS:
        assert f"## `{kind}`" in doc


def test_catalog_term_and_publication_complete_the_letter(tmp_path):
    fx = read_fixture(FIX / "EKG001.yaml")
    rows = fx["dataset"]["delegations"]
    # a letter known only by its number: the catalog gives its term and publication
    rows.append({"委托编号": "D8", "事项编码": "W1", "委托单位": "示例县水利局", "受委托单位": "乙镇人民政府", "赋权方式": "委托",
                 "委托依据": "《湖南省行政执法条例》第七条", "委托书编号": "示例委托〔2022〕8号", "委托期限": "2022-01-01至2023-06-30",
                 "是否公布": "否"})
    # a letter whose own record says 是否公布：是 while the catalog says 否
    rows[0]["是否公布"] = "否"
    res = load_dataset(materialise(fx, tmp_path / "cat"))
    kg = res.graph
    letter = kg.node("L:示例委托〔2022〕8号")
    assert (letter["content_known"], letter["term_end"], letter["published"]) == (False, "2023-06-30", False)
    assert kg.node("D8")["end"] == "2023-06-30"
    assert not res.problems.errors
    conflicts = [p for p in res.problems if p.code == "letter-fact-mismatch"]
    assert len(conflicts) == 1 and conflicts[0].column == "是否公布" and conflicts[0].row == 2
    assert "以委托书为准" in conflicts[0].message()
    assert kg.node("L:示例委托〔2022〕1号")["published"] is True  # the letter's own record wins
    report = run_audit(kg, rules=["EKG005", "EKG006"])
    assert {(f.rule, f.subject.id) for f in report.findings} == {("EKG005", "L:示例委托〔2022〕8号"), ("EKG006", "D8")}

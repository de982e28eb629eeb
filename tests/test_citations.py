"""Citation parser and numerals: every pattern of /work/shared/reference/citations.md §1–4 (ids T1–T11,
V1–V7, A1–A10, M1–M11 in the test ids), robustness, speed and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enforcekg.legal.citations import (
    Citation,
    format_provision,
    is_doc_number,
    normalize_doc_number,
    normalize_title,
    parse_basis,
)
from enforcekg.legal.numerals import cn_to_int, int_to_cn


def provisions(text: str) -> list[tuple]:
    """(title, article, paragraph, item) of each citation."""
    return [(c.title, c.article, c.paragraph, c.item) for c in parse_basis(text).citations]


def only(text: str) -> Citation:
    result = parse_basis(text)
    assert len(result.citations) == 1, result
    return result.citations[0]


# --- numerals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百一十九", 119),
        ("二十", 20),
        ("十", 10),
        ("十五", 15),
        ("一百零三", 103),
        ("一千零六十二", 1062),
        ("一千二百六十", 1260),
        ("两", 2),
        ("零", 0),
        ("〇", 0),
        ("二〇一九", 2019),
        ("19", 19),
        ("１２", 12),
        ("一百三", 130),
        ("三十", 30),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "条", "十十", "百", "一二十", "abc", "第三", None])
def test_cn_to_int_rejects_non_numbers(text):
    assert cn_to_int(text) is None


@pytest.mark.parametrize(
    ("n", "text"), [(10, "十"), (20, "二十"), (110, "一百一十"), (103, "一百零三"), (1010, "一千零一十")]
)
def test_int_to_cn(n, text):
    assert int_to_cn(n) == text


@given(st.integers(min_value=1, max_value=9999))
def test_numeral_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


# --- §1 the instrument ---------------------------------------------------------------------------


def test_T1_full_title():
    assert provisions("《中华人民共和国水法》第十九条") == [("中华人民共和国水法", 19, None, None)]


def test_T2_short_titles_several_instruments():
    assert provisions("《水法》第三十九条；《土地管理法》第十五条第一款、第二款；《行政处罚法》第十八条") == [
        ("水法", 39, None, None),
        ("土地管理法", 15, 1, None),
        ("土地管理法", 15, 2, None),
        ("行政处罚法", 18, None, None),
    ]


@pytest.mark.parametrize("text", ["《中华人民共和国河道管理条例》第二十五条", "《河道管理条例》第二十五条"])
def test_T3_with_and_without_prefix(text):
    c = only(text)
    assert c.title.endswith("河道管理条例") and c.article == 25


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中华人民共和国水法(主席令第七十四号)第四十八条", [("中华人民共和国水法", 48, None, None)]),
        ("著作权法第10条第1款第5项", [("著作权法", 10, 1, 5)]),
        ("依照食品安全法第九十三条的规定", [("食品安全法", 93, None, None)]),
        (
            "【法律】中华人民共和国水法第六十九条有下列行为之一的，…；【行政法规】地下水管理条例第五十五条…；"
            "【地方性法规】甘肃省实施中华人民共和国水法办法第五十八条",
            [
                ("中华人民共和国水法", 69, None, None),
                ("地下水管理条例", 55, None, None),
                ("甘肃省实施中华人民共和国水法办法", 58, None, None),
            ],
        ),
    ],
)
def test_T4_titles_without_marks(text, expected):
    assert provisions(text) == expected


def test_T4_bare_title_span_excludes_framing_words():
    text = "依照食品安全法第九十三条的规定"
    c = only(text)
    assert c.raw == "食品安全法第九十三条" and text[c.start : c.end] == c.raw


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("《湖南省实施<中华人民共和国种子法>办法》", "湖南省实施〈中华人民共和国种子法〉办法"),
        (
            "《内蒙古自治区实施<中华人民共和国土地管理法>办法》第三十六条",
            "内蒙古自治区实施〈中华人民共和国土地管理法〉办法",
        ),
        ("《关于修改〈中华人民共和国法官法〉等八部法律的决定》", "关于修改〈中华人民共和国法官法〉等八部法律的决定"),
        ("《关于修改<中华人民共和国建筑法>等八部法律的决定》", "关于修改〈中华人民共和国建筑法〉等八部法律的决定"),
        ("《关于修改＜中华人民共和国建筑法＞等八部法律的决定》", "关于修改〈中华人民共和国建筑法〉等八部法律的决定"),
        ("《湖南省实施《中华人民共和国种子法》办法》", "湖南省实施〈中华人民共和国种子法〉办法"),
        ("甘肃省实施中华人民共和国水法办法第五十八条", "甘肃省实施中华人民共和国水法办法"),
        (
            "《最高人民法院关于适用<中华人民共和国民法典>婚姻家庭编的解释（一）》",
            "最高人民法院关于适用〈中华人民共和国民法典〉婚姻家庭编的解释（一）",
        ),
    ],
)
def test_T5_nested_titles_are_unified(text, title):
    assert parse_basis(text).citations[0].title == title


def test_T6_local_instruments():
    text = "《湖南省洞庭湖区水利管理条例》；《辽宁省河道管理条例》；《浙江省综合行政执法条例》第九条第二款"
    assert provisions(text) == [
        ("湖南省洞庭湖区水利管理条例", None, None, None),
        ("辽宁省河道管理条例", None, None, None),
        ("浙江省综合行政执法条例", 9, 2, None),
    ]


def test_T7_issuing_act_number_between_title_and_article():
    c = only("《中华人民共和国防洪法》(中华人民共和国主席令第48号)第二十七条")
    assert (c.title, c.version_note, c.article) == ("中华人民共和国防洪法", "中华人民共和国主席令第48号", 27)
    c = only("《湖南省洞庭湖区水利管理条例》(湖南省第十一届人大常委会公告第30号) 第三十条 第一款")
    assert (c.version_note, c.article, c.paragraph) == ("湖南省第十一届人大常委会公告第30号", 30, 1)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("湘政办发〔2019〕55号", "湘政办发〔2019〕55号"),
        ("国发〔2021〕26号", "国发〔2021〕26号"),
        ("(浙政办发〔2021〕51 号)", "浙政办发〔2021〕51号"),
        ("建质[2009]8", "建质〔2009〕8号"),
        ("京海市监处字〔2020〕第303号", "京海市监处字〔2020〕303号"),
        ("依据湘机编【2023】10号", "湘机编〔2023〕10号"),
    ],
)
def test_T8_document_numbers(text, number):
    c = only(text)
    assert (c.title, c.doc_number, c.article) == (None, number, None)


def test_T8_document_number_with_annex_keeps_number_and_reports_rest():
    result = parse_basis("冀政办〔2013〕41号 附件2第17项")
    assert [c.doc_number for c in result.citations] == ["冀政办〔2013〕41号"]
    assert any("附件2第17项" in p for p in result.problems)


def test_T8_document_number_after_title_belongs_to_it():
    c = only("《湖南省赋予乡镇（街道）经济社会管理权限指导目录》（湘政办发〔2019〕55号）")
    assert (c.title, c.doc_number) == ("湖南省赋予乡镇（街道）经济社会管理权限指导目录", "湘政办发〔2019〕55号")


def test_T9_abbreviation_defined_in_the_text():
    result = parse_basis(
        "根据《中华人民共和国河道管理条例》(以下简称《条例》)的规定 … 负责《条例》第三条和本办法的组织实施"
    )
    assert [(c.title, c.article) for c in result.citations] == [
        ("中华人民共和国河道管理条例", None),
        ("中华人民共和国河道管理条例", 3),
    ]


@pytest.mark.parametrize(("text", "article"), [("本法第二十条", 20), ("本条例第七十五条", 75)])
def test_T10_self_references(text, article):
    c = only(text)
    assert c.self_ref and c.title is None and c.article == article


def test_T10_self_reference_inside_pasted_text():
    result = parse_basis("《湖南省洞庭湖区水利管理条例》第三十条 违反本条例第十四条规定的，由…")
    assert [(c.self_ref, c.article) for c in result.citations] == [(False, 30), (True, 14)]


def test_T10_relative_references_are_ignored_quietly():
    assert parse_basis("前款第（一）项；本条第一款") == parse_basis("")


def test_T11_level_tags_are_reported():
    result = parse_basis(
        "【法律】《渔业法》(2013.12.28修正)第二十三条第一款；【规章】《渔业捕捞许可管理规定》第三十三条"
    )
    assert [(c.level_tag, c.title, c.article, c.paragraph) for c in result.citations] == [
        ("法律", "渔业法", 23, 1),
        ("规章", "渔业捕捞许可管理规定", 33, None),
    ]


def test_T11_wrong_tag_is_kept_as_written():
    c = only("【规章】《中华人民共和国河道管理条例》第二十五条")
    assert (c.level_tag, c.title, c.article) == ("规章", "中华人民共和国河道管理条例", 25)


def test_level_tag_on_its_own_line_covers_following_lines_but_not_pasted_references():
    text = (
        "【法律】\n1.《土地管理法》（2019年修正）第七十七条\n"
        "【行政法规】\n1.《土地管理法实施条例》（2021年修订）第五十七条"
    )
    assert [(c.level_tag, c.title) for c in parse_basis(text).citations] == [
        ("法律", "土地管理法"),
        ("行政法规", "土地管理法实施条例"),
    ]
    text = "【行政法规】取水许可和水资源费征收管理条例第四十八条 … 依照中华人民共和国水法第六十九条规定处罚"
    assert [(c.level_tag, c.title) for c in parse_basis(text).citations] == [
        ("行政法规", "取水许可和水资源费征收管理条例"),
        (None, "中华人民共和国水法"),
    ]


# --- §2 version qualifiers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "note", "article"),
    [
        ("1.《土地管理法》（2019年修正）第七十七条", "土地管理法", "2019年修正", 77),  # V1
        (
            "《中华人民共和国道路交通安全法》（2021年修订）第九十一条",
            "中华人民共和国道路交通安全法",
            "2021年修订",
            91,
        ),  # V1
        ("中华人民共和国种子法（2021年修正）", "中华人民共和国种子法", "2021年修正", None),  # V1 bare, no article
        ("《渔业法》(2013.12.28修正)第二十三条第一款", "渔业法", "2013.12.28修正", 23),  # V2
        ("《水法》(2009年修改)第四十八条", "水法", "2009年修改", 48),  # V3
        ("建设工程质量管理条例(2019修正)", "建设工程质量管理条例", "2019修正", None),  # V4
        ("农药管理条例(2022修订)第三条", "农药管理条例", "2022修订", 3),  # V4
        ("中华人民共和国水法(主席令第七十四号)第四十八条", "中华人民共和国水法", "主席令第七十四号", 48),  # V5
        ("《土地管理法（2019年修正）》第七十七条", "土地管理法", "2019年修正", 77),  # note inside the marks
        ("《水法》第四十八条", "水法", None, 48),  # V7
    ],
)
def test_V_version_qualifiers(text, title, note, article):
    c = only(text)
    assert (c.title, c.version_note, c.article) == (title, note, article)


def test_V6_history_sentence_cites_the_amending_decision():
    c = only("根据2018年3月19日《国务院关于修改和废止部分行政法规的决定》第四次修订")
    assert (c.title, c.article) == ("国务院关于修改和废止部分行政法规的决定", None)


# --- §3 article, paragraph, item ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        ("第一百零三条", (103, None, None, None)),  # A1
        ("第一百一十九条", (119, None, None, None)),  # A1
        ("第一千二百六十条", (1260, None, None, None)),  # A1, 千
        ("第二十四条第一款", (24, None, 1, None)),  # A2
        ("第三十条 第一款", (30, None, 1, None)),  # A3
        ("第一百二十四条第一款第（五）项", (124, None, 1, 5)),  # A4
        ("第三十四条第（十）项", (34, None, None, 10)),  # A5
        ("第二十一条第一款第一项", (21, None, 1, 1)),  # A6
        ("第10条第1款第5项", (10, None, 1, 5)),  # A7
        ("第1062条第1款第2项", (1062, None, 1, 2)),  # A7
        ("第１９条", (19, None, None, None)),  # full-width digits
        ("第一百二十条之一", (120, 1, None, None)),  # A9
        ("第七十六条第一款第(四)项", (76, None, 1, 4)),  # half-width brackets
    ],
)
def test_A_article_chains(chain, expected):
    c = only(f"《某某法》{chain}")
    assert (c.article, c.article_suffix, c.paragraph, c.item) == expected
    assert c.raw == f"《某某法》{chain}"


def test_A7_arabic_article_in_title():
    assert provisions("《行政处罚法》第19条") == [("行政处罚法", 19, None, None)]


def test_A8_mixed_arabic_items():
    assert provisions("《某某条例》第三条第1款第（8）项、第2款第（3）、（4）项") == [
        ("某某条例", 3, 1, 8),
        ("某某条例", 3, 2, 3),
        ("某某条例", 3, 2, 4),
    ]


def test_A10_missing_tiao_is_read_as_article_and_reported():
    result = parse_basis("依据《证券法》第一百九十三的规定")
    assert [(c.title, c.article) for c in result.citations] == [("证券法", 193)]
    assert any("条" in p for p in result.problems)


def test_subitem():
    c = only("《某某办法》第五条第一款第（二）项第3目")
    assert (c.article, c.paragraph, c.item, c.subitem) == (5, 1, 2, 3)


# --- §4 several provisions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《中华人民共和国种子法》第四十六条、第七十七条", [(46, None, None), (77, None, None)]),  # M1
        (
            "《辽宁省河道管理条例》第十八、十九、二十三、二十六条",
            [(18, None, None), (19, None, None), (23, None, None), (26, None, None)],
        ),  # M2
        ("《取水许可和水资源费征收管理条例》第二、三条", [(2, None, None), (3, None, None)]),  # M2
        ("《行政处罚法》第15、16、17条", [(15, None, None), (16, None, None), (17, None, None)]),  # M2 Arabic
        ("《土地管理法》第十五条第一款、第二款", [(15, 1, None), (15, 2, None)]),  # M3
        ("《某某法》第七十三条第二款、第三款", [(73, 2, None), (73, 3, None)]),  # M4
        (
            "《中华人民共和国电子商务法》第七十六条第二款、第八十条第一款第（三）项之规定",
            [(76, 2, None), (80, 1, 3)],
        ),  # M5
        ("《对外贸易法》第十六条和第十七条", [(16, None, None), (17, None, None)]),  # M6
        (
            "《乡镇企业法》第三十八条至第四十一条",
            [(38, None, None), (39, None, None), (40, None, None), (41, None, None)],
        ),  # M7
        (
            "《个人信息保护法》第13条、第17条、第44条至第47条",
            [
                (13, None, None),
                (17, None, None),
                (44, None, None),
                (45, None, None),
                (46, None, None),
                (47, None, None),
            ],
        ),  # M7
        ("《水法》第十九条 第三十八条", [(19, None, None), (38, None, None)]),
        ("《某某法》第一款至第三款", []),  # a chain must start with an article
    ],
)
def test_M_lists_and_ranges_are_expanded(text, expected):
    cites = parse_basis(text).citations
    assert [(c.article, c.paragraph, c.item) for c in cites if c.article] == expected
    assert len({c.raw for c in cites}) <= 1


@pytest.mark.parametrize(
    ("text", "articles"), [("本法第十六条和第十七条", [16, 17]), ("本法第三十八条至第四十一条", [38, 39, 40, 41])]
)
def test_M6_M7_self_reference_lists(text, articles):
    cites = parse_basis(text).citations
    assert [c.article for c in cites] == articles and all(c.self_ref for c in cites)


def test_M7_reversed_range_is_reported():
    result = parse_basis("《某某法》第四十条至第三十条")
    assert [c.article for c in result.citations] == [40, 30]
    assert result.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "《水法》第十九条、第三十八条；《防洪法》第二十七条",
            [("水法", 19, None, None), ("水法", 38, None, None), ("防洪法", 27, None, None)],
        ),
        (
            "《水法》第十九条;《防洪法》第二十七条\n《河道管理条例》第二十五条",
            [("水法", 19, None, None), ("防洪法", 27, None, None), ("河道管理条例", 25, None, None)],
        ),
        (
            "①冀政办〔2013〕41号… ②《水法》第三十九条 ③《河道管理条例》第二十五条 ④《河北省河道采砂管理规定》第十五条",
            [
                (None, None, None, None),
                ("水法", 39, None, None),
                ("河道管理条例", 25, None, None),
                ("河北省河道采砂管理规定", 15, None, None),
            ],
        ),
        (
            "【法律】\n1.《土地管理法》（2019年修正）第七十七条\n【行政法规】\n1.《土地管理法实施条例》（2021年修订）第五十七条",
            [("土地管理法", 77, None, None), ("土地管理法实施条例", 57, None, None)],
        ),
    ],
)
def test_M8_several_instruments_in_one_cell(text, expected):
    assert provisions(text) == expected


def test_M9_no_separator_between_instruments():
    assert provisions(
        "《中华人民共和国土地管理法》第六十二条《内蒙古自治区实施<中华人民共和国土地管理法>办法》第三十六条"
    ) == [
        ("中华人民共和国土地管理法", 62, None, None),
        ("内蒙古自治区实施〈中华人民共和国土地管理法〉办法", 36, None, None),
    ]


def test_M10_pasted_article_text_with_further_references():
    text = (
        "【行政法规】取水许可和水资源费征收管理条例第四十八条未经批准擅自取水，或者未依照批准的取水许可规定条件取水的，"
        "依照《中华人民共和国水法》第六十九条规定处罚；违反本条例第十四条规定的，依照中华人民共和国水法第六十九条规定处罚"
    )
    result = parse_basis(text)
    assert [(c.title, c.self_ref, c.article) for c in result.citations] == [
        ("取水许可和水资源费征收管理条例", False, 48),
        ("中华人民共和国水法", False, 69),
        (None, True, 14),
        ("中华人民共和国水法", False, 69),
    ]
    assert result.citations[0].raw == "取水许可和水资源费征收管理条例第四十八条"


@pytest.mark.parametrize(
    "text",
    [
        "依据《中华人民共和国水法》第六十五条的规定",
        "根据《中华人民共和国水法》第六十五条之规定",
        "违反了《中华人民共和国水法》第六十五条的规定",
        "依照《中华人民共和国水法》第六十五条",
    ],
)
def test_M11_framing_words(text):
    c = only(text)
    assert (c.raw, c.article) == ("《中华人民共和国水法》第六十五条", 65)


# --- other behaviour ------------------------------------------------------------------------------


def test_T9_abbreviation_without_marks():
    text = "根据中华人民共和国河道管理条例（以下简称条例）的规定；违反条例第二十条的"
    assert provisions(text) == [
        ("中华人民共和国河道管理条例", None, None, None),
        ("中华人民共和国河道管理条例", 20, None, None),
    ]


def test_level_written_as_a_label():
    text = "法律：《中华人民共和国水法》第六十五条第一款\n行政法规：《中华人民共和国河道管理条例》第十一条"
    assert [(c.level_tag, c.article) for c in parse_basis(text).citations] == [("法律", 65), ("行政法规", 11)]


def test_instrument_listed_after_a_document_number():
    assert [
        (c.title, c.doc_number)
        for c in parse_basis("湘机编〔2023〕10号、湘乡市人民政府2023年4月28日常务会议纪要").citations
    ] == [(None, "湘机编〔2023〕10号"), ("湘乡市人民政府2023年4月28日常务会议纪要", None)]


def test_trial_marker_after_title_stays_in_title():
    assert (
        only("《芙蓉区新(在)建违法建设即时管控清零工作操作办法》(暂行)").title
        == "芙蓉区新（在）建违法建设即时管控清零工作操作办法（暂行）"
    )


_EXAMPLES = [
    "①冀政办〔2013〕41号附件2第17项；②《中华人民共和国水法》第三十九条；③《河道管理条例》第二十五条",
    "【法律】《渔业法》(2013.12.28修正)第二十三条第一款；【规章】《渔业捕捞许可管理规定》第三十三条",
    "《中华人民共和国电子商务法》第七十六条第二款、第八十条第一款第（三）项之规定",
    "1.《中华人民共和国行政处罚法》第二十条：行政机关依照法律、法规、规章的规定，可以书面委托符合本法第二十一条规定条件的组织",
    "《个人信息保护法》第１３条、第１７条、第４４条至第４７条；《湖南省实施＜中华人民共和国种子法＞办法》",
]


@pytest.mark.parametrize("text", _EXAMPLES)
def test_nfkc_normalised_cells_parse_the_same(text):
    """The dataset loader NFKC-normalises cells (①→1, （→(, ；→;): the result must not change."""
    import unicodedata

    def key(t):
        return [
            (c.title, c.doc_number, c.level_tag, c.self_ref, c.article, c.paragraph, c.item)
            for c in parse_basis(t).citations
        ]

    assert key(unicodedata.normalize("NFKC", text)) == key(text) != []


def test_same_instrument_reference():
    assert provisions("《中华人民共和国水法》第六十五条；该法第六十六条") == [
        ("中华人民共和国水法", 65, None, None),
        ("中华人民共和国水法", 66, None, None),
    ]


def test_article_without_title_is_a_problem_not_a_citation():
    result = parse_basis("第七十六条第一款第（四）项")
    assert result.citations == () and len(result.problems) == 1


def test_unclosed_title_mark_is_reported_and_bare_title_still_read():
    result = parse_basis("《中华人民共和国水法第三条")
    assert [(c.title, c.article) for c in result.citations] == [("中华人民共和国水法", 3)]
    assert result.problems


def test_document_names_that_are_not_instruments_are_skipped():
    assert parse_basis("核发《取水许可证》").citations == ()


@pytest.mark.parametrize(
    "text", [None, "", "无", "—", "/", "按有关规定执行", "依法", "国家规定", "???", "第", "《", "》《"]
)
def test_placeholders_and_garbage_give_no_citations(text):
    assert parse_basis(text).citations == ()


def test_non_string_input_does_not_raise():
    assert parse_basis(123).citations == ()  # type: ignore[arg-type]


def test_spans_are_spans_of_the_input():
    text = "依据：１.《水法》（２００９年修改）第４８条；２.中华人民共和国防洪法第二十七条"
    for c in parse_basis(text).citations:
        assert text[c.start : c.end] == c.raw
    assert [c.article for c in parse_basis(text).citations] == [48, 27]


def test_normalize_helpers():
    assert normalize_title(" 《湖南省实施＜中华人民共和国种子法＞办法》 ") == "湖南省实施〈中华人民共和国种子法〉办法"
    assert normalize_doc_number("冀政办 〔2013〕 41号") == "冀政办〔2013〕41号"
    assert normalize_doc_number("《水法》") is None
    assert is_doc_number("国发[2021]26号") and not is_doc_number("依据国发〔2021〕26号的规定")


@pytest.mark.parametrize(
    ("args", "kwargs", "text"),
    [
        (("中华人民共和国行政处罚法", 20, 1, None), {}, "《中华人民共和国行政处罚法》第二十条第一款"),
        (("中华人民共和国行政处罚法", 76, 1, 4), {}, "《中华人民共和国行政处罚法》第七十六条第一款第（四）项"),
        (("《水法》", None, None, None), {}, "《水法》"),
        (("刑法", 120, None, None), {"article_suffix": 1}, "《刑法》第一百二十条之一"),
        (("Administrative Penalty Law", 20, 1, None), {"lang": "en"}, "Administrative Penalty Law, art. 20(1)"),
        (("Administrative Penalty Law", 76, 1, 4), {"lang": "en"}, "Administrative Penalty Law, art. 76(1)(4)"),
        (("Food Safety Law", 34, None, 10), {"lang": "en"}, "Food Safety Law, art. 34, item (10)"),
    ],
)
def test_format_provision(args, kwargs, text):
    assert format_provision(*args, **kwargs) == text


def test_format_then_parse_round_trip():
    c = only(format_provision("中华人民共和国行政处罚法", 76, 1, 4))
    assert (c.title, c.article, c.paragraph, c.item) == ("中华人民共和国行政处罚法", 76, 1, 4)


# --- properties ----------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("《》〈〉<>()（）【】〔〕[]第条款项目之至、，,；;和及本法条例办法规定")
    + list("一二三十百千零〇0123456789１２号年修正订中华人民共和国水 \n①")
)


@settings(max_examples=300)
@given(st.text())
def test_never_raises_on_arbitrary_unicode(text):
    result = parse_basis(text)
    for c in result.citations:
        assert 0 <= c.start <= c.end <= len(text) and text[c.start : c.end] == c.raw


@settings(max_examples=500)
@given(st.text(_ALPHABET, max_size=80))
def test_citation_shaped_noise(text):
    result = parse_basis(text)
    for c in result.citations:
        assert 0 <= c.start < c.end <= len(text) and text[c.start : c.end] == c.raw
        assert c.title or c.doc_number or c.self_ref
        assert all(v is None or v >= 1 for v in (c.article, c.paragraph, c.item, c.subitem))


_TITLES = st.sampled_from(
    ["中华人民共和国水法", "河道管理条例", "湖南省行政程序规定", "湖南省实施〈中华人民共和国种子法〉办法"]
)


@given(
    _TITLES,
    st.integers(1, 300),
    st.none() | st.integers(1, 9),
    st.none() | st.integers(1, 20),
    st.booleans(),
)
def test_generated_citations_are_recovered(title, article, paragraph, item, arabic):
    num = str if arabic else int_to_cn
    text = f"《{title}》第{num(article)}条"
    if paragraph:
        text += f"第{num(paragraph)}款"
    if item:
        text += f"第（{num(item)}）项"
    c = only(f"依据{text}的规定")
    assert (c.title, c.article, c.paragraph, c.item) == (title, article, paragraph, item)
    assert c.raw == text


@settings(deadline=None)
@given(st.integers(1000, 20000))
def test_long_input_is_linear(n):
    text = "《水法》第一条、" * (n // 10) + "第" * n + "《" * n
    parse_basis(text)


def test_quoted_title_with_trailing_parentheticals_and_no_article():
    # seen in reconstructed data: the 纪要 suffix sits before two parenthetical notes
    res = parse_basis("《湘乡市人民政府常务会议纪要（2021年第8次）（重构示例）》")
    assert [c.title for c in res.citations] == ["湘乡市人民政府常务会议纪要（2021年第8次）（重构示例）"]
    assert parse_basis("《取水许可证》").citations == ()

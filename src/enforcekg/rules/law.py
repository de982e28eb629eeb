"""The articles the audit applies, as stable ids, rendered by the text in force on a date.

An id is ``<instrument id>:<article>[:<paragraph>[:<item>]]`` with the instrument ids of
``data/statutes.csv`` and the *current* numbering.  A finding about an act dated before a revision is
rendered with the numbering of the text then in force (行政处罚法 art. 20 → art. 18 before 2021-07-15).
References that are not articles of a registry instrument (State Council guidance) carry their own text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..legal.numerals import int_to_cn


@dataclass(frozen=True)
class LegalRef:
    instrument: str
    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    zh: str | None = None  # fixed text for references outside the registry
    en: str | None = None


def _ref(inst: str, art: int | None = None, para: int | None = None, item: int | None = None, **kw) -> LegalRef:
    return LegalRef(inst, art, para, item, **kw)


LEGAL_REFS: dict[str, LegalRef] = {
    "admin_penalty_law:16": _ref("admin_penalty_law", 16),
    "admin_penalty_law:18:2": _ref("admin_penalty_law", 18, 2),
    "admin_penalty_law:19": _ref("admin_penalty_law", 19),
    "admin_penalty_law:20:1": _ref("admin_penalty_law", 20, 1),
    "admin_penalty_law:20:2": _ref("admin_penalty_law", 20, 2),
    "admin_penalty_law:20:3": _ref("admin_penalty_law", 20, 3),
    "admin_penalty_law:20:4": _ref("admin_penalty_law", 20, 4),
    "admin_penalty_law:21": _ref("admin_penalty_law", 21),
    "admin_penalty_law:23": _ref("admin_penalty_law", 23),
    "admin_penalty_law:24:1": _ref("admin_penalty_law", 24, 1),
    "admin_penalty_law:76:1:4": _ref("admin_penalty_law", 76, 1, 4),
    "admin_licensing_law:17": _ref("admin_licensing_law", 17),
    "admin_licensing_law:24": _ref("admin_licensing_law", 24),
    "admin_licensing_law:25": _ref("admin_licensing_law", 25),
    "admin_compulsion_law:10": _ref("admin_compulsion_law", 10),
    "admin_compulsion_law:13": _ref("admin_compulsion_law", 13),
    "admin_compulsion_law:17:1": _ref("admin_compulsion_law", 17, 1),
    "hn_admin_enforcement_reg:7": _ref("hn_admin_enforcement_reg", 7),
    "gbf_2018_118": _ref(
        "gbf_2018_118",
        zh="《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）（5%比例据审计报告引述，原文未逐字核实）",
        en="General Office of the State Council Guiding Opinion, Guo Ban Fa [2018] No. 118 (5% ratio as cited in the seed report; not verified verbatim)",
    ),
    "grassroots_enforcement_2019": _ref(
        "grassroots_enforcement_2019",
        zh="2019年中央关于推进基层整合审批服务执法力量的意见（“一支队伍管执法”）",
        en="2019 central guidance on consolidating grassroots approval, service and enforcement forces (one team for enforcement)",
    ),
    "power_list_adjustment": _ref(
        "power_list_adjustment",
        zh="权责清单动态调整制度（职权调整后应及时调整清单）",
        en="duty to adjust power lists when powers move between units",
    ),
}


#: paragraphs of the pre-2021 text, by (instrument, current article): current paragraph -> old paragraph
#: (old art. 18 had three paragraphs; the 2021 text inserted the letter/publication paragraph as 20(2))
OLD_PARAGRAPHS: dict[tuple[str, int], dict[int, int | None]] = {
    ("admin_penalty_law", 20): {1: 1, 2: None, 3: 2, 4: 3},
}


def render(ref_id: str, registry, on: str | None = None, lang: str = "zh") -> str:
    """Display text of a legal reference, numbered as in force on ``on``."""
    ref = LEGAL_REFS[ref_id]
    if ref.zh is not None:
        return ref.en if lang == "en" and ref.en else ref.zh
    inst = registry.get(ref.instrument) if registry is not None else None
    article = ref.article
    old = False
    if article is not None and on and registry is not None:
        renum = registry.renumber(ref.instrument, article, on)
        old = renum != article
        if old and (ref.instrument, article) in OLD_PARAGRAPHS and ref.paragraph:
            paragraph = OLD_PARAGRAPHS[(ref.instrument, article)].get(ref.paragraph)
            ref = LegalRef(ref.instrument, renum, paragraph, ref.item if paragraph else None)
        article = renum
    if lang == "en":
        title = (inst.title_en if inst and inst.title_en else ref.instrument)
        s = title
        if article is not None:
            s += f", art. {article}"
            if ref.paragraph:
                s += f"({ref.paragraph})"
            if ref.item:
                s += f"({ref.item})"
        if old:
            s += " (text in force before 2021-07-15)"
        return s
    title = f"《{inst.title}》" if inst else ref.instrument
    s = title + ("（2021年修订前）" if old else "")
    if article is not None:
        s += f"第{int_to_cn(article)}条"
        if ref.paragraph:
            s += f"第{int_to_cn(ref.paragraph)}款"
        if ref.item:
            s += f"第（{int_to_cn(ref.item)}）项"
    return s

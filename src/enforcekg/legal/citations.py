"""Parse the legal-basis cells of power lists into one citation per cited provision.

A basis cell names instruments (``《中华人民共和国水法》``, ``水法``, ``湘政办发〔2019〕55号``) followed by
article chains (``第十九条、第三十八条``, ``第十五条第一款、第二款``, ``第七十六条第一款第（四）项``).
Real cells join several instruments with ``；``/newlines/①②/level tags, paste the article text after the
number, put version notes inline and mis-tag levels; ``/work/shared/reference/citations.md`` lists the
patterns (T1–T11, V1–V7, A1–A10, M1–M11) this module handles.

How it works: the text is mapped character-for-character to a normalised copy (full-width digits and
brackets to ASCII), so every span found in the copy is a span of the input. The copy is cut into
segments at ``；;``, newlines, ``。`` and ①–⑳. In each segment a scanner looks for the things that start
a citation — ``《``, a level tag ``【…】``, a document-number bracket ``〔2019〕`` and ``第`` — and, for a
``第…条`` chain without a preceding ``《》`` title, looks *backwards* for a bare title, a self reference
(``本法``) or ``该法``. Lists and ranges in a chain are expanded to one citation per provision.
The parser never raises and never backtracks catastrophically (all repetitions are bounded).

>>> [(c.title, c.article, c.paragraph) for c in parse_basis("《土地管理法》第十五条第一款、第二款").citations]
[('土地管理法', 15, 1), ('土地管理法', 15, 2)]
>>> c = parse_basis("【法律】中华人民共和国水法(主席令第七十四号)第四十八条").citations[0]
>>> c.title, c.level_tag, c.version_note, c.article
('中华人民共和国水法', '法律', '主席令第七十四号', 48)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numerals import cn_to_int, int_to_cn

__all__ = [
    "Citation",
    "ParseResult",
    "format_provision",
    "is_doc_number",
    "normalize_doc_number",
    "normalize_title",
    "parse_basis",
]


@dataclass(frozen=True)
class Citation:
    """One cited provision (or a whole instrument when ``article`` is ``None``).

    Citations expanded from one list (``第十八、十九条``) share ``raw``/``start``/``end``: the span from the
    instrument to the end of the article chain. ``self_ref`` citations (``本法第二十条``) have no title; the
    caller resolves them against the instrument that contains the text.
    """

    raw: str
    start: int
    end: int
    title: str | None = None
    doc_number: str | None = None
    level_tag: str | None = None
    version_note: str | None = None
    self_ref: bool = False
    article: int | None = None
    article_suffix: int | None = None
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None


@dataclass(frozen=True)
class ParseResult:
    """The citations found in a text, in order, and notes (zh / en) on pieces that could not be read."""

    citations: tuple[Citation, ...] = ()
    problems: tuple[str, ...] = ()


# --- normalisation -------------------------------------------------------------------------------

_FULLWIDTH_DIGITS = {chr(0xFF10 + d): str(d) for d in range(10)}

# One character to one character, so offsets in the normalised text are offsets in the input.
_SCAN_MAP = str.maketrans(
    {
        **_FULLWIDTH_DIGITS,
        "（": "(",
        "）": ")",
        "［": "[",
        "］": "]",
        "＜": "<",
        "＞": ">",
        "\u3000": " ",
        "\xa0": " ",
        "﹝": "〔",
        "﹞": "〕",
        "．": ".",
    }
)
_TITLE_MAP = str.maketrans(
    {**_FULLWIDTH_DIGITS, "<": "〈", ">": "〉", "＜": "〈", "＞": "〉", "《": "〈", "》": "〉", "(": "（", ")": "）"}
)
_SPACES = re.compile(r"\s+")


def normalize_title(title: str) -> str:
    """Title as compared and reported: outer 《》 stripped, spaces removed, inner title marks as 〈〉,
    parentheses full-width, digits ASCII.

    >>> normalize_title("《湖南省实施<中华人民共和国种子法>办法》")
    '湖南省实施〈中华人民共和国种子法〉办法'
    """
    s = _SPACES.sub("", title)
    if len(s) >= 2 and s[0] == "《" and s[-1] == "》":
        s = s[1:-1]
    return s.translate(_TITLE_MAP)


_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,15})\s*[〔\[(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\])）】]"
    r"\s*第?\s*(?P<number>\d{1,5})\s*号?"
)


def normalize_doc_number(text: str | None) -> str | None:
    """``湘政办发〔2019〕55号`` from any bracket/space/第 variant; ``None`` if ``text`` holds no 文号.

    >>> normalize_doc_number("京海市监处字[2020]第303号"), normalize_doc_number("浙政办发（2021）51 号")
    ('京海市监处字〔2020〕303号', '浙政办发〔2021〕51号')
    """
    if not isinstance(text, str):
        return None
    m = _DOC_NUMBER.search(text.translate(_SCAN_MAP))
    return _format_doc_number(m) if m else None


def is_doc_number(text: str | None) -> bool:
    """Whether ``text`` is a document number and nothing else (``国发〔2021〕26号``)."""
    return isinstance(text, str) and _DOC_NUMBER.fullmatch(_SPACES.sub("", text.translate(_SCAN_MAP))) is not None


def _format_doc_number(m: re.Match[str]) -> str:
    prefix = m.group("prefix")
    prefix = prefix[_doc_prefix_offset(prefix) :] or prefix
    return f"{prefix}〔{m.group('year')}〕{m.group('number')}号"


# Words before an issuer code that are not part of it: 依据湘政办发… / 省政府办公厅湘政办发…
_DOC_PREFIX_CUT = re.compile(
    r"依据|根据|依照|按照|参照|详见|参见|办公厅|办公室|人民政府|政府|文件|印发|转发|下发|关于|的|和|及|与"
)


def _doc_prefix_offset(prefix: str) -> int:
    """Where the issuer code starts in the CJK run before a 〔year〕 bracket."""
    offset = 0
    for m in _DOC_PREFIX_CUT.finditer(prefix):
        offset = m.end()
    return offset


# --- article chains ------------------------------------------------------------------------------

_SP = r"[ \t\u3000\xa0]*"
_NUM = r"(?:\d{1,5}|[零〇一二两三四五六七八九十百千]{1,10})"
_NUM_RE = re.compile(_NUM)
_LIST = rf"{_NUM}(?:{_SP}[、,，]{_SP}第?{_SP}{_NUM}){{0,50}}"
_PNUM = rf"\({_SP}{_NUM}{_SP}\)"
_PLIST = rf"{_PNUM}(?:{_SP}[、,，]{_SP}第?{_SP}{_PNUM}){{0,50}}"

ARTICLE, PARAGRAPH, ITEM, SUBITEM = range(4)
_SLOT = (0, 2, 3, 4)  # position of each level in a provision tuple (article, suffix, paragraph, item, subitem)

_TOKENS = (
    (ARTICLE, re.compile(rf"第?{_SP}(?P<nums>{_LIST}){_SP}条(?:{_SP}之{_SP}(?P<suffix>{_NUM}))?")),
    (PARAGRAPH, re.compile(rf"第?{_SP}(?P<nums>{_LIST}){_SP}款")),
    (ITEM, re.compile(rf"第{_SP}(?P<nums>{_PLIST})(?:{_SP}项)?")),
    (ITEM, re.compile(rf"(?P<nums>{_PLIST}){_SP}项")),
    (ITEM, re.compile(rf"第?{_SP}(?P<nums>{_LIST}){_SP}项")),
    (SUBITEM, re.compile(rf"第?{_SP}(?P<nums>{_LIST}){_SP}目")),
)
_SEP = re.compile(rf"{_SP}(?P<sep>以及|或者|[、,，和及或与至到—－~～-]){_SP}")
_RANGE_SEPS = frozenset("至到—－~～-")
_MAX_RANGE = 100
# A10: "第一百九十三的规定" (条 missing), only accepted right after a title
_MISSING_TIAO = re.compile(rf"第{_SP}(?P<nums>{_NUM})(?={_SP}(?:的规定|之规定|规定|[，。；,;、)]|$))")

_Provision = tuple[int | None, int | None, int | None, int | None, int | None]
_EMPTY: _Provision = (None, None, None, None, None)


@dataclass(frozen=True)
class _Token:
    level: int
    values: tuple[int, ...]
    suffix: int | None
    end: int


@dataclass
class _Chain:
    provisions: list[_Provision]
    end: int
    problems: list[str] = field(default_factory=list)


def _numbers(text: str) -> tuple[int, ...] | None:
    values = tuple(cn_to_int(n) for n in _NUM_RE.findall(text))
    if not values or any(v is None or v < 1 for v in values):
        return None
    return values  # type: ignore[return-value]


def _match_token(norm: str, pos: int, end: int) -> _Token | None:
    for level, pattern in _TOKENS:
        m = pattern.match(norm, pos, end)
        if m is None:
            continue
        values = _numbers(m.group("nums"))
        if values is None:
            return None
        suffix = cn_to_int(m.group("suffix")) if level == ARTICLE and m.group("suffix") else None
        return _Token(level, values, suffix, m.end())
    return None


def _skip_spaces(norm: str, pos: int, end: int) -> int:
    while pos < end and norm[pos] in " \t\xa0":
        pos += 1
    return pos


def _parse_chain(norm: str, pos: int, end: int, allow_missing_tiao: bool) -> _Chain | None:
    """Parse ``第…条…`` starting at ``pos`` (which must be ``第``); ``None`` if there is no article."""
    if pos >= end or norm[pos] != "第":
        return None
    first = _match_token(norm, pos, end)
    if first is None or first.level != ARTICLE:
        return _missing_tiao(norm, pos, end) if allow_missing_tiao and first is None else None
    tokens: list[tuple[str | None, _Token]] = [(None, first)]
    cursor = first.end
    while True:
        sep_match = _SEP.match(norm, cursor, end)
        sep = sep_match.group("sep") if sep_match else None
        nxt = _match_token(norm, sep_match.end() if sep_match else _skip_spaces(norm, cursor, end), end)
        if nxt is None:
            break
        tokens.append((sep, nxt))
        cursor = nxt.end
    problems: list[str] = []
    provisions = _expand(tokens, problems, _clip(norm, pos, cursor))
    return _Chain(provisions, cursor, problems)


def _missing_tiao(norm: str, pos: int, end: int) -> _Chain | None:
    m = _MISSING_TIAO.match(norm, pos, end)
    values = _numbers(m.group("nums")) if m else None
    if m is None or values is None:
        return None
    note = _problem("条款缺少“条”字，已按条处理", "article number without 条, read as an article", m.group(0))
    return _Chain([(values[0], None, None, None, None)], m.end(), [note])


def _deepest(p: _Provision) -> int:
    return max((level for level in range(4) if p[_SLOT[level]] is not None), default=-1)


def _truncate(p: _Provision, level: int) -> _Provision:
    """Keep the levels above ``level`` (the article suffix goes with the article)."""
    keep = [x if i < _SLOT[level] else None for i, x in enumerate(p)]
    return tuple(keep)  # type: ignore[return-value]


def _with(base: _Provision, level: int, value: int, suffix: int | None = None) -> _Provision:
    p = list(base)
    p[_SLOT[level]] = value
    if level == ARTICLE:
        p[1] = suffix
    return tuple(p)  # type: ignore[return-value]


def _expand(tokens: list[tuple[str | None, _Token]], problems: list[str], raw: str) -> list[_Provision]:
    """Turn chain tokens into provisions.

    Without a separator a deeper token refines the previous provision (第十五条 + 第一款); after a
    separator it is a sibling sharing the higher levels (第一款、第二款 → same article); 至 expands a range.
    """
    out: list[_Provision] = []
    last_level = ARTICLE
    for sep, tok in tokens:
        last = out[-1] if out else None
        if sep in _RANGE_SEPS and last is not None and tok.level == last_level and len(tok.values) == 1:
            out.extend(_range(last, tok, problems, raw))
            continue
        if last is None:
            base = _EMPTY
        elif sep is None and _deepest(last) < tok.level:  # refine the previous provision
            base = out.pop()
        else:  # a sibling sharing the higher levels
            base = _truncate(last, tok.level)
        out.extend(_with(base, tok.level, v, tok.suffix) for v in tok.values)
        last_level = tok.level
    return list(dict.fromkeys(out))


def _range(last: _Provision, tok: _Token, problems: list[str], raw: str) -> list[_Provision]:
    lo, hi = last[_SLOT[tok.level]], tok.values[0]
    base = _truncate(last, tok.level)
    if lo is not None and lo < hi <= lo + _MAX_RANGE:
        return [_with(base, tok.level, v) for v in range(lo + 1, hi + 1)]
    problems.append(_problem("条款范围颠倒或过大，未展开", "range reversed or too long, not expanded", raw))
    return [_with(base, tok.level, hi)]


# --- instruments ---------------------------------------------------------------------------------

_PAREN = re.compile(rf"{_SP}\((?P<body>[^()\n]{{1,40}})\)")
_ABBREVIATION = re.compile(r"以下简称\s*[《“\"']?(?P<abbr>[^》”\"'《“]{1,20}?)[》”\"']?\s*")
_VERSION_LIKE = re.compile(
    r"修正|修订|修改|令|公告|施行|公布|发布|颁布|通过|^\d{4}(?:[.\-/年]\d{1,2}(?:[.\-/月]\d{1,2}日?)?)?年?版?$"
)
_TRIAL = frozenset({"试行", "暂行"})
_TITLE_VERSION = re.compile(r"（(?P<note>[^（）]{0,20}?(?:修正|修订|修改)[^（）]{0,6})）$")
_DOC_TAIL = re.compile(
    rf"(?P<open>[〔\[(【]){_SP}(?:19|20)\d{{2}}{_SP}[〕\])】]{_SP}第?{_SP}\d{{1,5}}{_SP}(?P<hao>号)?"
)
_ANNEX = re.compile(rf"{_SP}附件{_SP}{_NUM}(?:{_SP}第{_SP}{_NUM}{_SP}[条款项目点部分]{{1,2}}){{0,3}}")
_LEVEL_TAG = re.compile(r"【\s*(?P<tag>[\u4e00-\u9fff][\u4e00-\u9fff\s]{0,11})】")
# "法律：《…》" — a level written as a label at the start of a line
_LEVEL_LABEL = re.compile(
    rf"{_SP}(?P<tag>法律|行政法规|地方性法规|自治条例|单行条例|部门规章|地方政府规章|政府规章|规章|规范性文件){_SP}[:：]"
)
_LIST_START = re.compile(rf"{_SP}(?:[、,，]|和|及|以及)")
# What may stand between the end of the last thing read and a citation that a level tag still covers.
_TAG_GAP = re.compile(r"[\s\d.、，,：:()\[\]]*(?:依据|根据|依照|按照|和|及|以及|与|或)?[\s：:]*")
_TRIGGER = re.compile(r"[《【第〔\[(]")
_SEGMENT = re.compile(r"[^；;\n\r。\u2460-\u2473]+")

_MAX_TITLE = 150
_MAX_BARE = 60
_MAX_STANDALONE = 200
_MAX_PROBLEMS = 20

_SELF_WORDS = (
    "本实施条例",
    "本实施细则",
    "本实施办法",
    "本条例",
    "本办法",
    "本规定",
    "本细则",
    "本决定",
    "本规则",
    "本法",
)
_SAME_WORDS = ("该条例", "该办法", "该规定", "该细则", "该法", "同法")
_RELATIVE_WORDS = ("本条", "本款", "本项", "前款", "前两款", "前三款", "前条", "上款", "本章", "本节")

_FRAMING = re.compile(r"依据|根据|依照|按照|遵照|参照|违反|详见|参见|对照|援引|符合|属于")
_LEADING_FILLER = re.compile(r"(?:了|和|及|以及|与|或|并|的)+")
_TITLE_SUFFIX = re.compile(
    r"(?:法|法典|条例|规定|办法|细则|决定|规则|目录|通知|意见|解释|纲要|方案|规程|章程|标准|清单|纪要|决议|批复)$"
)
#: trailing parenthetical notes after a title: 《…会议纪要（2021年第8次）（重构示例）》 still ends in 纪要
_TRAILING_NOTES = re.compile(r"(?:（[^（）]*）|\([^()]*\))+$")
_QUOTED_SUFFIX = re.compile(
    r"(?:法|法典|条例|规定|办法|细则|决定|规则|目录|通知|意见|解释|纲要|方案|规程|章程|标准|清单|纪要|决议|"
    r"批复|令|公告|通告|函|复函|答复|规范|准则|守则|制度|规划|计划|指南|指引|名录|公约|条约|协定|修正案)"
    r"(?:（[^（）]{1,12}）)?$"
)
_NOT_A_LAW = frozenset(
    {
        "依法",
        "违法",
        "合法",
        "非法",
        "执法",
        "司法",
        "守法",
        "立法",
        "方法",
        "做法",
        "说法",
        "看法",
        "用法",
        "无法",
        "设法",
        "手法",
        "想法",
    }
)
_GENERIC = re.compile(r"有关|相关|上述|前述|其他|其它|下列|以下|法律法规|法律、法规|国家规定|上级")
_STANDALONE = re.compile(
    rf"{_SP}(?:[、,，]|和|及|以及|(?:\d{{1,3}}|[一二三四五六七八九十]{{1,3}})[.、:：]|\d{{1,2}}(?=[\u4e00-\u9fff])|"
    rf"\(\d{{1,3}}\)|\([一二三四五六七八九十]{{1,3}}\))?"
    rf"{_SP}(?:依据|根据|依照|按照|参照)?{_SP}(?P<body>[^\n]+?){_SP}(?:的规定|之规定|等规定|规定|等)?{_SP}[，,.:：]*{_SP}"
)
_STANDALONE_PART = re.compile(
    rf"{_SP}(?P<title>(?:\d{{4}}年)?[\u4e00-\u9fff〈〉<>][\u4e00-\u9fff〈〉<>0-9]{{1,{_MAX_BARE}}})(?P<notes>(?:{_SP}\([^()]{{1,40}}\))*){_SP}"
)


def _clip(text: str, start: int, end: int) -> str:
    """At most 40 characters of ``text[start:end]`` (slicing a huge segment would be quadratic)."""
    return text[start:end] if end - start <= 40 else text[start : start + 40] + "…"


def _problem(zh: str, en: str, fragment: str) -> str:
    return f"{zh}：“{fragment}” / {en}"


def _is_title_char(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or c in "〇〈〉<>"


def _looks_like_title(title: str) -> bool:
    """A bare (unquoted) title must end like an instrument and not be a generic phrase."""
    return (
        len(title) >= 2
        and _TITLE_SUFFIX.search(title) is not None
        and title[-2:] not in _NOT_A_LAW
        and _TITLE_SUFFIX.fullmatch(title) is None
        and _GENERIC.search(title) is None
    )


def _split_title_version(title: str) -> tuple[str, str | None]:
    """``土地管理法（2019年修正）`` → (``土地管理法``, ``2019年修正``)."""
    m = _TITLE_VERSION.search(title)
    if m is None or m.start() == 0:
        return title, None
    return title[: m.start()], m.group("note")


@dataclass
class _Anchor:
    """The instrument part of a citation: where it is and what it names."""

    start: int
    end: int
    title: str | None = None
    doc_number: str | None = None
    version_notes: list[str] = field(default_factory=list)
    self_ref: bool = False


_RELATIVE = _Anchor(-1, -1)  # marker: 本条/前款…, a reference that cannot be resolved here


class _Parser:
    """Scans one text; holds state that carries across segments (level tag, abbreviations)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = text.translate(_SCAN_MAP)
        self.citations: list[Citation] = []
        self.problems: list[str] = []
        self.level_tag: str | None = None
        self.abbreviations: dict[str, str] = {}
        self.last_instrument: _Anchor | None = None
        self.floor = 0  # end of the last thing read in the current segment

    def run(self) -> ParseResult:
        for m in _SEGMENT.finditer(self.norm):
            self._scan_segment(m.start(), m.end())
        return ParseResult(tuple(self.citations), tuple(self.problems))

    # -- segment scanning

    def _scan_segment(self, start: int, end: int) -> None:
        found_before = len(self.citations) + len(self.problems)
        pos = self.floor = start
        label = _LEVEL_LABEL.match(self.norm, start, end)
        if label is not None:
            self.level_tag = label.group("tag")
            pos = self.floor = label.end()
        while (m := _TRIGGER.search(self.norm, pos, end)) is not None:
            i = m.start()
            char = self.norm[i]
            if char == "《":
                pos, consumed = self._quoted(i, end)
            elif char == "第":
                pos, consumed = self._bare_chain(i, self.floor, end)
            else:
                pos, consumed = self._bracket(i, self.floor, end)
            if consumed:
                self.floor = pos
        nothing_found = len(self.citations) + len(self.problems) == found_before
        if nothing_found or _LIST_START.match(self.norm, self.floor, end):
            self._standalone(self.floor, end)

    def _quoted(self, i: int, end: int) -> tuple[int, bool]:
        close = self._closing_mark(i, end)
        if close is None:
            self._report(_problem("书名号未闭合", "unclosed 《", _clip(self.text, i, end)))
            return i + 1, False
        title = normalize_title(self.norm[i + 1 : close])
        if not title:
            return close + 1, True
        title, note = _split_title_version(title)
        anchor = _Anchor(i, close + 1, self.abbreviations.get(title, title))
        if note:
            anchor.version_notes.append(note)
        pos = self._after_title(anchor, end)
        chain = _parse_chain(self.norm, _skip_spaces(self.norm, pos, end), end, allow_missing_tiao=True)
        if chain is None and not (anchor.doc_number or anchor.version_notes or _QUOTED_SUFFIX.search(_TRAILING_NOTES.sub("", title))):
            return pos, True  # 《取水许可证》 and the like: a document name, not a cited instrument
        return self._emit(anchor, chain), True

    def _closing_mark(self, i: int, end: int) -> int | None:
        limit = min(end, i + _MAX_TITLE)
        close = self.norm.find("》", i + 1, limit)
        if close < 0:
            return None
        if self.norm.find("《", i + 1, close) < 0:
            return close
        depth = 0
        for k in range(i, limit):
            depth += {"《": 1, "》": -1}.get(self.norm[k], 0)
            if depth == 0:
                return k
        return None

    def _after_title(self, anchor: _Anchor, end: int) -> int:
        """Consume (version notes), (文号), (以下简称《…》) and a bare 文号 after a title."""
        pos = anchor.end
        while (m := _PAREN.match(self.norm, pos, end)) is not None and self._take_note(anchor, m.group("body")):
            pos = anchor.end = m.end()
        doc = _DOC_NUMBER.match(self.norm, _skip_spaces(self.norm, pos, end), end)
        if doc is not None and anchor.doc_number is None and not _DOC_PREFIX_CUT.search(doc.group("prefix")):
            anchor.doc_number = _format_doc_number(doc)
            pos = anchor.end = doc.end()
        return pos

    def _take_note(self, anchor: _Anchor, body: str) -> bool:
        """Read a bracketed note after a title into ``anchor``; ``False`` if it is not one we know."""
        body = _SPACES.sub("", body)
        abbreviation = _ABBREVIATION.fullmatch(body)
        if abbreviation and anchor.title:
            self.abbreviations[normalize_title(abbreviation.group("abbr"))] = anchor.title
        elif (doc := _DOC_NUMBER.fullmatch(body)) is not None:
            anchor.doc_number = _format_doc_number(doc)
        elif _VERSION_LIKE.search(body):
            anchor.version_notes.append(body)
        elif body in _TRIAL and anchor.title:
            anchor.title += f"（{body}）"
        else:
            return False
        return True

    def _bare_chain(self, i: int, floor: int, end: int) -> tuple[int, bool]:
        chain = _parse_chain(self.norm, i, end, allow_missing_tiao=False)
        if chain is None and _MISSING_TIAO.match(self.norm, i, end) is None:
            return i + 1, False
        anchor = self._anchor_before(floor, i)
        if chain is None:
            if anchor is None or anchor is _RELATIVE or anchor.self_ref:
                return i + 1, False
            chain = _missing_tiao(self.norm, i, end)
            if chain is None:
                return i + 1, False
        if anchor is _RELATIVE:
            return chain.end, True
        if anchor is None:
            self._report(
                _problem(
                    "未找到所引条款的法律文件名称",
                    "no instrument title for this article reference",
                    _clip(self.text, i, chain.end),
                )
            )
            return chain.end, True
        return self._emit(anchor, chain), True

    def _anchor_before(self, floor: int, i: int) -> _Anchor | None:
        """Find what a ``第…条`` chain at ``i`` refers to by looking backwards (not before ``floor``)."""
        j, notes, doc_number = self._notes_before(floor, i)
        k = j
        while k > floor and j - k < _MAX_BARE and _is_title_char(self.norm[k - 1]):
            k -= 1
        run = self.norm[k:j]
        if not run:
            return None
        for words, make in ((_SELF_WORDS, self._self_anchor), (_SAME_WORDS, self._same_anchor)):
            word = next((w for w in words if run.endswith(w)), None)
            if word:
                return make(j - len(word), i)
        if run.endswith(_RELATIVE_WORDS):
            return _RELATIVE
        abbreviation = next((a for a in self.abbreviations if run.endswith(a)), None)
        if abbreviation:
            return _Anchor(j - len(abbreviation), j, self.abbreviations[abbreviation], doc_number, notes)
        offset = _title_offset(run)
        if offset is None:
            return None
        title = normalize_title(run[offset:])
        return _Anchor(k + offset, j, self.abbreviations.get(title, title), doc_number, notes)

    def _notes_before(self, floor: int, i: int) -> tuple[int, list[str], str | None]:
        """Step back over ``(主席令第七十四号)``/``(2009年修改)``/``(文号)`` between a bare title and 第."""
        j = self._rskip_spaces(floor, i)
        notes: list[str] = []
        doc_number = None
        while j > floor and self.norm[j - 1] == ")":
            opening = self.norm.rfind("(", max(floor, j - 42), j - 1)
            if opening < 0:
                break
            body = _SPACES.sub("", self.norm[opening + 1 : j - 1])
            if (doc := _DOC_NUMBER.fullmatch(body)) is not None:
                doc_number = _format_doc_number(doc)
            elif _VERSION_LIKE.search(body):
                notes.insert(0, body)
            else:
                break
            j = self._rskip_spaces(floor, opening)
        return j, notes, doc_number

    def _rskip_spaces(self, floor: int, j: int) -> int:
        while j > floor and self.norm[j - 1] in " \t\xa0":
            j -= 1
        return j

    def _self_anchor(self, start: int, end: int) -> _Anchor:
        return _Anchor(start, end, self_ref=True)

    def _same_anchor(self, start: int, end: int) -> _Anchor | None:
        last = self.last_instrument
        if last is None:
            return None
        return _Anchor(start, end, last.title, last.doc_number)

    def _bracket(self, i: int, floor: int, end: int) -> tuple[int, bool]:
        """A document number (``冀政办〔2013〕41号``) or a level tag (``【法律】``) at ``i``."""
        tail = _DOC_TAIL.match(self.norm, i, end)
        if tail is not None and (tail.group("open") != "(" or tail.group("hao")):
            start = self._doc_prefix_start(floor, i)
            doc = _DOC_NUMBER.match(self.norm, start, end) if start < i else None
            if doc is not None:
                return self._document(_Anchor(start, doc.end(), doc_number=_format_doc_number(doc)), end), True
        tag = _LEVEL_TAG.match(self.norm, i, end) if self.norm[i] == "【" else None
        if tag is not None:
            self.level_tag = _SPACES.sub("", tag.group("tag")) or None
            return tag.end(), True
        return i + 1, False

    def _doc_prefix_start(self, floor: int, i: int) -> int:
        k = i
        while k > floor and i - k < 15 and "\u4e00" <= self.norm[k - 1] <= "\u9fff":
            k -= 1
        return k + _doc_prefix_offset(self.norm[k:i])

    def _document(self, anchor: _Anchor, end: int) -> int:
        """Emit a citation of a document number, with an article chain if one follows."""
        annex = _ANNEX.match(self.norm, anchor.end, end)
        if annex is not None:
            self._report(
                _problem(
                    "附件条目未解析为条款",
                    "annex reference not parsed as a provision",
                    _clip(self.text, anchor.start, annex.end()),
                )
            )
        chain = _parse_chain(self.norm, _skip_spaces(self.norm, anchor.end, end), end, allow_missing_tiao=False)
        finish = self._emit(anchor, chain)
        return max(finish, annex.end()) if annex else finish

    def _standalone(self, start: int, end: int) -> None:
        """A segment that is only a bare title (``中华人民共和国种子法（2021年修正）``) cites the whole text."""
        m = _STANDALONE.fullmatch(self.norm, start, end) if end - start <= _MAX_STANDALONE else None
        if m is None:
            return
        body_start = m.start("body")
        for part in re.finditer(r"[^、]+", m.group("body")):
            p = _STANDALONE_PART.fullmatch(part.group())
            if p is None or not _looks_like_title(p.group("title")):
                continue
            anchor = _Anchor(
                body_start + part.start() + p.start("title"),
                body_start + part.start() + p.end("notes"),
                normalize_title(p.group("title")),
            )
            for note in re.findall(r"\(([^()]{1,40})\)", p.group("notes")):
                self._take_note(anchor, note)
            self._emit(anchor, None)

    # -- output

    def _report(self, note: str) -> None:
        if len(self.problems) < _MAX_PROBLEMS:
            self.problems.append(note)
        elif len(self.problems) == _MAX_PROBLEMS:
            self.problems.append("其余问题从略 / further problems omitted")

    def _tag_for(self, anchor: _Anchor) -> str | None:
        """The current level tag covers a citation at the head of a segment, not one inside pasted text."""
        if anchor.self_ref or self.level_tag is None:
            return None
        if _TAG_GAP.fullmatch(self.norm, self.floor, anchor.start) is None:
            return None
        return self.level_tag

    def _emit(self, anchor: _Anchor, chain: _Chain | None) -> int:
        end = chain.end if chain else anchor.end
        provisions = chain.provisions if chain else [_EMPTY]
        if chain:
            for note in chain.problems:
                self._report(note)
        if not anchor.self_ref:
            self.last_instrument = anchor
        common = dict(
            raw=self.text[anchor.start : end],
            start=anchor.start,
            end=end,
            title=anchor.title,
            doc_number=anchor.doc_number,
            level_tag=self._tag_for(anchor),
            version_note="；".join(anchor.version_notes) or None,
            self_ref=anchor.self_ref,
        )
        for article, suffix, paragraph, item, subitem in provisions:
            self.citations.append(
                Citation(
                    **common, article=article, article_suffix=suffix, paragraph=paragraph, item=item, subitem=subitem
                )
            )
        return end


def _title_offset(run: str) -> int | None:
    """Where a bare title starts inside ``run`` (the CJK text before 第), or ``None`` if it is no title."""
    cut = 0
    for m in _FRAMING.finditer(run):
        cut = m.end()
    filler = _LEADING_FILLER.match(run, cut)
    if filler:
        cut = filler.end()
    if len(run) - cut > 40:
        prc = run.find("中华人民共和国", cut)
        if prc < 0:
            return None
        cut = prc
    return cut if _looks_like_title(run[cut:]) else None


def parse_basis(text: str | None) -> ParseResult:
    """Parse a legal-basis cell; never raises. See the module docstring for what is recognised."""
    if text is None:
        return ParseResult()
    if not isinstance(text, str):
        text = str(text)
    try:
        return _Parser(text).run()
    except Exception as exc:  # pragma: no cover - defensive: the contract is "never raise"
        return ParseResult(
            (), (_problem("依据解析失败", f"parser error {type(exc).__name__}", _clip(text, 0, len(text))),)
        )


# --- display -------------------------------------------------------------------------------------


def _cn(n: int) -> str:
    return int_to_cn(n) if 0 <= n < 10_000 else str(n)


def format_provision(
    inst_title: str,
    article: int | None = None,
    paragraph: int | None = None,
    item: int | None = None,
    lang: str = "zh",
    article_suffix: int | None = None,
) -> str:
    """Display a provision; pass the title in the language wanted.

    >>> format_provision("中华人民共和国行政处罚法", 20, 1)
    '《中华人民共和国行政处罚法》第二十条第一款'
    >>> format_provision("Administrative Penalty Law", 76, 1, 4, lang="en")
    'Administrative Penalty Law, art. 76(1)(4)'
    """
    if lang == "en":
        return _format_en(inst_title, article, paragraph, item, article_suffix)
    title = inst_title if inst_title.startswith("《") else f"《{inst_title}》"
    if article is None:
        return title
    text = f"{title}第{_cn(article)}条"
    if article_suffix:
        text += f"之{_cn(article_suffix)}"
    if paragraph is not None:
        text += f"第{_cn(paragraph)}款"
    if item is not None:
        text += f"第（{_cn(item)}）项"
    return text


def _format_en(title: str, article: int | None, paragraph: int | None, item: int | None, suffix: int | None) -> str:
    if article is None:
        return title
    text = f"{title}, art. {article}" + (f"-{suffix}" if suffix else "")
    if paragraph is not None:
        text += f"({paragraph})"
        if item is not None:
            text += f"({item})"
    elif item is not None:
        text += f", item ({item})"
    return text

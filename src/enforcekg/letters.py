"""Read delegation letters (委托书) as they are written, from ``.txt`` or ``.docx``.

A letter is prose: parties in a heading block (``委托方（甲方）：…``), the authority in a sentence
(``根据《中华人民共和国水法》第…条的规定``), the matters as a numbered list or a table, the term as two
dates or a duration, and clauses on the name used (``以甲方名义``), document approval (文书审批), archive
keeping (档案管理), supervision, re-delegation, publication and filing.  :func:`parse_letter` finds each
element and the line it is on; an element the letter does not state stays ``None`` and is listed in
:attr:`LetterDoc.missing`, so the audit rules on letter contents (EKG004/005/007/022/023) see it.

>>> doc = parse_letter("委托书.txt", ["示例县水利局行政执法委托书", "示水委〔2022〕3号",
...     "委托方（甲方）：示例县水利局", "受委托方（乙方）：甲镇人民政府",
...     "委托事项：对未经批准擅自取水的处罚。", "委托期限：自2022年3月1日起至2024年2月29日止。",
...     "乙方以甲方名义实施行政处罚，不得再委托。"])
>>> doc.number, doc.delegatee, doc.term_end, doc.name_used, doc.redelegation
('示水委〔2022〕3号', '甲镇人民政府', '2024-02-29', '示例县水利局', '禁止')
>>> [m.text for m in doc.matters], "approval_party" in doc.missing
(['对未经批准擅自取水的处罚'], True)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .legal.citations import is_doc_number, normalize_doc_number
from .legal.numerals import cn_to_int
from .problems import Problems
from .schema import POWER_CATEGORIES
from .tables import ENCODINGS, looks_binary
from .values import parse_date

LETTER_SUFFIXES = (".txt", ".docx")

#: the elements a letter should state: field, zh, en (art. 20(2)–(4) 行政处罚法; the seed report on
#: 文书审批 and 档案管理; 湖南省行政执法条例 art. 7 on filing)
ELEMENTS: tuple[tuple[str, str, str], ...] = (
    ("number", "委托书编号", "letter number"),
    ("delegator", "委托方", "delegator"),
    ("delegatee", "受委托方", "delegatee"),
    ("matters", "委托事项", "delegated matters"),
    ("authority", "委托依据", "legal authority for the delegation"),
    ("term", "委托期限", "term"),
    ("name_used", "执法名义", "name the delegatee acts in"),
    ("approval_party", "文书审批责任", "party approving case documents"),
    ("archive_party", "档案管理责任", "party keeping the case archive"),
    ("supervision_party", "监督责任", "supervising party"),
    ("redelegation", "再委托条款", "re-delegation clause"),
    ("published", "向社会公布", "publication"),
    ("filed", "备案", "filing with the government"),
    ("signed", "签订日期", "date signed"),
)

DELEGATOR_WORDS = ("甲方", "委托方", "委托单位", "委托机关", "委托人")
DELEGATEE_WORDS = ("乙方", "受委托方", "受委托单位", "受委托组织", "受托方", "受托单位", "受托人")
OWN_NAME_WORDS = ("自己", "自身", "本单位", "本机关")
_PARTY_LABEL = re.compile(
    r"^\s*(?P<role>受委托方|受委托单位|受委托组织|受托方|受托单位|委托方|委托单位|委托机关|甲方|乙方)"
    r"\s*(?:\((?:甲方|乙方|委托方|受委托方|盖章|公章|签章)\))?\s*[:：]\s*(?P<name>.*)$"
)
_PARTY_PROSE = re.compile(r"(?P<name>[\u4e00-\u9fff（）()]{2,40}?)\s*\(以下简称\s*[“\"]?(?P<role>甲方|乙方)[”\"]?\)")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+条)")
_ITEM = re.compile(r"^\s*(?:\d{1,3}\s*[.、．)]|\(?[一二三四五六七八九十]{1,3}\)|\(\d{1,3}\))\s*(?P<text>.+)$")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?")
_YEARS = re.compile(r"(?:期限|有效期)[^。；;]{0,6}?为?\s*(?P<n>[0-9一二两三四五六七八九十]{1,3})\s*年")
_NAME_USED = re.compile(r"以\s*(?P<who>[\u4e00-\u9fff（）()]{1,30}?)\s*的?\s*名义")
_NEGATION = ("不得", "不能", "禁止", "严禁", "不予", "无需", "暂不", "不再", "未")
_END_PUNCT = "；;。，,、 "


@dataclass(frozen=True)
class Matter:
    """One delegated matter as the letter lists it."""

    line: int
    text: str
    category: str | None = None


@dataclass
class LetterDoc:
    """What one letter states, each element with the line it was found on (``lines`` is 1-based)."""

    file: str
    lines: list[str]
    title: str | None = None
    number: str | None = None
    delegator: str | None = None
    delegatee: str | None = None
    matters: list[Matter] = field(default_factory=list)
    authority: str | None = None
    term_start: str | None = None
    term_end: str | None = None
    signed: str | None = None
    name_used: str | None = None
    approval_party: str | None = None
    archive_party: str | None = None
    supervision_party: str | None = None
    redelegation: str | None = None
    published: bool | None = None
    filed: bool | None = None
    found: dict[str, int] = field(default_factory=dict)  # element -> line it was read from

    @property
    def missing(self) -> list[str]:
        """Elements (see :data:`ELEMENTS`) the letter does not state."""
        present = {
            "matters": bool(self.matters),
            "term": bool(self.term_end),
        }
        return [name for name, _, _ in ELEMENTS if not present.get(name, getattr(self, name, None) is not None)]

    def line_of(self, element: str) -> int | None:
        return self.found.get(element)


# --- reading -------------------------------------------------------------------------------------


def read_letter(path: Path, problems: Problems, display: str | None = None) -> LetterDoc | None:
    """Read and parse one letter file; unreadable files are reported, never raised."""
    display = display or str(path)
    lines = letter_lines(path, problems, display)
    if lines is None:
        return None
    if not any(line.strip() for line in lines):
        problems.add("file-empty", file=display)
        return None
    return parse_letter(display, lines)


def letter_lines(path: Path, problems: Problems, display: str) -> list[str] | None:
    """The text of a ``.txt`` (UTF-8, BOM or GB18030) or ``.docx`` letter, one entry per line/paragraph."""
    if path.suffix.lower() == ".docx":
        return _docx_lines(path, problems, display)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add("file-unreadable", file=display, detail=exc.strerror or str(exc))
        return None
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not looks_binary(text):
            return text.splitlines()
    problems.add("encoding", file=display)
    return None


def _docx_lines(path: Path, problems: Problems, display: str) -> list[str] | None:
    """Paragraphs and table rows (cells joined by tabs) in document order."""
    import docx  # python-docx: only letters pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for damaged or non-docx files
        problems.add("file-unreadable", file=display, detail=f"不是有效的 .docx 文件 / not a valid .docx file ({type(exc).__name__})")
        return None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [c.text.strip() for c in row.cells]
                lines.append("\t".join(dict.fromkeys(c for c in cells if c)))
    return lines


# --- parsing -------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ").strip()


def parse_letter(file: str, lines: list[str]) -> LetterDoc:
    """Find every element of a letter in its lines; never raises."""
    doc = LetterDoc(file=file, lines=list(lines))
    norm = [_norm(x) for x in lines]
    _title_and_number(doc, norm)
    _parties(doc, norm)
    _matters(doc, norm)
    _authority(doc, norm)
    _term_and_signed(doc, norm)
    _clauses(doc, norm)
    return doc


def _numbered(norm: list[str]) -> list[tuple[int, str]]:
    return [(i + 1, t) for i, t in enumerate(norm) if t]


def _title_and_number(doc: LetterDoc, norm: list[str]) -> None:
    lines = _numbered(norm)
    if lines:
        doc.title = lines[0][1]
        doc.found["title"] = lines[0][0]
    for n, text in lines[:12]:
        m = re.match(r"^(?:委托书)?(?:编号|文号)\s*[:：]\s*(?P<no>.+)$", text)
        candidate = m.group("no") if m else (text if is_doc_number(text) else None)
        if candidate:
            doc.number = normalize_doc_number(candidate) or candidate.strip()
            doc.found["number"] = n
            return


def _clean_name(name: str) -> str | None:
    name = re.split(r"\s{2,}|\t|(?:乙方|甲方|受委托方|负责人|法定代表人)\s*(?:\(|[:：])", name)[0]
    name = re.sub(r"\((?:盖章|公章|签章|签字)\)", "", name).strip(_END_PUNCT)
    return name or None


def _parties(doc: LetterDoc, norm: list[str]) -> None:
    for n, text in _numbered(norm):
        m = _PARTY_LABEL.match(text)
        if m:
            role = "delegatee" if m.group("role") in DELEGATEE_WORDS else "delegator"
            name = _clean_name(m.group("name"))
            if name and getattr(doc, role) is None:
                setattr(doc, role, name)
                doc.found[role] = n
            continue
        for p in _PARTY_PROSE.finditer(text):
            role = "delegator" if p.group("role") == "甲方" else "delegatee"
            name = re.sub(r"^(?:经研究|经协商|现|兹|委托|将|与|和|同)[，,]?", "", p.group("name")).strip(_END_PUNCT)
            if getattr(doc, role) is None and name:
                setattr(doc, role, name)
                doc.found[role] = n


def _category_of(text: str) -> tuple[str, str | None]:
    """Split a trailing category (``…的处罚（行政处罚）`` or a table cell) off a matter."""
    m = re.search(r"\((?P<cat>[\u4e00-\u9fff]{2,8})\)$", text)
    if m and m.group("cat") in POWER_CATEGORIES:
        return text[: m.start()].strip(), m.group("cat")
    return text, None


def _matter_from(line: str) -> tuple[str, str | None] | None:
    """A matter from a numbered line, a table row (``1\\t对…的处罚\\t行政处罚``) or plain text."""
    if "\t" in line:
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if cells and re.fullmatch(r"\d{1,3}", cells[0]):
            cells = cells[1:]
        if not cells or cells[0] in ("事项名称", "委托事项", "职权名称", "序号"):
            return None
        cat = next((c for c in cells[1:] if c in POWER_CATEGORIES), None)
        return cells[0].strip(_END_PUNCT), cat
    m = _ITEM.match(line)
    text = (m.group("text") if m else line).strip(_END_PUNCT)
    return _category_of(text) if text else None


def _matters(doc: LetterDoc, norm: list[str]) -> None:
    lines = _numbered(norm)
    for k, (n, text) in enumerate(lines):
        if not re.search(r"委托(?:的|执法)?(?:事项|内容|范围)", text) or _NAME_USED.search(text):
            continue
        inline = re.split(r"[:：]", text, maxsplit=1)
        if len(inline) == 2 and inline[1].strip(_END_PUNCT):
            for part in re.split(r"[；;]", inline[1]):
                got = _matter_from(part.strip())
                if got and got[0]:
                    doc.matters.append(Matter(n, *got))
        for n2, text2 in lines[k + 1:]:
            if _HEADING.match(text2) or _PARTY_LABEL.match(text2):
                break
            if _ITEM.match(text2) or "\t" in text2:
                got = _matter_from(text2)
                if got and got[0]:
                    doc.matters.append(Matter(n2, *got))
            elif doc.matters:
                break
        if doc.matters:
            doc.found["matters"] = doc.matters[0].line
            return


_AUTHORITY = re.compile(r"(?:根据|依据|依照|按照)(?P<basis>.+?)(?:的有关规定|等有关规定|的规定|之规定|规定)")


def _authority(doc: LetterDoc, norm: list[str]) -> None:
    for n, text in _numbered(norm):
        m = re.match(r"^(?:[一二三四五六七八九十]+\s*[、.．])?\s*委托依据\s*[:：]\s*(?P<basis>.+)$", text)
        m = m or _AUTHORITY.search(text)
        if m:
            basis = m.group("basis").strip(_END_PUNCT)
            if "《" in basis or re.search(r"第.{1,8}条", basis) or normalize_doc_number(basis):
                doc.authority = basis
                doc.found["authority"] = n
                return


def _add_years(start: str, years: int) -> str:
    d = dt.date.fromisoformat(start)
    try:
        end = d.replace(year=d.year + years)
    except ValueError:  # 29 February
        end = d.replace(year=d.year + years, day=28)
    return (end - dt.timedelta(days=1)).isoformat()


def _dates(text: str) -> list[str]:
    out = []
    for m in _DATE.finditer(text):
        d, ok = parse_date(m.group(0))
        if ok and d:
            out.append(d)
    return out


def _term_and_signed(doc: LetterDoc, norm: list[str]) -> None:
    lines = _numbered(norm)
    term_line = None
    for k, (n, text) in enumerate(lines):
        if "期限" not in text and "有效期" not in text:
            continue
        window = text + (" " + lines[k + 1][1] if k + 1 < len(lines) and not _dates(text) else "")
        dates = _dates(window)
        years = _YEARS.search(window)
        if len(dates) >= 2:
            doc.term_start, doc.term_end = dates[0], dates[1]
        elif dates and years:
            doc.term_start, doc.term_end = dates[0], _add_years(dates[0], cn_to_int(years.group("n")) or 0)
        elif dates:
            doc.term_start = dates[0]
        if doc.term_start or doc.term_end:
            doc.found["term"] = n
            term_line = n
            break
    for n, text in lines:
        m = re.search(r"(?:签订|签署|签发|落款)日期\s*[:：]\s*(?P<d>.+)$", text)
        if m and _dates(m.group("d")):
            doc.signed, doc.found["signed"] = _dates(m.group("d"))[0], n
            return
    # otherwise the last date written on its own (the date under the signatures)
    for n, text in reversed(lines):
        if n != term_line and _dates(text) and _DATE.fullmatch(text.strip()):
            doc.signed, doc.found["signed"] = _dates(text)[0], n
            return


def _sentences(norm: list[str]) -> list[tuple[int, str]]:
    out = []
    for n, text in _numbered(norm):
        for s in re.split(r"[。；;]", text):
            if s.strip():
                out.append((n, s.strip()))
    return out


def _negated(text: str, pos: int) -> bool:
    return any(w in text[max(0, pos - 6):pos] for w in _NEGATION)


def _party_word(doc: LetterDoc, word: str) -> str:
    """A party word as the party's name: 甲方 -> the delegator, 乙方 -> the delegatee."""
    if word in DELEGATOR_WORDS and doc.delegator:
        return doc.delegator
    if word in DELEGATEE_WORDS and doc.delegatee:
        return doc.delegatee
    return word


_PARTY_WORDS = "|".join(sorted({*DELEGATOR_WORDS, *DELEGATEE_WORDS, "双方", "甲乙双方", "委托双方"}, key=len, reverse=True))
_RESPONSIBLE = (
    re.compile(rf"接受(?P<p>{_PARTY_WORDS})(?:的)?监督"),
    re.compile(rf"由(?P<p>{_PARTY_WORDS})"),
    re.compile(rf"(?P<p>{_PARTY_WORDS})(?:共同)?负责"),
    re.compile(rf"报(?:送)?(?P<p>{_PARTY_WORDS})"),
    re.compile(rf"(?P<p>{_PARTY_WORDS})"),
)


def _responsible(doc: LetterDoc, sentence: str) -> str | None:
    """Who a responsibility sentence assigns the duty to, as written (双方 stays vague on purpose)."""
    for pattern in _RESPONSIBLE:
        m = pattern.search(sentence)
        if m:
            word = m.group("p")
            return "双方共同负责" if "双方" in word else _party_word(doc, word)
    return None


_DUTIES = (
    ("approval_party", re.compile(r"文书|决定书"), re.compile(r"审批|审核|签发|批准")),
    ("archive_party", re.compile(r"档案|案卷"), re.compile(r"管理|归档|保管|保存|整理")),
    ("supervision_party", re.compile(r"监督"), re.compile(r"监督")),
)


def _clauses(doc: LetterDoc, norm: list[str]) -> None:
    for n, s in _sentences(norm):
        _name_used(doc, n, s)
        for key, topic, verb in _DUTIES:
            if getattr(doc, key) is None and topic.search(s) and verb.search(s):
                who = _responsible(doc, s)
                if who:
                    setattr(doc, key, who)
                    doc.found[key] = n
        if doc.redelegation is None:
            m = re.search(r"(?:再|转)委托|再行委托|委托其他(?:组织|单位)", s)
            if m:
                doc.redelegation = "禁止" if _negated(s, m.start()) else "允许"
                doc.found["redelegation"] = n
        if doc.published is None:
            m = re.search(r"公布|公示|公开", s)
            if m:
                doc.published = not _negated(s, m.start())
                doc.found["published"] = n
        if doc.filed is None:
            m = re.search(r"备案", s)
            if m and "备查" not in s[: m.start()]:
                doc.filed = not _negated(s, m.start())
                doc.found["filed"] = n


def _name_used(doc: LetterDoc, n: int, sentence: str) -> None:
    if doc.name_used is not None:
        return
    for m in _NAME_USED.finditer(sentence):
        if _negated(sentence, m.start()):
            continue
        who = m.group("who")
        if who in DELEGATOR_WORDS:
            doc.name_used = _party_word(doc, who)
        elif who in DELEGATEE_WORDS:
            doc.name_used = f"{doc.delegatee or who}（受委托方名义）"
        elif who in OWN_NAME_WORDS:
            doc.name_used = f"{who}名义"
        else:
            doc.name_used = who
        doc.found["name_used"] = n
        return


# --- records in the dataset format ---------------------------------------------------------------


def letter_record(doc: LetterDoc, number: str | None = None) -> dict[str, str | None]:
    """The letter as a ``letters`` record (field -> text)."""

    def yes_no(v: bool | None) -> str | None:
        return None if v is None else ("是" if v else "否")

    return {
        "number": number or doc.number, "title": doc.title, "delegator": doc.delegator, "delegatee": doc.delegatee,
        "written": "是", "signed": doc.signed, "term_start": doc.term_start, "term_end": doc.term_end,
        "published": yes_no(doc.published), "filed": yes_no(doc.filed),
        "approval_party": doc.approval_party, "archive_party": doc.archive_party,
        "supervision_party": doc.supervision_party, "name_used": doc.name_used, "redelegation": doc.redelegation,
        "note": "由委托书原文提取 / extracted from the letter text",
    }


def delegation_records(doc: LetterDoc, number: str) -> list[tuple[int, dict[str, str | None]]]:
    """One ``delegations`` record per matter, at the matter's line."""
    return [
        (m.line, {
            "power_name": m.text, "category": m.category, "delegator": doc.delegator, "delegatee": doc.delegatee,
            "mode": "委托", "basis": doc.authority, "letter": number, "date": doc.signed or doc.term_start,
            "name_used": doc.name_used, "note": "事项取自委托书 / matter listed in the letter",
        })
        for m in doc.matters
    ]


def report_missing(doc: LetterDoc, problems: Problems) -> None:
    """One warning per element the letter does not state."""
    names = {name: (zh, en) for name, zh, en in ELEMENTS}
    for name in doc.missing:
        zh, en = names[name]
        problems.add("letter-element-missing", file=doc.file, column=zh, detail=en)

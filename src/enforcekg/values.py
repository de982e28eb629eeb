"""Parsers for cell values as they appear in real lists.  Each returns ``(value, ok)``.

``ok`` is False when the text is present but cannot be read; placeholders (``无``, ``—``, ``/``) and empty
cells are *missing* (``None``, ok).

>>> parse_date("2023年7月13日"), parse_date("2023/7/13"), parse_date("2023.07.13"), parse_date("无")
(('2023-07-13', True), ('2023-07-13', True), ('2023-07-13', True), (None, True))
>>> parse_bool("已公布"), parse_bool("未备案"), parse_bool("也许")
((True, True), (False, True), (None, False))
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

PLACEHOLDERS = frozenset({"无", "—", "——", "-", "--", "/", "／", "暂无", "空", "null", "none", "n/a", "na", "待定"})
LIST_SEP = re.compile(r"[；;\n]+")

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_DATE_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2})?$")

TRUE_WORDS = ("是", "有", "已", "true", "yes", "y", "1", "√", "✓")
FALSE_WORDS = ("否", "无", "未", "没有", "false", "no", "n", "0", "×", "✗")


def norm(text: str | None) -> str | None:
    """Strip; placeholders become ``None``.  The text itself is kept as written (full-width brackets stay)."""
    if text is None:
        return None
    s = text.strip()
    if not s or unicodedata.normalize("NFKC", s).lower() in PLACEHOLDERS:
        return None
    return s


def _nfkc(text: str | None) -> str | None:
    s = norm(text)
    return None if s is None else unicodedata.normalize("NFKC", s)


def parse_date(text: str | None) -> tuple[str | None, bool]:
    s = _nfkc(text)
    if s is None:
        return None, True
    m = _DATETIME.match(s)
    if m:
        s = m.group(1)
    m = _DATE.match(s) or _DATE_COMPACT.match(s)
    if not m:
        return None, False
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), True
    except ValueError:
        return None, False


def parse_bool(text: str | None) -> tuple[bool | None, bool]:
    s = _nfkc(text)
    if s is None:
        return None, True
    low = s.lower()
    # "未公布" / "无" / "否" first: they contain no "yes" word but "已" words may contain none either
    for w in FALSE_WORDS:
        if low == w or low.startswith(w):
            return False, True
    for w in TRUE_WORDS:
        if low == w or low.startswith(w):
            return True, True
    return None, False


def parse_int(text: str | None) -> tuple[int | None, bool]:
    s = _nfkc(text)
    if s is None:
        return None, True
    s = s.rstrip("人名个")
    if re.fullmatch(r"\d+", s):
        return int(s), True
    return None, False


def parse_list(text: str | None) -> list[str]:
    """Split a multi-valued cell on ``；``, ``;`` or new lines; drop placeholders."""
    if text is None:
        return []
    return [v for v in (norm(p) for p in LIST_SEP.split(text)) if v]


_TERM = re.compile(r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*(?:至|到|—|-|~|～|－)+\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")


def parse_term(text: str | None) -> tuple[str | None, str | None, bool]:
    """Read a term written as ``2022-01-01至2024-12-31`` (or ``2022年1月1日—2024年12月31日``)."""
    s = _nfkc(text)
    if s is None:
        return None, None, True
    m = _TERM.search(s)
    if not m:
        return None, None, False
    a, ok_a = parse_date(m.group(1))
    b, ok_b = parse_date(m.group(2))
    return a, b, ok_a and ok_b


def name_key(text: str | None) -> str:
    """A matching key for names: NFKC, no spaces, unified brackets.

    >>> name_key(" 湘乡市 水利局（执法大队） ")
    '湘乡市水利局(执法大队)'
    """
    s = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", s)

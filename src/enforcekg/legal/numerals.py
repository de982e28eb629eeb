"""Chinese and Arabic numerals as they appear in article numbers.

Legal texts number articles, paragraphs and items in Chinese (``第一百一十九条``); power lists also use
Arabic and full-width digits (``第19条``, ``第１２条``).

>>> cn_to_int("一百一十九"), cn_to_int("二十"), cn_to_int("十"), cn_to_int("一千零六十二")
(119, 20, 10, 1062)
>>> cn_to_int("１２"), cn_to_int("二〇一九"), cn_to_int("条")
(12, 2019, None)
>>> int_to_cn(20), int_to_cn(103), int_to_cn(1010)
('二十', '一百零三', '一千零一十')
"""

from __future__ import annotations

__all__ = ["cn_to_int", "int_to_cn"]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_DIGITS = "零一二三四五六七八九"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_to_int(s: str) -> int | None:
    """Value of a Chinese, Arabic or full-width numeral; ``None`` if ``s`` is not one.

    Accepts unit forms (``一百零三``, ``十五``, ``两千``), digit-by-digit forms (``二〇一九``) and the
    colloquial ``一百三`` (= 130).
    """
    if not isinstance(s, str):
        return None
    s = s.strip().translate(_FULLWIDTH)
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if all(c in _DIGITS for c in s):
        return int("".join(str(_DIGITS[c]) for c in s))
    return _parse_unit_form(s)


def _parse_unit_form(s: str) -> int | None:
    """Parse ``一千零六十二``-style numerals (units strictly decreasing)."""
    total = 0
    digit: int | None = None
    last_unit = 10_000
    zero_since_unit = False
    for c in s:
        if c in _DIGITS:
            value = _DIGITS[c]
            if value == 0:
                zero_since_unit = True
                continue
            if digit is not None:
                return None
            digit = value
        elif c in _UNITS:
            unit = _UNITS[c]
            if unit >= last_unit:
                return None
            if digit is None:
                if unit != 10:
                    return None
                digit = 1  # 十五, 一百十
            total += digit * unit
            digit, last_unit, zero_since_unit = None, unit, False
        else:
            return None
    if digit is not None:
        colloquial = 100 <= last_unit < 10_000 and not zero_since_unit
        total += digit * (last_unit // 10) if colloquial else digit
    return total


def int_to_cn(n: int) -> str:
    """Chinese numeral for ``0 <= n < 10000`` in statute style (``十``, ``一百一十``, ``一千零一``)."""
    if not 0 <= n < 10_000:
        raise ValueError(f"int_to_cn supports 0..9999, got {n}")
    if n == 0:
        return "零"
    parts: list[str] = []
    pending_zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_CN_DIGITS[d] + name)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text

"""Registry of legal instruments: titles, levels, dates, versions, renumbering and special provisions.

The default registry is read from the CSV files in the repository's ``data/`` folder (or the folder named
by ``ENFORCEKG_DATA_DIR``): ``statutes.csv`` (instruments), ``instrument_versions.csv`` (which text was in
force when), ``article_renumbering.csv`` (old → new article numbers) and ``provisions.csv`` (articles that
allow delegation or give townships a power of their own). Datasets add local instruments with
:meth:`Registry.add`.

Levels always come from the instrument (title, issuer, document number), never from a tag in a cell.

>>> reg = Registry.load_default()
>>> reg.resolve("河道管理条例").level, reg.resolve(doc_number="国发[2021]26号").id
('行政法规', 'sc_notice_2021_26')
>>> reg.renumber("admin_penalty_law", 20, on="2020-06-01"), reg.article_count_at("admin_penalty_law", "2020-06-01")
(18, 64)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .citations import is_doc_number, normalize_doc_number, normalize_title

__all__ = [
    "DATA_DIR_ENV",
    "LEVELS",
    "STATUTORY_LEVELS",
    "Instrument",
    "Registry",
    "Version",
    "default_data_dir",
    "level_rank",
]

LEVELS = (
    "宪法",
    "法律",
    "行政法规",
    "地方性法规",
    "自治条例",
    "部门规章",
    "地方政府规章",
    "规范性文件",
    "内部文件",
    "未知",
)
STATUTORY_LEVELS = frozenset({"宪法", "法律", "行政法规", "地方性法规", "自治条例", "部门规章", "地方政府规章"})
_RANK = {
    "宪法": 7,
    "法律": 6,
    "行政法规": 5,
    "地方性法规": 4,
    "自治条例": 4,
    "部门规章": 3,
    "地方政府规章": 3,
    "规范性文件": 2,
    "内部文件": 1,
    "未知": 0,
}
DATA_DIR_ENV = "ENFORCEKG_DATA_DIR"


def level_rank(level: str) -> int:
    """Higher means higher authority; anything not in :data:`LEVELS` ranks as 未知 (0)."""
    return _RANK.get(level, 0)


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    short_title: str | None
    title_en: str | None
    level: str
    issuer: str | None
    doc_number: str | None
    promulgated: str | None
    effective: str | None
    last_amended: str | None
    status: str | None
    repealed: str | None
    article_count: int | None
    aliases: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class Version:
    """One text of an instrument: in force from ``version_from`` to ``version_to`` (both inclusive)."""

    instrument_id: str
    version_from: str | None
    version_to: str | None
    kind: str | None
    article_count: int | None
    note: str | None


def default_data_dir() -> Path:
    """``$ENFORCEKG_DATA_DIR`` if set, else the shipped ``data/`` (see :mod:`enforcekg.resources`)."""
    from ..resources import data_dir

    return data_dir()


# --- CSV reading ---------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str | None]]:
    """Rows with empty cells as ``None``; a missing file is an empty table."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: (v.strip() or None) if v else None for k, v in row.items()} for row in csv.DictReader(f)]


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() in {"true", "1", "yes", "是"}


def _instrument_from_row(row: dict[str, str | None]) -> Instrument:
    return Instrument(
        id=row["id"] or "",
        title=row["title_zh"] or "",
        short_title=row.get("short_title_zh"),
        title_en=row.get("title_en"),
        level=row.get("level") or "未知",
        issuer=row.get("issuer"),
        doc_number=row.get("doc_number"),
        promulgated=row.get("promulgated"),
        effective=row.get("effective"),
        last_amended=row.get("last_amended"),
        status=row.get("status"),
        repealed=row.get("repealed"),
        article_count=_int(row.get("article_count")),
        aliases=tuple(a.strip() for a in re.split(r"[；;]", row.get("aliases") or "") if a.strip()),
        source=row.get("source"),
    )


def _version_from_row(row: dict[str, str | None]) -> Version:
    return Version(
        instrument_id=row["instrument_id"] or "",
        version_from=row.get("version_from"),
        version_to=row.get("version_to"),
        kind=row.get("kind"),
        article_count=_int(row.get("article_count")),
        note=row.get("note"),
    )


def _provision_from_row(row: dict[str, str | None]) -> dict:
    return {
        "instrument_id": row["instrument_id"],
        "article": _int(row.get("article")),
        "paragraph": _int(row.get("paragraph")),
        "item": _int(row.get("item")),
        "allows_delegation": _bool(row.get("allows_delegation")),
        "township_competent": _bool(row.get("township_competent")),
        "note": row.get("note"),
    }


def _iso(on: str | date) -> str:
    """``on`` as an ISO date string (dates compare correctly as strings)."""
    text = on.isoformat()[:10] if isinstance(on, date) else str(on).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"expected an ISO date YYYY-MM-DD, got {on!r}")
    return text


# --- title matching and level inference ----------------------------------------------------------

_PRC = "中华人民共和国"
_TRAILING_VERSION = re.compile(r"（[^（）]{0,20}?(?:修正|修订|修改)[^（）]{0,6}）$")
_PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|"
    "四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
_LOCAL_TITLE = re.compile(
    rf"(?:{_PROVINCES})|(?!城市|城乡|城镇|中华人民共和国)[\u4e00-\u9fff]{{2,6}}?(?:市(?!场|容|政|民)|自治州|自治县|县|旗|盟)"
)
_LAW_TITLE = re.compile(r"(?:法|法典)$")
_NOT_LAW = re.compile(r"(?:办法|方法|做法|执法|司法)$")
_RULE_TITLE = re.compile(r"(?:办法|规定|细则|规则)$")
_NORMATIVE_TITLE = re.compile(r"(?:通知|意见|目录|方案|清单|批复|函|通告|公告|指南|纲要|标准)(?:（[^（）]{1,12}）)?$")
_IMPLEMENTS_LAW = re.compile(r"实施〈[^〈〉]+法〉(?:办法|条例|细则)$|实施[\u4e00-\u9fff]+法办法$")
_MINISTRY = re.compile(r"(?:部|委员会|总局|局|署|银行)$")


def _title_variants(title: str) -> list[str]:
    """Keys to look ``title`` up under: as written, without/with 中华人民共和国, without a version note."""
    t = normalize_title(title)
    variants = [t]
    stripped = _TRAILING_VERSION.sub("", t)
    if stripped and stripped != t:
        variants.append(stripped)
    for v in list(variants):
        variants.append(v[len(_PRC) :] if v.startswith(_PRC) else _PRC + v)
    return [v for v in variants if v]


def _is_local(title: str) -> bool:
    return _LOCAL_TITLE.match(title) is not None


def _infer_unknown_level(title: str, issuer: str, doc_number: str | None) -> str:
    """Level of an instrument the registry does not know, from its title, issuer and 文号."""
    if "纪要" in title:
        return "内部文件"
    if normalize_doc_number(doc_number) or is_doc_number(title):
        return "规范性文件"
    if title.endswith("宪法"):
        return "宪法"
    local = _is_local(title) or _is_local(issuer)
    national_congress = "全国人民代表大会" in issuer
    is_law_title = _LAW_TITLE.search(title) and not _NOT_LAW.search(title) and not local
    if is_law_title and (national_congress or title.startswith(_PRC) or not issuer):
        return "法律"
    if national_congress and title.endswith("决定"):
        return "法律"
    if title.endswith(("自治条例", "单行条例")):
        return "自治条例"
    if title.endswith("条例"):
        if local:
            return "地方性法规"
        if title.startswith(_PRC) or issuer in ("", "国务院"):
            return "行政法规"
    if _RULE_TITLE.search(title):
        return _rule_level(title, issuer, local)
    if _NORMATIVE_TITLE.search(title):
        return "规范性文件"
    return "未知"


def _rule_level(title: str, issuer: str, local: bool) -> str:
    """办法/规定/细则/规则: a local regulation, a government rule, a ministry rule or a State Council one."""
    if local:
        if "人民代表大会" in issuer or (not issuer and _IMPLEMENTS_LAW.search(title)):
            return "地方性法规"
        if issuer.endswith("人民政府"):
            return "地方政府规章"
        return "未知"
    if issuer == "国务院":
        return "行政法规"
    if issuer and _MINISTRY.search(issuer):
        return "部门规章"
    return "未知"


# --- the registry --------------------------------------------------------------------------------


class Registry:
    """Instruments indexed by id, title variants and document number, with their versions."""

    def __init__(
        self,
        instruments: tuple[Instrument, ...] | list[Instrument] = (),
        versions: tuple[Version, ...] | list[Version] = (),
        renumbering: tuple[dict, ...] | list[dict] = (),
        provisions: tuple[dict, ...] | list[dict] = (),
    ) -> None:
        self._instruments: dict[str, Instrument] = {}
        self._by_title: dict[str, tuple[int, str]] = {}  # key -> (priority, id); lower priority wins
        self._by_doc_number: dict[str, str] = {}
        self._versions: dict[str, list[Version]] = {}
        for v in versions:
            self._versions.setdefault(v.instrument_id, []).append(v)
        for vs in self._versions.values():
            vs.sort(key=lambda v: v.version_from or "")
        self._renumbering = list(renumbering)
        self._provisions = list(provisions)
        for inst in instruments:
            self.add(inst)

    @classmethod
    def load(cls, data_dir: str | Path) -> Registry:
        """Read the four CSV files from ``data_dir`` (missing files are empty)."""
        d = Path(data_dir)
        renumbering = [
            {
                "instrument_id": r["instrument_id"],
                "old_version_to": r["old_version_to"],
                "old_article": _int(r["old_article"]),
                "new_article": _int(r["new_article"]),
            }
            for r in _read_csv(d / "article_renumbering.csv")
        ]
        return cls(
            instruments=[_instrument_from_row(r) for r in _read_csv(d / "statutes.csv")],
            versions=[_version_from_row(r) for r in _read_csv(d / "instrument_versions.csv")],
            renumbering=renumbering,
            provisions=[_provision_from_row(r) for r in _read_csv(d / "provisions.csv")],
        )

    @classmethod
    def load_default(cls) -> Registry:
        """The registry shipped in ``data/`` (or ``$ENFORCEKG_DATA_DIR``)."""
        return cls.load(default_data_dir())

    # -- instruments

    def add(self, inst: Instrument) -> None:
        """Add or replace an instrument. Existing titles keep pointing at the instrument indexed first,
        except that an official title beats a short title or alias."""
        self._instruments[inst.id] = inst
        self._index(inst.title, 0, inst.id)
        for name in (inst.short_title, *inst.aliases):
            if name:
                self._index(name, 1, inst.id)
        number = normalize_doc_number(inst.doc_number)
        if number:
            self._by_doc_number.setdefault(number, inst.id)

    def _index(self, title: str, priority: int, inst_id: str) -> None:
        for rank, key in enumerate(_title_variants(title)):
            entry = (priority * 10 + rank, inst_id)
            if key not in self._by_title or entry[0] < self._by_title[key][0]:
                self._by_title[key] = entry

    def get(self, id: str) -> Instrument | None:
        return self._instruments.get(id)

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self._instruments.values())

    def __len__(self) -> int:
        return len(self._instruments)

    def resolve(self, title: str | None = None, doc_number: str | None = None) -> Instrument | None:
        """The instrument named by a document number or a title (full, short, alias, with or without
        中华人民共和国, with a trailing version note); ``None`` if nothing matches."""
        for number in (doc_number, title):
            key = normalize_doc_number(number) if number else None
            if key and key in self._by_doc_number:
                return self._instruments[self._by_doc_number[key]]
        if not title:
            return None
        for key in _title_variants(title):
            entry = self._by_title.get(key)
            if entry:
                return self._instruments[entry[1]]
        return None

    def infer_level(self, title: str | None, issuer: str | None = None, doc_number: str | None = None) -> str:
        """The level of an instrument: the registry's when it is known, else inferred from its title,
        issuer and 文号 (never from a tag in the cell)."""
        known = self.resolve(title, doc_number)
        if known is not None:
            return known.level
        return _infer_unknown_level(normalize_title(title) if title else "", (issuer or "").strip(), doc_number)

    # -- versions and dates

    def versions(self, instrument_id: str) -> list[Version]:
        """Known texts, oldest first; an added instrument without version rows gets one from its record."""
        if instrument_id in self._versions:
            return list(self._versions[instrument_id])
        inst = self.get(instrument_id)
        if inst is None:
            return []
        start = inst.effective or inst.last_amended or inst.promulgated
        return [Version(inst.id, start, inst.repealed, None, inst.article_count, "derived from the instrument record")]

    def version_at(self, instrument_id: str, on: str | date | None) -> Version | None:
        """The text in force on ``on`` (``None`` → the current text); ``None`` if no known text covers it."""
        versions = self.versions(instrument_id)
        if not versions:
            return None
        if on is None:
            current = [v for v in versions if v.version_to is None]
            return (current or versions)[-1]
        day = _iso(on)
        for v in reversed(versions):
            if (v.version_from is None or v.version_from <= day) and (v.version_to is None or day <= v.version_to):
                return v
        return None

    def article_count_at(self, instrument_id: str, on: str | date | None) -> int | None:
        version = self.version_at(instrument_id, on)
        return version.article_count if version else None

    def in_force(self, instrument_id: str, on: str | date) -> bool | None:
        """Whether the instrument was in force on ``on``; ``None`` when the registry cannot tell."""
        inst = self.get(instrument_id)
        if inst is None:
            return None
        day = _iso(on)
        if inst.repealed and day >= inst.repealed:
            return False
        origin = next(
            (v.version_from for v in self.versions(instrument_id) if v.kind == "制定" and v.version_from), None
        )
        if origin:
            return day >= origin
        if inst.promulgated and day < inst.promulgated:
            return False
        if inst.status == "已废止" and not inst.repealed:
            return None
        starts = [v.version_from for v in self.versions(instrument_id) if v.version_from]
        if starts and day >= min(starts):
            return True
        if inst.status == "尚未施行":
            return False if starts else None
        return True if inst.promulgated else None

    def renumber(self, instrument_id: str, article: int, on: str | date) -> int:
        """Map a current article number to the number it had in the text in force on ``on``
        (行政处罚法 20 → 18 before 2021-07-15); identity when no renumbering is known."""
        day = _iso(on)
        rows = sorted(self._renumbering_rows(instrument_id), key=lambda r: r["old_version_to"], reverse=True)
        for old_to in dict.fromkeys(r["old_version_to"] for r in rows):
            if day <= old_to:
                mapping = {r["new_article"]: r["old_article"] for r in rows if r["old_version_to"] == old_to}
                article = mapping.get(article, article)
        return article

    def to_current(self, instrument_id: str, article: int, on: str | date) -> int:
        """Inverse of :meth:`renumber`: the current number of an article cited by a document dated ``on``
        (an old list's 《行政处罚法》第十八条 is today's art. 20)."""
        day = _iso(on)
        rows = sorted(self._renumbering_rows(instrument_id), key=lambda r: r["old_version_to"])
        for old_to in dict.fromkeys(r["old_version_to"] for r in rows):
            if day <= old_to:
                mapping = {r["old_article"]: r["new_article"] for r in rows if r["old_version_to"] == old_to}
                article = mapping.get(article, article)
        return article

    def _renumbering_rows(self, instrument_id: str) -> list[dict]:
        return [r for r in self._renumbering if r["instrument_id"] == instrument_id]

    def special_provisions(self) -> list[dict]:
        """Rows of ``provisions.csv``: ``instrument_id``, ``article``, ``paragraph``, ``item`` (int or None),
        ``allows_delegation``, ``township_competent`` (bool), ``note``."""
        return [dict(p) for p in self._provisions]

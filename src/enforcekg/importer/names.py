"""Names matched across files: units (主体/机构) and powers (事项), every guess listed for review.

Units: a name that is in no subject or body table is matched to a known unit when one name ends with
the other (``县水利局`` → ``示例县水利局``, ``甲镇`` → ``甲镇人民政府``); a body-like name that starts with a
unit's name is that unit's body (``甲镇农业综合服务中心``); anything else is inferred as a new unit with
a kind read from its name.  Powers: a power named in a delegation catalog, a transfer or a township list
that is on no power list is matched to the most similar listed name (``取水许可审批`` → ``取水许可``),
preferring the delegator's own list; ties are not guessed.  Every match and inference is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from ..build import RecordSet, SheetStats
from ..problems import Problems
from ..sheets import SHEETS
from ..values import LIST_SEP, name_key, norm

#: (kind, field) holding unit names; ``True`` when the cell may list several
SUBJECT_REFS: tuple[tuple[str, str, bool], ...] = (
    ("powers", "holder", False), ("delegations", "delegator", False), ("delegations", "delegatee", False),
    ("letters", "delegator", False), ("letters", "delegatee", False), ("adjustments", "from", False),
    ("adjustments", "to", True), ("staffing", "unit", False), ("bodies", "parent", False),
)
#: (kind, body field, owner field): handling bodies named in a row, owned by the row's unit
BODY_REFS: tuple[tuple[str, str, str], ...] = (("powers", "body", "holder"), ("delegations", "body", "delegatee"))

FUZZY_THRESHOLD = 0.8
FUZZY_MARGIN = 0.05
INFERRED_FILE = "（导入推定 / inferred by import）"
_BODY_END = re.compile(r"(?:大队|中队|支队|站|所|中心|科|股|室)$")
_PUNCT = re.compile(r"[\s、，,。；;:：（）()《》〈〉<>“”\"'·]")


def subject_kind(name: str) -> str:
    """The subject kind a unit's name suggests (``甲镇`` -> 乡镇人民政府, ``…水利局`` -> 政府部门)."""
    rules = (
        (r"(?:镇|乡)(?:人民政府)?$", "乡镇人民政府"), (r"街道(?:办事处)?$", "街道办事处"), (r"人民政府$", "人民政府"),
        (r"(?:村民委员会|村委会)$", "村民委员会"), (r"(?:居民委员会|居委会|社区)$", "居民委员会"),
        (r"(?:公司|企业|厂|合作社)$", "企业"), (r"(?:局|委员会|委|办公室|办)$", "政府部门"),
        (r"(?:中心|站|所|院|馆|队)$", "事业单位"),
    )
    return next((kind for pattern, kind in rules if re.search(pattern, name)), "其他")


def body_kind(name: str) -> str:
    """The body kind a body's name suggests."""
    if re.search(r"综合(?:行政)?执法(?:大队|中队)$", name):
        return "综合行政执法大队"
    if re.search(r"(?:大队|支队|中队)$", name):
        return "执法大队"
    if re.search(r"(?:站|所|办)$", name):
        return "站办所"
    if name.endswith("中心"):
        return "服务中心"
    return "内设机构"


def variants(name: str) -> set[str]:
    """A unit's name with and without the words that are often left out (人民政府, 办事处)."""
    out = {name}
    m = re.match(r"^(?P<short>.+?(?:镇|乡))(?:人民政府)?$", name)
    if m:
        out |= {m.group("short"), m.group("short") + "人民政府"}
    m = re.match(r"^(?P<short>.+?街道)(?:办事处)?$", name)
    if m:
        out |= {m.group("short"), m.group("short") + "办事处"}
    return out


def same_unit(a: str, b: str) -> bool:
    """Whether two unit names name the same unit: one ends with the other (名称含县市前缀与否)."""
    for x in variants(name_key(a)):
        for y in variants(name_key(b)):
            short, long_ = sorted((x, y), key=len)
            if len(short) >= 2 and long_.endswith(short) and (len(short) >= 3 or short.endswith(("镇", "乡"))):
                return True
    return False


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return _PUNCT.sub("", name_key(text))


def scorer(query: str, floor: float = 0.0):
    """A function scoring candidates against ``query`` (0–1); scores below ``floor`` may come back as 0.

    A name contained in the other scores at least by their length ratio.  The query's matcher is
    built once and cheap upper bounds skip hopeless candidates, so one query runs fast over a long list.
    """
    kq = _key(query)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(kq)

    def score(candidate: str) -> float:
        kc = _key(candidate)
        if not kq or not kc:
            return 0.0
        contained = 0.5 + 0.5 * min(len(kq), len(kc)) / max(len(kq), len(kc)) if (kc in kq or kq in kc) else 0.0
        matcher.set_seq1(kc)
        if contained < floor and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
            return 0.0
        return max(contained, matcher.ratio())

    return score


def similarity(a: str, b: str) -> float:
    """How alike two power names are (0–1).

    >>> round(similarity("取水许可审批", "取水许可"), 2)
    0.83
    """
    return scorer(a)(b)


def best_match(name: str, candidates: Iterable[str]) -> tuple[str | None, float, list[str]]:
    """(match, score, rivals): the most similar candidate above the threshold, unless another is as close."""
    score = scorer(name, FUZZY_THRESHOLD)
    scored = sorted(((score(c), c) for c in set(candidates)), reverse=True)
    scored = [(s, c) for s, c in scored if s >= FUZZY_THRESHOLD]
    if not scored:
        return None, 0.0, []
    rivals = [c for s, c in scored[1:] if scored[0][0] - s < FUZZY_MARGIN]
    return (None if rivals else scored[0][1]), scored[0][0], [scored[0][1], *rivals] if rivals else []


@dataclass
class Cell:
    """One name in one record (``index``: position in a multi-valued cell)."""

    rs: RecordSet
    row: int
    rec: dict[str, str | None]
    field: str
    text: str
    index: int | None = None

    def where(self, column: str | None = None) -> dict:
        return dict(self.rs.where, row=self.row, column=column or self.field)

    def replace(self, new: str) -> None:
        if self.index is None:
            self.rec[self.field] = new
        else:
            parts = [p for p in LIST_SEP.split(self.rec[self.field] or "") if norm(p)]
            parts[self.index] = new
            self.rec[self.field] = "；".join(parts)


def _column(rs: RecordSet, field_name: str) -> str:
    return SHEETS[rs.kind].column(field_name).zh


def subject_cells(sets: Iterable[RecordSet]) -> Iterator[Cell]:
    for rs in sets:
        for kind, f, many in SUBJECT_REFS:
            if rs.kind != kind:
                continue
            for row, rec in rs.records:
                if norm(rec.get(f)) is None:
                    continue
                if many:  # names as written (placeholders dropped); matching keys normalise them
                    parts = [p.strip() for p in LIST_SEP.split(rec[f]) if norm(p)]
                    for i, p in enumerate(parts):
                        yield Cell(rs, row, rec, f, p, i)
                else:
                    yield Cell(rs, row, rec, f, rec[f].strip())


@dataclass
class Units:
    """The known units (from subject and body tables) and those inferred by this import."""

    problems: Problems
    infer: bool
    subjects: dict[str, str] = field(default_factory=dict)  # key of name/id/alias -> subject name
    bodies: dict[str, set[str]] = field(default_factory=dict)  # key of body name -> owners (subject names)
    kinds: dict[str, str] = field(default_factory=dict)  # subject name -> kind
    new_subjects: list[tuple[str, str, Cell]] = field(default_factory=list)  # (name, kind, first cell)
    new_bodies: dict[tuple[str, str], tuple[str, Cell]] = field(default_factory=dict)  # (owner, name) -> (kind, cell)

    @classmethod
    def of(cls, sets: list[RecordSet], problems: Problems, infer: bool) -> Units:
        units = cls(problems, infer)
        for rs in sets:
            for _, rec in rs.records:
                if rs.kind == "subjects" and norm(rec.get("name")):
                    name = norm(rec["name"])
                    units.kinds[name] = norm(rec.get("kind")) or "其他"
                    for k in (name, norm(rec.get("id")), *LIST_SEP.split(rec.get("aliases") or "")):
                        if norm(k):
                            units.subjects[name_key(k)] = name
        for rs in sets:
            for _, rec in rs.records:
                if rs.kind == "bodies" and norm(rec.get("name")):
                    parent = norm(rec.get("parent")) or ""
                    units.bodies.setdefault(name_key(norm(rec["name"])), set()).add(units.subjects.get(name_key(parent), parent))
        return units

    def known(self, name: str) -> bool:
        key = name_key(name)
        return key in self.subjects or key in self.bodies

    def canonical(self) -> list[str]:
        return list(dict.fromkeys(self.subjects.values()))

    def resolve(self, cells: list[Cell]) -> None:
        """Rewrite every unit name to a known or inferred unit.

        Names are taken most used first (then longest), so the spelling most rows use becomes the
        inferred unit's name and rarer variants are matched to it; body-like names come last, when
        every unit they may belong to is known.
        """
        by_text: dict[str, list[Cell]] = {}
        for c in cells:
            by_text.setdefault(c.text, []).append(c)
        order = sorted(by_text, key=lambda t: (bool(_BODY_END.search(t)), -len(by_text[t]), -len(t), t))
        for text in order:
            target = self._resolve_one(text, by_text[text][0])
            if target and target != text:
                for c in by_text[text]:
                    c.replace(target)

    def _resolve_one(self, text: str, first: Cell) -> str | None:
        if self.known(text):
            return text
        hits = [s for s in self.canonical() if same_unit(text, s)]
        if len(hits) == 1:
            self.problems.add("fuzzy-match", value=text, detail=hits[0], **first.where(_column(first.rs, first.field)))
            return hits[0]
        if len(hits) > 1:
            self.problems.add("fuzzy-ambiguous", value=text, detail="、".join(hits), **first.where(_column(first.rs, first.field)))
            return None
        owner = self._owner_by_prefix(text) if _BODY_END.search(text) else None
        if owner and self.infer:
            self.add_body(owner, text, first)
            return text
        if self.infer:
            kind = subject_kind(text)
            self.subjects[name_key(text)] = text
            self.kinds[text] = kind
            self.new_subjects.append((text, kind, first))
            self.problems.add("subject-inferred", value=text, detail=kind, **first.where(_column(first.rs, first.field)))
            return text
        return None

    def _owner_by_prefix(self, text: str) -> str | None:
        owners = {s for s in self.canonical() for v in variants(s) if len(v) >= 2 and text.startswith(v) and len(text) > len(v)}
        return owners.pop() if len(owners) == 1 else None

    def add_body(self, owner: str, name: str, cell: Cell) -> None:
        key = (owner, name)
        if key not in self.new_bodies:
            kind = body_kind(name)
            self.new_bodies[key] = (kind, cell)
            self.bodies.setdefault(name_key(name), set()).add(owner)
            self.problems.add("body-inferred", value=name, detail=f"{owner}的{kind}", **cell.where(_column(cell.rs, cell.field)))

    def owner_subject(self, name: str | None) -> str | None:
        """The subject a unit name stands for (a body stands for its only owner)."""
        if not name:
            return None
        key = name_key(name)
        if key in self.subjects:
            return self.subjects[key]
        owners = self.bodies.get(key, set())
        return next(iter(owners)) if len(owners) == 1 else None

    def body_known(self, name: str, owner: str) -> bool:
        """A body of ``owner`` with this name, or whose name ends with it (综合行政执法大队 within 甲镇)."""
        key = name_key(name)
        return any(owner in owners or "" in owners for k, owners in self.bodies.items() if k == key or k.endswith(key) and owner in owners)

    def resolve_bodies(self, sets: Iterable[RecordSet]) -> None:
        """Handling bodies (承办机构) that no body table lists become bodies of the row's unit."""
        if not self.infer:
            return
        for rs in sets:
            for kind, f, owner_field in BODY_REFS:
                if rs.kind != kind:
                    continue
                for row, rec in rs.records:
                    name, owner = norm(rec.get(f)), self.owner_subject(norm(rec.get(owner_field)))
                    if name and owner and not self.body_known(name, owner):
                        self.add_body(owner, name, Cell(rs, row, rec, f, name))

    def inferred_sets(self) -> list[RecordSet]:
        """Subject and body records for every inferred unit, as record sets of their own."""
        out = []
        if self.new_subjects:
            rs = RecordSet("subjects", SheetStats(INFERRED_FILE, "执法主体", "subjects"))
            rs.records = [(i + 1, {"id": name, "name": name, "kind": kind,
                                   "note": f"按名称推定，首见于 {_origin(c)} / inferred from the name"})
                          for i, (name, kind, c) in enumerate(self.new_subjects)]
            rs.stats.read = len(rs.records)
            out.append(rs)
        if self.new_bodies:
            rs = RecordSet("bodies", SheetStats(INFERRED_FILE, "机构", "bodies"))
            rs.records = [(i + 1, {"id": f"{owner}/{name}", "name": name, "kind": kind, "parent": owner,
                                   "note": f"按名称推定，首见于 {_origin(c)} / inferred from the name"})
                          for i, ((owner, name), (kind, c)) in enumerate(self.new_bodies.items())]
            rs.stats.read = len(rs.records)
            out.append(rs)
        return out


def _origin(cell: Cell) -> str:
    s = cell.rs.stats.file + (f"#{cell.rs.stats.sheet}" if cell.rs.stats.sheet else "")
    return f"{s}!{cell.row}"


# --- powers --------------------------------------------------------------------------------------


@dataclass
class PowerIndex:
    """Power names (and codes) listed in power lists, by holder."""

    names: dict[str, set[str]] = field(default_factory=dict)  # holder -> names
    codes: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, sets: Iterable[RecordSet], exclude: set[str] | None = None) -> PowerIndex:
        idx = cls()
        for rs in sets:
            if rs.kind != "powers":
                continue
            for _, rec in rs.records:
                name, holder = norm(rec.get("name")), norm(rec.get("holder")) or ""
                if not name or holder in (exclude or set()):
                    continue
                idx.names.setdefault(holder, set()).add(name)
                idx.keys.add(name_key(name))
                if norm(rec.get("subitem")):
                    idx.keys.add(name_key(f"{name}/{norm(rec['subitem'])}"))
                if norm(rec.get("code")):
                    idx.codes.add(norm(rec["code"]))
        return idx

    def listed(self, name: str | None, code: str | None) -> bool:
        return bool((code and code in self.codes) or (name and name_key(name) in self.keys))

    def match(self, name: str, holder: str | None) -> tuple[str | None, float, list[str]]:
        """Best fuzzy match, first among the holder's own powers, then among all."""
        own = self.names.get(holder or "", set())
        if own:
            hit = best_match(name, own)
            if hit[0] or hit[2]:
                return hit
        return best_match(name, {n for names in self.names.values() for n in names})


def match_powers(sets: list[RecordSet], problems: Problems, units: Units, only: list[RecordSet] | None = None) -> None:
    """Rewrite power names that are on no list to the most similar listed name, with a warning each."""
    townships = {s for s, k in units.kinds.items() if k in ("乡镇人民政府", "街道办事处")}
    index = PowerIndex.of(sets)
    county = PowerIndex.of(sets, exclude=townships)
    for rs in only if only is not None else sets:
        for row, rec in rs.records:
            if rs.kind == "delegations":
                _match_cell(rs, row, rec, "power_name", index, norm(rec.get("delegator")), problems, rec.get("power_code"))
            elif rs.kind == "adjustments":
                _match_list(rs, row, rec, index, norm(rec.get("from")), problems)
            elif rs.kind == "powers" and norm(rec.get("holder")) in townships and norm(rec.get("source_type")) != "法定":
                # a township item delegated or assigned to it is the county's power under another name
                _match_cell(rs, row, rec, "name", county, None, problems, rec.get("code"), report_only_hits=True)


def _match_cell(rs, row, rec, f, index: PowerIndex, holder, problems, code, report_only_hits: bool = False) -> None:
    name = norm(rec.get(f))
    if not name or index.listed(name, norm(code)):
        return
    hit, score, rivals = index.match(name, holder)
    where = dict(rs.where, row=row, column=_column(rs, f))
    if hit:
        rec[f] = hit
        problems.add("fuzzy-match", value=name, detail=f"{hit}（相似度 {score:.2f}）", **where)
    elif rivals and not report_only_hits:
        problems.add("fuzzy-ambiguous", value=name, detail="、".join(rivals), **where)


def _match_list(rs, row, rec, index: PowerIndex, holder, problems) -> None:
    parts = [norm(p) for p in LIST_SEP.split(rec.get("powers") or "") if norm(p)]
    out = []
    for p in parts:
        sub = {"powers": p}
        _match_cell(rs, row, sub, "powers", index, holder, problems, p)
        out.append(sub["powers"])
    if parts:
        rec["powers"] = "；".join(out)


# --- delegations written only as prose -----------------------------------------------------------

_PROSE = re.compile(r"委托|下放|赋权|赋予|交由")


def check_notes(sets: list[RecordSet], problems: Problems) -> None:
    """Warn about power-list remarks that record a delegation no catalog row records."""
    recorded = set()
    for rs in sets:
        if rs.kind == "delegations":
            for _, rec in rs.records:
                key = name_key(norm(rec.get("power_name")) or "")
                recorded |= {(name_key(norm(rec.get("delegator")) or ""), key), (name_key(norm(rec.get("delegatee")) or ""), key)}
    for rs in sets:
        if rs.kind != "powers":
            continue
        for row, rec in rs.records:
            note = norm(rec.get("note"))
            m = _PROSE.search(note or "")
            if not m or any(w in note[max(0, m.start() - 3):m.start()] for w in ("不得", "未", "不", "无", "禁止")):
                continue
            if (name_key(norm(rec.get("holder")) or ""), name_key(norm(rec.get("name")) or "")) not in recorded:
                problems.add("delegation-in-note", value=note, row=row, column=_column(rs, "note"), **rs.where)

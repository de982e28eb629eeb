"""Build a :class:`~enforcekg.graph.KnowledgeGraph` from located records.

Read, then transform, then load: :func:`read_records` turns one sheet into located records, and
:func:`build_graph` turns records of every kind into nodes and edges of the declared schema, collecting
every problem on the way with its file, sheet, row and column (:mod:`enforcekg.problems`).  Nothing raises
on user data and no row disappears: each row is imported, merged, rejected or skipped, with a reason.

Both the dataset-folder loader (:mod:`enforcekg.dataset`) and the importer of raw inputs
(:mod:`enforcekg.importer`) build through this module.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import values as V
from .graph import DatasetInfo, KnowledgeGraph
from .legal.citations import parse_basis
from .legal.registry import Registry, level_rank
from .problems import Problems
from .schema import BODY_KINDS, JURISDICTION_LEVELS, POWER_CATEGORIES, SUBJECT_KINDS
from .sheets import LOAD_ORDER, SHEETS, SheetSpec
from .tables import Header, RawSheet, find_header, iter_records

TOWNSHIP_KINDS = ("乡镇人民政府", "街道办事处")
STATION_KINDS = ("站办所", "服务中心")

# category spellings seen in real lists -> declared category
_CATEGORY_ALIASES = {
    "强制措施": "行政强制措施",
    "行政强制（措施）": "行政强制措施",
    "强制执行": "行政强制执行",
    "行政强制（执行）": "行政强制执行",
    "许可": "行政许可",
    "处罚": "行政处罚",
    "检查": "行政检查",
    "确认": "行政确认",
    "征收": "行政征收",
    "给付": "行政给付",
    "奖励": "行政奖励",
    "裁决": "行政裁决",
    "其他": "其他行政权力",
}


@dataclass
class SheetStats:
    """Row accounting for one file or sheet: read = imported + merged + rejected + skipped."""

    file: str
    sheet: str | None
    kind: str | None
    read: int = 0
    imported: int = 0
    merged: int = 0
    rejected: int = 0
    #: rows that are not records (titles, section headings, footnotes, repeated headers), each reported
    skipped: int = 0

    @property
    def balanced(self) -> bool:
        """Every row read is accounted for exactly once."""
        return self.read == self.imported + self.merged + self.rejected + self.skipped

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class LoadResult:
    graph: KnowledgeGraph
    problems: Problems
    stats: list[SheetStats] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def normalise_category(text: str | None) -> str | None:
    s = V.norm(text)
    if s is None:
        return None
    s = s.replace("(", "（").replace(")", "）")
    s = _CATEGORY_ALIASES.get(s, s)
    if s not in POWER_CATEGORIES and s.endswith("类"):
        s = s[:-1]
    return _CATEGORY_ALIASES.get(s, s)


def stable_key(text: str) -> str:
    """A compact id fragment from a name: normalised, no spaces."""
    return V.name_key(text)


class _Loader:
    """One load run: the graph under construction, the indexes and the problems."""

    def __init__(self, info: DatasetInfo, registry: Registry, problems: Problems) -> None:
        self.kg = KnowledgeGraph(info)
        self.reg = registry
        self.p = problems
        self.names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # label -> key -> ids
        self.power_by_code: dict[str, str] = {}
        self.power_by_name: dict[str, str] = {}
        self.instrument_keys: dict[str, str] = {}
        self.first_row: dict[str, str] = {}  # node/act id -> "file:row" where first defined
        self.stats: list[SheetStats] = []
        #: (file, sheet, row) -> where ``enforcekg import`` read the row in the original input
        self.origins: dict[tuple[str | None, str | None, int | None], str] = {}

    def sources(self, where: dict[str, Any]) -> list[str]:
        """Provenance of a record: its row in the dataset, and its original cell when it was imported."""
        own = _src(where)
        origin = self.origins.get((where.get("file"), where.get("sheet"), where.get("row")))
        return [own, origin] if origin and origin != own else [own]

    # -- indexes ----------------------------------------------------------------------------------

    def index_name(self, label: str, node_id: str, *names: str | None) -> None:
        for n in (node_id, *names):
            if n:
                ids = self.names[label][V.name_key(n)]
                if node_id not in ids:
                    ids.append(node_id)

    def lookup(self, label: str, text: str) -> list[str]:
        return self.names[label].get(V.name_key(text), [])

    def ref(self, text: str | None, where: dict[str, Any], *, bodies: str = "subject", what: str = "执法主体") -> str | None:
        """Resolve a subject reference; ``bodies``: 'subject' maps a body to its subject, 'allow' keeps it."""
        s = V.norm(text)
        if s is None:
            return None
        hits = self.lookup("Subject", s)
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            self.p.add("ambiguous-ref", value=s, detail="、".join(hits), **where)
            return None
        body_hits = self.lookup("Body", s)
        if len(body_hits) == 1:
            if bodies == "allow":
                return body_hits[0]
            parent = self.kg.one(body_hits[0], "PART_OF")
            if parent:
                self.p.add("body-as-subject", value=s, detail=self.kg.name(parent), **where)
                return parent
        self.p.add("unknown-ref", value=s, detail=f"应为{what}的名称或编码", **where)
        return None

    def body_ref(self, text: str | None, owner: str | None, where: dict[str, Any]) -> str | None:
        s = V.norm(text)
        if s is None:
            return None
        hits = self.lookup("Body", s)
        if owner and len(hits) > 1:
            hits = [h for h in hits if self.kg.one(h, "PART_OF") == owner]
        if len(hits) == 1:
            return hits[0]
        if owner:  # "综合行政执法大队" written without the township's name: match within the owner
            own = [b for b in self.kg.into(owner, "PART_OF", "Body") if V.name_key(self.kg.name(b)).endswith(V.name_key(s))]
            if len(own) == 1:
                return own[0]
        self.p.add("unknown-ref" if not hits else "ambiguous-ref", value=s,
                   detail="应为机构表中的机构名称" if not hits else "、".join(hits), **where)
        return None

    def power_ref(self, code: str | None, name: str | None) -> str | None:
        c, n = V.norm(code), V.norm(name)
        if c and V.name_key(c) in self.power_by_code:
            return self.power_by_code[V.name_key(c)]
        if n and V.name_key(n) in self.power_by_name:
            return self.power_by_name[V.name_key(n)]
        return None

    # -- values -----------------------------------------------------------------------------------

    def val(self, rec: dict[str, Any], spec: SheetSpec, name: str, where: dict[str, Any]) -> Any:
        """Parse one field of a record by its declared type; bad values are reported, give ``None``."""
        col = spec.column(name)
        raw = rec.get(name)
        loc = dict(where, column=col.zh)
        if col.type == "date":
            v, ok = V.parse_date(raw)
            if not ok:
                self.p.add("bad-date", value=raw, **loc)
        elif col.type == "int":
            v, ok = V.parse_int(raw)
            if not ok:
                self.p.add("bad-int", value=raw, **loc)
        elif col.type == "bool":
            v, ok = V.parse_bool(raw)
            if not ok:
                self.p.add("bad-bool", value=raw, **loc)
        elif col.type in ("list", "refs"):
            v = V.parse_list(raw)
        else:
            v = V.norm(raw)
        if col.required and (v is None or v == []):
            if V.norm(raw) is None:
                self.p.add("value-missing", **loc)
        return v

    # -- citations --------------------------------------------------------------------------------

    def instrument_node(self, inst) -> str:
        """Add a registry instrument to the graph (once) and return its id."""
        if inst.id not in self.kg:
            self.kg.add_node(
                "Instrument", inst.id,
                title=inst.title, short_title=inst.short_title, number=inst.doc_number,
                level=inst.level, level_rank=level_rank(inst.level), issuer=inst.issuer,
                issuer_level=issuer_level(inst.issuer, self.kg),
                promulgated=inst.promulgated, effective=inst.effective, repealed=inst.repealed,
                status=inst.status, article_count=self.max_article_count(inst), resolved=True,
                sources=[inst.source] if inst.source else None,
            )
        return inst.id

    def max_article_count(self, inst) -> int | None:
        counts = [v.article_count for v in self.reg.versions(inst.id) if v.article_count] if hasattr(self.reg, "versions") else []
        if inst.article_count:
            counts.append(inst.article_count)
        return max(counts) if counts else None

    def unresolved_instrument(self, title: str | None, number: str | None, where: dict[str, Any]) -> str:
        key = number or title or "?"
        iid = "unresolved:" + stable_key(key)
        if iid not in self.kg:
            level = self.reg.infer_level(title, None, number)
            self.kg.add_node(
                "Instrument", iid, title=title or number or key, number=number, level=level,
                level_rank=level_rank(level), resolved=False, sources=self.sources(where),
            )
            self.p.add("citation-unknown", value=f"《{title}》" if title else number, detail=level, **where)
        return iid

    def resolve_instrument(self, title: str | None, number: str | None, where: dict[str, Any]) -> str:
        inst = self.reg.resolve(title=title, doc_number=number)
        if inst is not None:
            return self.instrument_node(inst)
        return self.unresolved_instrument(title, number, where)

    def cite(self, act_id: str, text: str | None, where: dict[str, Any]) -> list[str]:
        """Parse a basis cell, add the provisions, link them with BASED_ON from ``act_id``."""
        s = V.norm(text)
        if s is None:
            return []
        result = parse_basis(s)
        for msg in result.problems:
            self.p.add("citation-unparsed", value=msg, **where)
        if not result.citations:
            self.p.add("citation-unparsed", value=s[:80], **where)
            return []
        provisions = []
        last_inst: str | None = None
        for c in result.citations:
            if c.self_ref:
                if last_inst is None:
                    continue
                inst_id = last_inst
            else:
                inst_id = self.resolve_instrument(c.title, c.doc_number, where)
                last_inst = inst_id
            inst = self.kg.node(inst_id)
            if c.level_tag and inst.get("resolved") and not _tag_agrees(c.level_tag, inst["level"]):
                self.p.add("level-tag-mismatch", value=c.level_tag, detail=inst["level"], **where)
            pid = provision_id(inst_id, c.article, c.article_suffix, c.paragraph, c.item)
            if pid not in self.kg:
                self.kg.add_node(
                    "Provision", pid, ref=provision_label(c.article, c.article_suffix, c.paragraph, c.item),
                    article=c.article, article_suffix=c.article_suffix, paragraph=c.paragraph, item=c.item,
                    raw=[c.raw],
                )
                self.kg.add_edge(pid, "PART_OF", inst_id)
            else:
                raws = self.kg.node(pid).setdefault("raw", [])
                if c.raw not in raws:
                    raws.append(c.raw)
            self.kg.add_edge(act_id, "BASED_ON", pid)
            provisions.append(pid)
        return provisions

    def apply_special_provisions(self) -> None:
        """Flag provisions the registry knows to allow delegation or to give townships a power."""
        flags = {}
        for row in self.reg.special_provisions():
            key = provision_id(row["instrument_id"], row.get("article"), None, row.get("paragraph"), row.get("item"))
            flags[key] = row
        for pid in list(self.kg.nodes("Provision")):
            d = self.kg.node(pid)
            # a flag on an article covers its paragraphs and items; a flag on a paragraph covers its items
            inst = self.kg.one(pid, "PART_OF")
            art, suffix, para = d.get("article"), d.get("article_suffix"), d.get("paragraph")
            for key in (pid, provision_id(inst, art, suffix, para, None), provision_id(inst, art, suffix, None, None)):
                row = flags.get(key)
                if row:
                    if row.get("allows_delegation"):
                        d["allows_delegation"] = True
                    if row.get("township_competent"):
                        d["township_competent"] = True


def provision_id(inst_id: str, article: int | None, suffix: int | None, paragraph: int | None, item: int | None) -> str:
    """``admin_penalty_law#20.1.4`` style ids; ``#`` alone is the whole instrument."""
    parts = []
    if article is not None:
        parts.append(f"{article}" + (f"-{suffix}" if suffix else ""))
        if paragraph is not None:
            parts.append(str(paragraph))
        if item is not None:
            if paragraph is None:
                parts.append("0")
            parts.append(str(item))
    return f"{inst_id}#{'.'.join(parts)}"


def provision_label(article: int | None, suffix: int | None, paragraph: int | None, item: int | None) -> str:
    from .legal.numerals import int_to_cn

    if article is None:
        return "全文"
    s = f"第{int_to_cn(article)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")
    if paragraph is not None:
        s += f"第{int_to_cn(paragraph)}款"
    if item is not None:
        s += f"第（{int_to_cn(item)}）项"
    return s


def _tag_agrees(tag: str, level: str) -> bool:
    tag = tag.strip("【】[] ")
    if tag == level:
        return True
    if tag in ("规章",):
        return level in ("部门规章", "地方政府规章")
    if tag in ("法规",):
        return level in ("行政法规", "地方性法规", "自治条例")
    if tag in ("规范性文件", "其他"):
        return level in ("规范性文件", "内部文件")
    return False


def issuer_level(issuer: str | None, kg: KnowledgeGraph) -> str | None:
    """The level of an issuing organ: by the dataset's jurisdiction names, else by its wording."""
    if not issuer:
        return None
    best: tuple[int, str] | None = None
    for j in kg.nodes("Jurisdiction"):
        d = kg.node(j)
        name = d.get("name") or ""
        if name and name in issuer and (best is None or len(name) > best[0]):
            best = (len(name), d["level"])
    if best:
        return best[1]
    if issuer.startswith(("国务院", "全国人民代表大会", "中华人民共和国")) or re.search(r"(部|总局|委员会)$", issuer) and "省" not in issuer and "市" not in issuer:
        return "国家"
    if re.search(r"(省|自治区)", issuer):
        return "省"
    if "市" in issuer:
        return "市"
    if "县" in issuer or "区" in issuer:
        return "县"
    return None


def _src(where: dict[str, Any]) -> str:
    s = where.get("file") or ""
    if where.get("sheet"):
        s += f"#{where['sheet']}"
    if where.get("row") is not None:
        s += f"!{where['row']}"
    return s


# --- sheet handlers ----------------------------------------------------------------------------


def _load_jurisdictions(L: _Loader, spec: SheetSpec, rows, where0, stats: SheetStats) -> None:
    pending = []
    for rownum, rec in rows:
        w = dict(where0, row=rownum)
        jid, name, level = (L.val(rec, spec, f, w) for f in ("id", "name", "level"))
        if not jid or not name or not level:
            stats.rejected += 1
            continue
        if level not in JURISDICTION_LEVELS:
            L.p.add("bad-code", value=level, detail="区划层级（" + "/".join(JURISDICTION_LEVELS) + "）", column=spec.column("level").zh, **w)
            stats.rejected += 1
            continue
        if jid in L.kg:
            L.p.add("duplicate", detail=L.first_row.get(jid, "?"), column=spec.column("id").zh, **w)
            stats.rejected += 1
            continue
        L.kg.add_node("Jurisdiction", jid, name=name, level=level, sources=L.sources(w))
        L.first_row[jid] = str(rownum)
        L.index_name("Jurisdiction", jid, name)
        pending.append((jid, L.val(rec, spec, "parent", w), w))
        stats.imported += 1
    for jid, parent, w in pending:
        if parent:
            hits = L.lookup("Jurisdiction", parent)
            if len(hits) == 1:
                L.kg.add_edge(jid, "PART_OF", hits[0])
            else:
                L.p.add("unknown-ref", value=parent, detail="应为区划表中的编码或名称", column=spec.column("parent").zh, **w)


def _load_subjects(L: _Loader, spec: SheetSpec, rows, where0, stats: SheetStats) -> None:
    for rownum, rec in rows:
        w = dict(where0, row=rownum)
        sid, name, kind = (L.val(rec, spec, f, w) for f in ("id", "name", "kind"))
        if not sid or not name:
            stats.rejected += 1
            continue
        if sid in L.kg:
            L.p.add("duplicate", detail=L.first_row.get(sid, "?"), column=spec.column("id").zh, **w)
            stats.rejected += 1
            continue
        if kind not in SUBJECT_KINDS:
            if kind is not None:
                L.p.add("bad-code", value=kind, detail="主体类型（" + "/".join(SUBJECT_KINDS) + "）", column=spec.column("kind").zh, **w)
            kind = "其他"
        organ = L.val(rec, spec, "admin_organ", w)
        aliases = L.val(rec, spec, "aliases", w)
        L.kg.add_node(
            "Subject", sid, name=name, kind=kind,
            admin_organ=SUBJECT_KINDS[kind][1] if organ is None else organ,
            township=kind in TOWNSHIP_KINDS, aliases=aliases or None, note=L.val(rec, spec, "note", w),
            sources=L.sources(w),
        )
        L.first_row[sid] = str(rownum)
        L.index_name("Subject", sid, name, *aliases)
        jur = L.val(rec, spec, "jurisdiction", w)
        if jur:
            hits = L.lookup("Jurisdiction", jur)
            if len(hits) == 1:
                L.kg.add_edge(sid, "LOCATED_IN", hits[0])
            else:
                L.p.add("unknown-ref", value=jur, detail="应为区划表中的编码或名称", column=spec.column("jurisdiction").zh, **w)
        stats.imported += 1


def _load_bodies(L: _Loader, spec: SheetSpec, rows, where0, stats: SheetStats) -> None:
    for rownum, rec in rows:
        w = dict(where0, row=rownum)
        bid, name, kind = (L.val(rec, spec, f, w) for f in ("id", "name", "kind"))
        parent = L.ref(rec.get("parent"), dict(w, column=spec.column("parent").zh))
        if not bid or not name or not parent:
            if rec.get("parent") is None:
                L.val(rec, spec, "parent", w)
            stats.rejected += 1
            continue
        if bid in L.kg:
            L.p.add("duplicate", detail=L.first_row.get(bid, "?"), column=spec.column("id").zh, **w)
            stats.rejected += 1
            continue
        if kind not in BODY_KINDS:
            if kind is not None:
                L.p.add("bad-code", value=kind, detail="机构类型（" + "/".join(BODY_KINDS) + "）", column=spec.column("kind").zh, **w)
            kind = "内设机构"
        aliases = L.val(rec, spec, "aliases", w)
        L.kg.add_node("Body", bid, name=name, kind=kind, aliases=aliases or None,
                      note=L.val(rec, spec, "note", w), sources=L.sources(w))
        L.kg.add_edge(bid, "PART_OF", parent)
        L.first_row[bid] = str(rownum)
        L.index_name("Body", bid, name, *aliases)
        stats.imported += 1


def _load_instruments(L: _Loader, spec: SheetSpec, rows, where0, stats: SheetStats) -> None:
    from .legal.registry import LEVELS, Instrument

    for rownum, rec in rows:
        w = dict(where0, row=rownum)
        title = L.val(rec, spec, "title", w)
        if not title:
            stats.rejected += 1
            continue
        number = L.val(rec, spec, "number", w)
        iid = L.val(rec, spec, "id", w) or "doc:" + stable_key(number or title)
        level = L.val(rec, spec, "level", w)
        issuer = L.val(rec, spec, "issuer", w)
        if level is not None and level not in LEVELS:
            L.p.add("bad-code", value=level, detail="效力层级（" + "/".join(LEVELS) + "）", column=spec.column("level").zh, **w)
            level = None
        level = level or L.reg.infer_level(title, issuer, number)
        known = L.reg.resolve(title=title, doc_number=number)
        if known is not None and known.id != iid:
            L.p.add("merged", detail=f"法规库“{known.title}”", **w)
            stats.merged += 1
            continue
        if iid in L.kg:
            L.p.add("duplicate", detail=L.first_row.get(iid, "?"), **w)
            stats.rejected += 1
            continue
        inst = Instrument(
            id=iid, title=title, short_title=L.val(rec, spec, "short_title", w), title_en=None, level=level,
            issuer=issuer, doc_number=number, promulgated=L.val(rec, spec, "promulgated", w),
            effective=L.val(rec, spec, "effective", w), last_amended=None, status=L.val(rec, spec, "status", w),
            repealed=L.val(rec, spec, "repealed", w), article_count=L.val(rec, spec, "article_count", w),
            source=_src(w),
        )
        L.reg.add(inst)
        L.instrument_node(inst)
        L.index_name("Instrument", iid, title, number)  # documents columns may name it by code, title or 文号
        node = L.kg.node(iid)
        il = L.val(rec, spec, "issuer_level", w)
        if il:
            node["issuer_level"] = il
        pub = L.val(rec, spec, "published", w)
        if pub is not None:
            node["published"] = pub
        if issuer:
            hits = L.lookup("Subject", issuer)
            if len(hits) == 1:
                L.kg.add_edge(iid, "ISSUED_BY", hits[0])
        L.first_row[iid] = str(rownum)
        stats.imported += 1


def _ensure_power(L: _Loader, code: str | None, name: str, subitem: str | None, category: str | None, w) -> str:
    pid = L.power_ref(code, name if not subitem else f"{name}/{subitem}")
    if pid is None:
        pid = "P:" + stable_key(code) if code else "P:" + stable_key(name + (f"/{subitem}" if subitem else ""))
        L.kg.add_node("Power", pid, name=name, code=code, subitem=subitem, category=category or "其他行政权力",
                      sources=L.sources(w))
        if code:
            L.power_by_code[V.name_key(code)] = pid
        key = V.name_key(name + (f"/{subitem}" if subitem else ""))
        L.power_by_name.setdefault(key, pid)
        if not subitem:
            L.power_by_name.setdefault(V.name_key(name), pid)
    else:
        L.kg.add_node("Power", pid, sources=L.sources(w))
    return pid


def _category(L: _Loader, rec, spec, w) -> str | None:
    raw = L.val(rec, spec, "category", w)
    cat = normalise_category(raw)
    if raw is not None and cat not in POWER_CATEGORIES:
        L.p.add("bad-code", value=raw, detail="职权类型（" + "/".join(POWER_CATEGORIES) + "）", column=spec.column("category").zh, **w)
        return None
    return cat


def _exercise(L: _Loader, holder: str, body: str, power: str, w) -> None:
    eid = f"E:{holder}:{body}:{power}"
    L.kg.add_node("Exercise", eid, kind="Exercise", sources=L.sources(w))
    L.kg.add_edge(eid, "FROM", holder)
    L.kg.add_edge(eid, "TO", body)
    L.kg.add_edge(eid, "CONCERNS", power)


def _load_powers(L: _Loader, spec: SheetSpec, rows, where0, stats: SheetStats) -> None:
    for rownum, rec in rows:
        w = dict(where0, row=rownum)
        name = L.val(rec, spec, "name", w)
        category = _category(L, rec, spec, w)
        holder = L.ref(rec.get("holder"), dict(w, column=spec.column("holder").zh))
        if rec.get("holder") is None:
            L.val(rec, spec, "holder", w)
        if not name or not holder:
            stats.rejected += 1
            continue
        code = L.val(rec, spec, "code", w)
        subitem = L.val(rec, spec, "subitem", w)
        pid = _ensure_power(L, code, name, subitem, category, w)
        hid = f"H:{holder}:{pid}"
        if hid in L.kg:
            L.p.add("duplicate", detail=L.first_row.get(hid, "?"), column=spec.column("name").zh, **w)
            stats.rejected += 1
            continue
        L.kg.add_node(
            "Holding", hid, kind="Holding", status=L.val(rec, spec, "status", w) or "有效",
            list_version=L.val(rec, spec, "list_version", w), source_type=L.val(rec, spec, "source_type", w),
            note=L.val(rec, spec, "note", w), sources=L.sources(w),
        )
        L.first_row[hid] = str(rownum)
        L.kg.add_edge(hid, "TO", holder)
        L.kg.add_edge(hid, "CONCERNS", pid)
        L.cite(hid, rec.get("basis"), dict(w, column=spec.column("basis").zh))
        body = L.body_ref(rec.get("body"), holder, dict(w, column=spec.column("body").zh))
        if body:
            _exercise(L, holder, body, pid, w)
        stats.imported += 1


def _load_letters(L: _Loader, spec: SheetSpec, rows, where0, stats: SheetStats) -> None:
    for rownum, rec in rows:
        w = dict(where0, row=rownum)
        number = L.val(rec, spec, "number", w)
        if not number:
            stats.rejected += 1
            continue
        lid = "L:" + stable_key(number)
        if lid in L.kg:
            L.p.add("duplicate", detail=L.first_row.get(lid, "?"), column=spec.column("number").zh, **w)
            stats.rejected += 1
            continue
        start, end = L.val(rec, spec, "term_start", w), L.val(rec, spec, "term_end", w)
        term = L.val(rec, spec, "term", w)
        if term and not (start and end):
            a, b, ok = V.parse_term(term)
            if not ok:
                L.p.add("bad-date", value=term, column=spec.column("term").zh, **w)
            start, end = start or a, end or b
        written = L.val(rec, spec, "written", w)
        props = dict(
            number=number, title=L.val(rec, spec, "title", w), signed=L.val(rec, spec, "signed", w),
            term_start=start, term_end=end, written=True if written is None else written, content_known=True,
            published=L.val(rec, spec, "published", w), filed=L.val(rec, spec, "filed", w),
            approval_party=L.val(rec, spec, "approval_party", w), archive_party=L.val(rec, spec, "archive_party", w),
            supervision_party=L.val(rec, spec, "supervision_party", w), name_used=L.val(rec, spec, "name_used", w),
            redelegation=L.val(rec, spec, "redelegation", w), note=L.val(rec, spec, "note", w), sources=L.sources(w),
        )
        L.kg.add_node("Letter", lid, **props)
        L.first_row[lid] = str(rownum)
        # parties are checked against the delegation rows that cite the letter
        for f in ("delegator", "delegatee"):
            L.ref(rec.get(f), dict(w, column=spec.column(f).zh), bodies="allow")
        stats.imported += 1


_ASSIGN_WORDS = ("交由", "自身名义", "以乡镇名义", "以街道名义")


def _load_delegations(L: _Loader, spec: SheetSpec, rows, where0, stats: SheetStats) -> None:
    for rownum, rec in rows:
        w = dict(where0, row=rownum)
        delegator = L.ref(rec.get("delegator"), dict(w, column=spec.column("delegator").zh))
        delegatee = L.ref(rec.get("delegatee"), dict(w, column=spec.column("delegatee").zh), bodies="allow")
        for f in ("delegator", "delegatee"):
            if rec.get(f) is None:
                L.val(rec, spec, f, w)
        code, pname = L.val(rec, spec, "power_code", w), L.val(rec, spec, "power_name", w)
        if not code and not pname:
            L.p.add("value-missing", column=spec.column("power_name").zh, **w)
        if not delegator or not delegatee or not (code or pname):
            stats.rejected += 1
            continue
        category = _category(L, rec, spec, w)
        pid = L.power_ref(code, pname)
        if pid is None:
            L.p.add("power-unknown", value=pname or code, column=spec.column("power_name").zh, **w)
            pid = _ensure_power(L, code, pname or code, None, category, w)
        mode = L.val(rec, spec, "mode", w)
        name_used = L.val(rec, spec, "name_used", w)
        # the legal form decides, not the word: 交由 or "以自身名义" in the form column is an assignment
        # (art. 24); a 委托 whose delegatee is recorded as acting in its own name stays a delegation (EKG022)
        kind = "Assignment" if any(x in (mode or "") for x in _ASSIGN_WORDS) else "Delegation"
        did = L.val(rec, spec, "id", w) or f"{kind[0]}:{delegator}:{delegatee}:{pid}"
        if did in L.kg:
            L.p.add("duplicate", detail=L.first_row.get(did, "?"), **w)
            stats.rejected += 1
            continue
        letter_no = L.val(rec, spec, "letter", w)
        letter = None
        if letter_no:
            letter = "L:" + stable_key(letter_no)
            if letter not in L.kg:
                L.kg.add_node("Letter", letter, number=letter_no, written=True, content_known=False, sources=L.sources(w))
                L.p.add("letter-unknown", value=letter_no, column=spec.column("letter").zh, **w)
        catalog = _catalog_letter_facts(L, rec, spec, w)
        if letter:
            _complete_letter(L, letter, catalog, w)
        ld = L.kg.node(letter) if letter else catalog
        L.kg.add_node(
            kind, did, kind=kind, date=L.val(rec, spec, "date", w) or ld.get("signed") or ld.get("term_start"),
            end=ld.get("term_end"), status=L.val(rec, spec, "status", w) or "有效", mode=mode,
            name_used=name_used or ld.get("name_used"), note=L.val(rec, spec, "note", w), sources=L.sources(w),
        )
        L.first_row[did] = str(rownum)
        L.kg.add_edge(did, "FROM", delegator)
        L.kg.add_edge(did, "TO", delegatee)
        L.kg.add_edge(did, "CONCERNS", pid)
        if letter:
            L.kg.add_edge(did, "RECORDED_IN", letter)
        L.cite(did, rec.get("basis"), dict(w, column=spec.column("basis").zh))
        body = L.body_ref(rec.get("body"), delegatee, dict(w, column=spec.column("body").zh))
        if body:
            _exercise(L, delegatee, body, pid, w)
        stats.imported += 1


#: catalog column -> letter property it completes (the row's 委托日期/签订日期 stays the delegation's own date)
_CATALOG_LETTER_FACTS = (("term_start", "term_start"), ("term_end", "term_end"), ("published", "published"))


def _catalog_letter_facts(L: _Loader, rec, spec: SheetSpec, w) -> dict[str, Any]:
    """What a catalog row says about its letter: term and publication."""
    facts = {prop: L.val(rec, spec, col, w) for col, prop in _CATALOG_LETTER_FACTS}
    term = L.val(rec, spec, "term", w)
    if term and not (facts["term_start"] and facts["term_end"]):
        start, end, ok = V.parse_term(term)
        if not ok:
            L.p.add("bad-date", value=term, column=spec.column("term").zh, **w)
        facts["term_start"], facts["term_end"] = facts["term_start"] or start, facts["term_end"] or end
    return {k: v for k, v in facts.items() if v is not None}


def _complete_letter(L: _Loader, letter: str, facts: dict[str, Any], w) -> None:
    """Fill what the letter does not say from the catalog; report where the two disagree."""
    ld = L.kg.node(letter)
    for prop, value in facts.items():
        if ld.get(prop) is None:
            ld[prop] = value
        elif ld[prop] != value:
            col = {"term_start": "委托期限起", "term_end": "委托期限止", "published": "是否公布"}[prop]
            shown = ("是" if value else "否") if isinstance(value, bool) else value
            L.p.add("letter-fact-mismatch", column=col, value=shown, detail=f"委托书{ld.get('number')}", **w)


_ADJ_KINDS = (
    ("划转", "Transfer", None),
    ("相对集中行政许可", "Centralisation", "行政许可"),
    ("相对集中许可", "Centralisation", "行政许可"),
    ("相对集中", "Centralisation", "行政处罚"),
    ("交由", "Assignment", None),
)


def _doc_ref(L: _Loader, text: str, w) -> str:
    hits = L.lookup("Instrument", text)
    if len(hits) == 1:
        return hits[0]
    res = parse_basis(text)
    c = res.citations[0] if res.citations else None
    title = c.title if c and c.title else (None if c and c.doc_number else text)
    number = c.doc_number if c else None
    return L.resolve_instrument(title, number, w)


def _load_adjustments(L: _Loader, spec: SheetSpec, rows, where0, stats: SheetStats) -> None:
    for rownum, rec in rows:
        w = dict(where0, row=rownum)
        kind_raw = L.val(rec, spec, "kind", w)
        frm = L.ref(rec.get("from"), dict(w, column=spec.column("from").zh))
        if rec.get("from") is None:
            L.val(rec, spec, "from", w)
        tos = [t for t in (L.ref(x, dict(w, column=spec.column("to").zh)) for x in L.val(rec, spec, "to", w)) if t]
        date = L.val(rec, spec, "date", w)
        match = next(((k, cat) for word, k, cat in _ADJ_KINDS if kind_raw and word in kind_raw), None)
        if kind_raw and match is None:
            L.p.add("bad-code", value=kind_raw, detail="调整类型（划转/相对集中行政处罚权/相对集中行政许可权/交由）", column=spec.column("kind").zh, **w)
        if match is None or not frm or not tos:
            stats.rejected += 1
            continue
        kind, default_cat = match
        aid = L.val(rec, spec, "id", w) or f"{kind[0]}:{frm}:{'+'.join(tos)}:{date or ''}"
        if aid in L.kg:
            L.p.add("duplicate", detail=L.first_row.get(aid, "?"), **w)
            stats.rejected += 1
            continue
        L.kg.add_node(kind, aid, kind=kind, date=date, mode=kind_raw, note=L.val(rec, spec, "note", w), sources=L.sources(w))
        L.first_row[aid] = str(rownum)
        L.kg.add_edge(aid, "FROM", frm)
        for t in tos:
            L.kg.add_edge(aid, "TO", t)
        powers = []
        for ref in L.val(rec, spec, "powers", w):
            pid = L.power_ref(ref, ref)
            if pid is None:
                L.p.add("unknown-ref", value=ref, detail="应为权力清单中的事项名称或编码", column=spec.column("powers").zh, **w)
            else:
                powers.append(pid)
        scope = normalise_category(L.val(rec, spec, "scope_category", w))
        if scope or (not powers and default_cat and not L.val(rec, spec, "powers", w)):
            scope = scope or default_cat
            held = [L.kg.one(h, "CONCERNS") for h in L.kg.into(frm, "TO", "Holding")]
            matched = [p for p in held if p and L.kg.node(p).get("category") == scope]
            if not matched:
                L.p.add("scope-empty", value=scope, column=spec.column("scope_category").zh, **w)
            powers.extend(matched)
        for pid in dict.fromkeys(powers):
            L.kg.add_edge(aid, "CONCERNS", pid)
        for ref in L.val(rec, spec, "documents", w):
            L.kg.add_edge(aid, "RECORDED_IN", _doc_ref(L, ref, dict(w, column=spec.column("documents").zh)))
        stats.imported += 1


def _load_staffing(L: _Loader, spec: SheetSpec, rows, where0, stats: SheetStats) -> None:
    for rownum, rec in rows:
        w = dict(where0, row=rownum)
        unit = L.ref(rec.get("unit"), dict(w, column=spec.column("unit").zh))
        if rec.get("unit") is None:
            L.val(rec, spec, "unit", w)
        officers, reviewers = L.val(rec, spec, "officers", w), L.val(rec, spec, "reviewers", w)
        date = L.val(rec, spec, "date", w) or L.kg.info.audit_date
        if not unit or officers is None or reviewers is None:
            stats.rejected += 1
            continue
        sid = f"S:{unit}:{date or ''}"
        if sid in L.kg:
            L.p.add("duplicate", detail=L.first_row.get(sid, "?"), **w)
            stats.rejected += 1
            continue
        L.kg.add_node("Staffing", sid, date=date, officers=officers, reviewers=reviewers, sources=L.sources(w))
        L.kg.add_edge(sid, "OF", unit)
        L.first_row[sid] = str(rownum)
        stats.imported += 1


HANDLERS = {
    "jurisdictions": _load_jurisdictions,
    "subjects": _load_subjects,
    "bodies": _load_bodies,
    "instruments": _load_instruments,
    "powers": _load_powers,
    "letters": _load_letters,
    "delegations": _load_delegations,
    "adjustments": _load_adjustments,
    "staffing": _load_staffing,
}


@dataclass
class RecordSet:
    """The located records of one kind read from one file or sheet, ready for :func:`build_graph`."""

    kind: str
    stats: SheetStats
    records: list[tuple[int, dict[str, str | None]]] = field(default_factory=list)

    @property
    def where(self) -> dict[str, Any]:
        return {"file": self.stats.file, "sheet": self.stats.sheet}


def check_header(header: Header, spec: SheetSpec, where: dict[str, Any], problems: Problems,
                 supplied: frozenset[str] = frozenset()) -> bool:
    """Report duplicate, unused and missing columns; True when every required column is there.

    ``supplied`` names required fields that the caller fills from elsewhere (a title row).
    """
    for text in header.duplicates:
        problems.add("column-duplicate", column=text, row=header.row, **where)
    for _, text in header.unused:
        problems.add("column-unused", column=text, row=header.row, **where)
    missing = [c for c in spec.columns if c.required and c.name not in header.fields and c.name not in supplied]
    for c in missing:
        problems.add("column-missing", column=c.zh, row=header.row, detail="、".join(c.headers), **where)
    return not missing


def no_header(sheet: RawSheet, spec: SheetSpec, stats: SheetStats, problems: Problems) -> None:
    """Report a sheet without a recognisable header row and reject all its rows."""
    problems.add("column-missing", column=spec.columns[0].zh,
                 detail="未找到表头行 / no header row found: " + "、".join(c.headers[0] for c in spec.columns if c.required),
                 file=sheet.file, sheet=sheet.sheet)
    stats.read = stats.rejected = sum(1 for r in sheet.rows if any(r))


def read_records(sheet: RawSheet, kind: str, problems: Problems) -> RecordSet:
    """Find the header of a sheet in the dataset format and read its records."""
    spec = SHEETS[kind]
    rs = RecordSet(kind, SheetStats(sheet.file, sheet.sheet, kind))
    if not any(any(r) for r in sheet.rows):
        problems.add("file-empty", **rs.where)
        return rs
    header = find_header(sheet.rows, spec)
    if header is None:
        no_header(sheet, spec, rs.stats, problems)
        return rs
    complete = check_header(header, spec, rs.where, problems)
    records = list(iter_records(sheet, header))
    rs.stats.read = len(records)
    if complete:
        rs.records = records
    else:
        rs.stats.rejected = len(records)
    return rs


def build_graph(info: DatasetInfo, sets: list[RecordSet], problems: Problems, registry: Registry | None = None) -> LoadResult:
    """Turn located records into the graph, kind by kind in :data:`LOAD_ORDER` (references point back)."""
    L = _Loader(info, registry or Registry.load_default(), problems)
    for kind in LOAD_ORDER:
        for rs in (r for r in sets if r.kind == kind):
            L.stats.append(rs.stats)
            if rs.records:
                for rownum, rec in rs.records:
                    if rec.get("origin"):
                        L.origins[(rs.stats.file, rs.stats.sheet, rownum)] = rec["origin"]
                HANDLERS[kind](L, SHEETS[kind], rs.records, rs.where, rs.stats)
    L.apply_special_provisions()
    name_acts(L.kg)
    _check_power_lists(L)
    return LoadResult(L.kg, problems, L.stats)


def name_acts(kg: KnowledgeGraph) -> None:
    """Give every act a display name: 委托：水利局→甲镇：对…的处罚（等N项）."""
    from .schema import ACT_KINDS

    for act in kg.nodes("Act"):
        d = kg.node(act)
        zh = ACT_KINDS[d["label"]][0]
        frm = "、".join(kg.name(x) for x in kg.out(act, "FROM"))
        to = "、".join(kg.name(x) for x in kg.out(act, "TO"))
        powers = kg.out(act, "CONCERNS")
        what = kg.name(powers[0]) + (f"等{len(powers)}项" if len(powers) > 1 else "") if powers else ""
        parties = f"{frm}→{to}" if frm else to
        d["name"] = f"{zh}：{parties}" + (f"：{what}" if what else "")


def _check_power_lists(L: _Loader) -> None:
    """Warn once per delegator whose power list is absent (EKG002 cannot be checked for it)."""
    kg = L.kg
    seen = set()
    for d in kg.nodes("Delegation"):
        frm = kg.one(d, "FROM")
        if frm and frm not in seen and not kg.into(frm, "TO", "Holding"):
            seen.add(frm)
            L.p.add("no-power-list", value=kg.name(frm))

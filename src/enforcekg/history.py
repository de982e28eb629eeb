"""Who held a power, delegated or assigned it, over time: a dated timeline from the acts in the graph.

Every act concerning the power becomes an event: its listing in a power list (Holding), a transfer or a
centralisation that moved it, a delegation or assignment (and the end of its term), and the bodies that
handle it (Exercise).  From the same acts :func:`power_history` derives *periods*: who held the power from
when until when, and who exercised it on whose behalf.  A subject that received the power by a transfer or
centralisation holds it from that act's date; a subject whose list shows the power otherwise holds it from
before the records start (start ``None``).  ``holders`` gives the holders on the as-of date, by
:func:`enforcekg.authority.holds`, the definition the audit rules use.

>>> from enforcekg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> for s, n in (("a", "自然资源局"), ("b", "农业农村局")):
...     _ = kg.add_node("Subject", s, name=n, kind="政府部门", admin_organ=True)
>>> _ = kg.add_node("Power", "p", name="宅基地执法", category="行政处罚")
>>> _ = kg.add_node("Holding", "h", kind="Holding"); kg.add_edge("h", "TO", "a"); kg.add_edge("h", "CONCERNS", "p")
>>> _ = kg.add_node("Transfer", "t", kind="Transfer", date="2023-07-13")
>>> kg.add_edge("t", "FROM", "a"); kg.add_edge("t", "TO", "b"); kg.add_edge("t", "CONCERNS", "p")
>>> h = power_history(kg, "p", "2023-12-31")
>>> [(p.subject, p.start, p.end) for p in h.periods]
[('自然资源局', None, '2023-07-13'), ('农业农村局', '2023-07-13', None)]
>>> h.holders
['农业农村局']
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .authority import MOVING_ACTS, holds, in_effect
from .graph import KnowledgeGraph
from .schema import ACT_KINDS
from .values import name_key

#: event kind -> (zh, en)
EVENTS: dict[str, tuple[str, str]] = {
    "listed": ("列入权力清单", "listed in a power list"),
    "Transfer": ("划转", "transferred"),
    "Centralisation": ("相对集中", "centralised"),
    "Delegation": ("委托", "delegated"),
    "Assignment": ("交由乡镇", "assigned to a township"),
    "term-end": ("委托期满", "term ends"),
    "Exercise": ("承办", "handled by"),
}
#: period role -> (zh, en)
ROLES: dict[str, tuple[str, str]] = {
    "holder": ("实施主体", "holder"),
    "Delegation": ("受委托（以委托机关名义）", "delegatee (in the delegator's name)"),
    "Assignment": ("交由行使（以自身名义）", "assignee (in its own name)"),
}
_ORDER = {k: i for i, k in enumerate(EVENTS)}
LENDING_ACTS = ("Delegation", "Assignment")
LENT_SOURCES = frozenset({"委托", "交由"})


@dataclass(frozen=True)
class Event:
    date: str | None
    kind: str
    frm: str
    to: str
    detail: str
    act: str
    sources: tuple[str, ...] = ()

    def label(self, lang: str = "zh") -> str:
        zh, en = EVENTS[self.kind]
        return en if lang == "en" else zh

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"date": self.date, "kind": self.kind, "event": self.label(lang), "from": self.frm, "to": self.to,
                "detail": self.detail, "act": self.act, "sources": list(self.sources)}


@dataclass(frozen=True)
class Period:
    subject: str
    role: str
    start: str | None  # None: before the records start
    end: str | None  # None: still, as far as the records go
    on_behalf_of: str = ""
    act: str = ""

    def label(self, lang: str = "zh") -> str:
        zh, en = ROLES[self.role]
        return en if lang == "en" else zh

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"subject": self.subject, "role": self.role, "role_label": self.label(lang), "start": self.start,
                "end": self.end, "on_behalf_of": self.on_behalf_of, "act": self.act}


@dataclass
class History:
    power: str
    name: str
    code: str | None
    as_of: str
    events: list[Event] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    holders: list[str] = field(default_factory=list)

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"power": {"id": self.power, "name": self.name, "code": self.code}, "as_of": self.as_of,
                "holders": self.holders, "periods": [p.as_dict(lang) for p in self.periods],
                "events": [e.as_dict(lang) for e in self.events]}


def find_powers(kg: KnowledgeGraph, query: str) -> list[str]:
    """Powers named by ``query``: its node id, its code, its exact name; else every power whose name contains it."""
    q = query.strip()
    powers = list(kg.nodes("Power"))
    if q in kg and kg.label(q) == "Power":
        return [q]
    for exact in (lambda p: kg.node(p).get("code") == q, lambda p: name_key(kg.name(p)) == name_key(q)):
        hits = [p for p in powers if exact(p)]
        if hits:
            return hits
    key = name_key(q)
    return [p for p in powers if key and key in name_key(kg.name(p))]


def _names(kg: KnowledgeGraph, ids) -> str:
    return "、".join(kg.name(i) for i in ids)


def _detail(kg: KnowledgeGraph, act: str, lang: str) -> str:
    d = kg.node(act)
    parts = []
    if d["label"] == "Holding":
        parts += [d.get("list_version"), d.get("source_type"), d.get("status")]
    else:
        parts += [d.get("mode") if d.get("mode") not in (None, ACT_KINDS[d["label"]][0]) else None, d.get("status") if d["label"] in LENDING_ACTS else None]
        if d.get("end"):
            parts.append(("until " if lang == "en" else "至") + d["end"])
    parts.append("、".join(kg.name(x) for x in kg.out(act, "RECORDED_IN")))
    return "；".join(p for p in parts if p)


def _events(kg: KnowledgeGraph, power: str, lang: str) -> list[Event]:
    events = []
    for act in kg.into(power, "CONCERNS"):
        d, lbl = kg.node(act), kg.label(act)
        frm, to = _names(kg, kg.out(act, "FROM")), _names(kg, kg.out(act, "TO"))
        sources = tuple(d.get("sources", []))
        kind = "listed" if lbl == "Holding" else lbl
        events.append(Event(d.get("date"), kind, frm, to, _detail(kg, act, lang), act, sources))
        if lbl in LENDING_ACTS and d.get("end"):
            events.append(Event(d["end"], "term-end", frm, to, "", act, sources))
    return sorted(events, key=lambda e: (e.date is not None, e.date or "", _ORDER[e.kind], e.to))


def _periods(kg: KnowledgeGraph, power: str) -> list[Period]:
    acts = kg.into(power, "CONCERNS")
    moves = sorted((a for a in acts if kg.label(a) in MOVING_ACTS), key=lambda a: kg.node(a).get("date") or "")
    moved_in = {s for a in moves for s in kg.out(a, "TO")}
    moved_out = {s for a in moves for s in kg.out(a, "FROM")}
    lent = {s for a in acts if kg.label(a) in LENDING_ACTS for s in kg.out(a, "TO")}
    # a township list showing a delegated or assigned item is covered by that act's period
    listed = [s for a in acts if kg.label(a) == "Holding" for s in kg.out(a, "TO")
              if not (s in lent and kg.node(a).get("source_type") in LENT_SOURCES)]
    start: dict[str, str | None] = {s: None for s in dict.fromkeys([*listed, *moved_out]) if s in moved_out or s not in moved_in}
    periods = []
    for a in moves:
        date = kg.node(a).get("date")
        for s in kg.out(a, "FROM"):
            if s in start:
                periods.append(Period(kg.name(s), "holder", start.pop(s), date, act=a))
        for s in kg.out(a, "TO"):
            start.setdefault(s, date)
    periods += [Period(kg.name(s), "holder", d, None) for s, d in start.items()]
    for a in acts:
        lbl = kg.label(a)
        if lbl in LENDING_ACTS and on_record(kg, a):
            d = kg.node(a)
            periods += [Period(kg.name(s), lbl, d.get("date"), d.get("end"), _names(kg, kg.out(a, "FROM")), a) for s in kg.out(a, "TO")]
    return sorted(periods, key=lambda p: (p.start or "", p.role != "holder", p.subject))


def on_record(kg: KnowledgeGraph, act: str) -> bool:
    """A delegation or assignment that is not recorded as ended (its dates bound the period)."""
    return in_effect(kg, act, "9999-12-31")


def holders(kg: KnowledgeGraph, power: str, on: str) -> list[str]:
    """Ids of the subjects that hold ``power`` on ``on`` (:func:`enforcekg.authority.holds`), sorted."""
    candidates = {s for a in kg.into(power, "CONCERNS") if kg.label(a) == "Holding" or kg.label(a) in MOVING_ACTS
                  for rel in ("FROM", "TO") for s in kg.out(a, rel) if kg.label(s) == "Subject"}
    return sorted(s for s in candidates if holds(kg, s, power, on))


def power_history(kg: KnowledgeGraph, power: str, as_of: str, lang: str = "zh") -> History:
    """The dated history of one power: events, holding and delegation periods, holders on ``as_of``."""
    return History(
        power=power, name=kg.name(power), code=kg.node(power).get("code"), as_of=as_of,
        events=_events(kg, power, lang), periods=_periods(kg, power),
        holders=sorted(kg.name(s) for s in holders(kg, power, as_of)),
    )


WORDS = {
    "zh": {"title": "职权事项沿革", "code": "事项编码", "as_of": "截至", "holders": "实施主体", "none": "无",
           "periods": "持有与委托期间", "subject": "主体", "role": "身份", "start": "起", "end": "止", "behalf": "委托/交由方",
           "events": "时间线", "date": "日期", "event": "事件", "from": "出让方", "to": "承接方", "detail": "说明",
           "undated": "（未注明日期）", "open_start": "（记录之前）", "open_end": "（至今）"},
    "en": {"title": "History of a power", "code": "Code", "as_of": "As of", "holders": "held by", "none": "nobody",
           "periods": "Holding and delegation periods", "subject": "Subject", "role": "Role", "start": "From", "end": "Until",
           "behalf": "On behalf of / from", "events": "Timeline", "date": "Date", "event": "Event", "from": "From",
           "to": "To", "detail": "Detail", "undated": "(undated)", "open_start": "(before records)", "open_end": "(ongoing)"},
}


def to_json(history: History, lang: str = "zh") -> str:
    return json.dumps(history.as_dict(lang), ensure_ascii=False, indent=2)


def print_table(history: History, console, lang: str = "zh") -> None:
    """Periods and the timeline as rich tables."""
    from rich.markup import escape
    from rich.table import Table

    w = WORDS[lang]
    console.print(f"[bold]{w['title']}[/]: {escape(history.name)}" + (f"  {w['code']}: {escape(history.code)}" if history.code else ""))
    console.print(f"{w['as_of']} {history.as_of} {w['holders']}: {escape('、'.join(history.holders) or w['none'])}")
    t = Table(title=w["periods"])
    for h in (w["subject"], w["role"], w["start"], w["end"], w["behalf"]):
        t.add_column(h, overflow="fold")
    for p in history.periods:
        t.add_row(escape(p.subject), p.label(lang), p.start or w["open_start"], p.end or w["open_end"], escape(p.on_behalf_of))
    console.print(t)
    t = Table(title=w["events"])
    for h in (w["date"], w["event"], w["from"], w["to"], w["detail"]):
        t.add_column(h, overflow="fold")
    for e in history.events:
        t.add_row(e.date or w["undated"], e.label(lang), escape(e.frm), escape(e.to), escape(e.detail))
    console.print(t)

"""enforcekg history: who held, delegated or assigned a power, over time."""

from __future__ import annotations

import csv
import json

import pytest
from test_rectify import EXAMPLE, invoke

from enforcekg.dataset import load_dataset
from enforcekg.history import find_powers, power_history


def rows(name: str) -> list[dict[str, str]]:
    with (EXAMPLE / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def transfer() -> dict[str, str]:
    """The example's transfer (划转) of one power between two departments."""
    hits = [r for r in rows("adjustments.csv") if r["调整类型"] == "划转" and r["事项"]]
    assert len(hits) == 1
    return hits[0]


@pytest.fixture(scope="module")
def kg():
    res = load_dataset(EXAMPLE)
    assert not res.problems.errors
    return res.graph


def test_transferred_power_shows_both_holders_with_dates(transfer):
    r = invoke("history", transfer["事项"], EXAMPLE, "-f", "json")
    assert r.exit_code == 0, r.output
    h = json.loads(r.stdout)
    date, old, new = transfer["生效日期"], transfer["原主体"], transfer["承接主体"]
    holder_periods = {p["subject"]: (p["start"], p["end"]) for p in h["periods"] if p["role"] == "holder"}
    assert holder_periods[old] == (None, date)
    assert holder_periods[new] == (date, None)
    moves = [e for e in h["events"] if e["kind"] == "Transfer"]
    assert [(e["date"], e["from"], e["to"]) for e in moves] == [(date, old, new)]
    assert new in h["holders"] and old not in h["holders"]
    # dated events come in date order, after the undated list entries
    dates = [e["date"] for e in h["events"]]
    undated = [d for d in dates if d is None]
    assert dates[: len(undated)] == undated and dates[len(undated):] == sorted(dates[len(undated):])


def test_holders_before_the_transfer(transfer):
    day_before = "2023-07-12"
    assert transfer["生效日期"] > day_before
    h = json.loads(invoke("history", transfer["事项"], EXAMPLE, "-f", "json", "--as-of", day_before).stdout)
    assert transfer["原主体"] in h["holders"]


def test_delegated_power_shows_the_delegatee_period(kg):
    d = next(r for r in rows("delegations.csv") if r["状态"] == "有效")
    letter = next(r for r in rows("letters.csv") if r["委托书编号"] == d["委托书编号"])
    power = find_powers(kg, d["事项编码"])
    assert len(power) == 1
    h = power_history(kg, power[0], "2023-12-31")
    delegated = [p for p in h.periods if p.role == "Delegation" and p.act == d["委托编号"]]
    assert [(p.subject, p.on_behalf_of, p.end) for p in delegated] == [(d["受委托单位"], d["委托单位"], letter["委托期限止"])]
    kinds = [e.kind for e in h.events if e.act == d["委托编号"]]
    assert kinds == ["Delegation", "term-end"]
    # a township list showing the delegated item is covered by the delegation period, not a holding of its own
    assert d["受委托单位"] not in {p.subject for p in h.periods if p.role == "holder"}


def test_lookup_by_id_code_and_name(kg, transfer):
    by_code = find_powers(kg, transfer["事项"])
    assert len(by_code) == 1
    assert find_powers(kg, by_code[0]) == by_code
    assert find_powers(kg, kg.name(by_code[0])) == by_code


def test_table_output(transfer):
    r = invoke("history", transfer["事项"], EXAMPLE)
    assert r.exit_code == 0, r.output
    for text in (transfer["原主体"], transfer["承接主体"], transfer["生效日期"], "划转", "持有与委托期间"):
        assert text in r.stdout
    r = invoke("history", transfer["事项"], EXAMPLE, "--lang", "en")
    assert "transferred" in r.stdout and "Timeline" in r.stdout


def test_unknown_and_ambiguous_names_exit_2(kg):
    r = invoke("history", "没有这个事项", EXAMPLE)
    assert r.exit_code == 2 and "没有职权事项“没有这个事项”" in r.stderr
    r = invoke("history", "处罚", EXAMPLE)
    n = len(find_powers(kg, "处罚"))
    assert n > 1
    assert r.exit_code == 2 and f"对应 {n} 个职权事项" in r.stderr
    assert r.stderr.count("\n  P:") == n

"""Benchmark: load + audit of a county-sized dataset, and CLI start-up.  Prints ratios, asserts nothing.

    python benchmarks/run.py            # factor 1 and 2
    python benchmarks/run.py --factor 4

Columns: seconds for each phase, the ratio to the 1-second budget (< 1.0 is within budget), and the
scaling ratio between the two sizes (about 2.0 means linear).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import generate  # noqa: E402

from enforcekg.audit import run_audit  # noqa: E402
from enforcekg.dataset import load_dataset  # noqa: E402
from enforcekg.legal.registry import Registry  # noqa: E402

BUDGET = 1.0


def best_of(fn, n: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def measure(factor: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(Path(tmp) / f"synth{factor}", factor)
        reg = Registry.load_default()
        t_load, res = best_of(lambda: load_dataset(folder, registry=reg))
        kg = res.graph
        t_audit, report = best_of(lambda: run_audit(kg, registry=reg))
        acts = sum(1 for _ in kg.nodes("Act"))
        return {"factor": factor, "nodes": len(kg), "acts": acts, "findings": len(report.findings),
                "load": t_load, "audit": t_audit, "total": t_load + t_audit}


PARSER_CELLS = [
    "【法律】《中华人民共和国水法》（2016年修正）第十九条、第三十八条；《防洪法》第二十七条第一款第（三）项",
    "中华人民共和国水法(主席令第七十四号)第四十八条有下列行为之一的，依照本法第六十九条规定处罚",
    "湘政办发〔2019〕55号",
    "无",
    "《个人信息保护法》第13条、第17条、第44条至第47条",
]


def parser_throughput(n: int = 10_000) -> float:
    """Basis cells parsed per second."""
    from enforcekg.legal.citations import parse_basis

    cells = PARSER_CELLS * (n // len(PARSER_CELLS))
    t, _ = best_of(lambda: [parse_basis(c) for c in cells])
    return len(cells) / t


def cli_startup() -> float:
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "enforcekg", "--help"], check=True, capture_output=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--factor", type=int, default=1)
    args = ap.parse_args()
    rows = [measure(args.factor), measure(args.factor * 2)]
    print(f"{'factor':>6} {'nodes':>7} {'acts':>6} {'findings':>8} {'load s':>7} {'audit s':>8} {'total/budget':>12}")
    for r in rows:
        print(f"{r['factor']:>6} {r['nodes']:>7} {r['acts']:>6} {r['findings']:>8} {r['load']:>7.3f} {r['audit']:>8.3f} "
              f"{r['total'] / BUDGET:>12.2f}")
    a, b = rows
    print(f"scaling ratio (x2 data): load {b['load'] / a['load']:.2f}, audit {b['audit'] / a['audit']:.2f}")
    rate = parser_throughput()
    print(f"citation parser: {rate:,.0f} cells/s, ratio to 10,000 cells/s target {rate / 10_000:.2f}")
    s = cli_startup()
    print(f"enforcekg --help: {s:.3f} s, ratio to 0.5 s start-up budget {s / 0.5:.2f}")


if __name__ == "__main__":
    main()

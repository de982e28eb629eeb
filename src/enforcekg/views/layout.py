"""Positions computed in Python, so the browser draws at once with physics off.

A layered layout: every node has a column (chosen by the caller from its kind and role); within a column
nodes are ordered by the barycentre of their neighbours (a few sweeps of the classic Sugiyama heuristic),
which keeps related nodes level with each other and limits crossings.  A column taller than ``max_rows``
is dealt into several sub-columns row by row, which keeps the vertical order; within a row, nodes linked to
later columns go right.

>>> pos = layered({"a": 0, "b": 1, "c": 1}, [("a", "c")], row_gap=10, col_gap=100, max_rows=5)
>>> pos["a"][0], pos["c"][0], pos["a"][1] == pos["c"][1]
(0.0, 100.0, True)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable

Node = Hashable


def layered(
    columns: dict[Node, int],
    edges: Iterable[tuple[Node, Node]],
    *,
    row_gap: float = 60.0,
    col_gap: float = 240.0,
    sub_gap: float = 190.0,
    max_rows: int | None = None,
    aspect: float = 1.45,
    sweeps: int = 8,
) -> dict[Node, tuple[float, float]]:
    """Return ``{node: (x, y)}``; columns are laid out left to right in increasing order.

    Nodes keep the order of ``columns`` as their starting order (pass them sorted by name for a stable
    picture).  Empty column numbers leave no gap.  Without ``max_rows``, columns wrap at the height that
    lets the drawing fill a screen of width/height ``aspect`` at the largest scale; a drawing wider than
    that has its rows spread out (up to twice the gap) to use the height.
    """
    neighbours: dict[Node, set[Node]] = defaultdict(set)
    for u, v in edges:
        if u != v and u in columns and v in columns:
            neighbours[u].add(v)
            neighbours[v].add(u)
    cols: dict[int, list[Node]] = defaultdict(list)
    for n, c in columns.items():
        cols[c].append(n)
    if not cols:
        return {}
    order = sorted(cols)
    rank = {n: (i + 0.5) / len(cols[c]) for c in order for i, n in enumerate(cols[c])}
    for sweep in range(sweeps):
        for c in order if sweep % 2 == 0 else reversed(order):
            cols[c].sort(key=lambda n: (_barycentre(n, neighbours, rank), rank[n]))
            for i, n in enumerate(cols[c]):
                rank[n] = (i + 0.5) / len(cols[c])
    sizes = [len(cols[c]) for c in order]
    rows = max_rows or best_rows(sizes, row_gap, col_gap, sub_gap, aspect)
    width, height = extent(sizes, rows, row_gap, col_gap, sub_gap)
    stretch = min(2.0, max(1.0, width / (aspect * height))) if height else 1.0
    pos = _place(cols, order, neighbours, row_gap * stretch, col_gap, sub_gap, rows)
    _align(pos, [cols[c] for c in order if len(cols[c]) <= rows], neighbours, row_gap * stretch)
    return pos


def extent(sizes: list[int], rows: int, row_gap: float, col_gap: float, sub_gap: float) -> tuple[float, float]:
    """Width and height of the drawing when columns of ``sizes`` wrap at ``rows``."""
    width = sum((math.ceil(n / rows) - 1) * sub_gap + col_gap for n in sizes)
    height = max((math.ceil(n / math.ceil(n / rows)) for n in sizes), default=0) * row_gap
    return width, height


def best_rows(sizes: list[int], row_gap: float, col_gap: float, sub_gap: float, aspect: float) -> int:
    """The wrapping height that lets the whole drawing be shown largest on an ``aspect`` screen."""
    def scale(rows: int) -> float:
        width, height = extent(sizes, rows, row_gap, col_gap, sub_gap)
        return min(aspect / width, 1 / height)

    return max(range(1, max(sizes, default=1) + 1), key=lambda r: (scale(r), r))


def _align(pos: dict[Node, tuple[float, float]], columns: list[list[Node]], neighbours: dict[Node, set[Node]],
           gap: float, passes: int = 4) -> None:
    """Move the nodes of unwrapped columns level with their neighbours, keeping their order and spacing.

    A linked node wants the mean height of its neighbours in other columns; consecutive nodes stay at least
    ``gap`` apart, unlinked nodes pack next to their linked ones, and the column is shifted so that its
    linked nodes sit, on average, where they want.
    """
    for p in range(passes):
        for col in columns if p % 2 == 0 else list(reversed(columns)):
            wanted: list[float | None] = []
            for n in col:
                ys = [pos[m][1] for m in neighbours.get(n, ()) if pos[m][0] != pos[n][0]]
                wanted.append(sum(ys) / len(ys) if ys else None)
            anchored = [i for i, w in enumerate(wanted) if w is not None]
            if not anchored:
                continue
            ys = [0.0] * len(col)
            first = anchored[0]
            ys[first] = wanted[first]
            for i in range(first + 1, len(col)):
                w = wanted[i]
                ys[i] = ys[i - 1] + gap if w is None else max(w, ys[i - 1] + gap)
            for i in range(first - 1, -1, -1):
                ys[i] = ys[i + 1] - gap
            shift = sum(wanted[i] - ys[i] for i in anchored) / len(anchored)
            for n, y in zip(col, ys, strict=True):
                pos[n] = (pos[n][0], y + shift)


def _barycentre(n: Node, neighbours: dict[Node, set[Node]], rank: dict[Node, float]) -> float:
    nbs = neighbours.get(n)
    if not nbs:
        return rank[n]
    return sum(rank[m] for m in nbs) / len(nbs)


def _place(cols: dict[int, list[Node]], order: list[int], neighbours: dict[Node, set[Node]], row_gap: float,
           col_gap: float, sub_gap: float, max_rows: int) -> dict[Node, tuple[float, float]]:
    column = {n: c for c in order for n in cols[c]}
    pos: dict[Node, tuple[float, float]] = {}
    x = 0.0
    for c in order:
        width = math.ceil(len(cols[c]) / max_rows)
        for sub, nodes in enumerate(_split(cols[c], width, column, neighbours)):
            for row, n in enumerate(nodes):
                y = (row - (len(nodes) - 1) / 2) * row_gap
                pos[n] = (x + sub * sub_gap, y)
        x += (width - 1) * sub_gap + col_gap
    return pos


def _split(nodes: list[Node], width: int, column: dict[Node, int], neighbours: dict[Node, set[Node]]) -> list[list[Node]]:
    """Deal a column into ``width`` sub-columns row by row, keeping its vertical order.

    Within a row, the node most linked to later columns takes the right-most place.
    """
    if width == 1:
        return [nodes]
    here = column[nodes[0]]

    def pull(n: Node) -> float:
        away = [column[m] - here for m in neighbours.get(n, ()) if column[m] != here]
        return sum(away) / len(away) if away else 0.0

    subs: list[list[Node]] = [[] for _ in range(width)]
    for start in range(0, len(nodes), width):
        row = sorted(nodes[start:start + width], key=pull)
        offset = (width - len(row)) // 2  # a short last row sits in the middle
        for i, n in enumerate(row):
            subs[offset + i].append(n)
    return subs

"""Which bounds a set of equations pins: an exact small simplex over the rationals.

Setting: unknowns ``y`` in a box, some linear combinations ``w·y`` known (``w`` in a
subspace W), and the true point ``y*``. Call a coordinate *tight* when ``y*`` sits on
one of its bounds. Some combination then pins tight coordinates exactly when W holds a
nonzero ``w`` that vanishes off the tight coordinates and has the sign of its bound
on each (``w_j >= 0`` at a lower bound, ``<= 0`` at an upper one): ``w·y`` is then at
the end of its range, so every ``y_j`` with ``w_j != 0`` is stuck on its bound.
Conversely (Stiemke's lemma), when no such ``w`` exists there is a direction ``d``
with ``Wd = 0`` moving every tight coordinate off its bound at once, so nothing is
pinned. ``pinned`` returns the union of the supports of such ``w``: the coordinates
the known combinations hold on their bounds.

Free coordinates (sign unknown, or not part of the question) may take any sign.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from rituals.privacy.algebra import Row


def _maximize(
    objective: Sequence[Fraction], rows: Sequence[Sequence[Fraction]], bounds: Sequence[Fraction]
) -> list[Fraction]:
    """argmax c·x subject to rows·x <= bounds, x >= 0, for bounds >= 0 (Bland's rule)."""
    m, n = len(rows), len(objective)
    table = [
        [*row, *(Fraction(int(i == k)) for k in range(m)), bound]
        for i, (row, bound) in enumerate(zip(rows, bounds, strict=True))
    ]
    costs = [-c for c in objective] + [Fraction(0)] * (m + 1)
    basis = [n + i for i in range(m)]
    while True:
        enter = next((j for j in range(n + m) if costs[j] < 0), None)
        if enter is None:
            break
        best: tuple[Fraction, int, int] | None = None
        for i, row in enumerate(table):
            if row[enter] > 0:
                key = (row[-1] / row[enter], basis[i], i)
                if best is None or key < best:
                    best = key
        if best is None:  # pragma: no cover - every objective is bounded by construction
            raise ArithmeticError("unbounded")
        out = best[2]
        lead = table[out][enter]
        table[out] = [v / lead for v in table[out]]
        for i, row in enumerate(table):
            if i != out and row[enter]:
                f = row[enter]
                table[i] = [v - f * p for v, p in zip(row, table[out], strict=True)]
        if costs[enter]:
            f = costs[enter]
            costs = [v - f * p for v, p in zip(costs, table[out], strict=True)]
        basis[out] = enter
    x = [Fraction(0)] * (n + m)
    for i, var in enumerate(basis):
        x[var] = table[i][-1]
    return x[:n]


def pinned(basis: Sequence[Row], signs: Mapping[int, int]) -> set[int]:
    """The tight coordinates (``signs``: +1 lower bound, -1 upper) that W pins.

    ``basis`` spans the vectors of W that vanish off the tight and free coordinates;
    columns missing from ``signs`` are free.
    """
    if not basis:
        return set()
    d = len(basis)
    # one constraint per distinct direction: columns that move together are pinned together
    groups: dict[tuple[Fraction, ...], list[int]] = {}
    for col, sign in signs.items():
        vector = tuple(sign * row.get(col, Fraction(0)) for row in basis)
        lead = next((v for v in vector if v), None)
        if lead is None:
            continue
        scale = abs(lead)
        groups.setdefault(tuple(v / scale for v in vector), []).append(col)
    directions = list(groups)
    found: set[int] = set()
    open_ = set(range(len(directions)))
    while open_:
        rows: list[list[Fraction]] = []
        bounds: list[Fraction] = []
        for g, vec in enumerate(directions):  # a_g >= 0, and a_g <= 1 while open
            split = [*vec, *(-v for v in vec)]
            rows.append([-v for v in split])
            bounds.append(Fraction(0))
            if g in open_:
                rows.append(split)
                bounds.append(Fraction(1))
        objective = [Fraction(0)] * (2 * d)
        for g in open_:
            for i, v in enumerate(directions[g]):
                objective[i] += v
                objective[d + i] -= v
        x = _maximize(objective, rows, bounds)
        lam = [x[i] - x[d + i] for i in range(d)]
        hit = {g for g in open_ if sum(a * b for a, b in zip(lam, directions[g], strict=True)) > 0}
        if not hit:
            break
        open_ -= hit
        for g in hit:
            found.update(groups[directions[g]])
    return found

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

from rituals.privacy.algebra import Row, restricted


def _maximize(
    objective: Sequence[Fraction], rows: Sequence[Sequence[Fraction]], bounds: Sequence[Fraction]
) -> list[Fraction]:
    """argmax c·x subject to rows·x <= bounds, x >= 0, for bounds >= 0.

    Dictionary form (one column per nonbasic variable, no slack columns), Bland's
    rule against cycling. Variables 0..n-1 are x, n.. the slacks.
    """
    n = len(objective)
    basic = [n + i for i in range(len(rows))]
    nonbasic = list(range(n))
    rhs = list(bounds)
    coef = [[-v for v in row] for row in rows]  # basic_i = rhs_i + sum_k coef_ik * nonbasic_k
    obj = list(objective)
    while True:
        improving = [k for k in range(len(nonbasic)) if obj[k] > 0]
        if not improving:
            break
        k = min(improving, key=nonbasic.__getitem__)
        leave: tuple[Fraction, int, int] | None = None
        for i, row in enumerate(coef):
            if row[k] < 0:
                key = (rhs[i] / -row[k], basic[i], i)
                if leave is None or key < leave:
                    leave = key
        if leave is None:  # pragma: no cover - every objective is bounded by construction
            raise ArithmeticError("unbounded")
        r = leave[2]
        pivot = coef[r][k]
        # solve row r for nonbasic k: x_k = (x_r - rhs_r - sum_{j != k} coef_rj x_j) / pivot
        new_row = [-v / pivot for v in coef[r]]
        new_row[k] = 1 / pivot
        new_rhs = -rhs[r] / pivot
        for i, row in enumerate(coef):
            if i == r or not row[k]:
                continue
            f = row[k]
            rhs[i] += f * new_rhs
            coef[i] = [v + f * w for v, w in zip(row, new_row, strict=True)]
            coef[i][k] = f * new_row[k]
        f = obj[k]
        obj = [v + f * w for v, w in zip(obj, new_row, strict=True)]
        obj[k] = f * new_row[k]
        coef[r], rhs[r] = new_row, new_rhs
        basic[r], nonbasic[k] = nonbasic[k], basic[r]
    x = [Fraction(0)] * n
    for i, var in enumerate(basic):
        if var < n:
            x[var] = rhs[i]
    return x


def pinned(basis: Sequence[Row], signs: Mapping[int, int]) -> set[int]:
    """The tight coordinates (``signs``: +1 lower bound, -1 upper) that W pins.

    ``basis`` spans the vectors of W that vanish off the tight and free coordinates;
    columns missing from ``signs`` are free.
    """
    found: set[int] = set()  # pinned: nonzero in some certificate
    flat: set[int] = set()  # zero in every certificate (a column and its opposite)
    rows = [{c: signs[c] * v for c, v in row.items() if c in signs} for row in basis]
    while True:  # cheap steps first: a vector of one sign, or two opposite columns
        # pinned columns need no constraint any more: a multiple of their certificate
        # added to any vector makes it >= 0 there, so they are dropped (left free)
        rows = [{c: v for c, v in row.items() if c not in found} for row in rows]
        rows = restricted([row for row in rows if row], zero=flat.__contains__)
        more: set[int] = set()
        for row in rows:
            if all(v > 0 for v in row.values()) or all(v < 0 for v in row.values()):
                more |= set(row)
        found |= more
        if not more:
            directions = _directions(rows)
            for vector, cols in directions.items():
                if tuple(-v for v in vector) in directions:
                    more |= set(cols)
            flat |= more
        if not more:
            break
    return found | _pinned_by_lp(rows)


def _directions(rows: Sequence[Row]) -> dict[tuple[Fraction, ...], list[int]]:
    """Columns grouped by their (positively scaled) direction over ``rows``."""
    groups: dict[tuple[Fraction, ...], list[int]] = {}
    zero = Fraction(0)
    for col in sorted({c for row in rows for c in row}):
        vector = tuple(row.get(col, zero) for row in rows)
        scale = abs(next(v for v in vector if v))
        groups.setdefault(tuple(v / scale for v in vector), []).append(col)
    return groups


def _pinned_by_lp(basis: Sequence[Row]) -> set[int]:
    """Columns (all signs +1) nonzero in some vector of the span that is >= 0 throughout."""
    if not basis:
        return set()
    d = len(basis)
    groups = _directions(basis)
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

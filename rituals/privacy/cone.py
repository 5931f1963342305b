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

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from rituals.privacy.algebra import Row, restricted


def _maximize(
    objective: Sequence[int | Fraction],
    rows: Sequence[Sequence[int | Fraction]],
    bounds: Sequence[int | Fraction],
) -> list[Fraction]:
    """argmax c·x subject to rows·x <= bounds, x >= 0, for bounds >= 0.

    Dictionary form (one column per nonbasic variable, no slack columns), Bland's
    rule against cycling. Variables 0..n-1 are x, n.. the slacks.

    Integer pivoting: each constraint (and the objective) is first scaled by a positive
    integer to whole numbers, which changes neither the ratio test nor any sign Bland's
    rule looks at, so the pivots and the optimum are those of the rational tableau. The
    dictionary is then kept as integers over one common denominator ``d > 0`` (the
    basis determinant up to sign), and every update divides exactly by the previous
    ``d`` (Bareiss), so no fraction is ever formed until the answer is read off.
    """
    n = len(objective)
    basic = [n + i for i in range(len(rows))]
    nonbasic = list(range(n))
    coef: list[list[int]] = []  # basic_i = (rhs_i + sum_k coef_ik * nonbasic_k) / d
    rhs: list[int] = []
    for row, bound in zip(rows, bounds, strict=True):
        scale = _common_denominator((*row, bound))
        coef.append([-int(v * scale) for v in row])
        rhs.append(int(bound * scale))
    scale = _common_denominator(objective)
    obj = [int(v * scale) for v in objective]
    d = 1
    while True:
        improving = [k for k in range(len(nonbasic)) if obj[k] > 0]
        if not improving:
            break
        k = min(improving, key=nonbasic.__getitem__)
        r = -1  # the ratio test: least rhs_i / -coef_ik, then least basic variable
        for i, row in enumerate(coef):
            if row[k] < 0:
                if r < 0:
                    r = i
                    continue
                # rhs_i / -row_k against rhs_r / -coef_rk, both denominators positive
                left, right = rhs[i] * -coef[r][k], rhs[r] * -row[k]
                if left < right or (left == right and basic[i] < basic[r]):
                    r = i
        if r < 0:  # pragma: no cover - every objective is bounded by construction
            raise ArithmeticError("unbounded")
        pivot_row = coef[r]
        p = pivot_row[k]
        sign = 1 if p > 0 else -1
        # new denominator |p|; row r solved for nonbasic k, the others updated by
        # (a * p - a_k * b) / d, exact since every entry times d is a minor of the basis
        new_row = [-sign * v for v in pivot_row]
        new_row[k] = sign * d
        new_rhs = -sign * rhs[r]
        for i, row in enumerate(coef):
            if i == r:
                continue
            f = row[k]
            if not f:
                coef[i] = [sign * v * p // d for v in row]
                rhs[i] = sign * rhs[i] * p // d
                continue
            b = rhs[r]
            rhs[i] = sign * (rhs[i] * p - f * b) // d
            coef[i] = [sign * (v * p - f * w) // d for v, w in zip(row, pivot_row, strict=True)]
            coef[i][k] = sign * f
        f = obj[k]
        obj = [sign * (v * p - f * w) // d for v, w in zip(obj, pivot_row, strict=True)]
        obj[k] = sign * f
        coef[r], rhs[r] = new_row, new_rhs
        basic[r], nonbasic[k] = nonbasic[k], basic[r]
        d = sign * p
    x = [Fraction(0)] * n
    for i, var in enumerate(basic):
        if var < n:
            x[var] = Fraction(rhs[i], d)
    return x


def _common_denominator(values: Iterable[int | Fraction]) -> int:
    """The least positive integer that makes every value whole."""
    out = 1
    for v in values:
        if type(v) is not int:
            out = math.lcm(out, Fraction(v).denominator)
    return out


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


def _directions(rows: Sequence[Row]) -> dict[tuple[int, ...], list[int]]:
    """Columns grouped by their direction over ``rows`` (positive multiples are one
    direction, each kept as whole numbers without a common factor)."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for col in sorted({c for row in rows for c in row}):
        vector = tuple(row.get(col, 0) for row in rows)
        scale = math.gcd(*vector)
        groups.setdefault(tuple(v // scale for v in vector), []).append(col)
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
        rows: list[list[int]] = []
        bounds: list[int] = []
        for g, vec in enumerate(directions):  # a_g >= 0, and a_g <= 1 while open
            split = [*vec, *(-v for v in vec)]
            rows.append([-v for v in split])
            bounds.append(0)
            if g in open_:
                rows.append(split)
                bounds.append(1)
        objective = [0] * (2 * d)
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

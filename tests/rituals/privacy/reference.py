"""The gate's algebra as it was first written, over ``fractions.Fraction``: the reference
the faster integer code (``rituals.privacy.algebra`` and ``cone``) is compared with.

Deliberately plain: rows are normalised to a pivot of 1, every step is rational
arithmetic, the simplex is the textbook dictionary form with Bland's rule. The search
for 0/1 vectors is shared (it works on ``reduced``, compared here directly).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from fractions import Fraction

from rituals.privacy import knowledge, pins

Row = dict[int, Fraction]
ONE = Fraction(1)


def indicator(columns: Iterable[int]) -> Row:
    """The 0/1 row with ones on ``columns``."""
    return dict.fromkeys(columns, ONE)


def _axpy(target: Row, factor: Fraction, source: Mapping[int, Fraction]) -> None:
    """target += factor * source, dropping zeros."""
    for col, value in source.items():
        new = target.get(col, 0) + factor * value
        if new:
            target[col] = new
        else:
            target.pop(col, None)


class Echelon:
    """Rows in echelon form for a column order; adding a row reduces it first."""

    def __init__(self, position: Mapping[int, int], rows: Mapping[int, Row] | None = None):
        self.position = position
        self.rows: dict[int, Row] = dict(rows or {})

    def copy(self) -> Echelon:
        """A copy sharing the (never mutated) rows."""
        return Echelon(self.position, self.rows)

    def pivot(self, row: Mapping[int, Fraction]) -> int:
        """The first nonzero column of ``row`` by this order."""
        return min(row, key=self.position.__getitem__)

    def reduce(self, row: Mapping[int, Fraction]) -> Row:
        """``row`` minus the combination of rows that clears its leading pivot columns."""
        rest = {c: Fraction(v) for c, v in row.items()}
        while rest:
            col = self.pivot(rest)
            base = self.rows.get(col)
            if base is None:
                break
            _axpy(rest, -rest[col], base)
        return rest

    def add(self, row: Mapping[int, Fraction]) -> int | None:
        """Add ``row``; its new pivot, or None when it was already in the row space."""
        rest = self.reduce(row)
        if not rest:
            return None
        col = self.pivot(rest)
        lead = rest[col]
        self.rows[col] = {c: v / lead for c, v in rest.items()}
        return col

    def rows_pivoted_in(self, columns: Callable[[int], bool]) -> list[Row]:
        """The rows whose pivot column satisfies ``columns``."""
        return [row for col, row in self.rows.items() if columns(col)]


def restricted(rows: Iterable[Row], *, zero: Callable[[int], bool]) -> list[Row]:
    """A basis of the span of ``rows`` restricted to vectors that vanish where ``zero`` holds."""
    rows = list(rows)
    columns = sorted({c for row in rows for c in row}, key=lambda c: (not zero(c), c))
    echelon = Echelon({c: i for i, c in enumerate(columns)})
    for row in rows:
        echelon.add(row)
    return echelon.rows_pivoted_in(lambda c: not zero(c))


def cleared(echelon: Echelon, col: int, *, among: Callable[[int], bool]) -> Row:
    """Row ``col`` of ``echelon`` made zero on the other pivots where ``among`` holds."""
    rest = {c: Fraction(v) for c, v in echelon.rows[col].items()}
    while True:
        others = [c for c in rest if c != col and among(c) and c in echelon.rows]
        if not others:
            return rest
        first = min(others, key=echelon.position.__getitem__)
        _axpy(rest, -rest[first], echelon.rows[first])


def reduced_rows(echelon: Echelon, *, keep: Callable[[int], bool]) -> list[tuple[int, Row]]:
    """The rows of ``echelon`` pivoted where ``keep`` holds, each made zero on the
    others' pivots (back substitution, last pivot first)."""
    pivots = sorted(
        (c for c in echelon.rows if keep(c)), key=echelon.position.__getitem__, reverse=True
    )
    done: dict[int, Row] = {}
    for col in pivots:
        row = dict(echelon.rows[col])
        for other, base in done.items():
            if other in row:
                _axpy(row, -row[other], base)
        done[col] = row
    return sorted(done.items())


def reduced(rows: Sequence[Row]) -> list[tuple[int, Row]]:
    """The reduced row echelon form of ``rows`` (any column order): (pivot, row) pairs."""
    columns = sorted({c for row in rows for c in row})
    echelon = Echelon({c: i for i, c in enumerate(columns)})
    for row in rows:
        echelon.add(row)
    return reduced_rows(echelon, keep=lambda c: True)


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


@contextmanager
def reference_algebra() -> Iterator[None]:
    """Run the gate on this module's algebra while the block runs."""
    swaps = [
        (knowledge, "Echelon", Echelon),
        (knowledge, "indicator", indicator),
        (knowledge, "restricted", restricted),
        (pins, "Echelon", Echelon),
        (pins, "cleared", cleared),
        (pins, "restricted", restricted),
        (pins, "pinned", pinned),
    ]
    saved = [(module, name, getattr(module, name)) for module, name, _ in swaps]
    for module, name, value in swaps:
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)

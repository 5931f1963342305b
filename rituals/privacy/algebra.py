"""Exact linear algebra over the rationals on sparse integer rows (column -> int).

A row stands for the line of its rational multiples, so rows are kept as whole
numbers with no common factor (fraction-free elimination: two rows are combined by
cross-multiplying and dividing out the gcd), which keeps every step exact and avoids
``Fraction`` altogether. Rows handed in may hold ``Fraction`` values; they are scaled
to whole numbers first.

An ``Echelon`` keeps rows in row echelon form for a fixed column order: each row's
first nonzero column by that order is its pivot (holding a positive entry), and no
two rows share a pivot; rows need not vanish on each other's pivots, so adding a row
never rewrites the others. That is enough for the question the gate asks of it: with
the columns of a set X placed first, the vectors of the row space that vanish on X
are exactly the combinations of the rows whose pivot lies outside X (in a
combination, the row with the earliest pivot keeps its pivot entry, so that pivot
must lie outside X). Everything the gate reads from an echelon (spans, which columns
are pivots, which rows are nonzero where) is the same whatever multiple each row is
kept as; only ``reduced`` promises pivots of 1, as ``Fraction`` rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction

Row = dict[int, int]
ONE = Fraction(1)


def indicator(columns: Iterable[int]) -> Row:
    """The 0/1 row with ones on ``columns``."""
    return dict.fromkeys(columns, 1)


def _axpy(target: dict[int, Fraction], factor: Fraction, source: Mapping[int, Fraction]) -> None:
    """target += factor * source, dropping zeros."""
    for col, value in source.items():
        new = target.get(col, 0) + factor * value
        if new:
            target[col] = new
        else:
            target.pop(col, None)


def integral(row: Mapping[int, int | Fraction]) -> Row:
    """``row`` scaled by a positive number to whole numbers without a common factor."""
    values = row.values()
    out: Row
    if all(type(v) is int for v in values):
        out = {c: int(v) for c, v in row.items()}
    else:
        scale = math.lcm(*(Fraction(v).denominator for v in values))
        out = {c: int(v * scale) for c, v in row.items()}
    return _primitive(out)


def _primitive(row: Row) -> Row:
    """``row`` divided by the gcd of its entries (in place; also returned)."""
    g = math.gcd(*row.values())
    if g > 1:
        for c in row:
            row[c] //= g
    return row


def _eliminate(target: Row, col: int, source: Mapping[int, int]) -> Row:
    """A positive multiple of ``target`` plus a multiple of ``source`` with ``col`` cleared,
    without a common factor (``col`` must be nonzero in both)."""
    a, b = target[col], source[col]
    g = math.gcd(a, b)
    fa, fb = b // g, a // g
    if fa < 0:
        fa, fb = -fa, -fb
    out = {c: fa * v for c, v in target.items()} if fa != 1 else dict(target)
    for c, v in source.items():
        new = out.get(c, 0) - fb * v
        if new:
            out[c] = new
        else:
            out.pop(c, None)
    return _primitive(out) if out else out


class Echelon:
    """Rows in echelon form for a column order; adding a row reduces it first."""

    def __init__(self, position: Mapping[int, int], rows: Mapping[int, Row] | None = None):
        self.position = position
        self.rows: dict[int, Row] = dict(rows or {})

    def copy(self) -> Echelon:
        """A copy sharing the (never mutated) rows."""
        return Echelon(self.position, self.rows)

    def pivot(self, row: Mapping[int, object]) -> int:
        """The first nonzero column of ``row`` by this order."""
        return min(row, key=self.position.__getitem__)

    def reduce(self, row: Mapping[int, int | Fraction]) -> Row:
        """A multiple of ``row`` minus the combination of rows that clears its leading
        pivot columns."""
        rest = integral(row)
        while rest:
            col = self.pivot(rest)
            base = self.rows.get(col)
            if base is None:
                break
            rest = _eliminate(rest, col, base)
        return rest

    def add(self, row: Mapping[int, int | Fraction]) -> int | None:
        """Add ``row``; its new pivot, or None when it was already in the row space."""
        rest = self.reduce(row)
        if not rest:
            return None
        col = self.pivot(rest)
        if rest[col] < 0:
            rest = {c: -v for c, v in rest.items()}
        self.rows[col] = rest
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
    """A multiple of row ``col`` of ``echelon`` made zero on the other pivots where ``among``
    holds."""
    rest = dict(echelon.rows[col])
    while True:
        others = [c for c in rest if c != col and among(c) and c in echelon.rows]
        if not others:
            return rest
        first = min(others, key=echelon.position.__getitem__)
        rest = _eliminate(rest, first, echelon.rows[first])


def reduced_rows(echelon: Echelon, *, keep: Callable[[int], bool]) -> list[tuple[int, Row]]:
    """The rows of ``echelon`` pivoted where ``keep`` holds, each (a positive multiple)
    made zero on the others' pivots (back substitution, last pivot first)."""
    pivots = sorted(
        (c for c in echelon.rows if keep(c)), key=echelon.position.__getitem__, reverse=True
    )
    done: dict[int, Row] = {}
    for col in pivots:
        row = dict(echelon.rows[col])
        for other, base in done.items():
            if other in row:
                row = _eliminate(row, other, base)
        done[col] = row
    return sorted(done.items())


def reduced(rows: Sequence[Mapping[int, int | Fraction]]) -> list[tuple[int, dict[int, Fraction]]]:
    """The reduced row echelon form of ``rows`` (any column order): (pivot, row) pairs,
    each row with 1 on its pivot."""
    columns = sorted({c for row in rows for c in row})
    echelon = Echelon({c: i for i, c in enumerate(columns)})
    for row in rows:
        echelon.add(row)
    return [
        (col, {c: Fraction(v, row[col]) for c, v in row.items()})
        for col, row in reduced_rows(echelon, keep=lambda c: True)
    ]


def zero_one_vectors(
    basis: Sequence[Mapping[int, int | Fraction]],
    *,
    grow: Callable[[frozenset[int]], bool],
    budget: int,
) -> Iterator[frozenset[int]] | None:
    """The supports of the nonzero 0/1 vectors in the span of ``basis`` that ``grow`` allows.

    ``grow(pivots)`` says whether a vector whose pivot columns include ``pivots`` may
    still qualify (it must be monotone: False for a set means False for every superset),
    which keeps the search small. Returns None when ``budget`` steps are not enough.
    """
    rows = reduced(basis)
    found: list[frozenset[int]] = []
    steps = 0

    def walk(index: int, chosen: frozenset[int], total: dict[int, Fraction]) -> bool:
        nonlocal steps
        steps += 1
        if steps > budget:
            return False
        if index == len(rows):
            if chosen and all(v == 1 for v in total.values()):
                found.append(frozenset(total))
            return True
        if not walk(index + 1, chosen, total):
            return False
        col, row = rows[index]
        bigger = chosen | {col}
        if grow(bigger):
            extended = dict(total)
            _axpy(extended, ONE, row)
            return walk(index + 1, bigger, extended)
        return True

    if not walk(0, frozenset(), {}):
        return None
    return iter(found)

"""An auditor of released pulse figures, independent of the gate's own reasoning.

It records every figure shown as equations over the individual answers (one unknown
per answer, none of the gate's atoms) and checks, for nobody's view and for each
person's (their own answers known to them):

- ``small_sets``: exact Gaussian elimination over the rationals on all answer
  variables; then every 0/1 vector of the row space over fewer than ``min_group``
  people is searched for, by choosing pivot rows (a 0/1 vector in the span is the
  sum of the reduced rows of the pivots it covers). The sum span covers bucket
  counts too (a bucket count over T follows only if the sum over T does).
- ``pinned``: the joint linear relaxation over the bucket indicators
  ``x[i, b] in [0, 1]``, ``sum_b x[i, b] = 1``, with every released sum and bucket
  count as an equation; each answer's value ``sum_b b x[i, b]`` is minimised and
  maximised with scipy's HiGHS. A value whose range is a point follows. The LP is in
  floating point: ranges are accepted only when clearly a point (< 1e-6) or clearly
  not (> 1e-4); anything between fails the audit as uncertain.

It also checks that each figure's value is true for the answers it is over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

from rituals.privacy import AnswerRef, Metric, Value

SCORES = (1, 2, 3, 4, 5)


def _rref(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon form of dense rows: (pivot column, row) pairs."""
    rows = [list(r) for r in rows]
    pivots: list[tuple[int, list[Fraction]]] = []
    width = len(rows[0]) if rows else 0
    r = 0
    for col in range(width):
        pick = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if pick is None:
            continue
        rows[r], rows[pick] = rows[pick], rows[r]
        lead = rows[r][col]
        rows[r] = [v / lead for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append((col, rows[r]))
        r += 1
    return pivots


@dataclass
class Auditor:
    """Every figure shown, and the truth about every answer ever given."""

    min_group: int = 3
    truth: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (person, value)
    figures: dict[tuple[frozenset[str], Metric], Value] = field(default_factory=dict)

    def know(self, key: str, person: str, value: int) -> None:
        """Remember the true value of an answer (kept after it is erased)."""
        self.truth[key] = (person, value)

    def rename(self, person: str, alias: str) -> None:
        """forget-me: the person's answers now belong to a pseudonym (they keep their values)."""
        self.truth = {k: (alias if p == person else p, v) for k, (p, v) in self.truth.items()}

    def record(self, refs: Iterable[AnswerRef], metric: Metric, value: Value) -> None:
        """Record a figure as shown; it must be true for its answers."""
        keys = frozenset(ref.key for ref in refs)
        values = [self.truth[k][1] for k in keys]
        assert value.count == len(values) and value.total == sum(values), (keys, value)
        if metric is Metric.DISTRIBUTION:
            assert value.buckets == tuple(values.count(s) for s in SCORES), (keys, value)
        self.figures[(keys, metric)] = value

    def people(self) -> list[str]:
        """Everyone with an answer in a recorded figure."""
        keys = {k for keys, _ in self.figures for k in keys}
        return sorted({self.truth[k][0] for k in keys})

    def violations(self) -> list[str]:
        """Everything the recorded figures give away, in words (empty: none)."""
        out: list[str] = []
        if not self.figures:
            return out
        for view in [None, *self.people()]:
            out += self.small_sets(view)
            out += self.pinned(view)
        return out

    def _columns(self, view: str | None) -> list[str]:
        keys = {k for keys, _ in self.figures for k in keys}
        return sorted(k for k in keys if self.truth[k][0] != view)

    def small_sets(self, view: str | None) -> list[str]:
        """Sets of fewer than min_group people besides ``view`` whose sum follows."""
        columns = self._columns(view)
        index = {k: i for i, k in enumerate(columns)}
        rows = []
        for keys, _ in self.figures:
            row = [Fraction(0)] * len(columns)
            for k in keys:
                if k in index:
                    row[index[k]] = Fraction(1)
            rows.append(row)
        basis = _rref(rows)
        person = [self.truth[k][0] for k in columns]
        out: list[str] = []

        def walk(i: int, chosen: list[int], people: frozenset[str]) -> None:
            if i == len(basis):
                if not chosen:
                    return
                total = [sum(basis[j][1][c] for j in chosen) for c in range(len(columns))]
                support = [c for c, v in enumerate(total) if v != 0]
                who = {person[c] for c in support}
                if all(total[c] == 1 for c in support) and len(who) < self.min_group:
                    out.append(f"view {view}: sum of {sorted(columns[c] for c in support)} follows")
                return
            walk(i + 1, chosen, people)
            grown = people | {person[basis[i][0]]}
            if len(grown) < self.min_group:
                walk(i + 1, [*chosen, i], grown)

        walk(0, [], frozenset())
        return out

    def pinned(self, view: str | None) -> list[str]:
        """Answers whose value follows with the 1–5 range (the joint LP relaxation)."""
        keys = sorted({k for keys, _ in self.figures for k in keys})
        index = {k: i for i, k in enumerate(keys)}
        n = len(keys) * 5
        eq: list[np.ndarray] = []
        rhs: list[float] = []

        def add(coeffs: Mapping[int, float], value: float) -> None:
            row = np.zeros(n)
            for j, c in coeffs.items():
                row[j] += c
            eq.append(row)
            rhs.append(value)

        for k, i in index.items():
            add({5 * i + b: 1.0 for b in range(5)}, 1.0)
            person, value = self.truth[k]
            if person == view:
                add({5 * i + value - 1: 1.0}, 1.0)
        for (members, metric), value in self.figures.items():
            add({5 * index[k] + b: float(b + 1) for k in members for b in range(5)}, value.total)
            if metric is Metric.DISTRIBUTION and value.buckets is not None:
                for b in range(5):
                    add({5 * index[k] + b: 1.0 for k in members}, value.buckets[b])
        a_eq, b_eq = np.array(eq), np.array(rhs)
        inside = _interior(a_eq, b_eq)
        out: list[str] = []
        for k, i in index.items():
            person, value = self.truth[k]
            if person == view or abs(inside[5 * i : 5 * i + 5] @ SCORES - value) > 1e-4:
                continue  # a feasible point where it differs: it does not follow
            objective = np.zeros(n)
            objective[5 * i : 5 * i + 5] = SCORES
            ends = []
            for sign in (1.0, -1.0):
                result = linprog(
                    sign * objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, 1), method="highs"
                )
                assert result.status == 0, result.message
                ends.append(sign * result.fun)
            spread = ends[1] - ends[0]
            assert not 1e-6 <= spread <= 1e-4, f"uncertain range {spread} for {k}"
            if spread < 1e-6:
                out.append(f"view {view}: answer {k} ({person}) follows: {value}")
        return out


def _interior(a_eq: np.ndarray, b_eq: np.ndarray) -> np.ndarray:
    """A point in the relative interior of {x >= 0, a_eq x = b_eq} (checked feasible).

    Homogenised: maximise sum t with a_eq x = b_eq s, x >= t, 0 <= t <= 1, s >= 1; at
    the optimum t is 1 wherever some feasible point is positive, so x / s is positive
    on every coordinate that is not zero on the whole polytope.
    """
    m, n = a_eq.shape
    # variables: x (n), t (n), s
    eq = np.hstack([a_eq, np.zeros((m, n)), -b_eq.reshape(-1, 1)])
    ub = np.hstack([-np.eye(n), np.eye(n), np.zeros((n, 1))])
    cost = np.concatenate([np.zeros(n), -np.ones(n), [0.0]])
    bounds = [(0, None)] * n + [(0, 1)] * n + [(1, 1e6)]
    result = linprog(
        cost, A_ub=ub, b_ub=np.zeros(n), A_eq=eq, b_eq=np.zeros(m), bounds=bounds, method="highs"
    )
    assert result.status == 0, result.message
    point = result.x[:n] / result.x[-1]
    assert np.abs(a_eq @ point - b_eq).max() < 1e-7 and point.min() > -1e-9
    return point

"""The exact algebra under the gate, against brute force and an independent LP."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from rituals.privacy.algebra import Echelon, Row, indicator, restricted, zero_one_vectors
from rituals.privacy.cone import pinned

sets = st.lists(st.frozensets(st.integers(0, 6), min_size=1), min_size=1, max_size=6)


def rank(rows: list[Row]) -> int:
    echelon = Echelon({c: c for c in range(10)})
    return sum(echelon.add(row) is not None for row in rows)


def in_span(rows: list[Row], vector: Row) -> bool:
    return rank([*rows, vector]) == rank(rows)


@settings(deadline=None)
@given(sets)
def test_zero_one_vectors_are_exactly_the_subsets_in_the_span(
    members: list[frozenset[int]],
) -> None:
    rows = [indicator(m) for m in members]
    columns = sorted({c for m in members for c in m})
    found = zero_one_vectors(rows, grow=lambda _: True, budget=10**6)
    assert found is not None
    expected = {
        frozenset(subset)
        for size in range(1, len(columns) + 1)
        for subset in itertools.combinations(columns, size)
        if in_span(rows, indicator(subset))
    }
    assert set(found) == expected


@settings(deadline=None)
@given(sets, st.frozensets(st.integers(0, 6)))
def test_restricted_spans_the_vectors_that_vanish_on_the_given_columns(
    members: list[frozenset[int]], banned: frozenset[int]
) -> None:
    rows = [indicator(m) for m in members]
    basis = restricted(rows, zero=banned.__contains__)
    assert all(not (set(row) & banned) for row in basis)
    assert all(in_span(rows, row) for row in basis)
    # every 0/1 vector of the span that avoids the columns is in the restricted span
    for support in zero_one_vectors(rows, grow=lambda _: True, budget=10**6) or ():
        if not support & banned:
            assert in_span(basis, indicator(support)) if basis else False


def test_the_budget_stops_the_search() -> None:
    rows = [indicator({c}) for c in range(12)]
    assert zero_one_vectors(rows, grow=lambda _: True, budget=100) is None


def lp_pinned(basis: list[Row], signs: dict[int, int]) -> set[int]:
    """Column j is pinned iff max s_j w_j over the cone (capped at 1) is positive (HiGHS)."""
    d = len(basis)
    out = set()
    columns = sorted(signs)
    a = np.array([[float(signs[c] * row.get(c, 0)) for row in basis] for c in columns])
    for j in range(len(columns)):
        result = linprog(
            -a[j],
            A_ub=np.vstack([-a, a[j : j + 1]]),
            b_ub=[0.0] * len(columns) + [1.0],
            bounds=[(None, None)] * d,
            method="highs",
        )
        assert result.status == 0
        if -result.fun > 1e-9:
            out.add(columns[j])
    return out


small = st.integers(-2, 2).map(Fraction)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(small, min_size=5, max_size=5), min_size=1, max_size=3),
    st.lists(st.sampled_from((1, -1, 0)), min_size=5, max_size=5),
)
def test_pinned_agrees_with_an_lp(entries: list[list[Fraction]], sign_list: list[int]) -> None:
    basis = [{c: v for c, v in enumerate(row) if v} for row in entries]
    basis = [row for row in basis if row]
    signs = {c: s for c, s in enumerate(sign_list) if s}
    assert pinned(basis, signs) == (lp_pinned(basis, signs) if basis else set())


def test_a_mean_of_five_pins_every_answer() -> None:
    # one known sum over three atoms, all on their upper bound
    assert pinned([indicator({0, 1, 2})], {0: -1, 1: -1, 2: -1}) == {0, 1, 2}
    # a sum over two atoms, one on its bound and one off both (so it must vanish there)
    basis = restricted([indicator({0, 1})], zero={1}.__contains__)
    assert basis == [] and pinned(basis, {0: -1}) == set()
    # a column not named in the signs is free: the same vector then pins atom 0
    assert pinned([indicator({0, 1})], {0: -1}) == {0}

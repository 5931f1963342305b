"""The integer algebra decides exactly as the plain ``Fraction`` reference does."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rituals.privacy import Gate, Outcome
from rituals.privacy.algebra import Echelon, reduced, restricted
from rituals.privacy.cone import _maximize, pinned
from tests.rituals.privacy import reference
from tests.rituals.privacy.crew import Crew
from tests.rituals.privacy.test_properties import crews, play

small = st.integers(-3, 3)
fractions = st.builds(Fraction, st.integers(-4, 4), st.integers(1, 3))
rows = st.lists(
    st.dictionaries(st.integers(0, 7), st.one_of(small, fractions), max_size=6).map(
        lambda row: {c: v for c, v in row.items() if v}
    ),
    min_size=1,
    max_size=6,
)


def span_key(basis: list[Any]) -> list[tuple[int, dict[int, Fraction]]]:
    """The reduced row echelon form: equal exactly when the spans are equal."""
    return reduced([row for row in basis if row]) if any(basis) else []


@settings(max_examples=300, deadline=None)
@given(rows, st.frozensets(st.integers(0, 7)), st.permutations(range(8)))
def test_echelon_and_restricted_match_the_reference(
    entries: list[dict[int, Any]], banned: frozenset[int], order: list[int]
) -> None:
    position = {c: i for i, c in enumerate(order)}
    new, old = Echelon(position), reference.Echelon(position)
    for row in entries:
        assert (new.add(row) is None) == (old.add(row) is None)
        assert set(new.rows) == set(old.rows)  # the same pivots
        for col in new.rows:
            assert span_key([new.rows[col]]) == span_key([old.rows[col]])
    assert span_key(restricted(entries, zero=banned.__contains__)) == span_key(
        reference.restricted(entries, zero=banned.__contains__)
    )
    assert reduced([r for r in entries if r]) == reference.reduced([r for r in entries if r])


@settings(max_examples=300, deadline=None)
@given(rows, st.lists(st.sampled_from((1, -1, 0)), min_size=8, max_size=8))
def test_pinned_matches_the_reference(entries: list[dict[int, Any]], signs: list[int]) -> None:
    basis = [row for row in entries if row]
    bounds = {c: s for c, s in enumerate(signs) if s}
    assert pinned(basis, bounds) == reference.pinned(basis, bounds)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(small, min_size=4, max_size=4), min_size=1, max_size=6),
    st.lists(fractions, min_size=4, max_size=4),
)
def test_the_integer_simplex_finds_the_same_optimum(
    entries: list[list[int]], objective: list[Fraction]
) -> None:
    # a box keeps it bounded: x_j <= 1 besides the generated constraints (bounds >= 0)
    constraints = [*entries, *([int(i == j) for i in range(4)] for j in range(4))]
    bounds = [Fraction(abs(sum(row)), 2) for row in entries] + [Fraction(1)] * 4
    exact = [[Fraction(v) for v in row] for row in constraints]  # the reference wants Fraction
    assert _maximize(objective, constraints, bounds) == reference._maximize(
        objective, exact, bounds
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(crews())
def test_the_gate_decides_as_on_the_reference_algebra(world: tuple[Crew, list[Any]]) -> None:
    crew, happenings = world
    decide = crew.gate.decide
    compared = 0

    def both(*args: Any, **kwargs: Any) -> Outcome:
        nonlocal compared
        out = decide(*args, **kwargs)
        with reference.reference_algebra():
            assert Gate(min_group=crew.gate.min_group).decide(*args, **kwargs) == out
        compared += 1
        return out

    crew.gate.decide = both  # type: ignore[method-assign]
    for event in happenings:
        play(crew, event)
    crew.home()
    assert compared

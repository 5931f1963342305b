"""Groups of three: the cross-role bound, and optimal small rounds."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.pairing import make_groups
from tests.rituals.pairing.support import (
    MIXES,
    check_hard_rules,
    crew,
    feasible_scores,
    instance,
    score,
)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 200), st.sampled_from(MIXES))
def test_groups_of_three_reach_the_bound_when_nothing_else_constrains(
    seed: int, n: int, mix: str
) -> None:
    candidates = crew(random.Random(seed), n, mix)
    result = make_groups(candidates, size=3, seed=seed)
    check_hard_rules(result, candidates, {}, size=3)
    assert result.cross_role_groups == result.cross_role_bound


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 8), st.sampled_from(MIXES))
def test_small_groups_of_three_are_optimal(seed: int, n: int, mix: str) -> None:
    candidates, history, avoid, recent = instance(seed, n, mix)
    result = make_groups(
        candidates, history=history, avoid=avoid, recent_rounds=recent, size=3, seed=seed
    )
    feasible = feasible_scores(candidates, history, avoid, recent, size=3)
    if feasible:
        assert not result.unplaced
        assert score(result.groups, candidates, history, recent, size=3) == max(feasible)

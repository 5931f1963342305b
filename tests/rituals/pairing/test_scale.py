"""The at-scale path: the cross-role bound, as good as exact on the top levels, the triple."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.pairing import EXACT_LIMIT, assembly, make_groups
from tests.rituals.pairing.support import MIXES, check_hard_rules, crew, random_avoid, random_rounds


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10**6), st.integers(EXACT_LIMIT + 1, 700), st.sampled_from(MIXES))
def test_large_rounds_reach_the_cross_role_bound(seed: int, n: int, mix: str) -> None:
    rng = random.Random(seed)
    candidates = crew(rng, n, mix)
    ids = [c.user_id for c in candidates]
    avoid = random_avoid(rng, ids, n // 20)
    history = random_rounds(rng, ids, 6)
    result = make_groups(candidates, history=history, avoid=avoid, seed=seed)
    check_hard_rules(result, candidates, avoid)
    assert result.cross_role_groups >= 0.99 * result.cross_role_bound
    fresh = make_groups(candidates, seed=seed)
    assert fresh.cross_role_groups == fresh.cross_role_bound
    assert fresh.repeats == 0


@pytest.mark.parametrize("seed", range(6))
def test_the_method_at_scale_is_as_good_as_exact_on_the_top_levels(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    n = 2 * rng.randint(EXACT_LIMIT // 2 + 1, 55)
    mix = MIXES[seed % len(MIXES)]
    candidates = crew(rng, n, mix)
    ids = [c.user_id for c in candidates]
    avoid = random_avoid(rng, ids, n // 20)
    history = random_rounds(rng, ids, 6)
    at_scale = make_groups(candidates, history=history, avoid=avoid, seed=seed)
    monkeypatch.setattr(assembly, "EXACT_LIMIT", 10 * n)
    exact = make_groups(candidates, history=history, avoid=avoid, seed=seed)
    top = (-len(at_scale.unplaced), -at_scale.repeats, at_scale.cross_role_groups)
    assert top == (-len(exact.unplaced), -exact.repeats, exact.cross_role_groups)


def test_the_triple_at_scale_skips_last_rounds_triple() -> None:
    rng = random.Random(5)
    candidates = [
        replace(c, was_in_triple_last_round=k % 50 == 0, last_met=None)
        for k, c in enumerate(crew(rng, 201, "unassigned"))
    ]
    for seed in range(3):
        result = make_groups(candidates, seed=seed)
        triple = next(g for g in result.groups if len(g) == 3)
        tripled = {c.user_id for c in candidates if c.was_in_triple_last_round}
        assert not tripled & set(triple)

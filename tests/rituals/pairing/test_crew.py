"""The scoring model: packed group scores agree with the independent scorer, level by level."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.pairing.crew import FORBIDDEN, Crew, pack
from tests.rituals.pairing.support import MIXES, instance, score


@given(
    st.tuples(*[st.integers(0, 3), st.integers(0, 1), st.integers(0, 9), st.integers(-20, 60)] * 2)
)
def test_packing_orders_scores_level_by_level(levels: tuple[int, ...]) -> None:
    first, second = levels[:4], levels[4:]
    key_first = (-first[0], *first[1:])
    key_second = (-second[0], *second[1:])
    assert (pack(*first) > pack(*second)) == (key_first > key_second)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(2, 30),
    st.sampled_from(MIXES),
    st.sampled_from((2, 3)),
    st.integers(2, 4),
)
def test_group_values_match_the_independent_scorer(
    seed: int, n: int, mix: str, size: int, group_size: int
) -> None:
    candidates, history, avoid, recent = instance(seed, n, mix)
    crew = Crew(candidates, history, avoid, recent_rounds=recent, size=size, remember_all=True)
    rng = random.Random(seed)
    members = sorted(rng.sample(range(crew.n), min(group_size, crew.n)))
    group = [crew.ids[m] for m in members]
    value = crew.value(members)
    breaks_avoid = any(b in crew.avoid[a] for a in members for b in members)
    if breaks_avoid:
        assert value == FORBIDDEN
        return
    repeats, cross, zone, spread = score([group], candidates, history, recent, size=size)
    assert value == pack(-repeats, cross, zone, spread)
    assert crew.repeats_in(members) == -repeats
    assert crew.is_cross(members) == bool(cross)

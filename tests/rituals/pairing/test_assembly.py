"""make_groups: the hard rules, the basic promises, determinism, and no avoidable repeats."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.pairing import NO_GROUP, ONLY_MEMBER, Candidate, PastRound, make_groups
from tests.rituals.pairing.support import MIXES, ROLES, check_hard_rules, crew, instance


def test_nobody_and_one_member() -> None:
    empty = make_groups([])
    assert empty.groups == () and empty.unplaced == ()
    alone = make_groups([Candidate("U1", "camera")])
    assert alone.groups == ()
    assert alone.unplaced == (("U1", ONLY_MEMBER),)


def test_odd_count_gives_one_triple() -> None:
    candidates = [Candidate(f"U{k}", ROLES[k % 3]) for k in range(7)]
    result = make_groups(candidates)
    assert sorted(len(g) for g in result.groups) == [2, 2, 3]
    assert result.cross_role_groups == result.cross_role_bound == 3


def test_avoid_lists_apply_both_ways_and_unplaced_members_are_told() -> None:
    candidates = [Candidate("U1", "camera"), Candidate("U2", "sound"), Candidate("U3", "qa")]
    result = make_groups(candidates, avoid={"U1": frozenset({"U2"})})
    # U1 and U2 may not share a group: one pair, and one of them sits out, told why.
    assert len(result.groups) == 1 and "U3" in result.groups[0]
    assert len(result.unplaced) == 1
    assert result.unplaced[0][0] in ("U1", "U2") and result.unplaced[0][1] == NO_GROUP
    four = [*candidates, Candidate("U4", "lighting")]
    result = make_groups(four, avoid={"U2": frozenset({"U1"})})
    assert all({"U1", "U2"} - set(g) for g in result.groups)
    assert not result.unplaced
    blocked = make_groups(four, avoid={"U1": frozenset({"U2", "U3", "U4"})})
    assert blocked.unplaced == (("U1", NO_GROUP),)
    assert blocked.groups == (("U2", "U3", "U4"),)


def test_last_rounds_triple_is_not_the_triple_again() -> None:
    candidates = [
        Candidate(f"U{k}", "camera" if k % 2 else "sound", was_in_triple_last_round=k < 3)
        for k in range(5)
    ]
    for seed in range(10):
        triple = next(g for g in make_groups(candidates, seed=seed).groups if len(g) == 3)
        assert not {"U0", "U1", "U2"} & set(triple) or len({"U0", "U1", "U2"} & set(triple)) < 2


def test_members_whose_pair_did_not_meet_get_the_cross_role_pairs() -> None:
    # Six camera people, two sound people: only two pairs can be cross-role.
    candidates = [Candidate(f"C{k}", "camera", last_met=k >= 2) for k in range(6)]
    candidates += [Candidate("S1", "sound"), Candidate("S2", "sound")]
    for seed in range(5):
        result = make_groups(candidates, seed=seed)
        partners = {m for g in result.groups if {"S1", "S2"} & set(g) for m in g}
        assert {"C0", "C1"} <= partners


def test_remote_pairs_share_working_hours() -> None:
    # Two in Sydney, two in New York; roles allow either way to be cross-role.
    candidates = [
        Candidate("A", "camera", 600),
        Candidate("B", "sound", 600),
        Candidate("C", "camera", -300),
        Candidate("D", "sound", -300),
    ]
    assert make_groups(candidates).groups == (("A", "B"), ("C", "D"))


def test_repeats_are_avoided_and_reported_when_unavoidable() -> None:
    candidates = [Candidate(f"U{k}", None) for k in range(4)]
    history = [PastRound((("U0", "U1"), ("U2", "U3"))), PastRound((("U0", "U2"), ("U1", "U3")))]
    assert make_groups(candidates, history=history).groups == (("U0", "U3"), ("U1", "U2"))
    three_rounds = [PastRound((("U0", "U3"), ("U1", "U2"))), *history]
    forced = make_groups(candidates, history=three_rounds)
    assert forced.repeats == 2
    assert make_groups(candidates, history=three_rounds, recent_rounds=1).repeats == 0


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="more than once"):
        make_groups([Candidate("U1", None), Candidate("U1", None)])
    with pytest.raises(ValueError, match="2 or 3"):
        make_groups([], size=4)
    with pytest.raises(ValueError, match="negative"):
        make_groups([], recent_rounds=-1)


# hard rules and determinism, all sizes --------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 100), st.sampled_from(MIXES), st.sampled_from((2, 3)))
def test_everyone_placed_once_and_avoid_lists_kept(seed: int, n: int, mix: str, size: int) -> None:
    candidates, history, avoid, recent = instance(seed, n, mix)
    result = make_groups(
        candidates, history=history, avoid=avoid, recent_rounds=recent, size=size, seed=seed
    )
    check_hard_rules(result, candidates, avoid, size)
    assert all(reason in (ONLY_MEMBER, NO_GROUP) for _uid, reason in result.unplaced)
    again = make_groups(
        list(reversed(candidates)),
        history=history,
        avoid=avoid,
        recent_rounds=recent,
        size=size,
        seed=seed,
    )
    assert again == result  # same input (in any order) and seed: same round


def test_the_seed_picks_among_equally_good_rounds() -> None:
    candidates = [Candidate(f"U{k}", ROLES[k % 4]) for k in range(40)]
    rounds = {make_groups(candidates, seed=seed).groups for seed in range(5)}
    assert len(rounds) > 1


# no repeats where avoidable ----------------------------------------------------


def _history_avoiding(
    rng: random.Random, ids: Sequence[str], target: Sequence[Sequence[str]], rounds: int
) -> list[PastRound]:
    """Random past rounds that never put together two members of a target group."""
    forbidden = {frozenset(p) for g in target for p in combinations(g, 2)}
    history = []
    for _ in range(rounds):
        for _attempt in range(200):
            order = list(ids)
            rng.shuffle(order)
            groups = [tuple(order[k : k + 2]) for k in range(0, len(order) - 1, 2)]
            if not any(frozenset(g) in forbidden for g in groups):
                history.append(PastRound(tuple(groups)))
                break
    return history


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 10**6),
    st.sampled_from((6, 11, 24, 45, 60, 81, 150, 301)),
    st.sampled_from(MIXES),
)
def test_no_repeat_when_one_can_be_avoided(seed: int, n: int, mix: str) -> None:
    rng = random.Random(seed)
    candidates = crew(rng, n, mix)
    ids = [c.user_id for c in candidates]
    order = list(ids)
    rng.shuffle(order)
    target = [order[k : k + 2] for k in range(0, n - 3 if n % 2 else n, 2)]
    if n % 2:
        target.append(order[-3:])
    history = _history_avoiding(rng, ids, target, 6)
    result = make_groups(candidates, history=history, seed=seed)
    check_hard_rules(result, candidates, {})
    assert result.repeats == 0


def test_favoured_flag_does_not_change_who_is_placed() -> None:
    candidates = crew(random.Random(3), 31, "balanced")
    favoured = [replace(c, last_met=False) for c in candidates]
    a, b = make_groups(candidates), make_groups(favoured)
    assert sorted(m for g in a.groups for m in g) == sorted(m for g in b.groups for m in g)

"""The pairing algorithm: hard rules, the objective against exact oracles, determinism."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from itertools import combinations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals import pairing
from rituals.pairing import (
    EXACT_LIMIT,
    NO_GROUP,
    ONLY_MEMBER,
    Candidate,
    PairingResult,
    PastRound,
    cross_role_bound,
    group_sizes,
    make_groups,
    working_hours_overlap,
)

ROLES = ("camera", "lighting", "sound", "editing-and-post", "costume", "art-and-set", "qa")
ZONES = (0, 0, 60, -300, 330, 600, -480, 780, 570)
MIXES = ("balanced", "one-large", "unassigned", "two-roles", "one-role")

Avoid = Mapping[str, frozenset[str]]


# an independent scorer ---------------------------------------------------------


@cache
def _common_hours(offsets: tuple[int, ...]) -> int:
    """Whole hours everyone is at work at once (09-18 local), counted minute by minute, max 3."""
    minutes = None
    for offset in offsets:
        start = (9 * 60 - offset) % 1440
        window = {(start + k) % 1440 for k in range(9 * 60)}
        minutes = window if minutes is None else minutes & window
    assert minutes is not None
    return min(len(minutes) // 60, 3)


def _met(history: Sequence[PastRound], rounds: int | None) -> set[frozenset[str]]:
    return {
        frozenset(pair)
        for past in (history if rounds is None else history[:rounds])
        for group in past.groups
        for pair in combinations(group, 2)
    }


def score(
    groups: Iterable[Sequence[str]],
    candidates: Sequence[Candidate],
    history: Sequence[PastRound],
    recent_rounds: int,
    size: int = 2,
) -> tuple[int, int, int, int]:
    """(−repeats, cross-role groups, working-hours score, spread) as the module docstring says."""
    by_id = {c.user_id: c for c in candidates}
    recent, ever = _met(history, recent_rounds), _met(history, None)
    repeats = cross = zone = spread = 0
    for group in groups:
        pairs = [frozenset(p) for p in combinations(group, 2)]
        repeats += sum(p in recent for p in pairs)
        is_cross = len({by_id[m].role for m in group} - {None}) >= 2
        hours = _common_hours(tuple(sorted(by_id[m].utc_offset_minutes for m in group)))
        favoured = sum(by_id[m].last_met is False for m in group)
        cross += is_cross
        zone += hours
        spread += sum(p not in ever for p in pairs) + favoured * (4 * is_cross + hours)
        if len(group) > size:
            spread -= favoured
            if size == 2:
                spread -= 3 * sum(by_id[m].was_in_triple_last_round for m in group)
    return -repeats, cross, zone, spread


def check_hard_rules(
    result: PairingResult, candidates: Sequence[Candidate], avoid: Avoid, size: int = 2
) -> None:
    placed = [m for group in result.groups for m in group]
    unplaced = [uid for uid, _reason in result.unplaced]
    assert sorted(placed + unplaced) == sorted(c.user_id for c in candidates)
    assert all(len(group) >= 2 for group in result.groups)
    for group in result.groups:
        for a, b in combinations(group, 2):
            assert b not in avoid.get(a, frozenset()) and a not in avoid.get(b, frozenset())
    if not avoid:
        assert not result.unplaced or len(candidates) == 1
        assert sorted(len(g) for g in result.groups) == sorted(group_sizes(len(candidates), size))
    # The result's own figures agree with the groups.
    by_id = {c.user_id: c for c in candidates}
    assert result.cross_role_groups == sum(
        len({by_id[m].role for m in group} - {None}) >= 2 for group in result.groups
    )
    assert result.cross_role_groups <= result.cross_role_bound


# instances ---------------------------------------------------------------------


def crew(rng: random.Random, n: int, mix: str) -> list[Candidate]:
    roles: list[str | None]
    if mix == "balanced":
        roles = [rng.choice(ROLES) for _ in range(n)]
    elif mix == "one-large":
        roles = [ROLES[0] if rng.random() < 0.7 else rng.choice(ROLES[1:]) for _ in range(n)]
    elif mix == "unassigned":
        roles = [rng.choice((*ROLES[:3], None, None)) for _ in range(n)]
    elif mix == "two-roles":
        roles = [rng.choice(ROLES[:2]) for _ in range(n)]
    else:
        roles = [ROLES[0] for _ in range(n)]
    return [
        Candidate(
            user_id=f"U{k:03d}",
            role=role,
            utc_offset_minutes=rng.choice(ZONES),
            last_met=rng.choice((None, True, True, False)),
            was_in_triple_last_round=rng.random() < 0.1,
        )
        for k, role in enumerate(roles)
    ]


def random_rounds(rng: random.Random, ids: Sequence[str], rounds: int) -> list[PastRound]:
    history = []
    for _ in range(rounds):
        order = list(ids)
        rng.shuffle(order)
        pairs = tuple(tuple(order[k : k + 2]) for k in range(0, len(order) - 1, 2))
        history.append(PastRound(pairs))
    return history


def random_avoid(rng: random.Random, ids: Sequence[str], count: int) -> dict[str, frozenset[str]]:
    avoid: dict[str, set[str]] = {}
    for _ in range(count if len(ids) > 1 else 0):
        a, b = rng.sample(list(ids), 2)
        avoid.setdefault(a, set()).add(b)
    return {k: frozenset(v) for k, v in avoid.items()}


def instance(
    seed: int, n: int, mix: str
) -> tuple[list[Candidate], list[PastRound], dict[str, frozenset[str]], int]:
    rng = random.Random(seed)
    candidates = crew(rng, n, mix)
    ids = [c.user_id for c in candidates]
    history = random_rounds(rng, ids, rng.choice((0, 3, 8)))
    avoid = random_avoid(rng, ids, rng.choice((0, 0, 2, n // 3)))
    return candidates, history, avoid, rng.choice((2, 6))


# basic behaviour ------------------------------------------------------------------


def test_working_hours_overlap() -> None:
    assert working_hours_overlap(0, 0) == 540
    assert working_hours_overlap(0, 60) == 480
    assert working_hours_overlap(60, 0) == 480
    assert working_hours_overlap(0, -300) == 240  # London and New York
    assert working_hours_overlap(0, 540) == 0
    assert working_hours_overlap(840, -600) == 540  # Kiribati and Hawaii: a calendar day apart
    assert working_hours_overlap(0, 330, start_hour=8, end_hour=20) == 720 - 330
    assert working_hours_overlap(0, 720, start_hour=0, end_hour=24) == 1440
    with pytest.raises(ValueError, match="working hours"):
        working_hours_overlap(0, 0, start_hour=18, end_hour=9)


@given(st.integers(-720, 840), st.integers(-720, 840))
def test_overlap_is_symmetric_and_bounded(a: int, b: int) -> None:
    assert working_hours_overlap(a, b) == working_hours_overlap(b, a)
    assert 0 <= working_hours_overlap(a, b) <= 540
    assert working_hours_overlap(a, b) == working_hours_overlap(a + 1440, b)


def test_group_sizes_follow_the_leftover_rule() -> None:
    assert group_sizes(0) == group_sizes(1) == ()
    assert group_sizes(2) == (2,)
    assert group_sizes(3) == (3,)
    assert group_sizes(7) == (2, 2, 3)
    assert group_sizes(6, 3) == (3, 3)
    assert group_sizes(7, 3) == (3, 4)  # n % 3 == 1: one group of four
    assert group_sizes(8, 3) == (3, 3, 2)  # n % 3 == 2: one pair
    assert group_sizes(4, 3) == (4,)
    assert group_sizes(2, 3) == (2,)
    with pytest.raises(ValueError, match="2 or 3"):
        group_sizes(6, 4)


def test_cross_role_bound() -> None:
    assert cross_role_bound({"camera": 2, "sound": 2}) == 2
    assert cross_role_bound({"camera": 9, "sound": 1}) == 1  # one role with most members
    assert cross_role_bound({"camera": 3, "sound": 3, "qa": 1}) == 3
    assert cross_role_bound({"camera": 2, None: 6}) == 0
    assert cross_role_bound({"camera": 1, "sound": 1, None: 6}) == 1
    assert cross_role_bound({"camera": 4, "sound": 4, "qa": 4}, size=3) == 4
    assert cross_role_bound({"camera": 10, "sound": 2}, size=3) == 2
    assert cross_role_bound({}) == 0
    with pytest.raises(ValueError, match="negative"):
        cross_role_bound({"camera": -1})


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


# the objective against exact oracles ----------------------------------------------


def _oracle_pairs(
    candidates: Sequence[Candidate], history: Sequence[PastRound], avoid: Avoid, recent: int
) -> tuple[list[tuple[str, ...]], list[str]]:
    """networkx: most pairs, then fewest repeats, most cross-role pairs, most working hours."""
    met = _met(history, recent)
    slots = len(candidates) // 2 + 2
    graph = nx.Graph()
    graph.add_nodes_from(c.user_id for c in candidates)
    for a, b in combinations(candidates, 2):
        if b.user_id in avoid.get(a.user_id, ()) or a.user_id in avoid.get(b.user_id, ()):
            continue
        new = frozenset((a.user_id, b.user_id)) not in met
        cross = a.role is not None and b.role is not None and a.role != b.role
        hours = _common_hours(tuple(sorted((a.utc_offset_minutes, b.utc_offset_minutes))))
        weight = (new * 2 * slots + cross) * 4 * slots + hours
        graph.add_edge(a.user_id, b.user_id, weight=weight)
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    pairs = [tuple(sorted(pair)) for pair in matching]
    paired = {m for pair in pairs for m in pair}
    return pairs, [c.user_id for c in candidates if c.user_id not in paired]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 30), st.sampled_from(MIXES))
def test_even_counts_match_the_networkx_optimum(seed: int, half: int, mix: str) -> None:
    candidates, history, avoid, recent = instance(seed, 2 * half, mix)
    result = make_groups(candidates, history=history, avoid=avoid, recent_rounds=recent, seed=seed)
    check_hard_rules(result, candidates, avoid)
    pairs, spare = _oracle_pairs(candidates, history, avoid, recent)
    mine = score(result.groups, candidates, history, recent)
    best = score(pairs, candidates, history, recent)
    placed = sum(len(g) for g in result.groups)
    assert placed >= 2 * len(pairs)
    if placed == 2 * len(pairs):  # no extra groups of three forced by avoid lists
        assert mine[:3] == best[:3]
    assert result.repeats == -mine[0]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 29), st.sampled_from(MIXES))
def test_odd_counts_beat_the_networkx_matching_plus_best_join(
    seed: int, half: int, mix: str
) -> None:
    candidates, history, avoid, recent = instance(seed, 2 * half + 1, mix)
    result = make_groups(candidates, history=history, avoid=avoid, recent_rounds=recent, seed=seed)
    check_hard_rules(result, candidates, avoid)
    pairs, spare = _oracle_pairs(candidates, history, avoid, recent)
    oracle: list[tuple[str, ...]] = list(pairs)
    for extra in spare:  # the oracle's own odd one out joins the pair where it scores best
        allowed = [
            k
            for k, pair in enumerate(oracle)
            if len(pair) == 2
            and all(extra not in avoid.get(m, ()) and m not in avoid.get(extra, ()) for m in pair)
        ]
        if not allowed:
            continue

        def joined(k: int, extra: str = extra) -> tuple[int, int, int, int]:
            groups = [(*g, extra) if i == k else g for i, g in enumerate(oracle)]
            return score(groups, candidates, history, recent)

        best_k = max(allowed, key=joined)
        oracle[best_k] = (*oracle[best_k], extra)
    oracle_placed = sum(len(g) for g in oracle)
    mine_placed = sum(len(g) for g in result.groups)
    mine = (mine_placed, *score(result.groups, candidates, history, recent)[:2])
    theirs = (oracle_placed, *score(oracle, candidates, history, recent)[:2])
    assert mine >= theirs
    if not history and not avoid:
        assert result.cross_role_groups == result.cross_role_bound


def _partitions(members: Sequence[str], sizes: Sequence[int]) -> Iterable[list[tuple[str, ...]]]:
    if not members:
        yield []
        return
    first, rest = members[0], members[1:]
    for size in sorted(set(sizes)):
        left = list(sizes)
        left.remove(size)
        for others in combinations(rest, size - 1):
            remaining = [m for m in rest if m not in others]
            for partition in _partitions(remaining, left):
                yield [(first, *others), *partition]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 8), st.sampled_from(MIXES))
def test_small_rounds_are_optimal_on_every_level(seed: int, n: int, mix: str) -> None:
    candidates, history, avoid, recent = instance(seed, n, mix)
    result = make_groups(candidates, history=history, avoid=avoid, recent_rounds=recent, seed=seed)
    ids = [c.user_id for c in candidates]
    feasible = [
        score(p, candidates, history, recent)
        for p in _partitions(ids, group_sizes(n))
        if all(
            b not in avoid.get(a, ()) and a not in avoid.get(b, ())
            for g in p
            for a, b in combinations(g, 2)
        )
    ]
    if feasible:
        assert not result.unplaced
        assert score(result.groups, candidates, history, recent) == max(feasible)
    else:
        assert result.unplaced


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


# at scale -------------------------------------------------------------------


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


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 200), st.sampled_from(MIXES))
def test_groups_of_three_reach_the_bound_when_nothing_else_constrains(
    seed: int, n: int, mix: str
) -> None:
    candidates = crew(random.Random(seed), n, mix)
    result = make_groups(candidates, size=3, seed=seed)
    check_hard_rules(result, candidates, {}, size=3)
    assert result.cross_role_groups == result.cross_role_bound


def test_favoured_flag_does_not_change_who_is_placed() -> None:
    candidates = crew(random.Random(3), 31, "balanced")
    favoured = [replace(c, last_met=False) for c in candidates]
    a, b = make_groups(candidates), make_groups(favoured)
    assert sorted(m for g in a.groups for m in g) == sorted(m for g in b.groups for m in g)


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
    monkeypatch.setattr(pairing, "EXACT_LIMIT", 10 * n)
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


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 8), st.sampled_from(MIXES))
def test_small_groups_of_three_are_optimal(seed: int, n: int, mix: str) -> None:
    candidates, history, avoid, recent = instance(seed, n, mix)
    result = make_groups(
        candidates, history=history, avoid=avoid, recent_rounds=recent, size=3, seed=seed
    )
    ids = [c.user_id for c in candidates]
    feasible = [
        score(p, candidates, history, recent, size=3)
        for p in _partitions(ids, group_sizes(n, 3))
        if all(
            b not in avoid.get(a, ()) and a not in avoid.get(b, ())
            for g in p
            for a, b in combinations(g, 2)
        )
    ]
    if feasible:
        assert not result.unplaced
        assert score(result.groups, candidates, history, recent, size=3) == max(feasible)

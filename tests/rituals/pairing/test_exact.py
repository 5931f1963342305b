"""The exact path: the objective against networkx and brute-force oracles."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.pairing import Candidate, PastRound, make_groups
from tests.rituals.pairing.support import (
    MIXES,
    Avoid,
    check_hard_rules,
    common_hours,
    feasible_scores,
    instance,
    met_pairs,
    score,
)


def _oracle_pairs(
    candidates: Sequence[Candidate], history: Sequence[PastRound], avoid: Avoid, recent: int
) -> tuple[list[tuple[str, ...]], list[str]]:
    """networkx: most pairs, then fewest repeats, most cross-role pairs, most working hours."""
    met = met_pairs(history, recent)
    slots = len(candidates) // 2 + 2
    graph = nx.Graph()
    graph.add_nodes_from(c.user_id for c in candidates)
    for a, b in combinations(candidates, 2):
        if b.user_id in avoid.get(a.user_id, ()) or a.user_id in avoid.get(b.user_id, ()):
            continue
        new = frozenset((a.user_id, b.user_id)) not in met
        cross = a.role is not None and b.role is not None and a.role != b.role
        hours = common_hours(tuple(sorted((a.utc_offset_minutes, b.utc_offset_minutes))))
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


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 8), st.sampled_from(MIXES))
def test_small_rounds_are_optimal_on_every_level(seed: int, n: int, mix: str) -> None:
    candidates, history, avoid, recent = instance(seed, n, mix)
    result = make_groups(candidates, history=history, avoid=avoid, recent_rounds=recent, seed=seed)
    feasible = feasible_scores(candidates, history, avoid, recent)
    if feasible:
        assert not result.unplaced
        assert score(result.groups, candidates, history, recent) == max(feasible)
    else:
        assert result.unplaced

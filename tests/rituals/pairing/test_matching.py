"""The exact maximum-weight matching, checked against networkx as an oracle."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.pairing.matching import max_weight_matching


def _oracle_weight(n: int, edges: list[tuple[int, int, int]]) -> int:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for i, j, w in edges:
        if not graph.has_edge(i, j) or graph[i][j]["weight"] < w:
            graph.add_edge(i, j, weight=w)
    return sum(graph[i][j]["weight"] for i, j in nx.max_weight_matching(graph))


def _check(n: int, edges: list[tuple[int, int, int]]) -> None:
    pairs = max_weight_matching(n, edges)
    best: dict[tuple[int, int], int] = {}
    for i, j, w in edges:
        key = (min(i, j), max(i, j))
        best[key] = max(best.get(key, -1), w)
    used = [v for pair in pairs for v in pair]
    assert len(used) == len(set(used)), "a vertex is matched twice"
    assert all(i < j and (i, j) in best for i, j in pairs)
    assert sum(best[p] for p in pairs) == _oracle_weight(n, edges)


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int, int]]]:
    n = draw(st.integers(min_value=0, max_value=16))
    possible = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(possible), unique=True) if possible else st.just([]))
    top = draw(st.sampled_from([1, 3, 20, 10**9]))
    weights = draw(st.lists(st.integers(0, top), min_size=len(chosen), max_size=len(chosen)))
    return n, [(i, j, w) for (i, j), w in zip(chosen, weights, strict=True)]


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_matches_the_oracle_on_small_graphs(graph: tuple[int, list[tuple[int, int, int]]]) -> None:
    _check(*graph)


@pytest.mark.parametrize("seed", range(40))
def test_matches_the_oracle_on_larger_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(20, 60)
    density = rng.choice([0.1, 0.3, 0.7, 1.0])
    top = rng.choice([2, 50, 10**6])
    edges = [
        (i, j, rng.randint(0, top))
        for i in range(n)
        for j in range(i + 1, n)
        if rng.random() < density
    ]
    _check(n, edges)


def test_lexicographic_weights_prefer_more_edges() -> None:
    # A path a-b-c-d: the heavy middle edge loses to two light ones once every
    # edge carries a constant larger than any total of the other weights.
    big = 1000
    edges = [(0, 1, big + 1), (1, 2, big + 10), (2, 3, big + 1)]
    assert max_weight_matching(4, edges) == [(0, 1), (2, 3)]
    assert max_weight_matching(4, [(0, 1, 1), (1, 2, 10), (2, 3, 1)]) == [(1, 2)]


def test_empty_and_trivial_graphs() -> None:
    assert max_weight_matching(0, []) == []
    assert max_weight_matching(3, []) == []
    assert max_weight_matching(2, [(0, 1, 0)]) in ([], [(0, 1)])


def test_rejects_bad_edges() -> None:
    with pytest.raises(ValueError, match="negative"):
        max_weight_matching(2, [(0, 1, -1)])
    with pytest.raises(ValueError, match="between two"):
        max_weight_matching(2, [(0, 0, 1)])
    with pytest.raises(ValueError, match="between two"):
        max_weight_matching(2, [(0, 2, 1)])

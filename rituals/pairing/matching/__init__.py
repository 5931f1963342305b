"""Exact maximum-weight matching in a general graph (Edmonds' blossom algorithm).

This is the primal-dual method with Galil's O(n³) bookkeeping: each stage
grows alternating trees from every exposed vertex over tight edges, shrinks
odd cycles into blossoms, and either augments the matching or changes the
dual variables by the largest step that keeps them feasible. With integer
weights every quantity stays an integer (exposed vertices always share one
dual value, so an edge between two outer vertices has an even slack).

Conventions: vertex duals ``u`` are kept doubled, so an edge ``(i, j, w)`` is
tight when ``u[i] + u[j] - 2w`` is zero (plus twice the duals of blossoms
holding both ends, which never needs computing: such edges are never scanned).
Blossom ``b`` lists its sub-blossoms in cycle order starting with the one
holding the base, and ``links[b][i]`` is the edge ``(x, y)`` from
``children[i]`` (holding ``x``) to ``children[i + 1]`` (holding ``y``).

Weights must be non-negative integers; only a maximum *weight* is sought, so
callers who want the most edges first add a large constant to every weight.
"""

from __future__ import annotations

from collections.abc import Sequence

from rituals.pairing.matching.stages import Matcher


def max_weight_matching(n: int, edges: Sequence[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """A maximum-weight matching of vertices ``0..n-1`` as sorted ``(i, j)`` pairs, ``i < j``.

    ``edges`` are ``(i, j, weight)`` with integer weights ≥ 0 and no loops; on
    equal weights the result depends only on the edge order given.
    """
    for i, j, w in edges:
        if not (0 <= i < n and 0 <= j < n) or i == j:
            raise ValueError(f"edge ({i}, {j}) is not between two of the {n} vertices")
        if w < 0:
            raise ValueError(f"edge ({i}, {j}) has a negative weight {w}")
    if n == 0:
        return []
    mate = Matcher(n, edges).run()
    return [(v, mate[v]) for v in range(n) if v < mate[v]]

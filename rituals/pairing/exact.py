"""The exact path: optimal pairs by maximum-weight matching, for crews up to EXACT_LIMIT."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from rituals.pairing.crew import FORBIDDEN, Crew
from rituals.pairing.matching import max_weight_matching
from rituals.pairing.measures import ZONE_CAP_HOURS
from rituals.pairing.repair import place_extras, resplit

EXACT_LIMIT = 80
SMALL_ODD = 13  # odd rounds up to this size try every possible triple
_ODD_TRIES, _HOST_TRIES = 2, 3
_JITTER = 64


def _pair_weights(crew: Crew, rng: random.Random) -> dict[int, int]:
    """Each allowed pair's matching weight: its levels packed, plus a seeded tie-break."""
    units = _exact_units(crew.n)
    weights = {}
    for a in range(crew.n):
        for b in range(a + 1, crew.n):
            if b not in crew.avoid[a]:
                repeat, cross, zone, spread = crew.pair_parts(a, b)
                weights[crew.key(a, b)] = units.pack(1 - repeat, cross, zone, spread)
                weights[crew.key(a, b)] += rng.randrange(_JITTER)
    return weights


@dataclass(frozen=True)
class _Units:
    """Place values that keep each level of a matching's total above all the lower ones."""

    spread: int
    zone: int
    cross: int
    new: int
    placed: int

    def pack(self, new: int, cross: int, zone: int, spread: int) -> int:
        return (
            self.placed
            + new * self.new
            + cross * self.cross
            + zone * self.zone
            + spread * self.spread
        )


def _exact_units(n: int) -> _Units:
    # At most `slots` edges are matched; per edge: spread <= 15, zone <= 3,
    # cross <= 1, new (pairs not met recently) <= 2 on a join edge.
    slots = n // 2 + 2
    spread = _JITTER * slots
    zone = spread * 16 * slots
    cross = zone * (ZONE_CAP_HOURS + 1) * slots
    new = cross * 2 * slots
    return _Units(spread=spread, zone=zone, cross=cross, new=new, placed=new * 3 * slots)


def _match(
    crew: Crew,
    members: Sequence[int],
    weights: Mapping[int, int],
    *,
    join: Mapping[int, int] | None = None,
) -> tuple[list[list[int]], list[int]]:
    """Best pairs among ``members``; the extras (join-vertex partner first) are returned apart.

    ``join`` gives weights for a virtual vertex whose partner is meant to join a pair.
    """
    edges = [
        (p, q, weight)
        for p, a in enumerate(members)
        for q in range(p + 1, len(members))
        if (weight := weights.get(crew.key(a, members[q]))) is not None
    ]
    virtual = len(members)
    if join is not None:
        edges += [(p, virtual, join[a]) for p, a in enumerate(members) if a in join]
    matched = max_weight_matching(virtual + (join is not None), edges)
    pairs = [[members[p], members[q]] for p, q in matched if q < virtual]
    extras = [members[p] for p, q in matched if q == virtual]
    placed = {m for pair in pairs for m in pair} | set(extras)
    extras += sorted((m for m in members if m not in placed), key=crew.extra_rank)
    return pairs, extras


def _finish(
    crew: Crew, groups: list[list[int]], extras: Sequence[int]
) -> tuple[list[list[int]], list[int], tuple[int, int]]:
    """Place the extras, re-split triples, and score the whole round."""
    groups = [list(g) for g in groups]
    left_out = place_extras(crew, groups, extras)
    resplit(crew, groups, sizes={3})
    return groups, left_out, (-len(left_out), sum(crew.value(g) for g in groups))


def exact_pairs(crew: Crew, rng: random.Random) -> tuple[list[list[int]], list[int]]:
    """Optimal pairs by weighted matching; with an odd count, the best triple found.

    Even counts are exact. Odd counts take the best of: the join-vertex model,
    and fixed triples (all of them up to SMALL_ODD members; otherwise the best
    few hosts of the few best-placed odd ones out) with exact pairs for the rest.
    """
    n = crew.n
    everyone = list(range(n))
    weights = _pair_weights(crew, rng)
    if n % 2 == 0:
        groups, extras = _match(crew, everyone, weights)
        best = _finish(crew, groups, extras)
        return best[0], best[1]
    units = _exact_units(n)
    costs = {x: cost for x in everyone if (cost := crew.join_repeats(x)) is not None}
    join = {
        x: units.pack(2 - cost, 0, 0, 7 - 3 * crew.tripled[x] - crew.favoured[x])
        + rng.randrange(_JITTER)
        for x, cost in costs.items()
    }
    groups, extras = _match(crew, everyone, weights, join=join)
    best = _finish(crew, groups, extras)
    triples: list[tuple[int, ...]]
    if n <= SMALL_ODD:
        triples = [t for t in combinations(everyone, 3) if crew.value(t) > FORBIDDEN // 2]
    else:
        chosen = (
            extras[:1]
            + sorted(
                (x for x in costs if x not in extras[:1]),
                key=lambda x: (costs[x], crew.extra_rank(x)),
            )[: _ODD_TRIES - 1]
        )
        triples = []
        for x in chosen:
            others = [m for m in everyone if m != x and m not in crew.avoid[x]]
            hosts = sorted(
                ((crew.value([x, a, b]), a, b) for a, b in combinations(others, 2)),
                reverse=True,
            )[:_HOST_TRIES]
            triples += [tuple(sorted((x, a, b))) for value, a, b in hosts if value > FORBIDDEN // 2]
    for triple in triples:
        rest = [m for m in everyone if m not in triple]
        pairs, spare = _match(crew, rest, weights)
        candidate = _finish(crew, [list(triple), *pairs], spare)
        if candidate[2] > best[2]:
            best = candidate
    return best[0], best[1]

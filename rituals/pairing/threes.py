"""Groups of three: every split for tiny crews, else seeded cross-role pairs filled by zone."""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations

from rituals.pairing.crew import FORBIDDEN, Crew
from rituals.pairing.exact import EXACT_LIMIT
from rituals.pairing.measures import group_sizes
from rituals.pairing.repair import resplit, swap_repair
from rituals.pairing.scale import ZonePool, cross_pairs

_THREE_STARTS = 6
_EVERY_THREES_LIMIT = 10  # groups of three: try every split up to this many members
_RESPLIT_LIMIT = 40  # groups of three: re-split every two groups up to this many members


def threes(crew: Crew, rng: random.Random) -> tuple[list[list[int]], list[int]]:
    """Groups of three; small rounds keep the best of a few seeded starts."""
    if crew.n <= _EVERY_THREES_LIMIT:
        return _every_partition(crew, group_sizes(crew.n, 3), rng), []
    starts = _THREE_STARTS if crew.n <= _RESPLIT_LIMIT else 2 if crew.n <= EXACT_LIMIT else 1
    best: tuple[int, list[list[int]]] | None = None
    for _start in range(starts):
        groups = _threes_once(crew, rng)
        score = sum(crew.value(g) for g in groups)
        if best is None or score > best[0]:
            best = (score, groups)
    assert best is not None
    return best[1], []


def _every_partition(crew: Crew, sizes: Sequence[int], rng: random.Random) -> list[list[int]]:
    """The best split into groups of these sizes, trying them all (for tiny rounds)."""

    def best_of(members: list[int], sizes: list[int]) -> tuple[int, list[list[int]]]:
        if not members:
            return 0, []
        first, rest = members[0], members[1:]
        found: tuple[int, list[list[int]]] | None = None
        for size in sorted(set(sizes)):
            left = list(sizes)
            left.remove(size)
            for others in combinations(rest, size - 1):
                group = [first, *others]
                value = crew.value(group)
                if value <= FORBIDDEN // 2:
                    continue
                remaining = [m for m in rest if m not in others]
                score, groups = best_of(remaining, left)
                if score > FORBIDDEN // 2 and (found is None or value + score > found[0]):
                    found = (value + score, [group, *groups])
        return found if found is not None else (FORBIDDEN, [])

    score, groups = best_of(list(range(crew.n)), list(sizes))
    if score > FORBIDDEN // 2:
        return groups
    # Avoid lists rule every full split out: fall back to the usual way, which
    # leaves the members who fit nowhere to be placed or reported afterwards.
    return _threes_once(crew, rng)


def _threes_once(crew: Crew, rng: random.Random) -> list[list[int]]:
    """Groups of three (and the leftover group) seeded with cross-role pairs, then swaps."""
    sizes = list(group_sizes(crew.n, 3))
    wanted = crew.bound()
    pairs, rest = cross_pairs(crew, rng)
    pairs.sort(key=lambda p: -(crew.favoured[p[0]] + crew.favoured[p[1]]))
    seeds = pairs[:wanted]
    singles = rest + [m for p in pairs[wanted:] for m in p]
    rng.shuffle(singles)
    singles.sort(key=lambda i: not crew.favoured[i])
    pool = ZonePool(crew, singles)
    seeds.sort(key=lambda p: crew.offset[p[0]])
    groups: list[list[int]] = []
    for k, target in enumerate(sizes):
        members = list(seeds[k]) if k < len(seeds) else []
        while len(members) < target:
            m = pool.take_near(crew.offset[members[0]], members) if members else pool.take_first()
            assert m is not None
            members.append(m)
        groups.append(members)
    if crew.n <= _RESPLIT_LIMIT:
        resplit(crew, groups, sizes={2, 3, 4})
    else:
        swap_repair(crew, groups, rng, thorough=crew.n <= EXACT_LIMIT)
    return groups

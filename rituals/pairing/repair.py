"""Repairs to a round's groups, made in place: re-splitting, swapping, placing leftovers."""

from __future__ import annotations

import random
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from itertools import combinations

from rituals.pairing.crew import FORBIDDEN, Crew
from rituals.pairing.measures import ZONE_CAP_HOURS, common_hours


def resplit(crew: Crew, groups: list[list[int]], *, sizes: AbstractSet[int]) -> None:
    """Re-split two groups' members (keeping both sizes) while that scores better.

    Only pairs of groups where at least one has a size in ``sizes`` are tried.
    """
    values = [crew.value(g) for g in groups]
    improved = True
    while improved:
        improved = False
        for g, h in combinations(range(len(groups)), 2):
            if len(groups[g]) not in sizes and len(groups[h]) not in sizes:
                continue
            pool = groups[g] + groups[h]
            best, split = values[g] + values[h], None
            for mine in combinations(pool, len(groups[g])):
                theirs = [m for m in pool if m not in mine]
                score = crew.value(mine) + crew.value(theirs)
                if score > best:
                    best, split = score, (list(mine), theirs)
            if split is not None:
                groups[g], groups[h] = split
                values[g], values[h] = crew.value(split[0]), crew.value(split[1])
                improved = True


def swap_repair(crew: Crew, groups: list[list[int]], rng: random.Random, *, thorough: bool) -> None:
    """Swap members between groups while that scores better (only groups with a flaw unless
    ``thorough``)."""
    count = len(groups)
    if count < 2:
        return
    values = [crew.value(g) for g in groups]
    # Neighbours in time-zone order, among groups of the same kind (cross-role or
    # not) and of the other kind, are the likeliest swaps that keep both kinds.
    kinds: tuple[list[int], list[int]] = ([], [])
    for g in sorted(range(count), key=lambda g: crew.offset[groups[g][0]]):
        kinds[crew.is_cross(groups[g])].append(g)
    position = {g: (kind, k) for kind in (0, 1) for k, g in enumerate(kinds[kind])}
    cross_short = crew.bound() > len(kinds[1])

    def needs_work(g: int) -> bool:
        group = groups[g]
        if values[g] < 0:  # a repeat, an avoid conflict or a penalised triple
            return True
        if common_hours([crew.offset[m] for m in group]) < ZONE_CAP_HOURS:
            return True
        return cross_short and not crew.is_cross(group)

    def partners(g: int, reach: int) -> list[int]:
        if thorough:
            return [h for h in range(count) if h != g]
        kind, k = position[g]
        same, other = kinds[kind], kinds[1 - kind]
        near = same[max(0, k - reach) : k] + same[k + 1 : k + 1 + reach]
        k_other = min(len(other), round(k * len(other) / max(1, len(same))))
        near += other[max(0, k_other - reach // 2) : k_other + reach // 2]
        return near + [rng.randrange(count) for _ in range(6)]

    # Passes that keep every cross-role group come first: a greedy swap that
    # fixes two repeats at the cost of a cross-role group is often beaten by two
    # swaps that fix one each and keep it.
    passes = [(0, True)] * 3 + [(0, False)] * 8 if thorough else []
    passes = passes or [(12, True), (40, True), (40, False)]
    settled = False  # a pass that keeps cross-role groups changed nothing
    for reach, keep_cross in passes:
        if keep_cross and settled:
            continue
        changed = False
        for g in range(count):
            if not thorough and not needs_work(g):
                continue
            best_gain, best_move = 0, None
            for h in partners(g, reach):
                if h == g:
                    continue
                before = values[g] + values[h]
                crossed = crew.is_cross(groups[g]) + crew.is_cross(groups[h])
                for x in range(len(groups[g])):
                    for y in range(len(groups[h])):
                        mine, theirs = list(groups[g]), list(groups[h])
                        mine[x], theirs[y] = theirs[y], mine[x]
                        gain = crew.value(mine) + crew.value(theirs) - before
                        if gain <= best_gain:
                            continue
                        if keep_cross and crew.is_cross(mine) + crew.is_cross(theirs) < crossed:
                            continue
                        best_gain, best_move = gain, (h, mine, theirs)
            if best_move is not None:
                h, mine, theirs = best_move
                groups[g], groups[h] = mine, theirs
                values[g], values[h] = crew.value(mine), crew.value(theirs)
                changed = True
        if not changed and not keep_cross:
            break
        settled = settled or not changed


def place_extras(crew: Crew, groups: list[list[int]], extras: Sequence[int]) -> list[int]:
    """Add each extra to the group where it costs least; returns who could not be placed."""
    unplaced = []
    for x in extras:
        best: tuple[int, int] | None = None
        for tier in sorted({len(g) for g in groups if len(g) <= 3}):
            for g, group in enumerate(groups):
                if len(group) != tier or any(x in crew.avoid[m] for m in group):
                    continue
                gain = crew.value([*group, x]) - crew.value(group)
                if best is None or gain > best[0]:
                    best = (gain, g)
            if best is not None:
                break
        if best is None:
            unplaced.append(x)
        else:
            groups[best[1]].append(x)
    return unplaced


def split_conflicts(crew: Crew, groups: list[list[int]]) -> list[int]:
    """Break up groups that still hold an avoid conflict; their members become extras."""
    extras: list[int] = []
    kept = []
    for group in groups:
        if crew.value(group) <= FORBIDDEN // 2:
            extras.extend(group)
        else:
            kept.append(group)
    groups[:] = kept
    return sorted(extras, key=crew.extra_rank)

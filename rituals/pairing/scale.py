"""The at-scale path: role buckets cut into cross-role pairs, time-zone order, swap repair."""

from __future__ import annotations

import random
from collections.abc import Sequence

from rituals.pairing.crew import Crew
from rituals.pairing.measures import DAY
from rituals.pairing.repair import swap_repair


class ZonePool:
    """Members waiting for a group, bucketed by UTC offset; takes the nearest in time first."""

    def __init__(self, crew: Crew, members: Sequence[int]) -> None:
        self.crew = crew
        self.buckets: dict[int, list[int]] = {}
        for i in reversed(members):  # lists are popped from the end
            self.buckets.setdefault(crew.offset[i], []).append(i)
        self.zones = sorted(self.buckets)
        self._nearest: dict[int, list[int]] = {}

    def _order(self, offset: int) -> list[int]:
        order = self._nearest.get(offset)
        if order is None:

            def distance(zone: int) -> tuple[int, int]:
                shift = abs(zone - offset) % DAY
                return min(shift, DAY - shift), zone

            order = self._nearest[offset] = sorted(self.zones, key=distance)
        return order

    def take_near(self, offset: int, company: Sequence[int] = ()) -> int | None:
        """A waiting member from the nearest zone, preferring one nobody in ``company`` avoids."""
        fallback = None
        avoid = self.crew.avoid
        for zone in self._order(offset):
            bucket = self.buckets[zone]
            if not bucket:
                continue
            for pos in range(len(bucket) - 1, max(-1, len(bucket) - 9), -1):
                if all(bucket[pos] not in avoid[m] for m in company):
                    return bucket.pop(pos)
            if fallback is None:
                fallback = zone
        return None if fallback is None else self.buckets[fallback].pop()

    def take_first(self) -> int | None:
        """A waiting member from the first zone that has one."""
        for zone in self.zones:
            if self.buckets[zone]:
                return self.buckets[zone].pop()
        return None


def cross_pairs(crew: Crew, rng: random.Random) -> tuple[list[list[int]], list[int]]:
    """As many cross-role pairs as the roles allow, partners close in time; and everyone else."""
    order = list(range(crew.n))
    rng.shuffle(order)
    order.sort(key=lambda i: not crew.favoured[i])  # favoured first in every bucket
    buckets: dict[int, list[int]] = {}
    for i in order:
        buckets.setdefault(crew.role[i], []).append(i)
    unassigned = buckets.pop(-1, [])
    if not buckets:
        return [], unassigned
    total = sum(len(b) for b in buckets.values())
    by_size = sorted(buckets, key=lambda r: (-len(buckets[r]), r))
    largest = buckets[by_size[0]]
    if 2 * len(largest) <= total:
        roles = sorted(buckets)
        rng.shuffle(roles)
        line = [i for role in roles for i in buckets[role]]
        half = total // 2
        side_a, side_b = line[:half], line[half : 2 * half]
        rest = line[2 * half :]
        key = crew.offset.__getitem__
        side_a.sort(key=key)
        side_b.sort(key=key)
        pairs = [[a, b] for a, b in zip(side_a, side_b, strict=True)]
        _untangle(crew, pairs)
        return pairs, rest + unassigned
    others = [i for role in by_size[1:] for i in buckets[role]]
    others.sort(key=lambda i: not crew.favoured[i])
    pool = ZonePool(crew, largest)
    pairs = []
    for a in others:
        b = pool.take_near(crew.offset[a], (a,))
        assert b is not None
        pairs.append([a, b])
    taken = {p[1] for p in pairs}
    leftover = [i for i in largest if i not in taken]
    return pairs, leftover + unassigned


def _untangle(crew: Crew, pairs: list[list[int]]) -> None:
    """Make same-role pairs (of the role cut in two) cross-role by trading partners with the
    nearest pair that holds neither member of that role."""
    role = crew.role
    for k, (a, b) in enumerate(pairs):
        if role[a] != role[b]:
            continue
        for distance in range(1, len(pairs)):
            found = None
            for c in (k - distance, k + distance):
                if 0 <= c < len(pairs) and role[a] not in (role[pairs[c][0]], role[pairs[c][1]]):
                    found = c
                    break
            if found is not None:
                pairs[k][1], pairs[found][1] = pairs[found][1], b
                break


def _pair_by_zone(crew: Crew, members: list[int]) -> tuple[list[list[int]], list[int]]:
    """Neighbours in time zone order, with the best odd one out set aside."""
    members = sorted(members, key=crew.offset.__getitem__)
    extras = []
    if len(members) % 2:
        odd_one = min(members, key=crew.extra_rank)
        members.remove(odd_one)
        extras.append(odd_one)
    return [members[k : k + 2] for k in range(0, len(members), 2)], extras


def scale_pairs(crew: Crew, rng: random.Random) -> tuple[list[list[int]], list[int]]:
    """Pairs for a crew beyond EXACT_LIMIT, and the odd one out (if any) set apart."""
    pairs, rest = cross_pairs(crew, rng)
    more, extras = _pair_by_zone(crew, rest)
    groups = pairs + more
    swap_repair(crew, groups, rng, thorough=False)
    return groups, extras

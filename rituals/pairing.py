"""Shadowing pairings: who meets whom this round.

Input: the eligible members (:class:`Candidate`: role, UTC offset on the
round's date, whether their last pairing met, whether they were in a triple
last round), past rounds (most recent first) and the private avoid lists.

Hard rules
- Everyone eligible is placed. ``size=2`` makes pairs, with one triple when
  the count is odd; ``size=3`` makes groups of three, and the leftovers follow
  :func:`group_sizes`: ``n % 3 == 1`` gives one group of four, ``n % 3 == 2``
  one pair. Nobody is left out silently: a member who cannot be placed (the
  only one eligible, or avoid lists leave no group they could join) comes back
  in ``unplaced`` with the reason, fit to show them. Such a member may, as a
  last resort, join a group one larger than usual rather than sit out.
- No group holds two members where either has the other on their avoid list.

Objective, compared in this order (each level only breaks ties of the one before)
1. Repeats: the fewest pairs of members grouped together who already met in
   the last ``recent_rounds`` rounds (a triple counts its three pairs).
2. Cross-role: the most groups holding at least two different assigned roles
   (unassigned members pair with anyone but never make a group cross-role).
3. Working hours: the most hours the group's members all spend at work at the
   same time (09:00–18:00 local, on a 24-hour clock so a day apart in the
   calendar still overlaps), counted per group up to 3 hours: beyond that a
   remote pair has enough time to meet.
4. Spread: members whose last pairing did not meet get the best groups (their
   group's cross-role and working-hours scores count again for them), pairs who
   never met at all in the history given are preferred, and the triple of a
   pairing round avoids anyone who was in the triple last round and anyone
   whose last pairing did not meet.
5. The seed: among equally good answers the seed picks one, the same every
   time for the same input.

How
- Pairs, up to ``EXACT_LIMIT`` members: an exact maximum-weight matching
  (:mod:`rituals.matching`) with the levels packed into one integer weight,
  plus a constant per edge so that the most members are paired first. An even
  count gets the exact optimum of the objective. An odd count takes the best
  of: the matching with a virtual "join" vertex (its partner becomes the
  triple's third; the edge carries the fewest repeats that member could bring
  to a triple), and fixed triples with exact pairs for everyone else (every
  possible triple up to ``SMALL_ODD`` members; beyond, the best few hosts of
  the few best odd ones out); each triple is then re-split with any pair when
  that scores better.
- Pairs beyond ``EXACT_LIMIT``: members are sorted into role buckets (members
  whose last pairing did not meet first in each). When no role holds more than
  half the assigned members the buckets, in seeded order, are laid end to end
  and cut into two halves, so that a member of one half meets a different role
  in the other (the one role cut in two is untangled by trading partners);
  otherwise every member of a smaller role is matched with a member of the
  largest role in the nearest time zone. Each half is sorted by time zone and
  matched in order; everyone left pairs with a neighbour in time zone order.
  Local swaps then remove repeats, avoid conflicts and short working-hours
  overlaps, first only where no cross-role group is lost. This reaches the
  cross-role bound (:func:`cross_role_bound`) unless repeats can only be
  removed at its expense.
- Groups of three: every split is tried up to 10 members; beyond, groups are
  seeded with as many cross-role pairs as the bound allows and filled by time
  zone, then improved by re-splitting any two groups (up to 40 members, best
  of several seeded starts) or by swapping members between nearby groups.
- Whoever is left over (the odd one out at scale, or members split off a group
  that still broke an avoid list) joins the pair, else the triple, where they
  cost least; if no group can take them they are returned in ``unplaced``.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import combinations
from types import MappingProxyType

from rituals.matching import max_weight_matching

logger = logging.getLogger(__name__)

EXACT_LIMIT = 80
SMALL_ODD = 13  # odd rounds up to this size try every possible triple
_ODD_TRIES, _HOST_TRIES = 2, 3
_THREE_STARTS = 6
_EVERY_THREES_LIMIT = 10  # groups of three: try every split up to this many members
_RESPLIT_LIMIT = 40  # groups of three: re-split every two groups up to this many members
ZONE_CAP_HOURS = 3
_DAY = 24 * 60
_WORK_START, _WORK_END = 9, 18

ONLY_MEMBER = (
    "You were the only member available for this round, so there was no one to pair you with."
)
NO_GROUP = (
    "Avoid lists left no group you could join this round, so you sit this one out. "
    "You'll be included again in the next round."
)

_BASE = 1 << 32  # packs the levels of a group's score into one integer
_FORBIDDEN = -(_BASE**4)
_JITTER = 64
_NO_AVOID: Mapping[str, AbstractSet[str]] = MappingProxyType({})


@dataclass(frozen=True)
class Candidate:
    """One eligible member, as the pairing sees them."""

    user_id: str
    role: str | None  # normalised; None = unassigned
    utc_offset_minutes: int = 0  # at the round's date
    last_met: bool | None = None  # did their previous pairing meet? False -> favour them
    was_in_triple_last_round: bool = False


@dataclass(frozen=True)
class PastRound:
    """The groups of one earlier round."""

    groups: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PairingResult:
    """The groups of a round, who could not be placed and why, and how good it is."""

    groups: tuple[tuple[str, ...], ...]  # members sorted; groups sorted by first member
    unplaced: tuple[tuple[str, str], ...]  # (user_id, reason)
    cross_role_groups: int
    cross_role_bound: int
    repeats: int


def working_hours_overlap(
    offset_a_minutes: int, offset_b_minutes: int, *, start_hour: int = 9, end_hour: int = 18
) -> int:
    """Minutes per day two people are both within their local working hours.

    The day is a 24-hour circle, so offsets a whole day apart overlap fully.
    """
    if not 0 <= start_hour < end_hour <= 24:
        raise ValueError(
            f"working hours {start_hour}-{end_hour} must satisfy 0 <= start < end <= 24"
        )
    length = (end_hour - start_hour) * 60
    if length >= _DAY:
        return _DAY
    shift = abs(offset_a_minutes - offset_b_minutes) % _DAY
    return max(0, length - shift) + max(0, length - (_DAY - shift))


def _common_hours(offsets: Sequence[int]) -> int:
    """Whole hours (up to ZONE_CAP_HOURS) that everyone in a group spends at work at once."""
    starts = [(-offset) % _DAY for offset in offsets]
    ref = starts[0]
    # Working days are shorter than half a day, so if all windows share a moment
    # each start lies within half a day of the first one.
    unwrapped = [ref + (start - ref + _DAY // 2) % _DAY - _DAY // 2 for start in starts]
    minutes = min(unwrapped) + (_WORK_END - _WORK_START) * 60 - max(unwrapped)
    return min(max(0, minutes) // 60, ZONE_CAP_HOURS)


def group_sizes(count: int, size: int = 2) -> tuple[int, ...]:
    """Group sizes for ``count`` members: pairs (+ one triple), or threes (+ a four or a pair)."""
    if size not in (2, 3):
        raise ValueError(f"group size must be 2 or 3, not {size}")
    if count < 2:
        return ()
    if size == 2:
        return (2,) * (count // 2 - 1) + ((3,) if count % 2 else (2,))
    threes, rest = divmod(count, 3)
    if rest == 0:
        return (3,) * threes
    if rest == 1:
        return (3,) * (threes - 1) + (4,)
    return (3,) * threes + (2,)


def cross_role_bound(role_counts: Mapping[str | None, int], *, size: int = 2) -> int:
    """The most cross-role groups these role counts allow (``None`` counts unassigned members).

    Each cross-role group needs two assigned members of different roles, one of
    them outside the largest role, so the bound is the least of the number of
    groups, half the assigned members, and the assigned members outside the
    largest role. Grouping can always reach it when nothing else constrains it.
    """
    if any(count < 0 for count in role_counts.values()):
        raise ValueError("role counts cannot be negative")
    groups = len(group_sizes(sum(role_counts.values()), size))
    assigned = [count for role, count in role_counts.items() if role is not None]
    total = sum(assigned)
    return max(0, min(groups, total // 2, total - max(assigned, default=0)))


def _pack(repeats: int, cross: int, zone: int, spread: int) -> int:
    return ((-repeats * _BASE + cross) * _BASE + zone) * _BASE + spread


class _Crew:
    """The round's members as indices, with what the objective needs to know about them."""

    def __init__(
        self,
        candidates: Sequence[Candidate],
        history: Sequence[PastRound],
        avoid: Mapping[str, AbstractSet[str]],
        *,
        recent_rounds: int,
        size: int,
        remember_all: bool,
    ) -> None:
        ordered = sorted(candidates, key=lambda c: c.user_id)
        self.ids = [c.user_id for c in ordered]
        twice = [uid for uid, count in Counter(self.ids).items() if count > 1]
        if twice:
            raise ValueError(f"candidates listed more than once: {', '.join(twice)}")
        n = self.n = len(ordered)
        self.size = size
        index = {uid: i for i, uid in enumerate(self.ids)}
        role_names = sorted({c.role for c in ordered if c.role is not None})
        role_index = {role: k for k, role in enumerate(role_names)}
        self.role = [role_index[c.role] if c.role is not None else -1 for c in ordered]
        self.offset = [c.utc_offset_minutes for c in ordered]
        self.favoured = [c.last_met is False for c in ordered]
        self.tripled = [c.was_in_triple_last_round for c in ordered]
        self.avoid: list[set[int]] = [set() for _ in range(n)]
        for uid, others in avoid.items():
            i = index.get(uid)
            if i is None:
                continue
            for other in others:
                j = index.get(other)
                if j is not None and j != i:
                    self.avoid[i].add(j)
                    self.avoid[j].add(i)
        self.recent: set[int] = set()
        self.seen: set[int] | None = set() if remember_all else None
        for age, past in enumerate(history):
            if age >= recent_rounds and self.seen is None:
                break
            for group in past.groups:
                members = sorted({index[uid] for uid in group if uid in index})
                for a, b in combinations(members, 2):
                    if age < recent_rounds:
                        self.recent.add(a * n + b)
                    if self.seen is not None:
                        self.seen.add(a * n + b)
        self._zone_cache: dict[int, int] = {}

    def key(self, a: int, b: int) -> int:
        return a * self.n + b if a < b else b * self.n + a

    def zone(self, a: int, b: int) -> int:
        shift = abs(self.offset[a] - self.offset[b]) % _DAY
        score = self._zone_cache.get(shift)
        if score is None:
            score = self._zone_cache[shift] = _common_hours((0, shift))
        return score

    def pair_parts(self, a: int, b: int) -> tuple[int, int, int, int]:
        """(repeat, cross-role, zone, spread) of the pair a–b."""
        key = self.key(a, b)
        repeat = 1 if key in self.recent else 0
        ra, rb = self.role[a], self.role[b]
        cross = 1 if ra != rb and ra >= 0 and rb >= 0 else 0
        zone = self.zone(a, b)
        spread = (self.favoured[a] + self.favoured[b]) * (4 * cross + zone)
        if self.seen is not None and key not in self.seen:
            spread += 1
        return repeat, cross, zone, spread

    def pair_value(self, a: int, b: int) -> int:
        if b in self.avoid[a]:
            return _FORBIDDEN
        return _pack(*self.pair_parts(a, b))

    def value(self, members: Sequence[int]) -> int:
        """The packed score of one group; _FORBIDDEN-ish when it breaks an avoid list."""
        if len(members) == 2:
            return self.pair_value(members[0], members[1])
        repeats = fresh = 0
        for a, b in combinations(members, 2):
            if b in self.avoid[a]:
                return _FORBIDDEN
            key = self.key(a, b)
            repeats += key in self.recent
            fresh += self.seen is not None and key not in self.seen
        cross = 1 if len({self.role[m] for m in members if self.role[m] >= 0}) >= 2 else 0
        zone = _common_hours([self.offset[m] for m in members])
        spread = fresh + sum(self.favoured[m] for m in members) * (4 * cross + zone)
        if len(members) > self.size:
            spread -= sum(self.favoured[m] for m in members)
            if self.size == 2:
                spread -= 3 * sum(self.tripled[m] for m in members)
        return _pack(repeats, cross, zone, spread)

    def repeats_in(self, members: Sequence[int]) -> int:
        return sum(self.key(a, b) in self.recent for a, b in combinations(members, 2))

    def is_cross(self, members: Sequence[int]) -> bool:
        return len({self.role[m] for m in members if self.role[m] >= 0}) >= 2

    def extra_rank(self, i: int) -> tuple[bool, bool]:
        """Sort key for who should be the odd one out: not last round's triple, not favoured."""
        return self.tripled[i], self.favoured[i]

    def join_repeats(self, x: int) -> int | None:
        """Fewest repeats ``x`` could bring into a triple, or None if no pair could take them."""
        allowed = [a for a in range(self.n) if a != x and a not in self.avoid[x]]
        new = [a for a in allowed if self.key(a, x) not in self.recent]
        for cost, firsts, seconds in ((0, new, new), (1, new, allowed), (2, allowed, allowed)):
            if any(a != b and b not in self.avoid[a] for a in firsts for b in seconds):
                return cost
        return None

    def bound(self) -> int:
        counts: dict[str | None, int] = {}
        for r in self.role:
            name = str(r) if r >= 0 else None
            counts[name] = counts.get(name, 0) + 1
        return cross_role_bound(counts, size=self.size)


# exact pairs ---------------------------------------------------------------


def _pair_weights(crew: _Crew, rng: random.Random) -> dict[int, int]:
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
    crew: _Crew,
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
    crew: _Crew, groups: list[list[int]], extras: Sequence[int]
) -> tuple[list[list[int]], list[int], tuple[int, int]]:
    """Place the extras, re-split triples, and score the whole round."""
    groups = [list(g) for g in groups]
    left_out = _place_extras(crew, groups, extras)
    _resplit(crew, groups, sizes={3})
    return groups, left_out, (-len(left_out), sum(crew.value(g) for g in groups))


def _exact_pairs(crew: _Crew, rng: random.Random) -> tuple[list[list[int]], list[int]]:
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
        triples = [t for t in combinations(everyone, 3) if crew.value(t) > _FORBIDDEN // 2]
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
            triples += [
                tuple(sorted((x, a, b))) for value, a, b in hosts if value > _FORBIDDEN // 2
            ]
    for triple in triples:
        rest = [m for m in everyone if m not in triple]
        pairs, spare = _match(crew, rest, weights)
        candidate = _finish(crew, [list(triple), *pairs], spare)
        if candidate[2] > best[2]:
            best = candidate
    return best[0], best[1]


def _resplit(crew: _Crew, groups: list[list[int]], *, sizes: AbstractSet[int]) -> None:
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


# rounds at scale -------------------------------------------------------------


class _ZonePool:
    """Members waiting for a group, bucketed by UTC offset; takes the nearest in time first."""

    def __init__(self, crew: _Crew, members: Sequence[int]) -> None:
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
                shift = abs(zone - offset) % _DAY
                return min(shift, _DAY - shift), zone

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
        for zone in self.zones:
            if self.buckets[zone]:
                return self.buckets[zone].pop()
        return None


def _cross_pairs(crew: _Crew, rng: random.Random) -> tuple[list[list[int]], list[int]]:
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
    pool = _ZonePool(crew, largest)
    pairs = []
    for a in others:
        b = pool.take_near(crew.offset[a], (a,))
        assert b is not None
        pairs.append([a, b])
    taken = {p[1] for p in pairs}
    leftover = [i for i in largest if i not in taken]
    return pairs, leftover + unassigned


def _untangle(crew: _Crew, pairs: list[list[int]]) -> None:
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


def _pair_by_zone(crew: _Crew, members: list[int]) -> tuple[list[list[int]], list[int]]:
    """Neighbours in time zone order, with the best odd one out set aside."""
    members = sorted(members, key=crew.offset.__getitem__)
    extras = []
    if len(members) % 2:
        odd_one = min(members, key=crew.extra_rank)
        members.remove(odd_one)
        extras.append(odd_one)
    return [members[k : k + 2] for k in range(0, len(members), 2)], extras


def _swap_repair(
    crew: _Crew, groups: list[list[int]], rng: random.Random, *, thorough: bool
) -> None:
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
        if _common_hours([crew.offset[m] for m in group]) < ZONE_CAP_HOURS:
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


def _scale_pairs(crew: _Crew, rng: random.Random) -> tuple[list[list[int]], list[int]]:
    pairs, rest = _cross_pairs(crew, rng)
    more, extras = _pair_by_zone(crew, rest)
    groups = pairs + more
    _swap_repair(crew, groups, rng, thorough=False)
    return groups, extras


def _threes(crew: _Crew, rng: random.Random) -> tuple[list[list[int]], list[int]]:
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


def _every_partition(crew: _Crew, sizes: Sequence[int], rng: random.Random) -> list[list[int]]:
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
                if value <= _FORBIDDEN // 2:
                    continue
                remaining = [m for m in rest if m not in others]
                score, groups = best_of(remaining, left)
                if score > _FORBIDDEN // 2 and (found is None or value + score > found[0]):
                    found = (value + score, [group, *groups])
        return found if found is not None else (_FORBIDDEN, [])

    score, groups = best_of(list(range(crew.n)), list(sizes))
    if score > _FORBIDDEN // 2:
        return groups
    # Avoid lists rule every full split out: fall back to the usual way, which
    # leaves the members who fit nowhere to be placed or reported afterwards.
    return _threes_once(crew, rng)


def _threes_once(crew: _Crew, rng: random.Random) -> list[list[int]]:
    """Groups of three (and the leftover group) seeded with cross-role pairs, then swaps."""
    sizes = list(group_sizes(crew.n, 3))
    wanted = crew.bound()
    pairs, rest = _cross_pairs(crew, rng)
    pairs.sort(key=lambda p: -(crew.favoured[p[0]] + crew.favoured[p[1]]))
    seeds = pairs[:wanted]
    singles = rest + [m for p in pairs[wanted:] for m in p]
    rng.shuffle(singles)
    singles.sort(key=lambda i: not crew.favoured[i])
    pool = _ZonePool(crew, singles)
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
        _resplit(crew, groups, sizes={2, 3, 4})
    else:
        _swap_repair(crew, groups, rng, thorough=crew.n <= EXACT_LIMIT)
    return groups


# assembling the round --------------------------------------------------------


def _place_extras(crew: _Crew, groups: list[list[int]], extras: Sequence[int]) -> list[int]:
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


def _split_conflicts(crew: _Crew, groups: list[list[int]]) -> list[int]:
    """Break up groups that still hold an avoid conflict; their members become extras."""
    extras: list[int] = []
    kept = []
    for group in groups:
        if crew.value(group) <= _FORBIDDEN // 2:
            extras.extend(group)
        else:
            kept.append(group)
    groups[:] = kept
    return sorted(extras, key=crew.extra_rank)


def make_groups(
    candidates: Sequence[Candidate],
    *,
    history: Sequence[PastRound] = (),
    avoid: Mapping[str, AbstractSet[str]] = _NO_AVOID,
    recent_rounds: int = 6,
    size: int = 2,
    seed: int = 0,
) -> PairingResult:
    """This round's groups for ``candidates`` (see the module docstring for the rules)."""
    if size not in (2, 3):
        raise ValueError(f"group size must be 2 or 3, not {size}")
    if recent_rounds < 0:
        raise ValueError("recent_rounds cannot be negative")
    crew = _Crew(
        candidates,
        history,
        avoid,
        recent_rounds=recent_rounds,
        size=size,
        remember_all=len(candidates) <= EXACT_LIMIT,
    )
    rng = random.Random(seed)
    unplaced: list[tuple[str, str]] = []
    groups: list[list[int]] = []
    if crew.n == 1:
        unplaced.append((crew.ids[0], ONLY_MEMBER))
    elif crew.n > 1:
        if size == 2 and crew.n <= EXACT_LIMIT:
            groups, left_out = _exact_pairs(crew, rng)
        else:
            groups, extras = _threes(crew, rng) if size == 3 else _scale_pairs(crew, rng)
            extras = extras + _split_conflicts(crew, groups)
            left_out = _place_extras(crew, groups, extras)
        unplaced = [(crew.ids[i], NO_GROUP) for i in sorted(left_out)]
    role_counts: dict[str | None, int] = {}
    for c in candidates:
        role_counts[c.role] = role_counts.get(c.role, 0) + 1
    named = sorted(tuple(sorted(crew.ids[m] for m in group)) for group in groups)
    result = PairingResult(
        groups=tuple(named),
        unplaced=tuple(unplaced),
        cross_role_groups=sum(crew.is_cross(g) for g in groups),
        cross_role_bound=cross_role_bound(role_counts, size=size),
        repeats=sum(crew.repeats_in(g) for g in groups),
    )
    logger.debug(
        "pairing: %d members, %d groups, %d/%d cross-role, %d repeats, %d unplaced",
        crew.n,
        len(result.groups),
        result.cross_role_groups,
        result.cross_role_bound,
        result.repeats,
        len(result.unplaced),
    )
    return result

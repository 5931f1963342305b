"""The scoring model: the round's members as indices, and each group's packed score.

A group's score packs the objective's levels (repeats, cross-role, working
hours, spread; see :mod:`rituals.pairing`) into one integer, so that comparing
two scores compares the levels in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import combinations

from rituals.pairing.measures import DAY, common_hours, cross_role_bound

_BASE = 1 << 32  # packs the levels of a group's score into one integer
FORBIDDEN = -(_BASE**4)


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


def pack(repeats: int, cross: int, zone: int, spread: int) -> int:
    """One integer that orders groups by fewest repeats, then cross-role, zone and spread."""
    return ((-repeats * _BASE + cross) * _BASE + zone) * _BASE + spread


class Crew:
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
        """One integer naming the pair a–b, the same either way round."""
        return a * self.n + b if a < b else b * self.n + a

    def zone(self, a: int, b: int) -> int:
        """Common working hours of a and b (cached by the gap between their offsets)."""
        shift = abs(self.offset[a] - self.offset[b]) % DAY
        score = self._zone_cache.get(shift)
        if score is None:
            score = self._zone_cache[shift] = common_hours((0, shift))
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
        """The packed score of the pair a–b; FORBIDDEN when either avoids the other."""
        if b in self.avoid[a]:
            return FORBIDDEN
        return pack(*self.pair_parts(a, b))

    def value(self, members: Sequence[int]) -> int:
        """The packed score of one group; FORBIDDEN-ish when it breaks an avoid list."""
        if len(members) == 2:
            return self.pair_value(members[0], members[1])
        repeats = fresh = 0
        for a, b in combinations(members, 2):
            if b in self.avoid[a]:
                return FORBIDDEN
            key = self.key(a, b)
            repeats += key in self.recent
            fresh += self.seen is not None and key not in self.seen
        cross = 1 if len({self.role[m] for m in members if self.role[m] >= 0}) >= 2 else 0
        zone = common_hours([self.offset[m] for m in members])
        spread = fresh + sum(self.favoured[m] for m in members) * (4 * cross + zone)
        if len(members) > self.size:
            spread -= sum(self.favoured[m] for m in members)
            if self.size == 2:
                spread -= 3 * sum(self.tripled[m] for m in members)
        return pack(repeats, cross, zone, spread)

    def repeats_in(self, members: Sequence[int]) -> int:
        """Pairs in the group who met in the recent rounds."""
        return sum(self.key(a, b) in self.recent for a, b in combinations(members, 2))

    def is_cross(self, members: Sequence[int]) -> bool:
        """Whether the group holds two different assigned roles."""
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
        """The cross-role bound for this crew's roles."""
        counts: dict[str | None, int] = {}
        for r in self.role:
            name = str(r) if r >= 0 else None
            counts[name] = counts.get(name, 0) + 1
        return cross_role_bound(counts, size=self.size)

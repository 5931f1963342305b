"""Assembling a round: :func:`make_groups` picks the path and returns a :class:`PairingResult`."""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from types import MappingProxyType

from rituals.pairing.crew import Candidate, Crew, PastRound
from rituals.pairing.exact import EXACT_LIMIT, exact_pairs
from rituals.pairing.measures import cross_role_bound
from rituals.pairing.repair import place_extras, split_conflicts
from rituals.pairing.scale import scale_pairs
from rituals.pairing.threes import threes

logger = logging.getLogger(__name__)

ONLY_MEMBER = (
    "You were the only member available for this round, so there was no one to pair you with."
)
NO_GROUP = (
    "Avoid lists left no group you could join this round, so you sit this one out. "
    "You'll be included again in the next round."
)

_NO_AVOID: Mapping[str, AbstractSet[str]] = MappingProxyType({})


@dataclass(frozen=True)
class PairingResult:
    """The groups of a round, who could not be placed and why, and how good it is."""

    groups: tuple[tuple[str, ...], ...]  # members sorted; groups sorted by first member
    unplaced: tuple[tuple[str, str], ...]  # (user_id, reason)
    cross_role_groups: int
    cross_role_bound: int
    repeats: int


def make_groups(
    candidates: Sequence[Candidate],
    *,
    history: Sequence[PastRound] = (),
    avoid: Mapping[str, AbstractSet[str]] = _NO_AVOID,
    recent_rounds: int = 6,
    size: int = 2,
    seed: int = 0,
) -> PairingResult:
    """This round's groups for ``candidates`` (see :mod:`rituals.pairing` for the rules)."""
    if size not in (2, 3):
        raise ValueError(f"group size must be 2 or 3, not {size}")
    if recent_rounds < 0:
        raise ValueError("recent_rounds cannot be negative")
    crew = Crew(
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
            groups, left_out = exact_pairs(crew, rng)
        else:
            groups, extras = threes(crew, rng) if size == 3 else scale_pairs(crew, rng)
            extras = extras + split_conflicts(crew, groups)
            left_out = place_extras(crew, groups, extras)
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

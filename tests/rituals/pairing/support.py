"""Shared by the pairing tests: an independent scorer, the hard-rule check, random crews."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from itertools import combinations

from rituals.pairing import Candidate, PairingResult, PastRound, group_sizes

ROLES = ("camera", "lighting", "sound", "editing-and-post", "costume", "art-and-set", "qa")
ZONES = (0, 0, 60, -300, 330, 600, -480, 780, 570)
MIXES = ("balanced", "one-large", "unassigned", "two-roles", "one-role")

Avoid = Mapping[str, frozenset[str]]


# an independent scorer ---------------------------------------------------------


@cache
def common_hours(offsets: tuple[int, ...]) -> int:
    """Whole hours everyone is at work at once (09-18 local), counted minute by minute, max 3."""
    minutes = None
    for offset in offsets:
        start = (9 * 60 - offset) % 1440
        window = {(start + k) % 1440 for k in range(9 * 60)}
        minutes = window if minutes is None else minutes & window
    assert minutes is not None
    return min(len(minutes) // 60, 3)


def met_pairs(history: Sequence[PastRound], rounds: int | None) -> set[frozenset[str]]:
    return {
        frozenset(pair)
        for past in (history if rounds is None else history[:rounds])
        for group in past.groups
        for pair in combinations(group, 2)
    }


def score(
    groups: Iterable[Sequence[str]],
    candidates: Sequence[Candidate],
    history: Sequence[PastRound],
    recent_rounds: int,
    size: int = 2,
) -> tuple[int, int, int, int]:
    """(−repeats, cross-role groups, working-hours score, spread), as rituals.pairing says."""
    by_id = {c.user_id: c for c in candidates}
    recent, ever = met_pairs(history, recent_rounds), met_pairs(history, None)
    repeats = cross = zone = spread = 0
    for group in groups:
        pairs = [frozenset(p) for p in combinations(group, 2)]
        repeats += sum(p in recent for p in pairs)
        is_cross = len({by_id[m].role for m in group} - {None}) >= 2
        hours = common_hours(tuple(sorted(by_id[m].utc_offset_minutes for m in group)))
        favoured = sum(by_id[m].last_met is False for m in group)
        cross += is_cross
        zone += hours
        spread += sum(p not in ever for p in pairs) + favoured * (4 * is_cross + hours)
        if len(group) > size:
            spread -= favoured
            if size == 2:
                spread -= 3 * sum(by_id[m].was_in_triple_last_round for m in group)
    return -repeats, cross, zone, spread


def check_hard_rules(
    result: PairingResult, candidates: Sequence[Candidate], avoid: Avoid, size: int = 2
) -> None:
    """Everyone placed once, avoid lists kept, sizes as promised, the figures honest."""
    placed = [m for group in result.groups for m in group]
    unplaced = [uid for uid, _reason in result.unplaced]
    assert sorted(placed + unplaced) == sorted(c.user_id for c in candidates)
    assert all(len(group) >= 2 for group in result.groups)
    for group in result.groups:
        for a, b in combinations(group, 2):
            assert b not in avoid.get(a, frozenset()) and a not in avoid.get(b, frozenset())
    if not avoid:
        assert not result.unplaced or len(candidates) == 1
        assert sorted(len(g) for g in result.groups) == sorted(group_sizes(len(candidates), size))
    # The result's own figures agree with the groups.
    by_id = {c.user_id: c for c in candidates}
    assert result.cross_role_groups == sum(
        len({by_id[m].role for m in group} - {None}) >= 2 for group in result.groups
    )
    assert result.cross_role_groups <= result.cross_role_bound


# instances ---------------------------------------------------------------------


def crew(rng: random.Random, n: int, mix: str) -> list[Candidate]:
    """``n`` random members with roles drawn as ``mix`` says."""
    roles: list[str | None]
    if mix == "balanced":
        roles = [rng.choice(ROLES) for _ in range(n)]
    elif mix == "one-large":
        roles = [ROLES[0] if rng.random() < 0.7 else rng.choice(ROLES[1:]) for _ in range(n)]
    elif mix == "unassigned":
        roles = [rng.choice((*ROLES[:3], None, None)) for _ in range(n)]
    elif mix == "two-roles":
        roles = [rng.choice(ROLES[:2]) for _ in range(n)]
    else:
        roles = [ROLES[0] for _ in range(n)]
    return [
        Candidate(
            user_id=f"U{k:03d}",
            role=role,
            utc_offset_minutes=rng.choice(ZONES),
            last_met=rng.choice((None, True, True, False)),
            was_in_triple_last_round=rng.random() < 0.1,
        )
        for k, role in enumerate(roles)
    ]


def random_rounds(rng: random.Random, ids: Sequence[str], rounds: int) -> list[PastRound]:
    """Past rounds of random pairs."""
    history = []
    for _ in range(rounds):
        order = list(ids)
        rng.shuffle(order)
        pairs = tuple(tuple(order[k : k + 2]) for k in range(0, len(order) - 1, 2))
        history.append(PastRound(pairs))
    return history


def random_avoid(rng: random.Random, ids: Sequence[str], count: int) -> dict[str, frozenset[str]]:
    """``count`` random avoid-list entries."""
    avoid: dict[str, set[str]] = {}
    for _ in range(count if len(ids) > 1 else 0):
        a, b = rng.sample(list(ids), 2)
        avoid.setdefault(a, set()).add(b)
    return {k: frozenset(v) for k, v in avoid.items()}


def instance(
    seed: int, n: int, mix: str
) -> tuple[list[Candidate], list[PastRound], dict[str, frozenset[str]], int]:
    """A random crew, history, avoid lists and recent_rounds, all from ``seed``."""
    rng = random.Random(seed)
    candidates = crew(rng, n, mix)
    ids = [c.user_id for c in candidates]
    history = random_rounds(rng, ids, rng.choice((0, 3, 8)))
    avoid = random_avoid(rng, ids, rng.choice((0, 0, 2, n // 3)))
    return candidates, history, avoid, rng.choice((2, 6))


def _partitions(members: Sequence[str], sizes: Sequence[int]) -> Iterable[list[tuple[str, ...]]]:
    """Every split of ``members`` into groups of these sizes."""
    if not members:
        yield []
        return
    first, rest = members[0], members[1:]
    for size in sorted(set(sizes)):
        left = list(sizes)
        left.remove(size)
        for others in combinations(rest, size - 1):
            remaining = [m for m in rest if m not in others]
            for partition in _partitions(remaining, left):
                yield [(first, *others), *partition]


def feasible_scores(
    candidates: Sequence[Candidate],
    history: Sequence[PastRound],
    avoid: Avoid,
    recent_rounds: int,
    size: int = 2,
) -> list[tuple[int, int, int, int]]:
    """The score of every split into the promised group sizes that keeps the avoid lists."""
    ids = [c.user_id for c in candidates]
    return [
        score(p, candidates, history, recent_rounds, size)
        for p in _partitions(ids, group_sizes(len(ids), size))
        if all(
            b not in avoid.get(a, ()) and a not in avoid.get(b, ())
            for g in p
            for a, b in combinations(g, 2)
        )
    ]

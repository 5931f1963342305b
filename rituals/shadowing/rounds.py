"""Making a round: who can be paired, with what history, grouped once and stored once.

A round belongs to one occurrence of kind ``shadow``. Its groups are made by
``ensure_round`` — from ``shadow pair`` (so the answer can report them) or from the
planner of a scheduled round — and stored with the occurrence under its row lock;
planning again, or a second process, gets the stored round back.

What is stored about someone who could not be placed never names the cause: it may be
an avoid list, which must not show through anything the bot says or keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rituals.engine.types import OccurrenceInfo, SkipOccurrence
from rituals.pairing import Candidate, PastRound, make_groups
from rituals.people import Person
from rituals.services import Services
from rituals.shadowing.options import RoundOptions
from rituals.shadowing_bank import suggest
from rituals.teams import local_day
from storage import pairing as store
from storage.avoid import avoid_lists
from storage.pairing import NewGroup, PairedMember, RoundRecord

RECENT_ROUNDS = 6
NOT_PLACED = "no group this round"


def _utc_offset_minutes(tz: str | None, when: datetime) -> int:
    try:
        offset = when.astimezone(ZoneInfo(tz or "UTC")).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds() // 60) if offset is not None else 0


def candidates(
    people: Sequence[Person], past: Sequence[RoundRecord], when: datetime
) -> list[Candidate]:
    """The pairing input: each person's role, zone offset and what happened last time."""
    last_met: dict[str, bool | None] = {}
    for round_ in past:
        for pairing in round_.pairings:
            for user_id in pairing.user_ids:
                last_met.setdefault(user_id, pairing.met)
    in_triple = (
        {uid for p in past[0].pairings if len(p.members) == 3 for uid in p.user_ids}
        if past
        else set()
    )
    return [
        Candidate(
            user_id=p.user_id,
            role=p.role,
            utc_offset_minutes=_utc_offset_minutes(p.tz, when),
            last_met=last_met.get(p.user_id),
            was_in_triple_last_round=p.user_id in in_triple,
        )
        for p in sorted(people, key=lambda p: p.user_id)
    ]


def is_cross_role(roles: Sequence[str | None]) -> bool:
    """At least two different known roles in the group."""
    return len({r for r in roles if r}) >= 2


def ensure_round(
    svc: Services, occurrence: OccurrenceInfo, *, eligible: Sequence[Person] | None = None
) -> RoundRecord:
    """The occurrence's round: the stored one, or a new one made and stored exactly once."""
    team_id, channel_id = occurrence.team_id, occurrence.channel_id
    with svc.db.unit() as unit:
        found = store.stored_round(unit, team_id=team_id, occurrence_id=occurrence.id)
    if found is not None:
        return found
    if channel_id is None:
        raise SkipOccurrence("no channel to pair")
    when = occurrence.scheduled_for
    if eligible is None:
        eligible, _ = svc.people.eligible(team_id, channel_id, local_day(svc, team_id, when))
    with svc.db.unit() as unit:
        past = store.recent_rounds(
            unit,
            team_id=team_id,
            channel_id=channel_id,
            rounds=RECENT_ROUNDS,
            before_occurrence=occurrence.id,
        )
        avoid = avoid_lists(unit, team_id=team_id)
    options = RoundOptions.from_config(occurrence.config)
    result = make_groups(
        candidates(eligible, past, when),
        history=tuple(PastRound(groups=tuple(p.user_ids for p in r.pairings)) for r in past),
        avoid=avoid,
        recent_rounds=RECENT_ROUNDS,
        size=options.size,
        seed=occurrence.id,
    )
    roles = {p.user_id: p.role for p in eligible}
    groups = []
    for index, group in enumerate(result.groups):
        group_roles = tuple(roles.get(uid) for uid in group)
        groups.append(
            NewGroup(
                members=tuple(PairedMember(uid, roles.get(uid)) for uid in group),
                cross_role=is_cross_role(group_roles),
                suggestion=suggest(group_roles, seed=occurrence.id * 1000 + index),
            )
        )
    with svc.db.unit() as unit:
        store.lock_occurrence(unit, occurrence_id=occurrence.id)
        found = store.stored_round(unit, team_id=team_id, occurrence_id=occurrence.id)
        if found is not None:
            return found  # another process made it while this one was grouping
        return store.create_round(
            unit,
            team_id=team_id,
            occurrence_id=occurrence.id,
            channel_id=channel_id,
            groups=groups,
            unplaced=[(uid, NOT_PLACED) for uid, _ in result.unplaced],
            cross_role_bound=result.cross_role_bound,
            now=svc.clock.now(),
        )

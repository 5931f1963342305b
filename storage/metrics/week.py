"""One week's counts: members, prompts, shadowing, retros and interactions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, exists, func, or_, select

from storage.metrics.common import prompts, prompts_filter
from storage.metrics.series import SeriesPoint
from storage.metrics.talk import Talk, cross_role
from storage.models import (
    ActionItem,
    Delivery,
    Interaction,
    Member,
    Occurrence,
    Pairing,
    PairingMember,
    PulseAnswer,
    Retro,
    RetroCard,
)


@dataclass(frozen=True)
class Shadowing:
    """Pairs made in the week, how many across roles, how many met, and the people in them."""

    pairs: int = 0
    cross_role_pairs: int = 0
    met: int = 0
    people: int = 0


@dataclass(frozen=True)
class Retros:
    """Retros held, their cards, and action items open at the end and done during the week."""

    held: int = 0
    cards: int = 0
    action_items_open: int = 0
    action_items_done: int = 0


@dataclass(frozen=True)
class WeekCounts:
    """Everything counted about a week except figures about pulse answers."""

    members: int
    prompted: int
    prompted_people: int
    shadowing: Shadowing
    retros: Retros
    reactions: int
    replies: int
    talk: Talk


def week_counts(
    unit: Any,
    *,
    team_id: str,
    start: datetime,
    end: datetime,
    channel_id: str | None = None,
    counted: SeriesPoint | None = None,
) -> WeekCounts:
    """The counts of [start, end) for the team, or one channel; ``counted``: the prompts and
    talk of the same interval, already counted by ``series``."""
    if counted is None:
        ((prompted, prompted_people),) = prompts(unit, team_id, (start, end), channel_id)
        (talk,) = cross_role(unit, team_id, (start, end), channel_id)
    else:
        prompted, prompted_people, talk = counted.prompts, counted.prompted_people, counted.talk
    counts = _interaction_counts(unit, team_id, start, end, channel_id)
    return WeekCounts(
        members=_members(unit, team_id, start, end, channel_id),
        prompted=prompted,
        prompted_people=prompted_people,
        shadowing=_shadowing(unit, team_id, start, end, channel_id),
        retros=_retros(unit, team_id, start, end, channel_id),
        reactions=counts.get("reaction", 0),
        replies=counts.get("reply", 0),
        talk=talk,
    )


def _scalar(unit: Any, query: Any) -> Any:
    return unit.execute(query).scalar()


def _interaction_counts(
    unit: Any, team_id: str, start: datetime, end: datetime, channel_id: str | None
) -> dict[str, int]:
    query = (
        select(Interaction.kind, func.count())
        .where(*_interactions_filter(team_id, start, end, channel_id))
        .group_by(Interaction.kind)
    )
    return {str(kind): int(count) for kind, count in unit.execute(query)}


def _members(
    unit: Any, team_id: str, start: datetime, end: datetime, channel_id: str | None
) -> int:
    prompted = select(Delivery.recipient.label("user_id")).where(
        *prompts_filter(team_id, (start, end))
    )
    if channel_id is not None:
        prompted = prompted.join(Occurrence, Occurrence.id == Delivery.occurrence_id).where(
            Occurrence.channel_id == channel_id
        )
    answered = select(PulseAnswer.user_id.label("user_id")).where(
        PulseAnswer.team_id == team_id,
        PulseAnswer.answered_at >= start,
        PulseAnswer.answered_at < end,
        *([PulseAnswer.channel_id == channel_id] if channel_id is not None else []),
    )
    paired = (
        select(PairingMember.user_id.label("user_id"))
        .join(Pairing, Pairing.id == PairingMember.pairing_id)
        .where(*_pairings_filter(team_id, start, end, channel_id))
    )
    acted = select(Interaction.actor_id.label("user_id")).where(
        *_interactions_filter(team_id, start, end, channel_id)
    )
    # each branch de-duplicated first, so the union only merges a few people per source
    people = (
        prompted.group_by(Delivery.recipient)
        .union(
            answered.group_by(PulseAnswer.user_id),
            paired.group_by(PairingMember.user_id),
            acted.group_by(Interaction.actor_id),
        )
        .subquery()
    )
    not_eligible = exists().where(
        Member.team_id == team_id,
        Member.user_id == people.c.user_id,
        or_(Member.is_bot.is_(True), Member.deleted.is_(True)),
    )
    return int(_scalar(unit, select(func.count()).select_from(people).where(~not_eligible)) or 0)


def _pairings_filter(
    team_id: str, start: datetime, end: datetime, channel_id: str | None
) -> list[ColumnElement[bool]]:
    where = [Pairing.team_id == team_id, Pairing.created_at >= start, Pairing.created_at < end]
    if channel_id is not None:
        where.append(Pairing.channel_id == channel_id)
    return where


def _interactions_filter(
    team_id: str, start: datetime, end: datetime, channel_id: str | None
) -> list[ColumnElement[bool]]:
    where = [
        Interaction.team_id == team_id,
        Interaction.occurred_at >= start,
        Interaction.occurred_at < end,
    ]
    if channel_id is not None:
        where.append(Interaction.channel_id == channel_id)
    return where


def _shadowing(
    unit: Any,
    team_id: str,
    start: datetime,
    end: datetime,
    channel_id: str | None,
) -> Shadowing:
    where = _pairings_filter(team_id, start, end, channel_id)
    pairs, cross, met = unit.execute(
        select(
            func.count(),
            func.sum(case((Pairing.cross_role.is_(True), 1), else_=0)),
            func.sum(case((Pairing.met.is_(True), 1), else_=0)),
        ).where(*where)
    ).one()
    people = _scalar(
        unit,
        select(func.count(distinct(PairingMember.user_id)))
        .join(Pairing, Pairing.id == PairingMember.pairing_id)
        .where(*where),
    )
    return Shadowing(int(pairs or 0), int(cross or 0), int(met or 0), int(people or 0))


def _retros(
    unit: Any, team_id: str, start: datetime, end: datetime, channel_id: str | None
) -> Retros:
    held_where = [Retro.team_id == team_id, Retro.created_at >= start, Retro.created_at < end]
    item_where = [ActionItem.team_id == team_id, ActionItem.created_at < end]
    if channel_id is not None:
        held_where.append(Retro.channel_id == channel_id)
        item_where.append(ActionItem.channel_id == channel_id)
    held = _scalar(unit, select(func.count()).select_from(Retro).where(*held_where))
    cards = _scalar(
        unit,
        select(func.count())
        .select_from(RetroCard)
        .join(Retro, Retro.id == RetroCard.retro_id)
        .where(RetroCard.team_id == team_id, *held_where),
    )
    still_open = or_(
        and_(ActionItem.done_at.is_(None), ActionItem.status != "done"),
        ActionItem.done_at >= end,
    )
    done_now = and_(ActionItem.done_at >= start, ActionItem.done_at < end)
    open_items, done_items = unit.execute(
        select(
            func.sum(case((still_open, 1), else_=0)),
            func.sum(case((done_now, 1), else_=0)),
        ).where(*item_where)
    ).one()
    return Retros(int(held or 0), int(cards or 0), int(open_items or 0), int(done_items or 0))

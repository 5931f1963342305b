"""Shared pieces of the metrics queries: intervals, filters, prompts and cross-role talk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import aliased

from storage.models import Delivery, Interaction, Member, Occurrence, Workspace

PROMPT_KIND = "pulse_prompt"


def workspace_ids(unit: Any) -> list[str]:
    """Every workspace in the database, sorted."""
    return list(unit.execute(select(Workspace.team_id).order_by(Workspace.team_id)).scalars())


def interval_of(column: Any, bounds: Sequence[datetime]) -> Any:
    """The index of the [bounds[i], bounds[i+1]) interval a timestamp falls in."""
    if len(bounds) == 2:
        return literal(0)
    whens = [(column < bound, index) for index, bound in enumerate(bounds[1:-1])]
    return case(*whens, else_=len(bounds) - 2)


def per_bucket(query: Any, bucket: Any, bounds: Sequence[datetime], *keys: Any) -> Any:
    """Group by interval (and ``keys``); one interval is not grouped by (a constant must not be)."""
    columns = [bucket, *keys] if len(bounds) > 2 else list(keys)
    return query.group_by(*columns) if columns else query


def within(column: Any, bounds: Sequence[datetime]) -> ColumnElement[bool]:
    """The column lies in [bounds[0], bounds[-1])."""
    return and_(column >= bounds[0], column < bounds[-1])


def prompts(
    unit: Any, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[tuple[int, int]]:
    """(prompts sent, people prompted) per interval."""
    bucket = interval_of(Delivery.sent_at, bounds).label("bucket")
    person = (
        select(bucket, func.count().label("n"))
        .select_from(Delivery)
        .where(*prompts_filter(team_id, bounds))
    )
    if channel_id is not None:
        person = person.join(Occurrence, Occurrence.id == Delivery.occurrence_id).where(
            Occurrence.channel_id == channel_id
        )
    people = per_bucket(person, bucket, bounds, Delivery.recipient).subquery()
    query = select(people.c.bucket, func.sum(people.c.n), func.count()).group_by(people.c.bucket)
    result = [(0, 0)] * (len(bounds) - 1)
    for index, count, persons in unit.execute(query):
        result[int(index)] = (int(count), int(persons))
    return result


def prompts_filter(team_id: str, bounds: Sequence[datetime]) -> list[ColumnElement[bool]]:
    """Pulse prompts that went out in the bounds."""
    return [
        Delivery.team_id == team_id,
        Delivery.kind == PROMPT_KIND,
        Delivery.status == "sent",
        within(Delivery.sent_at, bounds),
    ]


@dataclass(frozen=True)
class Talk:
    """Interactions in one interval between two people whose roles are both known."""

    known: int = 0
    cross: int = 0  # … of which across roles
    actors: int = 0  # distinct actors behind ``known``


def cross_role(
    unit: Any, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[Talk]:
    """Interactions between people with known roles, cross-role ones and actors, per interval.

    Inner joins on purpose: they let the role lookups use an index holding the role.
    """
    actor, target = aliased(Member), aliased(Member)
    bucket = interval_of(Interaction.occurred_at, bounds).label("bucket")
    person = (
        select(
            bucket,
            func.count().label("n"),
            func.sum(case((actor.role != target.role, 1), else_=0)).label("cross"),
        )
        .select_from(Interaction)
        .join(actor, and_(actor.team_id == team_id, actor.user_id == Interaction.actor_id))
        .join(target, and_(target.team_id == team_id, target.user_id == Interaction.target_id))
        .where(
            Interaction.team_id == team_id,
            within(Interaction.occurred_at, bounds),
            Interaction.actor_id != Interaction.target_id,
            actor.role.is_not(None),
            actor.role != "",
            target.role.is_not(None),
            target.role != "",
        )
    )
    if channel_id is not None:
        person = person.where(Interaction.channel_id == channel_id)
    actors = per_bucket(person, bucket, bounds, Interaction.actor_id).subquery()
    query = select(
        actors.c.bucket, func.sum(actors.c.n), func.sum(actors.c.cross), func.count()
    ).group_by(actors.c.bucket)
    result = [Talk()] * (len(bounds) - 1)
    for index, *figures in unit.execute(query):
        result[int(index)] = Talk(*(int(value or 0) for value in figures))
    return result

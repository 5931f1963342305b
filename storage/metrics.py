"""The weekly figures of the export schema, computed with SQL aggregates.

Every query is filtered by ``team_id`` and by the week's UTC bounds (Monday
00:00 to Monday 00:00 in the team zone), and optionally by channel. Only
aggregate rows (a handful per week) come back to Python; the hiding rules and
the cohesion score are applied by ``rituals.metrics``.

Definitions (what each figure counts):
- ``members``: distinct people, not bots or deactivated, who during the week
  were sent a pulse prompt, answered one, were put in a shadowing pair, or
  reacted/replied (interaction actor).
- ``pulse.prompted``: pulse prompts sent in the week (deliveries of kind
  ``pulse_prompt`` with status ``sent``, by ``sent_at``); ``responses``: pulse
  answers given in the week (by ``answered_at``); ``response_rate`` =
  responses / prompted, capped at 1, over the people prompted.
- ``pulse.by_role``: answers grouped by the member's current role
  (``unassigned`` when none is set); every role of the people prompted is
  listed, with 0 answers when nobody in it answered.
- ``shadowing``: pairs (groups of two or three) created in the week; ``met``
  counts those recorded as met so far; ``completion_rate`` = met / pairs.
- ``retros``: retros started in the week and the cards on them; action items
  still open at the end of the week, and those done during it.
- ``interactions``: reactions and thread replies in the week;
  ``cross_role_share`` is the share, among interactions between two different
  people whose roles are both known, of those whose roles differ.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from rituals.metrics import (
    UNASSIGNED,
    Cell,
    IsoWeek,
    PulseAggregates,
    RoleAggregate,
    cohesion_components,
    effective_min_group,
    follow_through,
    guarded_ratio,
    mean,
    parse_week,
    pulse_section,
    score_from_components,
)
from storage.db import Database
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
    Workspace,
)

logger = logging.getLogger(__name__)

PROMPT_KIND = "pulse_prompt"


@contextmanager
def _session(db_or_session: Database | Session) -> Iterator[Session]:
    if isinstance(db_or_session, Session):
        yield db_or_session
    else:
        with db_or_session.session() as session:
            yield session


def _week(week: str | IsoWeek) -> IsoWeek:
    return week if isinstance(week, IsoWeek) else parse_week(week)


def team_zone(session: Session, team_id: str, default: str = "UTC") -> str:
    """The workspace's zone, else ``default``."""
    tz = session.scalar(select(Workspace.tz).where(Workspace.team_id == team_id))
    return str(tz) if tz else default


def workspace_ids(db_or_session: Database | Session) -> list[str]:
    """Every workspace in the database, sorted."""
    with _session(db_or_session) as session:
        return list(session.scalars(select(Workspace.team_id).order_by(Workspace.team_id)))


# bucketed aggregates ---------------------------------------------------------------


def _bucket(column: Any, bounds: Sequence[datetime]) -> Any:
    """The index of the [bounds[i], bounds[i+1]) interval a timestamp falls in."""
    if len(bounds) == 2:
        return literal(0)
    whens = [(column < bound, index) for index, bound in enumerate(bounds[1:-1])]
    return case(*whens, else_=len(bounds) - 2)


def _in(column: Any, bounds: Sequence[datetime]) -> ColumnElement[bool]:
    return and_(column >= bounds[0], column < bounds[-1])


def _prompts(
    session: Session, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[tuple[int, int]]:
    """(prompts sent, people prompted) per interval."""
    bucket = _bucket(Delivery.sent_at, bounds).label("bucket")
    query = select(bucket, func.count(), func.count(distinct(Delivery.recipient))).where(
        *_prompts_filter(team_id, bounds)
    )
    if channel_id is not None:
        query = query.join(Occurrence, Occurrence.id == Delivery.occurrence_id).where(
            Occurrence.channel_id == channel_id
        )
    result = [(0, 0)] * (len(bounds) - 1)
    for index, count, people in session.execute(query.group_by(bucket)):
        result[int(index)] = (int(count), int(people))
    return result


def _answers_filter(
    team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[ColumnElement[bool]]:
    where = [PulseAnswer.team_id == team_id, _in(PulseAnswer.answered_at, bounds)]
    if channel_id is not None:
        where.append(PulseAnswer.channel_id == channel_id)
    return where


def _answers(
    session: Session, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[tuple[int, int, int]]:
    """(answers, sum of scores, people who answered) per interval."""
    bucket = _bucket(PulseAnswer.answered_at, bounds).label("bucket")
    query = (
        select(
            bucket,
            func.count(),
            func.coalesce(func.sum(PulseAnswer.score), 0),
            func.count(distinct(PulseAnswer.user_id)),
        )
        .where(*_answers_filter(team_id, bounds, channel_id))
        .group_by(bucket)
    )
    result = [(0, 0, 0)] * (len(bounds) - 1)
    for index, count, total, people in session.execute(query):
        result[int(index)] = (int(count), int(total), int(people))
    return result


def _distribution(
    session: Session, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> dict[int, Cell]:
    query = (
        select(PulseAnswer.score, func.count(), func.count(distinct(PulseAnswer.user_id)))
        .where(*_answers_filter(team_id, bounds, channel_id))
        .group_by(PulseAnswer.score)
    )
    return {
        int(score): Cell(people=int(people), count=int(count))
        for score, count, people in session.execute(query)
    }


def _by_role(
    session: Session, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> dict[str, RoleAggregate]:
    role = func.coalesce(func.nullif(Member.role, ""), UNASSIGNED).label("role")
    query = (
        select(
            role,
            func.count(),
            func.sum(PulseAnswer.score),
            func.count(distinct(PulseAnswer.user_id)),
        )
        .select_from(PulseAnswer)
        .outerjoin(
            Member,
            and_(Member.team_id == PulseAnswer.team_id, Member.user_id == PulseAnswer.user_id),
        )
        .where(*_answers_filter(team_id, bounds, channel_id))
        .group_by(role)
    )
    roles = {
        str(name): RoleAggregate(people=int(people), count=int(count), score_sum=int(total))
        for name, count, total, people in session.execute(query)
    }
    prompted = (
        select(role)
        .select_from(Delivery)
        .outerjoin(
            Member, and_(Member.team_id == Delivery.team_id, Member.user_id == Delivery.recipient)
        )
        .where(*_prompts_filter(team_id, bounds))
        .distinct()
    )
    if channel_id is not None:
        prompted = prompted.join(Occurrence, Occurrence.id == Delivery.occurrence_id).where(
            Occurrence.channel_id == channel_id
        )
    for name in session.scalars(prompted):
        roles.setdefault(str(name), RoleAggregate(people=0, count=0, score_sum=0))
    return roles


def _prompts_filter(team_id: str, bounds: Sequence[datetime]) -> list[ColumnElement[bool]]:
    return [
        Delivery.team_id == team_id,
        Delivery.kind == PROMPT_KIND,
        Delivery.status == "sent",
        _in(Delivery.sent_at, bounds),
    ]


def _cross_role(
    session: Session, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[tuple[int, int, int]]:
    """(interactions between two people with known roles, of which cross-role, actors)."""
    actor, target = aliased(Member), aliased(Member)
    bucket = _bucket(Interaction.occurred_at, bounds).label("bucket")
    query = (
        select(
            bucket,
            func.count(),
            func.sum(case((actor.role != target.role, 1), else_=0)),
            func.count(distinct(Interaction.actor_id)),
        )
        .select_from(Interaction)
        .join(actor, and_(actor.team_id == team_id, actor.user_id == Interaction.actor_id))
        .join(target, and_(target.team_id == team_id, target.user_id == Interaction.target_id))
        .where(
            Interaction.team_id == team_id,
            _in(Interaction.occurred_at, bounds),
            Interaction.actor_id != Interaction.target_id,
            actor.role.is_not(None),
            actor.role != "",
            target.role.is_not(None),
            target.role != "",
        )
        .group_by(bucket)
    )
    if channel_id is not None:
        query = query.where(Interaction.channel_id == channel_id)
    result = [(0, 0, 0)] * (len(bounds) - 1)
    for index, count, cross, actors in session.execute(query):
        result[int(index)] = (int(count), int(cross or 0), int(actors))
    return result


# one week's sections ------------------------------------------------------------


def _members(
    session: Session, team_id: str, start: datetime, end: datetime, channel_id: str | None
) -> int:
    prompted = select(Delivery.recipient.label("user_id")).where(
        *_prompts_filter(team_id, (start, end))
    )
    if channel_id is not None:
        prompted = prompted.join(Occurrence, Occurrence.id == Delivery.occurrence_id).where(
            Occurrence.channel_id == channel_id
        )
    answered = select(PulseAnswer.user_id.label("user_id")).where(
        *_answers_filter(team_id, (start, end), channel_id)
    )
    paired = (
        select(PairingMember.user_id.label("user_id"))
        .join(Pairing, Pairing.id == PairingMember.pairing_id)
        .where(*_pairings_filter(team_id, start, end, channel_id))
    )
    acted = select(Interaction.actor_id.label("user_id")).where(
        *_interactions_filter(team_id, start, end, channel_id)
    )
    people = prompted.union(answered, paired, acted).subquery()
    not_eligible = exists().where(
        Member.team_id == team_id,
        Member.user_id == people.c.user_id,
        or_(Member.is_bot.is_(True), Member.deleted.is_(True)),
    )
    return int(session.scalar(select(func.count()).select_from(people).where(~not_eligible)) or 0)


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
    session: Session,
    team_id: str,
    start: datetime,
    end: datetime,
    channel_id: str | None,
    min_group: int,
) -> dict[str, Any]:
    where = _pairings_filter(team_id, start, end, channel_id)
    pairs, cross, met = session.execute(
        select(
            func.count(),
            func.sum(case((Pairing.cross_role.is_(True), 1), else_=0)),
            func.sum(case((Pairing.met.is_(True), 1), else_=0)),
        ).where(*where)
    ).one()
    people = session.scalar(
        select(func.count(distinct(PairingMember.user_id)))
        .join(Pairing, Pairing.id == PairingMember.pairing_id)
        .where(*where)
    )
    return {
        "pairs": int(pairs or 0),
        "cross_role_pairs": int(cross or 0),
        "met": int(met or 0),
        "completion_rate": guarded_ratio(
            int(met or 0), int(pairs or 0), people=int(people or 0), min_group=min_group
        ),
    }


def _retros(
    session: Session, team_id: str, start: datetime, end: datetime, channel_id: str | None
) -> dict[str, Any]:
    held_where = [Retro.team_id == team_id, Retro.created_at >= start, Retro.created_at < end]
    item_where = [ActionItem.team_id == team_id, ActionItem.created_at < end]
    if channel_id is not None:
        held_where.append(Retro.channel_id == channel_id)
        item_where.append(ActionItem.channel_id == channel_id)
    held = session.scalar(select(func.count()).select_from(Retro).where(*held_where))
    cards = session.scalar(
        select(func.count())
        .select_from(RetroCard)
        .join(Retro, Retro.id == RetroCard.retro_id)
        .where(RetroCard.team_id == team_id, *held_where)
    )
    still_open = or_(
        and_(ActionItem.done_at.is_(None), ActionItem.status != "done"),
        ActionItem.done_at >= end,
    )
    done_now = and_(ActionItem.done_at >= start, ActionItem.done_at < end)
    open_items, done_items = session.execute(
        select(
            func.sum(case((still_open, 1), else_=0)),
            func.sum(case((done_now, 1), else_=0)),
        ).where(*item_where)
    ).one()
    return {
        "held": int(held or 0),
        "cards": int(cards or 0),
        "action_items_open": int(open_items or 0),
        "action_items_done": int(done_items or 0),
    }


def _interaction_counts(
    session: Session, team_id: str, start: datetime, end: datetime, channel_id: str | None
) -> dict[str, int]:
    query = (
        select(Interaction.kind, func.count())
        .where(*_interactions_filter(team_id, start, end, channel_id))
        .group_by(Interaction.kind)
    )
    return {str(kind): int(count) for kind, count in session.execute(query)}


def compute_week(
    db_or_session: Database | Session,
    *,
    team_id: str,
    week: str | IsoWeek,
    channel_id: str | None = None,
    min_group: int = 3,
    tz: str | None = None,
) -> dict[str, Any]:
    """The export schema for one team (optionally one channel) and one ISO week.

    ``tz`` is the team zone (default: the workspace's zone, else UTC).
    """
    iso = _week(week)
    k = effective_min_group(min_group)
    with _session(db_or_session) as session:
        zone_name = tz or team_zone(session, team_id)
        local_start, local_end = iso.local_bounds(zone_name)
        start, end = iso.bounds(zone_name)
        previous_start = iso.previous().bounds(zone_name)[0]
        week_bounds = (start, end)

        ((prompted, prompted_people),) = _prompts(session, team_id, week_bounds, channel_id)
        before, now = _answers(session, team_id, (previous_start, start, end), channel_id)
        pulse = pulse_section(
            PulseAggregates(
                prompted=prompted,
                prompted_people=prompted_people,
                respondents=now[2],
                buckets=_distribution(session, team_id, week_bounds, channel_id),
                roles=_by_role(session, team_id, week_bounds, channel_id),
                previous_count=before[0],
                previous_sum=before[1],
                previous_respondents=before[2],
            ),
            min_group=k,
        )
        ((known, cross, actors),) = _cross_role(session, team_id, week_bounds, channel_id)
        counts = _interaction_counts(session, team_id, start, end, channel_id)
        interactions = {
            "reactions": counts.get("reaction", 0),
            "replies": counts.get("reply", 0),
            "cross_role_share": guarded_ratio(cross, known, people=actors, min_group=k),
        }
        shadowing = _shadowing(session, team_id, start, end, channel_id, k)
        retros = _retros(session, team_id, start, end, channel_id)
        members = _members(session, team_id, start, end, channel_id)

    components = cohesion_components(
        pulse_mean=pulse["mean"],
        response_rate=pulse["response_rate"],
        cross_role_share=interactions["cross_role_share"],
        completion_rate=shadowing["completion_rate"],
        action_follow_through=follow_through(
            retros["action_items_open"], retros["action_items_done"]
        ),
    )
    logger.debug("metrics computed team=%s week=%s channel=%s", team_id, iso, channel_id)
    return {
        "team_id": team_id,
        "channel_id": channel_id,
        "week": str(iso),
        "period": {
            "start": local_start.isoformat(),
            "end": local_end.isoformat(),
            "tz": zone_name,
        },
        "members": members,
        "pulse": pulse,
        "shadowing": shadowing,
        "retros": retros,
        "interactions": interactions,
        "cohesion_score": score_from_components(components),
        "cohesion_components": components,
        "min_group": k,
    }


def trend(
    db: Database | Session,
    *,
    team_id: str,
    end_week: str | IsoWeek,
    weeks: int = 8,
    channel_id: str | None = None,
    min_group: int = 3,
    tz: str | None = None,
) -> list[dict[str, Any]]:
    """Pulse mean, response rate and cross-role share for ``weeks`` weeks ending with ``end_week``.

    Oldest first; the same hiding rules as ``compute_week`` apply to each week.
    """
    last = _week(end_week)
    k = effective_min_group(min_group)
    series = [last.shift(offset) for offset in range(-(weeks - 1), 1)]
    with _session(db) as session:
        zone_name = tz or team_zone(session, team_id)
        bounds = [iso.bounds(zone_name)[0] for iso in series] + [last.bounds(zone_name)[1]]
        prompts = _prompts(session, team_id, bounds, channel_id)
        answers = _answers(session, team_id, bounds, channel_id)
        cross = _cross_role(session, team_id, bounds, channel_id)
    points = []
    for index, iso in enumerate(series):
        prompted, prompted_people = prompts[index]
        count, total, respondents = answers[index]
        known, crossing, actors = cross[index]
        points.append(
            {
                "week": str(iso),
                "start": iso.monday.isoformat(),
                "pulse_mean": mean(total, count) if respondents >= k else None,
                "response_rate": guarded_ratio(
                    count, prompted, people=prompted_people, min_group=k
                ),
                "cross_role_share": guarded_ratio(crossing, known, people=actors, min_group=k),
            }
        )
    return points

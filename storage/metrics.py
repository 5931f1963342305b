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
  (``unassigned`` when none is set); every role of the team's members is
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
from dataclasses import dataclass
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


def _per_bucket(query: Any, bucket: Any, bounds: Sequence[datetime], *keys: Any) -> Any:
    """Group by interval (and ``keys``); one interval is not grouped by (a constant must not be)."""
    columns = [bucket, *keys] if len(bounds) > 2 else list(keys)
    return query.group_by(*columns) if columns else query


def _in(column: Any, bounds: Sequence[datetime]) -> ColumnElement[bool]:
    return and_(column >= bounds[0], column < bounds[-1])


def _prompts(
    session: Session, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[tuple[int, int]]:
    """(prompts sent, people prompted) per interval."""
    bucket = _bucket(Delivery.sent_at, bounds).label("bucket")
    person = (
        select(bucket, func.count().label("n"))
        .select_from(Delivery)
        .where(*_prompts_filter(team_id, bounds))
    )
    if channel_id is not None:
        person = person.join(Occurrence, Occurrence.id == Delivery.occurrence_id).where(
            Occurrence.channel_id == channel_id
        )
    people = _per_bucket(person, bucket, bounds, Delivery.recipient).subquery()
    query = select(people.c.bucket, func.sum(people.c.n), func.count()).group_by(people.c.bucket)
    result = [(0, 0)] * (len(bounds) - 1)
    for index, count, persons in session.execute(query):
        result[int(index)] = (int(count), int(persons))
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
    person = select(
        bucket, func.count().label("n"), func.sum(PulseAnswer.score).label("total")
    ).where(*_answers_filter(team_id, bounds, channel_id))
    people = _per_bucket(person, bucket, bounds, PulseAnswer.user_id).subquery()
    query = select(
        people.c.bucket, func.sum(people.c.n), func.sum(people.c.total), func.count()
    ).group_by(people.c.bucket)
    result = [(0, 0, 0)] * (len(bounds) - 1)
    for index, count, total, persons in session.execute(query):
        result[int(index)] = (int(count), int(total), int(persons))
    return result


def _distribution(
    session: Session, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> dict[int, Cell]:
    people = (
        select(PulseAnswer.score, func.count().label("n"))
        .where(*_answers_filter(team_id, bounds, channel_id))
        .group_by(PulseAnswer.score, PulseAnswer.user_id)
        .subquery()
    )
    query = select(people.c.score, func.sum(people.c.n), func.count()).group_by(people.c.score)
    return {
        int(score): Cell(people=int(persons), count=int(count))
        for score, count, persons in session.execute(query)
    }


def _by_role(
    session: Session,
    team_id: str,
    bounds: Sequence[datetime],
    channel_id: str | None,
    *,
    total: tuple[int, int, int],
) -> dict[str, RoleAggregate]:
    """Answers per role, listing every role of the team (0 answers when silent).

    ``total`` is (answers, score sum, people) of the interval; what the roles
    leave of it belongs to ``unassigned`` (no role, or not in the members table).
    Answers are summed per person first, so roles are looked up once per person;
    an inner join lets the lookups use an index that holds the role.
    """
    people = (
        select(
            PulseAnswer.user_id,
            func.count().label("n"),
            func.sum(PulseAnswer.score).label("total"),
        )
        .where(*_answers_filter(team_id, bounds, channel_id))
        .group_by(PulseAnswer.user_id)
        .subquery()
    )
    query = (
        select(Member.role, func.sum(people.c.n), func.sum(people.c.total), func.count())
        .select_from(people)
        .join(Member, and_(Member.team_id == team_id, Member.user_id == people.c.user_id))
        .where(Member.role.is_not(None), Member.role != "")
        .group_by(Member.role)
    )
    roles = {
        str(name): RoleAggregate(people=int(persons), count=int(count), score_sum=int(score))
        for name, count, score, persons in session.execute(query)
    }
    listed = (
        select(func.coalesce(func.nullif(Member.role, ""), UNASSIGNED))
        .where(Member.team_id == team_id, Member.is_bot.is_(False), Member.deleted.is_(False))
        .distinct()
    )
    for name in session.scalars(listed):
        roles.setdefault(str(name), RoleAggregate(people=0, count=0, score_sum=0))
    answers, score_sum, respondents = total
    rest = RoleAggregate(
        people=respondents - sum(r.people for r in roles.values()),
        count=answers - sum(r.count for r in roles.values()),
        score_sum=score_sum - sum(r.score_sum for r in roles.values()),
    )
    if rest.count:
        known = roles.get(UNASSIGNED, RoleAggregate(0, 0, 0))
        roles[UNASSIGNED] = RoleAggregate(
            people=known.people + rest.people,
            count=known.count + rest.count,
            score_sum=known.score_sum + rest.score_sum,
        )
    return roles


def _prompts_filter(team_id: str, bounds: Sequence[datetime]) -> list[ColumnElement[bool]]:
    return [
        Delivery.team_id == team_id,
        Delivery.kind == PROMPT_KIND,
        Delivery.status == "sent",
        _in(Delivery.sent_at, bounds),
    ]


@dataclass(frozen=True)
class _Talk:
    """Interactions in one interval between two people whose roles are both known."""

    known: int = 0
    cross: int = 0  # … of which across roles
    actors: int = 0  # distinct actors behind ``known``


def _cross_role(
    session: Session, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[_Talk]:
    """Interactions between people with known roles, cross-role ones and actors, per interval.

    Inner joins on purpose: they let the role lookups use an index holding the role.
    """
    actor, target = aliased(Member), aliased(Member)
    bucket = _bucket(Interaction.occurred_at, bounds).label("bucket")
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
            _in(Interaction.occurred_at, bounds),
            Interaction.actor_id != Interaction.target_id,
            actor.role.is_not(None),
            actor.role != "",
            target.role.is_not(None),
            target.role != "",
        )
    )
    if channel_id is not None:
        person = person.where(Interaction.channel_id == channel_id)
    actors = _per_bucket(person, bucket, bounds, Interaction.actor_id).subquery()
    query = select(
        actors.c.bucket, func.sum(actors.c.n), func.sum(actors.c.cross), func.count()
    ).group_by(actors.c.bucket)
    result = [_Talk()] * (len(bounds) - 1)
    for index, *figures in session.execute(query):
        result[int(index)] = _Talk(*(int(value or 0) for value in figures))
    return result


def _interaction_counts(
    session: Session, team_id: str, start: datetime, end: datetime, channel_id: str | None
) -> dict[str, int]:
    query = (
        select(Interaction.kind, func.count())
        .where(*_interactions_filter(team_id, start, end, channel_id))
        .group_by(Interaction.kind)
    )
    return {str(kind): int(count) for kind, count in session.execute(query)}


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
                roles=_by_role(session, team_id, week_bounds, channel_id, total=now),
                previous_count=before[0],
                previous_sum=before[1],
                previous_respondents=before[2],
            ),
            min_group=k,
        )
        (talk,) = _cross_role(session, team_id, week_bounds, channel_id)
        counts = _interaction_counts(session, team_id, start, end, channel_id)
        interactions = {
            "reactions": counts.get("reaction", 0),
            "replies": counts.get("reply", 0),
            "cross_role_share": guarded_ratio(
                talk.cross, talk.known, people=talk.actors, min_group=k
            ),
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
        talks = _cross_role(session, team_id, bounds, channel_id)
    points = []
    for index, iso in enumerate(series):
        prompted, prompted_people = prompts[index]
        count, total, respondents = answers[index]
        talk = talks[index]
        points.append(
            {
                "week": str(iso),
                "start": iso.monday.isoformat(),
                "pulse_mean": mean(total, count) if respondents >= k else None,
                "response_rate": guarded_ratio(
                    count, prompted, people=prompted_people, min_group=k
                ),
                "cross_role_share": guarded_ratio(
                    talk.cross, talk.known, people=talk.actors, min_group=k
                ),
            }
        )
    return points

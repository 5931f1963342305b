"""Shared pieces of the metrics queries: intervals, filters and prompts."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, select, union_all

from storage.models import Delivery, Occurrence, Workspace
from storage.unit import Unit

PROMPT_KIND = "pulse_prompt"


def workspace_ids(unit: Any) -> list[str]:
    """Every workspace in the database, sorted."""
    return list(unit.execute(select(Workspace.team_id).order_by(Workspace.team_id)).scalars())


def per_interval(
    one: Callable[[int, tuple[datetime, datetime]], Any], bounds: Sequence[datetime]
) -> Any:
    """One statement: ``one(index, (start, end))`` for each interval [bounds[i], bounds[i+1]),
    its rows tagged with the index by ``one``, as a UNION ALL.

    Each interval is its own index range scan and its own (small) aggregate: a bucket computed
    per row with a CASE cost SQLite a chain of comparisons per row and one sort of the whole span.
    """
    queries = [one(index, span) for index, span in enumerate(itertools.pairwise(bounds))]
    return queries[0] if len(queries) == 1 else union_all(*queries)


def within(column: Any, bounds: Sequence[datetime]) -> ColumnElement[bool]:
    """The column lies in [bounds[0], bounds[-1])."""
    return and_(column >= bounds[0], column < bounds[-1])


def prompts(
    unit: Unit, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[tuple[int, int]]:
    """(prompts sent, people prompted) per interval."""

    def one(index: int, span: tuple[datetime, datetime]) -> Any:
        person = (
            select(literal(index).label("bucket"), func.count().label("n"))
            .select_from(Delivery)
            .where(*prompts_filter(team_id, span))
            .group_by(Delivery.recipient)
        )
        if channel_id is not None:
            person = person.join(Occurrence, Occurrence.id == Delivery.occurrence_id).where(
                Occurrence.channel_id == channel_id
            )
        return person

    people = per_interval(one, bounds).subquery()
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

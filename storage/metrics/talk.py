"""Cross-role talk: interactions between two people whose roles are both known, per interval.

Roles are today's (``Member.role``), looked up for both ends of each interaction. On
SQLite the team's known roles are first copied into a temporary table keyed by user id
alone: each of the two lookups per interaction (≈ 770k interactions in a 10,000-member
crew's eight weeks) then finds one row of a small table by one short key, instead of
searching the members index on (team_id, user_id, role) for a range of roles — a third
less time for the whole count. PostgreSQL hash-joins the members query directly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    case,
    distinct,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.schema import CreateTable, DropTable

from storage.metrics.common import per_interval, within
from storage.models import Interaction, Member
from storage.unit import Unit

# Lives only within one count, on the connection that made it (never in the schema).
_KNOWN_ROLES = Table(
    "metric_known_roles",
    MetaData(),
    Column("user_id", String, primary_key=True),
    Column("member_id", Integer, nullable=False),
    Column("role", String, nullable=False),
    prefixes=["TEMPORARY"],
    sqlite_with_rowid=False,
)


@dataclass(frozen=True)
class Talk:
    """Interactions in one interval between two people whose roles are both known."""

    known: int = 0
    cross: int = 0  # … of which across roles
    actors: int = 0  # distinct actors behind ``known``


def cross_role(
    unit: Unit, team_id: str, bounds: Sequence[datetime], channel_id: str | None
) -> list[Talk]:
    """Interactions between people with known roles, cross-role ones and actors, per interval."""
    with _known_roles(unit, team_id) as roles:
        actor, target = roles.alias("actor"), roles.alias("target")

        def one(index: int, span: tuple[datetime, datetime]) -> Any:
            query = (
                select(
                    literal(index),
                    func.count(),
                    func.sum(case((actor.c.role != target.c.role, 1), else_=0)),
                    func.count(distinct(actor.c.member_id)),
                )
                .select_from(Interaction)
                .join(actor, actor.c.user_id == Interaction.actor_id)
                .join(target, target.c.user_id == Interaction.target_id)
                .where(
                    Interaction.team_id == team_id,
                    within(Interaction.occurred_at, span),
                    Interaction.actor_id != Interaction.target_id,
                )
            )
            if channel_id is not None:
                query = query.where(Interaction.channel_id == channel_id)
            return query

        rows = unit.execute(per_interval(one, bounds)).all()
    result = [Talk()] * (len(bounds) - 1)
    for index, *figures in rows:
        result[int(index)] = Talk(*(int(value or 0) for value in figures))
    return result


@contextmanager
def _known_roles(unit: Unit, team_id: str) -> Iterator[Any]:
    """The team's members with a role: (user_id, member_id, role)."""
    members = select(Member.user_id, Member.id.label("member_id"), Member.role).where(
        Member.team_id == team_id, Member.role.is_not(None), Member.role != ""
    )
    if unit.dialect != "sqlite":
        yield members.subquery()
        return
    # The SQLite driver opens a transaction only before a write, so the CREATE commits at
    # once: a table left by a count that failed before its DROP is dropped first.
    unit.execute(DropTable(_KNOWN_ROLES, if_exists=True))
    unit.execute(CreateTable(_KNOWN_ROLES))
    unit.execute(insert(_KNOWN_ROLES).from_select(["user_id", "member_id", "role"], members))
    try:
        yield _KNOWN_ROLES
    finally:
        unit.execute(DropTable(_KNOWN_ROLES))

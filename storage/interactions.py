"""Interactions between people: reactions and thread replies — who, to whom, where, when.

Message text is never stored. Each write is idempotent per Slack event, so a
redelivery under a new event id still counts once:
- a reaction is identified by (team, channel, message ts, actor, emoji): Slack
  allows one such reaction at a time, so adding it twice keeps one row and
  removing it deletes that row (if it was added before the removal);
- a reply is identified by (team, channel, reply ts): a ts is unique per channel.
The insert is a single ``INSERT … SELECT … WHERE NOT EXISTS`` statement; on
PostgreSQL a transaction-scoped advisory lock on the identity makes two
concurrent deliveries of the same event wait for each other (SQLite already
serialises writers).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, exists, func, insert, select

from storage.models import Interaction, ProcessedEvent
from storage.unit import Unit

REACTION = "reaction"
REPLY = "reply"


@dataclass(frozen=True)
class ReactionKey:
    """What identifies one reaction."""

    team_id: str
    channel_id: str
    message_ts: str
    actor_id: str
    reaction: str


def _lock(unit: Unit, identity: str) -> None:
    """Serialise writers of the same identity (PostgreSQL only)."""
    if unit.dialect != "postgresql":
        return
    digest = hashlib.blake2b(identity.encode(), digest_size=8).digest()
    unit.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest, "big", signed=True))))


_TABLE = Interaction.__table__
_COLUMNS = (
    "team_id",
    "channel_id",
    "actor_id",
    "target_id",
    "kind",
    "message_ts",
    "reaction",
    "reply_ts",
    "occurred_at",
)


def _param(name: str) -> Any:
    return bindparam(f"v_{name}", type_=_TABLE.c[name].type)


def _insert_unless(*same: str) -> Any:
    """INSERT … SELECT the row's values WHERE NOT EXISTS a row equal to it on ``same``."""
    values = [_param(name).label(name) for name in _COLUMNS]
    duplicate = select(_TABLE.c.id).where(*(_TABLE.c[name] == _param(name) for name in same))
    return (
        insert(Interaction)
        .from_select(list(_COLUMNS), select(*values).where(~exists(duplicate)))
        .returning(_TABLE.c.id)
    )


# Built once: a busy channel sends a reaction or a reply every few seconds.
_ADD_REACTION = _insert_unless(
    "team_id", "channel_id", "message_ts", "actor_id", "kind", "reaction"
)
_ADD_REPLY = _insert_unless("team_id", "channel_id", "kind", "reply_ts")


def _insert_once(unit: Unit, statement: Any, row: dict[str, Any], identity: str) -> bool:
    _lock(unit, identity)
    result = unit.execute(statement, {f"v_{k}": v for k, v in row.items()})
    return result.first() is not None  # RETURNING: rowcount is not reliable on every driver


def _reaction_match(key: ReactionKey) -> list[ColumnElement[bool]]:
    return [
        Interaction.team_id == key.team_id,
        Interaction.channel_id == key.channel_id,
        Interaction.message_ts == key.message_ts,
        Interaction.actor_id == key.actor_id,
        Interaction.kind == REACTION,
        Interaction.reaction == key.reaction,
    ]


def add_reaction(
    unit: Unit, key: ReactionKey, *, target_id: str | None, occurred_at: datetime
) -> bool:
    """Record a reaction; False when it was already recorded."""
    row = {
        "team_id": key.team_id,
        "channel_id": key.channel_id,
        "actor_id": key.actor_id,
        "target_id": target_id,
        "kind": REACTION,
        "message_ts": key.message_ts,
        "reaction": key.reaction,
        "reply_ts": None,
        "occurred_at": occurred_at,
    }
    identity = f"reaction|{key.team_id}|{key.channel_id}|{key.message_ts}"
    return _insert_once(unit, _ADD_REACTION, row, identity)


def remove_reaction(unit: Unit, key: ReactionKey, *, removed_at: datetime) -> bool:
    """Delete the reaction that was taken back; False when there was none.

    Only a row added at or before ``removed_at`` goes: a removal delivered late
    (a retry) never deletes the same reaction added again after it.
    """
    _lock(unit, f"reaction|{key.team_id}|{key.channel_id}|{key.message_ts}")
    found = unit.execute(
        select(Interaction.id)
        .where(*_reaction_match(key), Interaction.occurred_at <= removed_at)
        .order_by(Interaction.id)
        .limit(1)
    ).scalar()
    if found is None:
        return False
    unit.execute(delete(Interaction).where(Interaction.id == found))
    return True


def add_reply(
    unit: Unit,
    *,
    team_id: str,
    channel_id: str,
    reply_ts: str,
    thread_ts: str,
    actor_id: str,
    target_id: str | None,
    occurred_at: datetime,
) -> bool:
    """Record a thread reply; False when it was already recorded."""
    row = {
        "team_id": team_id,
        "channel_id": channel_id,
        "actor_id": actor_id,
        "target_id": target_id,
        "kind": REPLY,
        "message_ts": thread_ts,
        "reaction": None,
        "reply_ts": reply_ts,
        "occurred_at": occurred_at,
    }
    return _insert_once(unit, _ADD_REPLY, row, f"reply|{team_id}|{channel_id}|{reply_ts}")


def remove_reply(unit: Unit, *, team_id: str, channel_id: str, reply_ts: str) -> int:
    """Delete a reply that was deleted in Slack; returns the rows removed."""
    result = unit.execute(
        delete(Interaction).where(
            Interaction.team_id == team_id,
            Interaction.channel_id == channel_id,
            Interaction.kind == REPLY,
            Interaction.reply_ts == reply_ts,
        )
    )
    return int(result.rowcount or 0)


def remember_event(unit: Unit, *, team_id: str, event_id: str, now: datetime) -> bool:
    """Remember a Slack event id; False when it was seen before."""
    row = {"team_id": team_id, "event_id": event_id, "received_at": now}
    statement = unit.insert(ProcessedEvent.__table__).on_conflict_do_nothing()
    inserted = unit.execute(statement.returning(ProcessedEvent.__table__.c.event_id), row)
    return inserted.first() is not None

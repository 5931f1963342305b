"""Action items: raised in a channel (tied to its open or latest retro), closed once.

A request key (e.g. the slash command's ``trigger_id``) makes adding idempotent: a
repeated request finds the item the first one made instead of making another.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select, update

from storage.models import ActionItem as Row
from storage.models import Retro
from storage.retro.records import ITEM_DONE, ITEM_OPEN, ActionItem
from storage.unit import Unit


def _item(row: Row, retro_title: str | None) -> ActionItem:
    return ActionItem(
        id=row.id,
        text=row.text,
        owner_id=row.owner_id,
        created_by=row.created_by,
        status=row.status,
        created_at=row.created_at,
        retro_title=retro_title,
        channel_id=row.channel_id,
        retro_id=row.retro_id,
        dm_channel=row.dm_channel,
        dm_ts=row.dm_ts,
    )


Query = Select[Row, str]


def _with_titles(unit: Unit, query: Query) -> list[ActionItem]:
    return [_item(found[0], found[1]) for found in unit.session.execute(query)]


def _select() -> Query:
    return select(Row, Retro.title).outerjoin(Retro, Retro.id == Row.retro_id)


def by_request(unit: Unit, *, team_id: str, request_key: str) -> ActionItem | None:
    """The item an earlier request with this key made, if any."""
    found = _with_titles(
        unit,
        _select().where(Row.team_id == team_id, Row.request_key == request_key),
    )
    return found[0] if found else None


def add(
    unit: Unit,
    *,
    team_id: str,
    channel_id: str,
    retro_id: int | None,
    retro_title: str | None,
    text: str,
    owner_id: str,
    created_by: str,
    request_key: str | None,
    now: datetime,
) -> ActionItem:
    """A new open action item."""
    row = Row(
        team_id=team_id,
        channel_id=channel_id,
        retro_id=retro_id,
        text=text,
        owner_id=owner_id,
        created_by=created_by,
        status=ITEM_OPEN,
        created_at=now,
        request_key=request_key,
    )
    unit.session.add(row)
    unit.session.flush()
    return _item(row, retro_title)


def get(unit: Unit, *, team_id: str, item_id: int) -> ActionItem | None:
    """One item of this team, or None."""
    found = _with_titles(unit, _select().where(Row.id == item_id, Row.team_id == team_id))
    return found[0] if found else None


def open_in(unit: Unit, *, team_id: str, channel_id: str) -> list[ActionItem]:
    """The channel's open action items, oldest first."""
    return _with_titles(
        unit,
        _select()
        .where(Row.team_id == team_id, Row.channel_id == channel_id, Row.status == ITEM_OPEN)
        .order_by(Row.created_at, Row.id),
    )


def of_retro(unit: Unit, *, team_id: str, retro_id: int) -> list[ActionItem]:
    """The action items raised during or after a retro, oldest first."""
    return _with_titles(
        unit,
        _select()
        .where(Row.team_id == team_id, Row.retro_id == retro_id)
        .order_by(Row.created_at, Row.id),
    )


def close(unit: Unit, *, item_id: int, now: datetime) -> bool:
    """Mark an open item done; False when it already was."""
    done = unit.execute(
        update(Row)
        .where(Row.id == item_id, Row.status == ITEM_OPEN)
        .values(status=ITEM_DONE, done_at=now)
        .returning(Row.id)
    )
    return done.first() is not None


def set_dm(unit: Unit, *, item_id: int, channel: str, ts: str) -> None:
    """Remember the owner's DM about the item, to update it when the item closes."""
    unit.execute(update(Row).where(Row.id == item_id).values(dm_channel=channel, dm_ts=ts))


def owned_by(unit: Unit, *, team_id: str, owner_id: str) -> list[ActionItem]:
    """Someone's open action items in every channel, oldest first."""
    return _with_titles(
        unit,
        _select()
        .where(Row.team_id == team_id, Row.owner_id == owner_id, Row.status == ITEM_OPEN)
        .order_by(Row.created_at, Row.id),
    )

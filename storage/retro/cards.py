"""Cards: written, changed and removed by their author; read with their vote totals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update

from storage.models import RetroCard, RetroVote
from storage.retro.authors import is_author
from storage.retro.records import Card, RetroRecord
from storage.unit import Unit


def add(
    unit: Unit,
    *,
    retro: RetroRecord,
    column: str,
    text: str,
    anonymous: bool,
    author_id: str | None,
    author_hash: str | None,
    now: datetime,
) -> int:
    """A new card; its id."""
    row = RetroCard(
        team_id=retro.team_id,
        retro_id=retro.id,
        column=column,
        text=text,
        anonymous=anonymous,
        author_id=author_id,
        author_hash=author_hash,
        created_at=now,
        updated_at=now,
    )
    unit.session.add(row)
    unit.session.flush()
    return row.id


def authored(unit: Unit, *, retro: RetroRecord, user_id: str) -> list[Card]:
    """The cards ``user_id`` wrote on this retro, oldest first (anonymous ones via the hash)."""
    rows = unit.session.scalars(
        select(RetroCard)
        .where(RetroCard.retro_id == retro.id, RetroCard.team_id == retro.team_id)
        .order_by(RetroCard.created_at, RetroCard.id)
    )
    return [
        Card(row.id, row.column, row.text, row.anonymous, None, row.created_at)
        if row.anonymous
        else Card(row.id, row.column, row.text, row.anonymous, row.author_id, row.created_at)
        for row in rows
        if is_author(
            user_id=user_id,
            author_id=row.author_id,
            stored_hash=row.author_hash,
            secret=retro.secret,
        )
    ]


def retro_of(unit: Unit, *, team_id: str, card_id: int) -> int | None:
    """The retro a card of this team is on, or None."""
    found = unit.session.scalar(
        select(RetroCard.retro_id).where(RetroCard.id == card_id, RetroCard.team_id == team_id)
    )
    return None if found is None else int(found)


def is_on(unit: Unit, *, retro_id: int, card_id: int) -> bool:
    """Whether the card is on this retro."""
    found = unit.session.scalar(
        select(RetroCard.id).where(RetroCard.id == card_id, RetroCard.retro_id == retro_id)
    )
    return found is not None


def change(
    unit: Unit,
    *,
    card_id: int,
    column: str,
    text: str,
    anonymous: bool,
    author_id: str | None,
    author_hash: str | None,
    now: datetime,
) -> None:
    """Rewrite a card (the caller checked it is the user's own)."""
    unit.execute(
        update(RetroCard)
        .where(RetroCard.id == card_id)
        .values(
            column=column,
            text=text,
            anonymous=anonymous,
            author_id=author_id,
            author_hash=author_hash,
            updated_at=now,
        )
    )


def remove(unit: Unit, *, card_id: int) -> None:
    """Delete a card and its votes."""
    unit.execute(delete(RetroVote).where(RetroVote.card_id == card_id))
    unit.execute(delete(RetroCard).where(RetroCard.id == card_id))


def with_votes(unit: Unit, *, retro_id: int) -> list[Card]:
    """Every card of a retro with its vote total, in one query."""
    votes = (
        select(RetroVote.card_id, func.count().label("votes"))
        .where(RetroVote.retro_id == retro_id)
        .group_by(RetroVote.card_id)
        .subquery()
    )
    rows: list[Any] = list(
        unit.execute(
            select(
                RetroCard.id,
                RetroCard.column,
                RetroCard.text,
                RetroCard.anonymous,
                RetroCard.author_id,
                RetroCard.created_at,
                func.coalesce(votes.c.votes, 0),
            )
            .outerjoin(votes, votes.c.card_id == RetroCard.id)
            .where(RetroCard.retro_id == retro_id)
            .order_by(RetroCard.id)
        )
    )
    return [
        Card(row[0], row[1], row[2], row[3], None if row[3] else row[4], row[5], int(row[6]))
        for row in rows
    ]

"""Members' own settings and ``forget-me``: the repository behind the members use cases.

``erase_member`` runs in the caller's unit of work, so everything a person asked to
forget goes in one transaction or not at all. Only counts come back: the reply
must not repeat what was erased.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, column, delete, select, table, update

from storage import ledger
from storage.models import (
    ActionItem,
    AvoidPair,
    Delivery,
    Interaction,
    Member,
    Occurrence,
    Pairing,
    PairingMember,
    PulseAnswer,
    PulseNote,
    Retro,
    RetroCard,
    RetroVote,
    Ritual,
    Welcome,
    Workspace,
)
from storage.unit import Unit

# slack_sdk's installation table (migration 0002): it names the person who installed the app.
SLACK_INSTALLATIONS = table("slack_installations", column("team_id"), column("user_id"))
# Stands in for a forgotten person where a column cannot be empty (retro facilitator, …).
NOBODY = ""

# The keyed hash a retro keeps of an anonymous card's author: (retro secret, user id) → hash.
AuthorHash = Callable[[str, str], str]


@dataclass(frozen=True)
class Erased:
    """How many rows of each kind ``forget-me`` removed or unlinked."""

    pulse_answers: int = 0
    pulse_notes: int = 0
    pairings: int = 0
    interactions: int = 0
    retro_votes: int = 0
    retro_cards: int = 0
    anonymous_cards_unlinked: int = 0
    avoid_entries: int = 0
    deliveries: int = 0
    action_items_unassigned: int = 0
    welcomes: int = 0
    member_rows: int = 0

    @property
    def total(self) -> int:
        """Every row touched."""
        return sum(getattr(self, f.name) for f in fields(self))


def _count(result: object) -> int:
    return max(int(getattr(result, "rowcount", 0) or 0), 0)


def _unlink_anonymous_cards(unit: Unit, team_id: str, user_id: str, hasher: AuthorHash) -> int:
    """Clear the keyed hash tying a member to anonymous cards still being written."""
    unlinked = 0
    retros = unit.execute(
        select(Retro.id, Retro.secret).where(Retro.team_id == team_id, Retro.secret.is_not(None))
    ).all()
    for retro_id, secret in retros:
        result = unit.execute(
            update(RetroCard)
            .where(
                RetroCard.retro_id == retro_id,
                RetroCard.anonymous.is_(True),
                RetroCard.author_hash == hasher(secret, user_id),
            )
            .values(author_hash=None)
        )
        unlinked += _count(result)
    return unlinked


def _unlink_authorship(unit: Unit, team_id: str, user_id: str) -> None:
    """Keep rituals, runs, retros and action items, without who created or ran them."""
    for model, field, empty in (
        (Ritual, Ritual.created_by, None),
        (Occurrence, Occurrence.created_by, None),
        (Retro, Retro.facilitator_id, NOBODY),
        (ActionItem, ActionItem.created_by, NOBODY),
        (Workspace, Workspace.installer_user_id, None),
    ):
        unit.execute(
            update(model)
            .where(model.team_id == team_id, field == user_id)
            .values({field.key: empty})
        )
    unit.execute(
        update(SLACK_INSTALLATIONS)
        .where(SLACK_INSTALLATIONS.c.team_id == team_id, SLACK_INSTALLATIONS.c.user_id == user_id)
        .values(user_id=NOBODY)
    )


def erase_member(unit: Unit, *, team_id: str, user_id: str, author_hash: AuthorHash) -> Erased:
    """Delete a member's personal data in one workspace (``forget-me``); returns the counts."""

    def gone(model: Any, *conditions: ColumnElement[bool]) -> int:
        return _count(unit.execute(delete(model).where(model.team_id == team_id, *conditions)))

    unit.execute(
        update(Pairing)
        .where(Pairing.team_id == team_id, Pairing.met_answered_by == user_id)
        .values(met_answered_by=None)
    )
    unassigned = unit.execute(
        update(ActionItem)
        .where(ActionItem.team_id == team_id, ActionItem.owner_id == user_id)
        .values(owner_id=None)
    )
    _unlink_authorship(unit, team_id, user_id)
    # Others' avoid entries naming this person go too, uncounted: the counts are shown to
    # the person, and avoid lists are never revealed, not even by a number.
    unit.execute(
        delete(AvoidPair).where(AvoidPair.team_id == team_id, AvoidPair.avoided_user_id == user_id)
    )
    ledger.erase_person(unit, team_id=team_id, user_id=user_id)  # released figures' answers
    return Erased(
        pulse_answers=gone(PulseAnswer, PulseAnswer.user_id == user_id),
        pulse_notes=gone(PulseNote, PulseNote.user_id == user_id),
        pairings=gone(PairingMember, PairingMember.user_id == user_id),
        interactions=gone(
            Interaction, (Interaction.actor_id == user_id) | (Interaction.target_id == user_id)
        ),
        retro_votes=gone(RetroVote, RetroVote.user_id == user_id),
        retro_cards=gone(RetroCard, RetroCard.author_id == user_id, RetroCard.anonymous.is_(False)),
        anonymous_cards_unlinked=_unlink_anonymous_cards(unit, team_id, user_id, author_hash),
        avoid_entries=gone(AvoidPair, AvoidPair.user_id == user_id),
        deliveries=gone(Delivery, Delivery.recipient == user_id),
        action_items_unassigned=_count(unassigned),
        welcomes=gone(Welcome, Welcome.user_id == user_id),
        member_rows=gone(Member, Member.user_id == user_id),
    )


def welcome_once(unit: Unit, *, team_id: str, channel_id: str, user_id: str, now: datetime) -> bool:
    """Mark the member welcomed to the channel; False when they already were."""
    row = {"team_id": team_id, "channel_id": channel_id, "user_id": user_id, "sent_at": now}
    statement = unit.insert(Welcome.__table__).on_conflict_do_nothing()
    inserted = unit.execute(statement.returning(Welcome.__table__.c.user_id), row)
    return inserted.first() is not None


def set_holidays_country(unit: Unit, *, team_id: str, country: str | None) -> None:
    """Store the country whose public holidays the workspace skips (None: none)."""
    unit.execute(
        update(Workspace).where(Workspace.team_id == team_id).values(holidays_country=country)
    )

"""Members' own settings and ``forget-me``: the repository behind the members commands.

``erase_member`` runs in the caller's session, so everything a person asked to
forget goes in one transaction or not at all. Only counts come back: the reply
must not repeat what was erased.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, column, delete, select, table, update
from sqlalchemy.orm import Session

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
    Workspace,
)
from storage.retro.authors import author_hash

# slack_sdk's installation table (migration 0002): it names the person who installed the app.
SLACK_INSTALLATIONS = table("slack_installations", column("team_id"), column("user_id"))
# Stands in for a forgotten person where a column cannot be empty (retro facilitator, …).
NOBODY = ""


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
    member_rows: int = 0

    @property
    def total(self) -> int:
        """Every row touched."""
        return sum(getattr(self, f.name) for f in fields(self))


def _count(result: object) -> int:
    return max(int(getattr(result, "rowcount", 0) or 0), 0)


def _unlink_anonymous_cards(session: Session, team_id: str, user_id: str) -> int:
    """Clear the keyed hash tying a member to anonymous cards still being written."""
    unlinked = 0
    retros = session.scalars(
        select(Retro).where(Retro.team_id == team_id, Retro.secret.is_not(None))
    ).all()
    for retro in retros:
        assert retro.secret is not None
        result = session.execute(
            update(RetroCard)
            .where(
                RetroCard.retro_id == retro.id,
                RetroCard.anonymous.is_(True),
                RetroCard.author_hash == author_hash(retro.secret, user_id),
            )
            .values(author_hash=None)
        )
        unlinked += _count(result)
    return unlinked


def _unlink_authorship(session: Session, team_id: str, user_id: str) -> None:
    """Keep rituals, runs, retros and action items, without who created or ran them."""
    for model, field, empty in (
        (Ritual, Ritual.created_by, None),
        (Occurrence, Occurrence.created_by, None),
        (Retro, Retro.facilitator_id, NOBODY),
        (ActionItem, ActionItem.created_by, NOBODY),
        (Workspace, Workspace.installer_user_id, None),
    ):
        session.execute(
            update(model)
            .where(model.team_id == team_id, field == user_id)
            .values({field.key: empty})
        )
    session.execute(
        update(SLACK_INSTALLATIONS)
        .where(SLACK_INSTALLATIONS.c.team_id == team_id, SLACK_INSTALLATIONS.c.user_id == user_id)
        .values(user_id=NOBODY)
    )


def erase_member(session: Session, team_id: str, user_id: str) -> Erased:
    """Delete a member's personal data in one workspace (``forget-me``); returns the counts."""

    def gone(model: Any, *conditions: ColumnElement[bool]) -> int:
        return _count(session.execute(delete(model).where(model.team_id == team_id, *conditions)))

    session.execute(
        update(Pairing)
        .where(Pairing.team_id == team_id, Pairing.met_answered_by == user_id)
        .values(met_answered_by=None)
    )
    unassigned = session.execute(
        update(ActionItem)
        .where(ActionItem.team_id == team_id, ActionItem.owner_id == user_id)
        .values(owner_id=None)
    )
    _unlink_authorship(session, team_id, user_id)
    ledger.erase_person(session, team_id=team_id, user_id=user_id)  # released figures' answers
    return Erased(
        pulse_answers=gone(PulseAnswer, PulseAnswer.user_id == user_id),
        pulse_notes=gone(PulseNote, PulseNote.user_id == user_id),
        pairings=gone(PairingMember, PairingMember.user_id == user_id),
        interactions=gone(
            Interaction, (Interaction.actor_id == user_id) | (Interaction.target_id == user_id)
        ),
        retro_votes=gone(RetroVote, RetroVote.user_id == user_id),
        retro_cards=gone(RetroCard, RetroCard.author_id == user_id, RetroCard.anonymous.is_(False)),
        anonymous_cards_unlinked=_unlink_anonymous_cards(session, team_id, user_id),
        avoid_entries=gone(
            AvoidPair, (AvoidPair.user_id == user_id) | (AvoidPair.avoided_user_id == user_id)
        ),
        deliveries=gone(Delivery, Delivery.recipient == user_id),
        action_items_unassigned=_count(unassigned),
        member_rows=gone(Member, Member.user_id == user_id),
    )


def set_holidays_country(session: Session, team_id: str, country: str | None) -> None:
    """Store the country whose public holidays the workspace skips (None: none)."""
    session.execute(
        update(Workspace).where(Workspace.team_id == team_id).values(holidays_country=country)
    )


def holidays_country(session: Session, team_id: str) -> str | None:
    """The country whose public holidays the workspace skips, if any."""
    return session.scalar(select(Workspace.holidays_country).where(Workspace.team_id == team_id))


def installer(session: Session, team_id: str) -> str | None:
    """The user who installed Greenroom in the workspace, when known."""
    return session.scalar(select(Workspace.installer_user_id).where(Workspace.team_id == team_id))

"""What a member's App Home reads: their pulse days, their latest shadowing group, the crew's
roles. Only ever the member's own rows (the roles are names, with no one attached)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.models import Delivery, Member, Occurrence, Pairing, PairingMember, PulseAnswer
from storage.unit import Unit

PULSE_KIND = "pulse"


@dataclass(frozen=True)
class PulseDays:
    """When the member was sent a pulse prompt, and when the prompts they answered went out."""

    prompted: tuple[datetime, ...]
    answered: tuple[datetime, ...]


@dataclass(frozen=True)
class LatestGroup:
    """The member's most recent shadowing group."""

    partners: tuple[str, ...]
    suggestion: str
    met: bool | None


def pulse_days(unit: Unit, *, team_id: str, user_id: str, since: datetime) -> PulseDays:
    """The member's pulse prompts and answered prompts since ``since`` (occurrence times)."""
    prompted = unit.execute(
        select(Occurrence.scheduled_for)
        .join(Delivery, Delivery.occurrence_id == Occurrence.id)
        .where(
            Occurrence.team_id == team_id,
            Occurrence.kind == PULSE_KIND,
            Occurrence.scheduled_for >= since,
            Delivery.recipient == user_id,
            Delivery.status == "sent",
        )
    ).scalars()
    answered = unit.execute(
        select(Occurrence.scheduled_for)
        .join(PulseAnswer, PulseAnswer.occurrence_id == Occurrence.id)
        .where(
            PulseAnswer.team_id == team_id,
            PulseAnswer.user_id == user_id,
            Occurrence.scheduled_for >= since,
        )
    ).scalars()
    return PulseDays(tuple(prompted), tuple(answered))


def latest_group(unit: Unit, *, team_id: str, user_id: str) -> LatestGroup | None:
    """The member's most recent shadowing group, or None."""
    found = unit.execute(
        select(Pairing.id, Pairing.suggestion, Pairing.met)
        .join(PairingMember, PairingMember.pairing_id == Pairing.id)
        .where(Pairing.team_id == team_id, PairingMember.user_id == user_id)
        .order_by(Pairing.created_at.desc(), Pairing.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    partners = unit.execute(
        select(PairingMember.user_id)
        .where(PairingMember.pairing_id == found.id, PairingMember.user_id != user_id)
        .order_by(PairingMember.user_id)
    ).scalars()
    return LatestGroup(tuple(partners), found.suggestion or "", found.met)


def crew_roles(unit: Unit, *, team_id: str) -> list[str]:
    """The roles members of the workspace have, by name."""
    query = (
        select(Member.role)
        .where(Member.team_id == team_id, Member.role.is_not(None), Member.deleted.is_(False))
        .distinct()
        .order_by(Member.role)
    )
    return [role for role in unit.execute(query).scalars() if role]

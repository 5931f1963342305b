"""Who may be asked or paired on a given day, and why not: one rule for every ritual.

A member takes part unless they are a bot, deactivated, opted out, or away that day
(``away_until`` is the last day away). Rituals check it when they plan (who is in the
round) and again right before a message goes out (someone may have stepped out since).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol


class Member(Protocol):
    """What the rule reads of a person."""

    @property
    def is_bot(self) -> bool: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def opted_out(self) -> bool: ...
    @property
    def away_until(self) -> date | None: ...


def away_on(person: Member, day: date) -> bool:
    """Away on ``day`` (the last day inclusive)."""
    return person.away_until is not None and day <= person.away_until


def why_left_out(person: Member, day: date) -> str | None:
    """Why ``person`` is not asked or paired on ``day``, or None when they take part."""
    if person.is_bot or person.deleted:
        return "not a member who can be asked"
    if person.opted_out:
        return "opted out"
    if away_on(person, day):
        return f"away until {person.away_until}"
    return None

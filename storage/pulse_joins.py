"""One pulse DM a day per person and question: the prompts another channel's pulse joins.

A member asked the same question by several channels' pulses on one day gets one DM; the
other channels' prompt rows point at it (``deliveries.joined_to``) instead of posting.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam

from storage.models import Delivery, Occurrence
from storage.pulse import MESSAGES, OCCURRENCE_KIND, PROMPT, PromptMessage, to_message
from storage.pulse_days import ASKED
from storage.unit import Unit

_D, _O = Delivery.__table__.c, Occurrence.__table__.c
_BY_ID = MESSAGES.where(_D.id == bindparam("delivery_id"))
_JOINED = MESSAGES.where(_D.joined_to == bindparam("delivery_id")).order_by(_D.id)
CHUNK = 500


def dm_prompts_between(
    unit: Unit, *, team_id: str, user_ids: Iterable[str], start: datetime, end: datetime
) -> dict[str, list[PromptMessage]]:
    """Each member's own pulse DM prompts due in [start, end) (asked, or about to be)."""
    ids = list(dict.fromkeys(user_ids))
    found: dict[str, list[PromptMessage]] = {}
    for first in range(0, len(ids), CHUNK):
        rows = unit.execute(
            MESSAGES.where(
                _D.team_id == team_id,
                _D.kind == PROMPT,
                _D.status.in_(ASKED),
                _D.joined_to.is_(None),
                _D.recipient.in_(ids[first : first + CHUNK]),
                _O.kind == OCCURRENCE_KIND,
                _O.scheduled_for >= start,
                _O.scheduled_for < end,
            ).order_by(_D.id)
        )
        for row in rows:
            message = to_message(row)
            if not message.in_channel:
                found.setdefault(message.recipient, []).append(message)
    return found


def by_id(unit: Unit, *, delivery_id: int) -> PromptMessage | None:
    """A pulse message by its delivery id."""
    row = unit.execute(_BY_ID, {"delivery_id": delivery_id}).first()
    return None if row is None else to_message(row)


def joined(unit: Unit, *, delivery_id: int) -> list[PromptMessage]:
    """The prompts of other channels' pulses that a DM asks too."""
    return [to_message(row) for row in unit.execute(_JOINED, {"delivery_id": delivery_id})]

"""Answering "Did you meet?": a click on Yes or No in the group DM.

Rules:
- The group is looked up from the click and only its members may answer for it.
- The last answer wins, and says who gave it.
- The message redrawn to show the answer is the group's own follow-up, found where it
  was posted (the delivery's channel and ts); where Slack says the click came from is
  never used, so a forged click cannot make the bot rewrite any other message.
"""

from __future__ import annotations

from dataclasses import dataclass

from rituals.errors import NotAllowed, NotFound
from rituals.services import Services
from rituals.shadowing.messages import Followup
from rituals.shadowing.options import ShadowDelivery, group_recipient
from storage import pairing as store

LARGEST_ID = 2**31 - 1  # pairing ids are 32-bit integers in the database


@dataclass(frozen=True)
class Answered:
    """A recorded answer: the group and what it says now."""

    team_id: str
    pairing_id: int
    met: bool


def answer(svc: Services, *, team_id: str, user_id: str, pairing_id: int, met: bool) -> Answered:
    """Record the member's answer for their group; NotFound / NotAllowed otherwise."""
    gone = NotFound("That shadowing pairing no longer exists, so there is nothing to record.")
    if not 0 < pairing_id <= LARGEST_ID:
        raise gone
    with svc.db.unit() as unit:
        pairing = store.get_pairing(unit, team_id=team_id, pairing_id=pairing_id)
        if pairing is None:
            raise gone
        if user_id not in pairing.user_ids:
            raise NotAllowed("Only the people in this shadowing pairing can say whether they met.")
        store.record_met(
            unit,
            team_id=team_id,
            pairing_id=pairing_id,
            user_id=user_id,
            met=met,
            now=svc.clock.now(),
        )
    return Answered(team_id, pairing_id, met)


def show_answer(svc: Services, *, team_id: str, pairing_id: int) -> bool:
    """Redraw the group's own "Did you meet?" message with the stored answer; whether it was."""
    with svc.db.unit() as unit:
        pairing = store.get_pairing(unit, team_id=team_id, pairing_id=pairing_id)
        if pairing is None:
            return False
        posted = store.group_message(
            unit,
            team_id=team_id,
            occurrence_id=pairing.occurrence_id,
            kind=ShadowDelivery.FOLLOWUP,
            recipient=group_recipient(pairing_id),
        )
    if posted is None or posted.status != "sent" or not posted.channel or not posted.ts:
        return False
    message = Followup(
        pairing.id, pairing.user_ids, met=pairing.met, answered_by=pairing.met_answered_by
    )
    svc.messenger.update(team_id, posted.channel, posted.ts, message)
    return True

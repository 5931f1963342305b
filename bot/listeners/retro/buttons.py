"""The retro message's buttons (Add card, My cards, Start voting, Vote, Close) and the Done
button of an action item's DM.

Each acks first; the use case runs after the ack (it may ask Slack who is in the
retro's channel), and a refusal goes back privately through the response_url.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.errors import handle
from bot.listeners.retro.commands import closed_soon, redraw_soon
from bot.views.retro import ActionId, card_modal, my_cards_modal, vote_modal
from bot.wiring import Wiring
from rituals.actors import Actor
from rituals.errors import GreenroomError
from rituals.retro import actions, cards, session, votes

logger = logging.getLogger(__name__)

MODALS = (ActionId.ADD_CARD, ActionId.MY_CARDS, ActionId.VOTE)


def _tell(respond: Respond, text: str) -> None:
    respond(text=text, response_type="ephemeral", replace_original=False)


def _value(body: dict[str, Any]) -> int | None:
    try:
        return int(body["actions"][0]["value"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def on_button(
    w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond
) -> None:
    """A button of the retro message: its value names the retro, checked by the use case."""
    ack()
    retro_id = _value(body)
    action_id = body["actions"][0].get("action_id")
    if retro_id is None:
        logger.info("retro button %s with a value that is not a retro id", action_id)
        return
    actor = Actor(context.team_id or "", body["user"]["id"])
    run = w.tasks.open_soon if action_id in MODALS else w.tasks.after_ack
    run(_button, w, ActionId(action_id), actor, retro_id, body.get("trigger_id"), respond)


def _button(
    w: Wiring,
    action: ActionId,
    actor: Actor,
    retro_id: int,
    trigger_id: str | None,
    respond: Respond,
) -> None:
    try:
        if action is ActionId.START_VOTING:
            session.start_voting(w.svc, actor, retro_id=retro_id)
            redraw_soon(w, actor.team_id, retro_id)
            return
        if action is ActionId.CLOSE:
            session.close(w.svc, actor, retro_id=retro_id)
            redraw_soon(w, actor.team_id, retro_id)
            return
        if action is ActionId.ADD_CARD:
            view = card_modal(cards.card_form(w.svc, actor, retro_id=retro_id))
        elif action is ActionId.MY_CARDS:
            mine = cards.my_cards(w.svc, actor, retro_id=retro_id)
            view = my_cards_modal(mine.retro, mine.cards)
        else:
            view = vote_modal(votes.ballot(w.svc, actor, retro_id=retro_id))
    except GreenroomError as error:
        _tell(respond, handle(error, what=f"retro button {action}"))
        return
    w.clients.client_for(actor.team_id).views_open(trigger_id=trigger_id, view=view)


def on_item_done(
    w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond
) -> None:
    """Done in the owner's DM: checked like ``/retro done``."""
    ack()
    item_id = _value(body)
    if item_id is None:
        logger.info("action item button with a value that is not an id")
        return
    actor = Actor(context.team_id or "", body["user"]["id"])
    w.tasks.after_ack(partial(_item_done, w, actor, item_id, respond))


def _item_done(w: Wiring, actor: Actor, item_id: int, respond: Respond) -> None:
    try:
        closed = actions.done(w.svc, actor, item_id=item_id)
    except GreenroomError as error:
        _tell(respond, handle(error, what="retro item done"))
        return
    closed_soon(w, actor.team_id, closed, actor.user_id)

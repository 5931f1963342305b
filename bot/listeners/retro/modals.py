"""Inside the retro's modals: a card submitted, Edit / Delete in My cards, + / − and the
pages of the Vote modal.

A card submission is stored before the ack, so a refusal shows on the text field. The
ids a modal carries (private_metadata, button values) only say what was clicked; the
use case looks each card or retro up in the clicker's workspace and checks it.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.listeners.retro.commands import redraw_soon
from bot.views.retro import (
    ActionId,
    BlockId,
    CallbackId,
    card_modal,
    my_cards_modal,
    read_card_form,
    read_metadata,
    vote_modal,
)
from bot.wiring import Wiring
from rituals.actors import Actor
from rituals.errors import GreenroomError
from rituals.retro import cards, votes

logger = logging.getLogger(__name__)


def _actor(body: dict[str, Any], context: BoltContext) -> Actor:
    return Actor(context.team_id or "", body["user"]["id"])


def on_card_submit(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Add card / Edit card submitted: store it, or answer with a field error."""
    view, actor = body["view"], _actor(body, context)
    form = read_card_form(view["state"]["values"])
    draft = cards.Draft(column=form.column, text=form.text, anonymous=form.anonymous)
    editing = view["callback_id"] == CallbackId.EDIT_CARD
    try:
        key = "card" if editing else "retro"
        named = read_metadata(view.get("private_metadata"), key)
    except ValueError:
        ack()
        logger.info("card form without a card or retro id; ignored")
        return
    try:
        if editing:
            retro_id = cards.edit_card(w.svc, actor, card_id=named, draft=draft)
        else:
            retro_id = cards.add_card(w.svc, actor, retro_id=named, draft=draft)
    except GreenroomError as error:
        ack(response_action="errors", errors={BlockId.TEXT: error.message})
        return
    ack()
    redraw_soon(w, actor.team_id, retro_id)
    if editing and view.get("previous_view_id"):
        w.tasks.after_ack(_show_my_cards, w, actor, retro_id, view["previous_view_id"])


def _show_my_cards(
    w: Wiring, actor: Actor, retro_id: int, view_id: str, notice: str | None = None
) -> None:
    try:
        mine = cards.my_cards(w.svc, actor, retro_id=retro_id)
    except GreenroomError as error:
        logger.info("my cards not redrawn: %s", type(error).__name__)
        return
    view = my_cards_modal(mine.retro, mine.cards, notice=notice)
    w.clients.client_for(actor.team_id).views_update(view_id=view_id, view=view)


def _card_id(body: dict[str, Any]) -> int | None:
    try:
        return int(body["actions"][0]["value"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def on_my_card_button(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Edit or Delete in the My cards modal."""
    actor, card_id = _actor(body, context), _card_id(body)
    view = body.get("view") or {}
    if card_id is None or "id" not in view:
        ack()
        logger.info("My cards button without a card id; ignored")
        return
    if body["actions"][0]["action_id"] != ActionId.DELETE_CARD:
        ack()
        w.tasks.open_soon(_push_edit, w, actor, card_id, view, body.get("trigger_id"))
        return
    try:
        retro_id = cards.delete_card(w.svc, actor, card_id=card_id)
    except GreenroomError as error:
        ack()
        w.tasks.after_ack(_my_cards_notice, w, actor, view, error.message)
        return
    ack()
    redraw_soon(w, actor.team_id, retro_id)
    w.tasks.after_ack(_show_my_cards, w, actor, retro_id, view["id"])


def _my_cards_notice(w: Wiring, actor: Actor, view: dict[str, Any], notice: str) -> None:
    try:
        retro_id = read_metadata(view.get("private_metadata"), "retro")
    except ValueError:
        return
    _show_my_cards(w, actor, retro_id, view["id"], notice)


def _push_edit(
    w: Wiring, actor: Actor, card_id: int, view: dict[str, Any], trigger_id: str | None
) -> None:
    try:
        retro, card = cards.edit_form(w.svc, actor, card_id=card_id)
    except GreenroomError as error:
        _my_cards_notice(w, actor, view, error.message)
        return
    client = w.clients.client_for(actor.team_id)
    client.views_push(trigger_id=trigger_id, view=card_modal(retro, card))


def on_vote_button(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """+ Vote / − Take back: one row added or removed under the retro's lock, then the
    ballot page is redrawn (with what went wrong, if anything)."""
    actor, card_id = _actor(body, context), _card_id(body)
    view = body.get("view") or {}
    if card_id is None or "id" not in view:
        ack()
        logger.info("vote button without a card id; ignored")
        return
    add = body["actions"][0]["action_id"] == ActionId.VOTE_ADD
    notice: str | None = None
    try:
        retro_id = votes.vote(w.svc, actor, card_id=card_id, add=add)
    except GreenroomError as error:
        notice, retro_id = error.message, None
    ack()
    if retro_id is not None:
        redraw_soon(w, actor.team_id, retro_id)
    page = _page(view)
    w.keyed.submit(("vote", view["id"]), partial(_show_ballot, w, actor, view, page, notice))


def on_page_button(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """◀ Previous / Next ▶ in the Vote modal."""
    ack()
    view = body.get("view") or {}
    page = _card_id(body)  # the page number is the button's value
    if page is None or "id" not in view:
        return
    actor = _actor(body, context)
    w.keyed.submit(("vote", view["id"]), partial(_show_ballot, w, actor, view, page, None))


def _page(view: dict[str, Any]) -> int:
    try:
        return read_metadata(view.get("private_metadata"), "page")
    except ValueError:
        return 0


def _show_ballot(
    w: Wiring, actor: Actor, view: dict[str, Any], page: int, notice: str | None
) -> None:
    try:
        retro_id = read_metadata(view.get("private_metadata"), "retro")
        ballot = votes.ballot(w.svc, actor, retro_id=retro_id, page=page, opening=False)
    except (ValueError, GreenroomError):
        logger.info("ballot not redrawn")
        return
    client = w.clients.client_for(actor.team_id)
    client.views_update(view_id=view["id"], view=vote_modal(ballot, notice=notice))

"""The crew's rituals on the App Home: New ritual, Edit, Pause/Resume, Delete, and the modal.

Every click is checked again by the use case: manager rights, and the ritual looked up
by its id within the clicker's own workspace — a button's value or a modal's
``private_metadata`` only says which id was asked for. The modal's problems come back
on its fields (``response_action: errors``); a refused click comes back as a notice on
the republished Home.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.errors import handle
from bot.listeners.home import change_and_publish, page_of, publish
from bot.views import home_forms as forms
from bot.views.home_rituals import RitualAction
from bot.views.ritual_form import CALLBACK_ID, Field, form_errors, metadata, read_form
from bot.views.ritual_modal import ritual_modal
from bot.wiring import Wiring
from rituals.actors import Actor
from rituals.errors import GreenroomError
from rituals.home.setup import open_form, save
from rituals.scheduled import InvalidField, manage

logger = logging.getLogger(__name__)


def register(app: App, w: Wiring) -> None:
    """Register the rituals' buttons on the App Home and the set-up modal."""
    app.action(RitualAction.NEW)(partial(on_open_form, w))
    app.action(RitualAction.EDIT)(partial(on_open_form, w))
    app.action(Field.KIND)(partial(on_kind_changed, w))
    app.action(RitualAction.PAUSE)(partial(on_ritual_button, w))
    app.action(RitualAction.RESUME)(partial(on_ritual_button, w))
    app.action(RitualAction.DELETE)(partial(on_ritual_button, w))
    app.view(CALLBACK_ID)(partial(on_submit, w))


def _ids(body: dict[str, Any], context: BoltContext) -> tuple[str, str]:
    return str(context.team_id or ""), str(body["user"]["id"])


def _ritual_id(action: dict[str, Any]) -> int:
    value = str(action.get("value") or "")
    return int(value) if value.isdigit() and len(value) < 10 else -1


def on_open_form(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """New ritual / Edit: the modal (empty, or filled in with the ritual as it is)."""
    team_id, user_id = _ids(body, context)
    action = body["actions"][0]
    editing = action.get("action_id") == RitualAction.EDIT
    try:
        start = open_form(
            w.svc, Actor(team_id, user_id), ritual_id=_ritual_id(action) if editing else None
        )
    except GreenroomError as error:
        ack()
        notice = handle(error, what="ritual form")
        w.tasks.after_ack(publish, w, team_id, user_id, notice=notice, page=page_of(body))
        return
    ack()
    kind = start.spec.kind if start.spec is not None else "pulse"
    view = ritual_modal(kind, team_tz=start.team_tz, spec=start.spec, ritual_id=start.ritual_id)
    client = w.clients.client_for(team_id)
    w.tasks.open_soon(client.views_open, trigger_id=body["trigger_id"], view=view)


def on_kind_changed(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """The kind picked in the New ritual modal: redraw the modal with that kind's fields."""
    ack()
    team_id, user_id = _ids(body, context)
    view = body.get("view") or {}
    ritual_id, _ = metadata(view)
    if ritual_id is not None:
        return  # an edited ritual keeps its kind
    kind = str((body["actions"][0].get("selected_option") or {}).get("value") or "pulse")
    try:
        start = open_form(w.svc, Actor(team_id, user_id))
    except GreenroomError as error:
        handle(error, what="ritual form")
        return
    redrawn = ritual_modal(kind, team_tz=start.team_tz)
    client = w.clients.client_for(team_id)
    w.tasks.open_soon(client.views_update, view_id=view["id"], hash=view.get("hash"), view=redrawn)


def on_ritual_button(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Pause, Resume or Delete (after its confirm): change, then publish the Home."""
    ack()
    team_id, user_id = _ids(body, context)
    action = body["actions"][0]
    ritual_id = _ritual_id(action)
    verb = str(action.get("action_id"))

    def change(actor: Actor) -> str:
        if verb == RitualAction.DELETE:
            return forms.ritual_notice("Deleted", manage.delete(w.svc, actor, ritual_id))
        paused = verb == RitualAction.PAUSE
        done = (manage.pause if paused else manage.resume)(w.svc, actor, ritual_id)
        return forms.toggled_notice(done, paused=paused)

    w.tasks.after_ack(change_and_publish, w, team_id, user_id, change, page=page_of(body))


def on_submit(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """The modal submitted: save (problems on their fields), close, publish the Home."""
    team_id, user_id = _ids(body, context)
    view = body["view"]
    ritual_id, _ = metadata(view)
    try:
        saved = save(w.svc, Actor(team_id, user_id), read_form(view), ritual_id=ritual_id)
    except InvalidField as problem:
        ack(**form_errors(problem.field, problem.message, view))
        return
    except GreenroomError as error:
        ack(**form_errors("channel", handle(error, what="ritual form"), view))
        return
    ack()
    w.tasks.after_ack(publish, w, team_id, user_id, notice=forms.saved_notice(saved))

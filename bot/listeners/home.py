"""The App Home: published when someone opens it, and again after each click there.

Each handler acknowledges, calls one use case (``rituals.home``, or the avoid list's in
``rituals.shadowing``) after the ack, and publishes the tab again with a notice saying
what happened — or what was refused. The rituals' buttons and the set-up modal are in
``bot.listeners.rituals_setup``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.errors import handle
from bot.views import home_forms as forms
from bot.views.home import ActionId, OptOut, home_view
from bot.views.home_rituals import RitualAction
from bot.wiring import Wiring
from rituals.actors import Actor
from rituals.errors import GreenroomError, UsageError
from rituals.home import controls, home
from rituals.shadowing import avoid

logger = logging.getLogger(__name__)

Change = Callable[[Actor], str]


def register(app: App, w: Wiring) -> None:
    """Publish the App Home on open; handle the member's controls and the rituals' pages."""
    app.event("app_home_opened")(partial(on_home_opened, w))
    app.action(ActionId.TOGGLE_OPT_OUT)(partial(on_click, w, _opt_out))
    app.action(ActionId.AWAY_UNTIL)(partial(on_click, w, _away))
    app.action(ActionId.BACK)(partial(on_click, w, _back))
    app.action(ActionId.ROLE_PICK)(partial(on_click, w, _role_picked))
    app.action(ActionId.AVOID_ADD)(partial(on_click, w, _avoid))
    app.action(ActionId.AVOID_REMOVE)(partial(on_click, w, _unavoid))
    app.action(RitualAction.PREVIOUS_PAGE)(partial(on_page, w))
    app.action(RitualAction.NEXT_PAGE)(partial(on_page, w))
    app.action(ActionId.ROLE_NEW)(partial(on_modal_button, w, forms.role_modal))
    app.action(ActionId.PRIVACY)(partial(on_modal_button, w, forms.privacy_modal))
    app.view(forms.ROLE_CALLBACK)(partial(on_role_submit, w))


def publish(
    w: Wiring, team_id: str, user_id: str, *, notice: str | None = None, page: int = 0
) -> None:
    """Build and publish the person's App Home (views.publish)."""
    found = home(w.svc, Actor(team_id, user_id), rituals_page=page)
    view = home_view(found, notice=notice)
    w.clients.client_for(team_id).views_publish(user_id=user_id, view=view)


def page_of(body: dict[str, Any]) -> int:
    """The rituals page the Home showed when it was clicked (0 when unknown)."""
    text = str((body.get("view") or {}).get("private_metadata") or "")
    return int(text) if text.isdigit() else 0


def on_home_opened(
    w: Wiring, body: dict[str, Any], event: dict[str, Any], context: BoltContext
) -> None:
    """``app_home_opened`` on the Home tab: publish it (after the ack)."""
    if event.get("tab", "home") == "home" and event.get("user"):
        team_id = str(body.get("team_id") or context.team_id or "")
        w.tasks.after_ack(publish, w, team_id, str(event["user"]))


def change_and_publish(
    w: Wiring, team_id: str, user_id: str, change: Change, *, page: int = 0
) -> None:
    """Run one change for the person, then publish their Home saying how it went."""
    try:
        notice = change(Actor(team_id, user_id))
    except GreenroomError as error:
        notice = handle(error, what="home click")
    publish(w, team_id, user_id, notice=notice, page=page)


def on_click(
    w: Wiring,
    read: Callable[[Wiring, dict[str, Any]], Change],
    ack: Ack,
    body: dict[str, Any],
    context: BoltContext,
) -> None:
    """A member's control on their Home: ack, then change and publish."""
    ack()
    change = read(w, body["actions"][0])
    team_id, user_id = str(context.team_id or ""), str(body["user"]["id"])
    w.tasks.after_ack(change_and_publish, w, team_id, user_id, change, page=page_of(body))


def on_page(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Previous / Next page of the crew's rituals."""
    ack()
    value = str(body["actions"][0].get("value") or "")
    page = int(value) if value.isdigit() else 0
    w.tasks.after_ack(publish, w, str(context.team_id or ""), body["user"]["id"], page=page)


def on_modal_button(
    w: Wiring,
    build: Callable[[], dict[str, Any]],
    ack: Ack,
    body: dict[str, Any],
    context: BoltContext,
) -> None:
    """A button that opens one of the Home's small modals."""
    ack()
    client = w.clients.client_for(str(context.team_id or ""))
    w.tasks.open_soon(client.views_open, trigger_id=body["trigger_id"], view=build())


def on_role_submit(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """The new role modal: set it (errors on the field), then publish the Home."""
    team_id, user_id = str(context.team_id or ""), str(body["user"]["id"])
    try:
        done = controls.set_role(
            w.svc, Actor(team_id, user_id), role=forms.role_typed(body["view"])
        )
    except UsageError as error:
        ack(**forms.role_errors(error.message))
        return
    ack()
    w.tasks.after_ack(publish, w, team_id, user_id, notice=forms.role_notice(done))


# what each control changes ------------------------------------------------------------


def _opt_out(w: Wiring, action: dict[str, Any]) -> Change:
    out = action.get("value") == OptOut.OUT
    return lambda actor: forms.opt_out_notice(controls.set_opt_out(w.svc, actor, opted_out=out))


def _away(w: Wiring, action: dict[str, Any]) -> Change:
    picked = str(action.get("selected_date") or "")

    def change(actor: Actor) -> str:
        try:
            until = date.fromisoformat(picked)
        except ValueError:
            raise UsageError("Pick your last day away in the calendar.") from None
        return forms.away_notice(controls.set_away(w.svc, actor, until=until))

    return change


def _back(w: Wiring, action: dict[str, Any]) -> Change:
    return lambda actor: forms.away_notice(controls.come_back(w.svc, actor))


def _role_picked(w: Wiring, action: dict[str, Any]) -> Change:
    role = str((action.get("selected_option") or {}).get("value") or "")
    return lambda actor: forms.role_notice(controls.set_role(w.svc, actor, role=role))


def _avoid(w: Wiring, action: dict[str, Any]) -> Change:
    other = str(action.get("selected_user") or "")
    return lambda actor: forms.avoid_notice(avoid.avoid(w.svc, actor, user_id=other), added=True)


def _unavoid(w: Wiring, action: dict[str, Any]) -> Change:
    other = str(action.get("value") or "")
    return lambda actor: forms.avoid_notice(avoid.unavoid(w.svc, actor, user_id=other), added=False)

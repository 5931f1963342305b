"""Steps on the App Home for end-to-end tests: open it, click in it, fill and submit a modal
the way Slack's client does (inputs keep the values the bot drew them with)."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View

from sandbox.interactions import elements
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"


def validated(view: dict[str, Any]) -> dict[str, Any]:
    """The view, after slack_sdk's models accepted it, within Slack's 100 blocks."""
    View(**view).validate_json()
    assert len(view["blocks"]) <= 100
    return view


def text_of(view: dict[str, Any]) -> str:
    """Every text of a view's blocks, one per line."""
    parts = []
    for block in view["blocks"]:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        for element in block.get("elements") or []:
            parts.append(element.get("text", "") if isinstance(element, dict) else "")
    return "\n".join(str(p) for p in parts)


def buttons(view: dict[str, Any]) -> list[tuple[str, str]]:
    """(action_id, value) of every button."""
    return [
        (element["action_id"], element.get("value", ""))
        for _, element in elements(view["blocks"])
        if element.get("type") == "button"
    ]


def published(bot: RunningBot, user: str) -> dict[str, Any]:
    """The last Home the bot published for ``user``, validated."""
    bot.settle()
    calls = [c for c in bot.sandbox.calls_to("views.publish") if c.args["user_id"] == user]
    assert calls, f"nothing published for {user}"
    assert calls[-1].response["ok"], calls[-1].response
    return validated(calls[-1].args["view"])


def open_home(bot: RunningBot, user: str) -> dict[str, Any]:
    """Open the Home tab; what the bot published."""
    assert bot.sandbox.open_home(user).status == 200
    return published(bot, user)


def click(bot: RunningBot, user: str, action_id: str, value: Any = None) -> dict[str, Any]:
    """Click (or pick ``value`` in) an element of the Home; the Home published after it."""
    sb: Any = bot.sandbox
    before = len(sb.calls_to("views.publish"))
    view_id = sb.workspace.home_views[user]["id"]
    assert sb.click_view(user, view_id, action_id, value).status == 200
    view = published(bot, user)
    assert len(sb.calls_to("views.publish")) == before + 1
    return view


def click_for_modal(bot: RunningBot, user: str, action_id: str, value: Any = None) -> str:
    """Click a Home button that opens a modal; the modal's view id."""
    sb: Any = bot.sandbox
    opened = len(sb.calls_to("views.open"))
    view_id = sb.workspace.home_views[user]["id"]
    assert sb.click_view(user, view_id, action_id, value).status == 200
    bot.settle()
    calls = sb.calls_to("views.open")
    assert len(calls) == opened + 1, "no modal opened"
    assert calls[-1].response["ok"], calls[-1].response
    validated(calls[-1].args["view"])
    return str(calls[-1].response["view"]["id"])


def modal(bot: RunningBot, view_id: str) -> dict[str, Any]:
    """The modal as the member sees it now."""
    return dict(bot.sandbox.workspace.views[view_id])


def _initial(element: dict[str, Any]) -> Any:
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons"):
        return (element.get("initial_option") or {}).get("value")
    if kind == "checkboxes":
        return [o["value"] for o in element.get("initial_options") or []] or None
    return next(
        (
            element[key]
            for key in ("initial_value", "initial_time", "initial_conversation", "initial_date")
            if element.get(key)
        ),
        None,
    )


def fill(bot: RunningBot, user: str, view_id: str, **inputs: Any) -> dict[str, Any]:
    """Submit the modal with its drawn values, changed by ``inputs`` (action_id=value; None
    empties a field); the bot's answer (``{}`` when it closed the modal)."""
    view = modal(bot, view_id)
    values = {
        element["action_id"]: _initial(element)
        for block, element in elements(view["blocks"])
        if block.get("type") == "input"
    }
    values.update(inputs)
    values = {key: value for key, value in values.items() if value not in (None, [], "")}
    response = bot.sandbox.fill_view(user, view_id, values)
    assert response.status == 200, response.text
    bot.settle()
    return dict(response.json() or {})


def pick_in_modal(bot: RunningBot, user: str, view_id: str, action_id: str, value: Any) -> None:
    """Pick ``value`` in a modal element that redraws the modal (the ritual's kind)."""
    sb: Any = bot.sandbox
    assert sb.click_view(user, view_id, action_id, value).status == 200
    bot.settle()
    validated(modal(bot, view_id))


def forged_click(
    bot: RunningBot, user: str, action_id: str, shown: str, forged: str
) -> dict[str, Any]:
    """Click the Home button whose value is ``shown`` with its value changed to ``forged`` (a
    hand-made request); the Home published after it."""
    from sandbox import payloads

    sb: Any = bot.sandbox
    ws = sb.workspace
    with sb.lock:
        payload = payloads.view_action(
            sb, ws, user, ws.home_views[user]["id"], action_id, shown, {}
        )
    payload["actions"][0]["value"] = forged
    assert sb.send_interaction(payload).status == 200
    return published(bot, user)

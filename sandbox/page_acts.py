"""What a person does on the page, sent to the bot the way Slack's client sends it.

Messages and slash commands are escaped like Slack's client does (``&``, ``<``, ``>``;
``@name`` and ``#channel`` become mentions); clicks, selections and modal submissions
become ``block_actions`` and ``view_submission`` built from the state the sandbox holds.
After each act the bot's due work runs, so the page shows its outcome.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sandbox import clientside, interactions, panes
from sandbox.clockctl import ClockControl

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox
    from sandbox.state import Workspace

REQUIRED = "Please complete this required field."
TROUBLE = "We had some trouble connecting. Try again?"
_MENTION = re.compile(r"(?<![\w<])([@#])([a-z0-9][a-z0-9._-]*)", re.IGNORECASE)


class ActError(Exception):
    """An act the page refuses, with the message to show."""


def escape(ws: Workspace, text: str) -> str:
    """Typed text as Slack's client sends it: escaped, with known names as mentions."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def mention(match: re.Match[str]) -> str:
        sign, name = match.group(1), match.group(2).rstrip(".")
        rest = match.group(2)[len(name) :]
        try:
            if sign == "@":
                return f"<@{ws.user_id(name)}|{name}>{rest}"
            return f"<#{ws.channel_id(name)}|{name}>{rest}"
        except KeyError:
            return match.group(0)

    return _MENTION.sub(mention, text)


def _elements_by_action(view: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    return {
        str(e.get("action_id")): (b, e) for b, e in interactions.elements(view.get("blocks") or [])
    }


def inputs_for(view: dict[str, Any], raw: dict[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    """The page's ``{action_id: value}`` in Slack's terms: empty is None, date-times epochs."""
    found = _elements_by_action(view)
    values: dict[str, Any] = {}
    for action_id, value in raw.items():
        if action_id not in found:
            continue
        kind = found[action_id][1].get("type")
        if value in ("", None):
            value = None
        elif kind == "datetimepicker":
            value = int(datetime.fromisoformat(str(value)).replace(tzinfo=tz).timestamp())
        values[action_id] = value
    return values


def missing(view: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """Required inputs left empty: Slack's client stops those submissions itself."""
    errors = {}
    for block, element in interactions.elements(view.get("blocks") or []):
        if block.get("type") != "input" or block.get("optional"):
            continue
        if values.get(str(element.get("action_id"))) in (None, [], ""):
            errors[str(block.get("block_id"))] = REQUIRED
    return errors


class Acts:
    """Acts of the page's viewer; each returns what the page should show beyond a refresh."""

    def __init__(self, sb: Sandbox, clock: ClockControl | None) -> None:
        self.sb = sb
        self.ws = sb.workspace
        self.clock = clock

    def do(self, request: dict[str, Any]) -> dict[str, Any]:
        """Run one act (``type``: send, click, submit, close, react, home, clock)."""
        kind = str(request.get("type"))
        if kind == "clock":
            return self.move_clock(str(request.get("step")))
        viewer = str(request.get("as") or "")
        if viewer not in self.ws.users or self.ws.users[viewer].is_bot:
            raise ActError("Pick who you are first.")
        handler = {
            "send": self.send,
            "click": self.click,
            "submit": self.submit,
            "close": self.close,
            "react": self.react,
            "home": self.home,
        }.get(kind)
        if handler is None:
            raise ActError(f"Unknown act {kind!r}.")
        result = handler(viewer, request)
        if self.clock is not None:
            self.clock.settle()
        return result

    def _conversation(self, viewer: str, conv: str) -> str:
        if conv == panes.HOME or not conv:
            return self.ws.open_im(viewer)
        channel = self.ws.channels.get(conv)
        if channel is None or viewer not in channel.members:
            raise ActError("You are not in that conversation.")
        return conv

    def send(self, viewer: str, request: dict[str, Any]) -> dict[str, Any]:
        """A message, a thread reply, or a slash command typed in the composer."""
        text = str(request.get("text") or "").strip()
        if not text:
            raise ActError("Type something first.")
        channel = self._conversation(viewer, str(request.get("conv") or ""))
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            clientside.run_command(self.sb, viewer, command, escape(self.ws, rest.strip()), channel)
            return {}
        thread = request.get("thread") or None
        self.ws.post_as(viewer, channel, escape(self.ws, text), thread_ts=thread)
        return {}

    def click(self, viewer: str, request: dict[str, Any]) -> dict[str, Any]:
        """A button, a select, an overflow item or a picker, in a message or a view."""
        action_id = str(request.get("action_id") or "")
        value = request.get("value")
        view_id = request.get("view")
        if view_id:
            view = self._view(viewer, str(view_id))
            tz = ZoneInfo(self.ws.users[viewer].tz)
            inputs = inputs_for(view, dict(request.get("inputs") or {}), tz)
            value = inputs_for(view, {action_id: value}, tz).get(action_id, value)
            response = self.sb.click_view(viewer, str(view_id), action_id, value, values=inputs)
        else:
            message = {"ts": str(request.get("ts") or "")}
            block_id = request.get("block_id") or None
            response = self.sb.click(viewer, message, action_id, value, block_id)
        if response.status != 200:
            raise ActError(f"Greenroom did not answer that click (HTTP {response.status}).")
        return {}

    def _view(self, viewer: str, view_id: str) -> dict[str, Any]:
        with self.sb.lock:
            view = self.ws.views.get(view_id)
            if view is None or self.ws.view_owners.get(view_id) != viewer:
                raise ActError("That view is no longer open.")
            return dict(view)

    def submit(self, viewer: str, request: dict[str, Any]) -> dict[str, Any]:
        """Submit the top modal; the bot's field errors come back to show under the fields."""
        view_id = str(request.get("view") or "")
        view = self._view(viewer, view_id)
        tz = ZoneInfo(self.ws.users[viewer].tz)
        inputs = inputs_for(view, dict(request.get("inputs") or {}), tz)
        errors = missing(view, inputs)
        if errors:
            return {"errors": errors}
        values = interactions.view_state(view, inputs, strict=False)
        response = self.sb.submit_view(viewer, view_id, values)
        if response.status != 200:
            raise ActError(TROUBLE)
        answer = response.json() if response.body.strip() else None
        if isinstance(answer, dict) and answer.get("response_action") == "errors":
            return {"errors": answer.get("errors") or {}}
        return {}

    def close(self, viewer: str, request: dict[str, Any]) -> dict[str, Any]:
        """Close the top modal (``all``: the whole stack)."""
        view_id = str(request.get("view") or "")
        clientside.close_view(self.sb, viewer, view_id, everything=bool(request.get("all")))
        return {}

    def react(self, viewer: str, request: dict[str, Any]) -> dict[str, Any]:
        """Add a reaction, or take yours back."""
        channel = self._conversation(viewer, str(request.get("conv") or ""))
        ts, name = str(request.get("ts") or ""), str(request.get("emoji") or "").strip(":")
        message = self.ws.message(channel, ts)
        if message is None or not name:
            raise ActError("That message is gone.")
        entry = next((r for r in message.get("reactions") or [] if r["name"] == name), None)
        if entry is not None and viewer in entry["users"]:
            self.ws.unreact(viewer, channel, ts, name)
        else:
            self.ws.react(viewer, channel, ts, name)
        return {}

    def home(self, viewer: str, request: dict[str, Any]) -> dict[str, Any]:
        """Open the App Home tab: the bot hears ``app_home_opened`` and publishes it."""
        self.sb.open_home(viewer)
        return {}

    def move_clock(self, step: str) -> dict[str, Any]:
        """Fast-forward simulated time; the bot runs what fell due on the way."""
        if self.clock is None:
            raise ActError("This bot keeps its own time: the clock can't be moved from here.")
        moved = self.clock.forward(step)
        return {"stops": moved.stops}

"""Request bodies Slack builds from what a member sees (callers hold the sandbox lock).

Slash command forms, ``block_actions`` from messages and views, ``view_submission`` and
Events API envelopes; plus what Slack does with a submission's ``response_action``.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from sandbox import interactions
from sandbox.blocks import normalise_view

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox
    from sandbox.state import Workspace


def people(sb: Sandbox, ws: Workspace, user_id: str) -> dict[str, Any]:
    """The ``user``/``team``/app fields every interaction payload carries."""
    user = ws.users[user_id]
    return {
        "user": {"id": user.id, "username": user.name, "name": user.name, "team_id": ws.team_id},
        "team": {"id": ws.team_id, "domain": ws.domain},
        "api_app_id": sb.app_id,
        "token": sb.verification_token,
        "enterprise": None,
        "is_enterprise_install": False,
    }


def channel_name(ws: Workspace, channel_id: str) -> str:
    """``channel_name`` as Slack reports it (``directmessage`` for IMs)."""
    channel = ws.channels.get(channel_id)
    if channel is None:
        return ""
    return "directmessage" if channel.kind == "im" else channel.name


def slash_command(
    sb: Sandbox, ws: Workspace, user_id: str, command: str, text: str, channel_id: str
) -> dict[str, str]:
    """The form fields of a slash command invocation."""
    return {
        "token": sb.verification_token,
        "team_id": ws.team_id,
        "team_domain": ws.domain,
        "channel_id": channel_id,
        "channel_name": channel_name(ws, channel_id),
        "user_id": user_id,
        "user_name": ws.users[user_id].name,
        "command": command,
        "text": text,
        "api_app_id": sb.app_id,
        "is_enterprise_install": "false",
        "response_url": sb.issue_response_url(ws.team_id, user_id, channel_id),
        "trigger_id": sb.issue_trigger(ws.team_id, user_id),
    }


def _action_ts(sb: Sandbox) -> str:
    return f"{sb.now().timestamp():.6f}"


def message_action(
    sb: Sandbox,
    ws: Workspace,
    user_id: str,
    message: dict[str, Any],
    action_id: str,
    value: Any,
    block_id: str | None,
) -> dict[str, Any]:
    """``block_actions`` for a click on the current version of a message (or ephemeral)."""
    ts = message["ts"]
    channel_id = ws.store.channel_of(ts)
    current = ws.store.get(channel_id, ts) if channel_id else None
    ephemeral = current is None
    if current is None:
        current = next((copy.deepcopy(e) for e in ws.ephemerals if e["ts"] == ts), None)
        if current is None or current["user"] != user_id:
            raise LookupError(f"{user_id} cannot see a message with ts {ts}")
        channel_id = current["channel"]
    assert channel_id is not None
    if user_id not in ws.channels[channel_id].members:
        raise LookupError(f"{user_id} is not in {channel_id}, where message {ts} is")
    block, element = interactions.find_element(
        current.get("blocks") or [], action_id, value, block_id
    )
    container: dict[str, Any] = {
        "type": "message",
        "message_ts": ts,
        "channel_id": channel_id,
        "is_ephemeral": ephemeral,
    }
    if current.get("thread_ts"):
        container["thread_ts"] = current["thread_ts"]
    payload: dict[str, Any] = {
        "type": "block_actions",
        **people(sb, ws, user_id),
        "container": container,
        "trigger_id": sb.issue_trigger(ws.team_id, user_id),
        "channel": {"id": channel_id, "name": channel_name(ws, channel_id)},
        "state": {"values": {}},
        "response_url": sb.issue_response_url(
            ws.team_id, user_id, channel_id, message_ts=ts, ephemeral=ephemeral
        ),
        "actions": [interactions.action(block, element, value, _action_ts(sb))],
    }
    if not ephemeral:
        current.pop("metadata", None)
        payload["message"] = current
    return payload


def _view_with_state(ws: Workspace, view_id: str, values: dict[str, Any]) -> dict[str, Any]:
    view = copy.deepcopy(ws.views[view_id])
    view["state"] = {"values": values}
    return view


def view_action(
    sb: Sandbox,
    ws: Workspace,
    user_id: str,
    view_id: str,
    action_id: str,
    value: Any,
    inputs: dict[str, Any],
) -> dict[str, Any]:
    """``block_actions`` for a click in a modal or App Home, inputs set from ``inputs``."""
    view = ws.views[view_id]
    block, element = interactions.find_element(view["blocks"], action_id, value)
    state = interactions.view_state(view, inputs, strict=False)
    return {
        "type": "block_actions",
        **people(sb, ws, user_id),
        "container": {"type": "view", "view_id": view_id},
        "trigger_id": sb.issue_trigger(ws.team_id, user_id),
        "view": _view_with_state(ws, view_id, state),
        "actions": [interactions.action(block, element, value, _action_ts(sb))],
    }


def view_submission(
    sb: Sandbox, ws: Workspace, user_id: str, view_id: str, values: dict[str, Any]
) -> dict[str, Any]:
    """``view_submission`` of a modal with these ``state.values``."""
    return {
        "type": "view_submission",
        **people(sb, ws, user_id),
        "trigger_id": sb.issue_trigger(ws.team_id, user_id),
        "view": _view_with_state(ws, view_id, values),
        "response_urls": [],
    }


def apply_response_action(
    sb: Sandbox, ws: Workspace, user_id: str, view_id: str, answer: Any
) -> None:
    """What the client does after a submission: keep (errors), update, push, clear or close."""
    action = answer.get("response_action") if isinstance(answer, dict) else None
    stack = ws.view_stacks.setdefault(user_id, [])
    if action == "errors":
        return
    if action == "update":
        old = ws.views[view_id]
        view = normalise_view(answer.get("view"), new_id=sb.new_block_id)
        ws.store_view(
            view,
            user_id=user_id,
            view_id=view_id,
            root_view_id=old["root_view_id"],
            previous_view_id=old["previous_view_id"],
        )
    elif action == "push":
        view = normalise_view(answer.get("view"), new_id=sb.new_block_id)
        root = stack[0] if stack else view_id
        stored = ws.store_view(view, user_id=user_id, root_view_id=root, previous_view_id=view_id)
        stack.append(stored["id"])
    elif action == "clear":
        stack.clear()
    elif view_id in stack:
        del stack[stack.index(view_id) :]


def event_envelope(
    sb: Sandbox, ws: Workspace, event: dict[str, Any], event_id: str | None
) -> dict[str, Any]:
    """An Events API ``event_callback`` around ``event`` (``event_ts`` filled in)."""
    event = dict(event)
    event.setdefault("event_ts", sb.next_ts())
    return {
        "token": sb.verification_token,
        "team_id": ws.team_id,
        "api_app_id": sb.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or sb.ids.next("Ev"),
        "event_time": int(sb.now().timestamp()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.team_id,
                "user_id": ws.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }

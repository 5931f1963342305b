"""What Slack's client does around the requests it sends: a command's reply, closing modals.

A slash command's acknowledgement body is shown as Slack shows it (privately, or in the
channel with ``response_type: in_channel``; a failure as Slack's own error line);
closing a modal pops it (or the whole stack) and sends ``view_closed`` when the view
asked for it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sandbox.blocks import InvalidBlocks, normalise_blocks
from sandbox.payloads import people

if TYPE_CHECKING:
    from sandbox.actor import ActorResponse
    from sandbox.sandbox import Sandbox


def _reply_fields(response: ActorResponse) -> dict[str, Any] | None:
    """The message in a command's acknowledgement, or None when it has none."""
    text = response.text.strip()
    if not text:
        return None
    try:
        body = json.loads(text)
    except ValueError:
        return {"text": text}
    if not isinstance(body, dict):
        return {"text": text}
    fields = {k: body[k] for k in ("text", "blocks", "attachments") if body.get(k)}
    if not fields:
        return None
    fields["response_type"] = body.get("response_type", "ephemeral")
    return fields


def run_command(
    sb: Sandbox, user_id: str, command: str, text: str, channel_id: str
) -> ActorResponse:
    """A member runs a slash command in a channel; its reply is shown as Slack shows it."""
    response = sb.slash_command(user_id, command, text, channel_id=channel_id)
    show_reply(sb, user_id, channel_id, f"{command} {text}".strip(), response)
    return response


def show_reply(
    sb: Sandbox, user_id: str, channel_id: str, invocation: str, response: ActorResponse
) -> None:
    """Show the acknowledgement of ``invocation`` (e.g. ``/greenroom help``) to its author."""
    ws = sb.workspace_of_user(user_id)
    if response.status != 200:
        error = f"{invocation.split(' ')[0]} failed with the error “http_{response.status}”"
        fields: dict[str, Any] | None = {"text": error, "via": "slack"}
    else:
        fields = _reply_fields(response)
    if fields is None:
        return
    with sb.lock:
        if "blocks" in fields:
            try:
                normalise_blocks(fields["blocks"], limit=50, new_id=sb.new_block_id)
            except InvalidBlocks:
                fields = {"text": f"{invocation} failed with the error “invalid_blocks”"}
        if fields.pop("response_type", None) == "in_channel":
            ws.post_bot_message(channel_id, fields)
        else:
            fields.setdefault("via", "command")
            ws.add_ephemeral(channel_id, user_id, {**fields, "command": invocation})
    sb.changed()


def close_view(sb: Sandbox, user_id: str, view_id: str, *, everything: bool = False) -> None:
    """Close a modal (and those above it; all of them with ``everything``)."""
    ws = sb.workspace_of_user(user_id)
    with sb.lock:
        stack = ws.view_stacks.setdefault(user_id, [])
        if view_id not in stack:
            return
        closing = stack[:] if everything else stack[stack.index(view_id) :]
        del stack[len(stack) - len(closing) :]
        view = ws.views[view_id]
        payload = None
        if view.get("notify_on_close"):
            payload = {
                "type": "view_closed",
                **people(sb, ws, user_id),
                "view": dict(view),
                "is_cleared": everything and len(closing) > 1,
            }
    sb.changed()
    if payload is not None:
        sb.send_interaction(payload)

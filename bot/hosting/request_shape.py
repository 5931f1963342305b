"""The shape Bolt takes for granted in a request, checked before Bolt sees it.

Bolt reads ``actions[0]["action_id"]``, ``view["callback_id"]``,
``event["type"]`` and the like for every listener and middleware it runs,
before any of our code; a body without them makes Bolt raise, and the request
would end in a 500. Slack never sends such a body, so one that is signed
gets 400; one that is not gets 401, like any other unsigned request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.signature import SignatureVerifier

ACTIONS = ("block_actions", "interactive_message")
VIEWS = ("view_submission", "view_closed")
SHORTCUTS = ("shortcut", "message_action")


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _has(body: Mapping[str, Any], key: str, field: str) -> bool:
    """``body[key]`` is an object with a text ``field``."""
    value = body.get(key)
    return isinstance(value, Mapping) and _text(value.get(field))


def body_length(environ: Mapping[str, Any]) -> int | None:
    """The request's Content-Length (0 when absent); None when it is not a plain number.

    ``-1`` would make the server read to the end of the stream, which a client holding
    its connection open never sends: such a request is refused before any read.
    """
    raw = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not raw:
        return 0
    if not raw.isascii() or not raw.isdigit():
        return None
    return int(raw)


def problem(body: Any) -> str | None:
    """What is missing from a parsed request body, or None when Bolt can take it."""
    if not isinstance(body, Mapping):
        return "the body is not an object"
    kind = body.get("type")
    if "command" in body and not _text(body.get("command")):
        return "command"
    if kind in ACTIONS:
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions or not isinstance(actions[0], Mapping):
            return "actions"
        if kind == "block_actions" and not _text(actions[0].get("action_id")):
            return "actions[0].action_id"
    if kind in VIEWS and not _has(body, "view", "callback_id"):
        return "view.callback_id"
    if kind in ACTIONS + VIEWS + SHORTCUTS and not _has(body, "user", "id"):
        return "user.id"
    if kind in SHORTCUTS and not _text(body.get("callback_id")):
        return "callback_id"
    if kind == "block_suggestion" and not (
        _text(body.get("action_id")) and _text(body.get("block_id"))
    ):
        return "action_id"
    if kind == "event_callback" and not _has(body, "event", "type"):
        return "event.type"
    return None


def rejection(
    body: Any, raw: str, headers: Mapping[str, str], signing_secret: str
) -> tuple[int, str] | None:
    """(status, reason) for a body Bolt cannot take: 401 unsigned, 400 malformed; else None."""
    missing = problem(body)
    if missing is None:
        return None
    verifier = SignatureVerifier(signing_secret)
    if not verifier.is_valid_request(raw, dict(headers)):
        return 401, "invalid request"
    return 400, f"malformed request: {missing}"

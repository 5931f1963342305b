"""Cross-cutting listeners: slash-command dispatch, event de-duplication, the error boundary.

Before any listener, in one middleware (a ``Middleware`` of its own: for a function Bolt
builds every argument it could inject anew on each request): a request from a workspace
this bot does not serve gets an empty 200 (single-workspace mode: ``Wiring.foreign``);
every string of the payload is cleaned of what cannot be stored (``rituals.text``), unless
the raw body shows there is nothing to clean; an event Slack delivers again is dropped.
Slash commands are answered in the acknowledgement when the handler finishes within
``ACK_BUDGET`` seconds; otherwise the ack goes out empty and the answer follows through
the command's response_url, so Slack never waits more than 3 s.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse, Respond
from slack_bolt.middleware import Middleware

from bot.commands.router import CommandContext, CommandRouter, Reply
from bot.errors import handle
from bot.wiring import Wiring
from rituals.interactions import first_delivery
from rituals.text import clean_in_place

logger = logging.getLogger(__name__)

ACK_BUDGET = 2.0


def register(app: App, w: Wiring) -> None:
    """Register command dispatch, middleware and the error boundary."""
    app.middleware(BeforeListeners(w))
    for command in w.commands:
        app.command(command)(partial(on_command, w))
    app.error(partial(boundary, w))
    for router in w.commands.values():
        router.siblings = w.commands
        router.add("help", partial(_help, router), usage="help")


def _help(router: CommandRouter, ctx: CommandContext) -> Reply:
    return Reply(router.help_text())


class BeforeListeners(Middleware):
    """Bolt's middleware calling ``before_listeners`` with the request's context and body."""

    def __init__(self, w: Wiring) -> None:
        self.w = w

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Any,  # noqa: A002 - Bolt's keyword
    ) -> BoltResponse | None:
        """Run ``before_listeners`` on this request."""
        raw = req.raw_body if req.mode == "http" else None
        response: BoltResponse | None = before_listeners(
            self.w, req.context, req.body, next, raw_body=raw
        )
        return response


def before_listeners(
    w: Wiring,
    context: BoltContext,
    body: dict[str, Any],
    next: Any,  # noqa: A002
    *,
    raw_body: str | None = None,
) -> Any:
    """What every request goes through before its listener: nothing for a workspace the bot
    does not serve, the text made storable, an event Slack delivers again dropped.
    ``raw_body``, the HTTP body ``body`` was parsed from, spares the cleaning when it shows
    there is nothing to clean."""
    if not served_workspace(w, context):
        return BoltResponse(status=200, body="")
    if raw_body is None or may_hold_unstorable(raw_body):
        clean_in_place(body)  # every string people sent, before anything reads it
    if repeated_event(w, body):
        return BoltResponse(status=200, body="")
    return next()


# How a NUL or a lone surrogate can reach a parsed body: a NUL as such or percent-encoded
# (form bodies), or a JSON \u escape, its backslash and its "u" each as such or
# percent-encoded. Text decoded from UTF-8 holds no surrogate of its own.
_UNSTORABLE_SIGNS = ("\x00", "%00", "\\u", "\\%75", "%5Cu", "%5cu", "%5C%75", "%5c%75")


def may_hold_unstorable(raw_body: str) -> bool:
    """False when the body parsed from this raw HTTP body (decoded from UTF-8; JSON, or a
    form whose fields may hold JSON) cannot hold text ``rituals.text`` would clean."""
    return any(sign in raw_body for sign in _UNSTORABLE_SIGNS)


def served_workspace(w: Wiring, context: BoltContext) -> bool:
    """False for a workspace the bot does not serve; the workspace row on first sight."""
    # Tested here rather than read from the authorization: Bolt does not authorize
    # app_uninstalled and tokens_revoked.
    if w.foreign(context.team_id):
        logger.warning("request from team %s refused: not the installed workspace", context.team_id)
        return False
    if context.team_id:
        w.svc.people.ensure_workspace(context.team_id)
    return True


def repeated_event(w: Wiring, body: dict[str, Any]) -> bool:
    """True for an event Slack delivers again (same event id)."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if event_id and not first_delivery(
        w.svc, team_id=str(body.get("team_id") or ""), event_id=str(event_id)
    ):
        logger.info("event %s already processed; ignoring the retry", event_id)
        return True
    return False


def boundary(
    w: Wiring,
    error: Exception,
    body: dict[str, Any],
    respond: Respond | None,
    response: BoltResponse | None,
) -> BoltResponse | None:
    """The error boundary: the person is told (never an HTTP 500), the failure logged once."""
    message = handle(error, what=str(body.get("type") or body.get("command") or "request"))
    if respond is not None and body.get("response_url"):
        try:
            respond(text=message, response_type="ephemeral", replace_original=False)
        except Exception:
            logger.warning("could not tell the user about the failure", exc_info=True)
    if response is None:  # already acknowledged
        return None
    if body.get("type") == "view_submission":
        modal = {
            "type": "modal",
            "title": {"type": "plain_text", "text": "Greenroom"},
            "close": {"type": "plain_text", "text": "Close"},
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": message}}],
        }
        body_text = json.dumps({"response_action": "update", "view": modal})
        return BoltResponse(
            status=200, body=body_text, headers={"content-type": "application/json"}
        )
    return BoltResponse(status=200, body="")


def on_command(w: Wiring, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    """Any slash command: dispatched by its router, answered in the ack or soon after."""
    router = w.commands[body["command"]]
    ctx = CommandContext(
        people=w.svc.people,
        team_id=body.get("team_id") or "",
        user_id=body.get("user_id") or "",
        channel_id=body.get("channel_id") or "",
        command=body["command"],
        text=body.get("text") or "",
        args=[],
        now=w.svc.clock.now(),
        response_url=body.get("response_url"),
        trigger_id=body.get("trigger_id"),
        user_name=body.get("user_name") or "",
        channel_name=body.get("channel_name") or "",
    )
    future: Future[Reply] = w.tasks.submit(_safe_dispatch, router, ctx)
    try:
        reply = future.result(timeout=ACK_BUDGET)
    except FutureTimeout:
        ack()
        w.tasks.submit(_respond_later, respond, future)
        return
    ack(**reply.as_message())


def _safe_dispatch(router: Any, ctx: CommandContext) -> Reply:
    try:
        reply: Reply = router.dispatch(ctx)
        return reply
    except Exception as error:
        return Reply(handle(error, what=f"command {ctx.command} {ctx.matched or '?'}"))


def _respond_later(respond: Respond, done: Future[Reply]) -> None:
    try:
        respond(**done.result(timeout=300).as_message())
    except Exception:
        logger.exception("could not post a late command answer")

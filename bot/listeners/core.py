"""Cross-cutting listeners: slash-command dispatch, event de-duplication, the error boundary.

Slash commands are answered in the acknowledgement when the handler finishes
within ``ACK_BUDGET`` seconds; otherwise the ack goes out empty and the answer
follows through the command's response_url, so Slack never waits more than 3 s.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, BoltResponse, Respond
from sqlalchemy.exc import IntegrityError

from bot.commands.router import CommandContext, Reply
from bot.errors import handle
from storage.models import ProcessedEvent

if TYPE_CHECKING:
    from bot.wiring import Wiring

logger = logging.getLogger(__name__)

ACK_BUDGET = 2.0


def register(app: App, deps: Wiring) -> None:
    """Register command dispatch, middleware and the error boundary."""

    @app.middleware
    def known_workspace(context: BoltContext, body: dict[str, Any], next: Any) -> Any:  # noqa: A002
        if context.team_id:
            deps.directory.ensure_workspace(context.team_id)
        return next()

    @app.middleware
    def once_per_event(body: dict[str, Any], next: Any) -> Any:  # noqa: A002
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not record_event(deps, body.get("team_id") or "", str(event_id)):
            logger.info("event %s already processed; ignoring the retry", event_id)
            return BoltResponse(status=200, body="")
        return next()

    for command in deps.commands:
        app.command(command)(_command_listener(deps))

    @app.error
    def boundary(error: Exception, body: dict[str, Any], respond: Respond | None) -> None:
        message = handle(error, what=str(body.get("type") or body.get("command") or "request"))
        if respond is not None and body.get("response_url"):
            try:
                respond(text=message, response_type="ephemeral", replace_original=False)
            except Exception:
                logger.warning("could not tell the user about the failure", exc_info=True)

    deps.commands["/greenroom"].add(
        "help", lambda ctx: Reply(ctx.deps.commands["/greenroom"].help_text()), usage="help"
    )
    deps.commands["/retro"].add(
        "help", lambda ctx: Reply(ctx.deps.commands["/retro"].help_text()), usage="help"
    )


# Every event passes here before its listener: a plain insert, built once, no ORM unit of work.
_REMEMBER_EVENT = ProcessedEvent.__table__.insert()


def record_event(deps: Wiring, team_id: str, event_id: str) -> bool:
    """Remember an event id; False when it was seen before."""
    row = {"team_id": team_id, "event_id": event_id, "received_at": deps.clock.now()}
    try:
        with deps.db.engine.begin() as connection:
            connection.execute(_REMEMBER_EVENT, row)
        return True
    except IntegrityError:
        return False


def _command_listener(deps: Wiring) -> Any:
    def on_command(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        router = deps.commands[body["command"]]
        ctx = CommandContext(
            deps=deps,
            team_id=body.get("team_id") or "",
            user_id=body.get("user_id") or "",
            channel_id=body.get("channel_id") or "",
            command=body["command"],
            text=body.get("text") or "",
            args=[],
            now=deps.clock.now(),
            response_url=body.get("response_url"),
            trigger_id=body.get("trigger_id"),
            user_name=body.get("user_name") or "",
            channel_name=body.get("channel_name") or "",
        )
        future: Future[Reply] = deps.submit(_safe_dispatch, router, ctx)
        try:
            reply = future.result(timeout=ACK_BUDGET)
        except FutureTimeout:
            ack()
            deps.submit(_respond_later, respond, future)
            return
        ack(**reply.as_message())

    return on_command


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

"""A workspace's lifecycle: uninstalled or tokens revoked → its rituals stop.

Slack sends ``app_uninstalled`` and ``tokens_revoked`` when the app is removed.
The workspace is marked inactive, its rituals paused, and work not yet sent
(occurrences still to plan, deliveries still to send) is recorded as skipped,
so no process keeps calling Slack with a dead token. Other workspaces carry
on. The data is kept until the deployment's operator runs
``greenroom purge --team T…`` (see rituals/purge.py); a reinstall makes the
workspace active again (its rituals stay paused until a manager resumes them).

A message someone writes to the bot in its DM (``message.im``) gets a short help back.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.listeners.interactions import bot_user_of
from bot.wiring import Wiring
from rituals import workspace
from rituals.members import welcome

logger = logging.getLogger(__name__)


def register(app: App, w: Wiring) -> None:
    """Register app_uninstalled, tokens_revoked and messages to the bot."""
    app.event("app_uninstalled")(partial(uninstalled, w))
    # Registered last on purpose: Bolt runs the first matching listener, and interaction
    # capture claims channel messages before this. Anything else is acknowledged so Slack
    # does not retry it.
    app.event("message")(partial(other_messages, w))
    app.event("tokens_revoked")(partial(revoked, w))


def uninstalled(w: Wiring, ack: Ack, body: dict[str, Any]) -> None:
    """``app_uninstalled``."""
    ack()
    deactivate(w, str(body.get("team_id") or ""), reason="app uninstalled")


def other_messages(
    w: Wiring, ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext
) -> None:
    """A person writing to the bot in its DM gets a short help; everything else is dropped."""
    ack()
    user, channel = event.get("user"), event.get("channel")
    if event.get("channel_type") != "im" or not (user and channel):
        return
    if event.get("subtype") or event.get("bot_id") or user == bot_user_of(body, context):
        return
    w.tasks.after_ack(
        welcome.direct_message,
        w.svc,
        team_id=str(body.get("team_id") or context.team_id or ""),
        channel_id=str(channel),
        user_id=str(user),
    )


def revoked(w: Wiring, ack: Ack, body: dict[str, Any], event: dict[str, Any]) -> None:
    """``tokens_revoked``: only the bot token's revocation stops the workspace."""
    ack()
    tokens = event.get("tokens")
    if isinstance(tokens, dict) and tokens.get("bot"):
        deactivate(w, str(body.get("team_id") or ""), reason="bot token revoked")


def deactivate(w: Wiring, team_id: str, *, reason: str) -> None:
    """Stop everything scheduled for ``team_id`` and drop its installation; keep its data."""
    if not team_id:
        return
    workspace.deactivate(w.svc, team_id, reason=reason)
    if w.settings.oauth_enabled:
        from bot.slack.oauth import installation_store

        installation_store(w.settings, w.svc.db, w.svc.clock).delete_all(
            enterprise_id=None, team_id=team_id
        )

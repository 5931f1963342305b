"""A workspace's lifecycle: uninstalled or tokens revoked → its rituals stop.

Slack sends ``app_uninstalled`` and ``tokens_revoked`` when the app is removed.
The workspace is marked inactive, its rituals paused, and work not yet sent
(occurrences still to plan, deliveries still to send) is recorded as skipped,
so no process keeps calling Slack with a dead token. Other workspaces carry
on. The data is kept until the deployment's operator runs
``greenroom purge --team T…`` (see rituals/purge.py); a reinstall makes the
workspace active again (its rituals stay paused until a manager resumes them).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App

from rituals import workspace

if TYPE_CHECKING:
    from bot.wiring import Wiring

logger = logging.getLogger(__name__)

UNFINISHED_DELIVERIES = ("pending", "claimed", "sending")


def register(app: App, deps: Wiring) -> None:
    """Register app_uninstalled and tokens_revoked."""

    @app.event("app_uninstalled")
    def uninstalled(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        deactivate(deps, str(body.get("team_id") or ""), reason="app uninstalled")

    # Registered last on purpose: Bolt runs the first matching listener, and interaction
    # capture claims channel messages before this. Direct messages to the bot (message.im)
    # and anything else are acknowledged so Slack does not retry them.
    @app.event("message")
    def other_messages(ack: Ack) -> None:
        ack()

    @app.event("tokens_revoked")
    def revoked(ack: Ack, body: dict[str, Any], event: dict[str, Any]) -> None:
        ack()
        tokens = event.get("tokens") if isinstance(event.get("tokens"), dict) else {}
        if tokens.get("bot"):
            deactivate(deps, str(body.get("team_id") or ""), reason="bot token revoked")


def deactivate(deps: Wiring, team_id: str, *, reason: str) -> None:
    """Stop everything scheduled for ``team_id`` and drop its installation; keep its data."""
    if not team_id:
        return
    workspace.deactivate(deps.svc, team_id, reason=reason)
    if deps.settings.oauth_enabled:
        from bot.slack.oauth import installation_store

        installation_store(deps.settings, deps.db, deps.clock).delete_all(
            enterprise_id=None, team_id=team_id
        )

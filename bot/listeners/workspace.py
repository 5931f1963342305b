"""A workspace's lifecycle: uninstalled or tokens revoked → its rituals stop.

Its data is kept until a manager of the deployment runs
``greenroom purge --team T…`` (see bot/purge.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from sqlalchemy import update

from storage.models import Delivery, Ritual, Workspace

if TYPE_CHECKING:
    from bot.deps import Deps

logger = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    """Register app_uninstalled and tokens_revoked."""

    @app.event("app_uninstalled")
    def uninstalled(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        deactivate(deps, body.get("team_id") or "", reason="app uninstalled")

    @app.event("tokens_revoked")
    def revoked(ack: Ack, body: dict[str, Any], event: dict[str, Any]) -> None:
        ack()
        if (event.get("tokens") or {}).get("bot"):
            deactivate(deps, body.get("team_id") or "", reason="bot token revoked")


def deactivate(deps: Deps, team_id: str, *, reason: str) -> None:
    """Stop everything scheduled for ``team_id``; keep its data."""
    if not team_id:
        return
    now = deps.clock.now()
    with deps.db.session() as session:
        session.execute(
            update(Workspace)
            .where(Workspace.team_id == team_id)
            .values(active=False, uninstalled_at=now)
        )
        session.execute(update(Ritual).where(Ritual.team_id == team_id).values(paused=True))
        session.execute(
            update(Delivery)
            .where(Delivery.team_id == team_id, Delivery.status.in_(("pending", "claimed")))
            .values(status="skipped", error=reason)
        )
    if deps.settings.oauth_enabled:
        from bot.oauth import installation_store

        store = installation_store(deps.settings, deps.db)
        store.delete_all(enterprise_id=None, team_id=team_id)
    deps.directory.forget_workspace_cache(team_id)
    logger.warning("workspace %s deactivated: %s", team_id, reason)

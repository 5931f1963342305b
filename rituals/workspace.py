"""A workspace's life: installed (the first installer becomes its first manager), and
deactivated when the app is uninstalled or its token revoked (its data is kept).

Manager rights come by decision, not by install: only the person who installs
Greenroom in a workspace for the first time is made a manager; a later re-install
by someone else changes nobody's rights.
"""

from __future__ import annotations

import logging

from rituals.services import Services
from storage import occurrences, people, schedules, sends, workspaces

logger = logging.getLogger(__name__)


def installed(svc: Services, team_id: str, installer: str | None) -> bool:
    """Greenroom was installed (or re-installed); True when ``installer`` became a manager."""
    now = svc.clock.now()
    with svc.db.unit() as unit:
        # The first install is the one that creates the workspace's row: a re-install, even
        # after the installer used forget-me or the app was uninstalled, is not.
        first = workspaces.ensure(unit, team_id=team_id, now=now)
        values: dict[str, object] = {"active": True, "uninstalled_at": None}
        if first and installer:
            values["installer_user_id"] = installer
        workspaces.change(unit, team_id=team_id, **values)
        if first and installer:
            people.change(unit, team_id=team_id, user_id=installer, now=now, is_manager=True)
    svc.people.forget_workspace_cache(team_id)
    return bool(first and installer)


def deactivate(svc: Services, team_id: str, *, reason: str) -> None:
    """Stop everything scheduled for ``team_id``; keep its data."""
    if not team_id:
        return
    now = svc.clock.now()
    with svc.db.unit() as unit:
        workspaces.change(unit, team_id=team_id, active=False, uninstalled_at=now)
        schedules.pause_team(unit, team_id=team_id)
        occurrences.skip_pending(unit, team_id=team_id, reason=reason)
        sends.skip_unfinished(unit, team_id=team_id, reason=reason)
    svc.people.forget_workspace_cache(team_id)
    logger.warning("workspace %s deactivated: %s", team_id, reason)

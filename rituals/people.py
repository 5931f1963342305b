"""Who is in a workspace: members as stored, refreshed from Slack's directory when stale.

Slack is asked only when the database does not know enough: a member never seen, a
profile older than ``STALE_AFTER``, a channel named by its name. Everything else a
member sets themselves (role, away, opt-out) lives only here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from rituals.clock import Clock
from rituals.eligibility import why_left_out
from rituals.errors import NotFound, UsageError
from rituals.ports import ChannelInfo, SlackDirectory, SlackUser
from storage import people as store
from storage import workspaces
from storage.db import Database
from storage.people import PersonRecord as Person

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=6)
BULK_THRESHOLD = 50  # more unknown people than this: one paged users.list beats users.info each

__all__ = ["Directory", "Person"]


def profile(user: SlackUser) -> dict[str, Any]:
    """The stored profile fields of a Slack user."""
    return {
        "user_id": user.id,
        "name": user.name,
        "real_name": user.real_name,
        "title": user.title,
        "tz": user.tz,
        "is_admin": user.is_admin,
        "is_owner": user.is_owner,
        "is_bot": user.is_bot or user.id == "USLACKBOT",
        "deleted": user.deleted,
    }


def _stale(found: tuple[Person, datetime | None] | None, now: datetime) -> bool:
    """A profile never stored, never synced, or synced longer ago than ``STALE_AFTER``."""
    synced_at = found[1] if found is not None else None
    return synced_at is None or now - synced_at > STALE_AFTER


class Directory:
    """Members, channels and managers of each workspace."""

    def __init__(self, db: Database, clock: Clock, slack: SlackDirectory) -> None:
        self.db = db
        self.clock = clock
        self.slack = slack
        self._known_teams: set[str] = set()
        self._lock = threading.Lock()

    # workspaces -------------------------------------------------------------
    def ensure_workspace(self, team_id: str, *, name: str = "") -> None:
        """Create the workspace row on first sight."""
        if team_id in self._known_teams:
            return
        with self.db.unit() as unit:
            workspaces.ensure(unit, team_id=team_id, name=name, now=self.clock.now())
        with self._lock:
            self._known_teams.add(team_id)

    def forget_workspace_cache(self, team_id: str) -> None:
        """Drop cached knowledge of a workspace (after uninstall)."""
        with self._lock:
            self._known_teams.discard(team_id)

    # members ----------------------------------------------------------------
    def store_users(self, team_id: str, users: Iterable[SlackUser]) -> None:
        """Upsert Slack's profiles of these people."""
        profiles = [profile(u) for u in users]
        if profiles:
            with self.db.unit() as unit:
                store.store_profiles(unit, team_id=team_id, profiles=profiles, now=self.clock.now())

    def people(
        self, team_id: str, user_ids: Iterable[str], *, refresh: bool = True
    ) -> dict[str, Person]:
        """The people with these ids, fetched from Slack when unknown or stale."""
        wanted = list(dict.fromkeys(user_ids))
        with self.db.unit() as unit:
            found = store.load(unit, team_id=team_id, user_ids=wanted)
        if refresh:
            now = self.clock.now()
            missing = [uid for uid in wanted if _stale(found.get(uid), now)]
            if missing:
                self._fetch(team_id, missing)
                with self.db.unit() as unit:
                    found = store.load(unit, team_id=team_id, user_ids=wanted)
        return {uid: found[uid][0] for uid in wanted if uid in found}

    def get(self, team_id: str, user_id: str, *, refresh: bool = True) -> Person | None:
        """One person, or None when Slack does not know them either."""
        return self.people(team_id, [user_id], refresh=refresh).get(user_id)

    def _fetch(self, team_id: str, user_ids: list[str]) -> None:
        if len(user_ids) > BULK_THRESHOLD:
            self.store_users(team_id, self.slack.users(team_id))
            return
        users = []
        for uid in user_ids:
            user = self.slack.user(team_id, uid)
            if user is None:
                logger.info("user not found team=%s user=%s", team_id, uid)
            else:
                users.append(user)
        self.store_users(team_id, users)

    def update(self, team_id: str, user_id: str, **fields: Any) -> Person:
        """Change a member's own settings (role, opted_out, away_until, is_manager …)."""
        with self.db.unit() as unit:
            return store.change(
                unit, team_id=team_id, user_id=user_id, now=self.clock.now(), **fields
            )

    def is_manager(self, team_id: str, user_id: str) -> bool:
        """Workspace admins and owners, the installer, and members added as managers."""
        someone = self.get(team_id, user_id)
        if someone is not None and (someone.is_manager or someone.is_admin or someone.is_owner):
            return True
        with self.db.unit() as unit:
            return workspaces.installer(unit, team_id=team_id) == user_id

    def resolve_user(self, team_id: str, *, user_id: str | None, name: str | None) -> str:
        """The id of the person a command named (by id, or by handle)."""
        if user_id:
            return user_id
        handle = (name or "").lower()
        with self.db.unit() as unit:
            known = store.with_name(unit, team_id=team_id, name=handle)
        if known is not None:
            return known
        user = self.slack.find_user(team_id, handle)
        if user is not None:
            self.store_users(team_id, [user])
            return user.id
        raise NotFound(
            f"I can't find @{name} in this workspace. "
            "Mention them with @ so Slack fills in their name."
        )

    # channels ---------------------------------------------------------------
    def resolve_channel(self, team_id: str, *, channel_id: str | None, name: str | None) -> str:
        """The id of the channel a command named (by id, or by name)."""
        if channel_id:
            return channel_id
        found = self.slack.find_channel(team_id, name or "")
        if found is None:
            raise NotFound(
                f"I can't find a channel called #{name}. Pick it with # so Slack links it."
            )
        return found

    def check_channel(self, team_id: str, channel_id: str) -> ChannelInfo:
        """The channel; NotFound / UsageError when it is unknown or the bot is not in it."""
        channel = self.slack.channel(team_id, channel_id)
        if channel is None:
            raise NotFound(
                f"I can't see channel <#{channel_id}>: invite me there first with "
                "`/invite @Greenroom`, then try again."
            )
        if not channel.is_member and not channel.is_im:
            raise UsageError(
                f"I'm not in <#{channel_id}> yet. Type `/invite @Greenroom` in that channel, "
                "then try again."
            )
        return channel

    def channel_members(self, team_id: str, channel_id: str) -> list[str]:
        """Every member id of a channel."""
        return self.slack.channel_members(team_id, channel_id)

    def eligible(
        self, team_id: str, channel_id: str, day: date
    ) -> tuple[list[Person], list[Person]]:
        """Channel members split into (can take part, left out) on ``day``."""
        people = self.people(team_id, self.channel_members(team_id, channel_id))
        chosen = [p for p in people.values() if why_left_out(p, day) is None]
        left = [p for p in people.values() if why_left_out(p, day) is not None]
        return chosen, left

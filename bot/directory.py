"""The members' directory, kept in sync from Slack, and the lookups commands need.

Slack is asked only when the database does not know enough: a member never
seen, a profile older than ``STALE_AFTER``, a channel named by its name.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from bot.commands.args import ChannelRef, UserRef
from rituals.clock import Clock
from rituals.errors import NotFound, UsageError
from storage.db import Database
from storage.models import Member, Workspace

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=6)
BULK_THRESHOLD = 50  # more unknown people than this: one paged users.list beats users.info each


@dataclass(frozen=True)
class Person:
    """A member as the rest of the bot sees them."""

    user_id: str
    name: str
    real_name: str
    tz: str | None
    role: str | None
    is_admin: bool
    is_owner: bool
    is_bot: bool
    deleted: bool
    is_manager: bool
    opted_out: bool
    away_until: date | None
    title: str = ""

    @property
    def display(self) -> str:
        """The name to show."""
        return self.real_name or self.name or self.user_id

    def away_on(self, day: date) -> bool:
        """Away on ``day`` (inclusive of the last day)."""
        return self.away_until is not None and day <= self.away_until

    def can_be_prompted(self, day: date) -> bool:
        """Not a bot, not deactivated, not opted out, not away."""
        return not (self.is_bot or self.deleted or self.opted_out or self.away_on(day))


def person(row: Member) -> Person:
    """A Person from its row."""
    return Person(
        user_id=row.user_id,
        name=row.name,
        real_name=row.real_name,
        tz=row.tz,
        role=row.role,
        is_admin=row.is_admin,
        is_owner=row.is_owner,
        is_bot=row.is_bot,
        deleted=row.deleted,
        is_manager=row.is_manager,
        opted_out=row.opted_out,
        away_until=row.away_until,
        title=row.title,
    )


# Every sender asks for its recipient: read the columns straight into Person, no ORM rows.
_MEMBERS = Member.__table__.c
_PEOPLE = select(*(_MEMBERS[f.name] for f in dataclass_fields(Person)), _MEMBERS.synced_at).where(
    _MEMBERS.team_id == bindparam("team_id"), _MEMBERS.user_id.in_(bindparam("ids", expanding=True))
)


def _profile_fields(user: dict[str, Any]) -> dict[str, Any]:
    profile = user.get("profile") or {}
    return {
        "name": user.get("name") or "",
        "real_name": user.get("real_name") or profile.get("real_name") or "",
        "title": profile.get("title") or "",
        "tz": user.get("tz"),
        "is_admin": bool(user.get("is_admin")),
        "is_owner": bool(user.get("is_owner") or user.get("is_primary_owner")),
        "is_bot": bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
        "deleted": bool(user.get("deleted")),
    }


def paged(call: Callable[..., Any], key: str, **kwargs: Any) -> Iterator[Any]:
    """Every item of a cursor-paginated Web API list."""
    cursor = None
    while True:
        response = call(cursor=cursor, limit=200, **kwargs) if cursor else call(limit=200, **kwargs)
        yield from response.get(key) or []
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return


T = TypeVar("T")


def _once_more_on_conflict(work: Callable[[], T]) -> T:
    """Run ``work``; if another request inserted the same member meanwhile, run it again."""
    try:
        return work()
    except IntegrityError:
        return work()


class Directory:
    """Members, channels and managers of each workspace."""

    def __init__(self, db: Database, clock: Clock, client_for: Callable[[str], WebClient]) -> None:
        self.db = db
        self.clock = clock
        self.client_for = client_for
        self._known_teams: set[str] = set()
        self._lock = threading.Lock()

    # workspaces -------------------------------------------------------------
    def ensure_workspace(self, team_id: str, *, name: str = "") -> None:
        """Create the workspace row on first sight."""
        if team_id in self._known_teams:
            return
        with self.db.session() as session:
            if session.get(Workspace, team_id) is None:
                session.add(Workspace(team_id=team_id, name=name, created_at=self.clock.now()))
        with self._lock:
            self._known_teams.add(team_id)

    def installed(self, team_id: str, installer_user_id: str | None) -> None:
        """A (re)install: the workspace is active again and the installer is a manager."""
        now = self.clock.now()
        with self.db.session() as session:
            workspace = session.get(Workspace, team_id)
            if workspace is None:
                workspace = Workspace(team_id=team_id, created_at=now)
                session.add(workspace)
            workspace.active = True
            workspace.uninstalled_at = None
            if installer_user_id:
                workspace.installer_user_id = installer_user_id
        if installer_user_id:
            self.update(team_id, installer_user_id, is_manager=True)
        with self._lock:
            self._known_teams.add(team_id)

    def forget_workspace_cache(self, team_id: str) -> None:
        """Drop cached knowledge of a workspace (after uninstall)."""
        with self._lock:
            self._known_teams.discard(team_id)

    # members ----------------------------------------------------------------
    def store_users(self, team_id: str, users: Iterable[dict[str, Any]]) -> None:
        """Upsert Slack user objects into the members table."""
        users = list(users)
        if users:
            _once_more_on_conflict(lambda: self._store_users(team_id, users))

    def _store_users(self, team_id: str, users: list[dict[str, Any]]) -> None:
        now = self.clock.now()
        with self.db.session() as session:
            ids = [u["id"] for u in users]
            existing = {
                m.user_id: m
                for m in session.scalars(
                    select(Member).where(Member.team_id == team_id, Member.user_id.in_(ids))
                )
            }
            for user in users:
                fields = _profile_fields(user)
                row = existing.get(user["id"])
                if row is None:
                    row = Member(team_id=team_id, user_id=user["id"], created_at=now)
                    session.add(row)
                    existing[user["id"]] = row
                for key, value in fields.items():
                    setattr(row, key, value)
                row.synced_at = now

    def people(
        self, team_id: str, user_ids: Iterable[str], *, refresh: bool = True
    ) -> dict[str, Person]:
        """The people with these ids, fetched from Slack when unknown or stale."""
        wanted = list(dict.fromkeys(user_ids))
        found = self._load(team_id, wanted)
        if refresh:
            now = self.clock.now()
            missing = [
                uid
                for uid in wanted
                if uid not in found or found[uid][1] is None or now - found[uid][1] > STALE_AFTER
            ]
            if missing:
                self._fetch(team_id, missing)
                found = self._load(team_id, wanted)
        return {uid: found[uid][0] for uid in wanted if uid in found}

    def get(self, team_id: str, user_id: str, *, refresh: bool = True) -> Person | None:
        """One person, or None when Slack does not know them either."""
        return self.people(team_id, [user_id], refresh=refresh).get(user_id)

    def _load(self, team_id: str, user_ids: list[str]) -> dict[str, tuple[Person, datetime | None]]:
        result: dict[str, tuple[Person, datetime | None]] = {}
        with self.db.engine.connect() as connection:
            for start in range(0, len(user_ids), 500):
                chunk = user_ids[start : start + 500]
                for row in connection.execute(_PEOPLE, {"team_id": team_id, "ids": chunk}):
                    *fields, synced_at = row
                    result[row.user_id] = (Person(*fields), synced_at)
        return result

    def _fetch(self, team_id: str, user_ids: list[str]) -> None:
        client = self.client_for(team_id)
        if len(user_ids) > BULK_THRESHOLD:
            self.store_users(team_id, paged(client.users_list, "members"))
            return
        users = []
        for uid in user_ids:
            try:
                users.append(client.users_info(user=uid)["user"])
            except SlackApiError as exc:
                if exc.response.get("error") != "user_not_found":
                    raise
                logger.info("user not found team=%s user=%s", team_id, uid)
        self.store_users(team_id, users)

    def update(self, team_id: str, user_id: str, **fields: Any) -> Person:
        """Change stored fields of a member (role, opted_out, away_until, is_manager …)."""
        return _once_more_on_conflict(lambda: self._update(team_id, user_id, fields))

    def _update(self, team_id: str, user_id: str, fields: dict[str, Any]) -> Person:
        with self.db.session() as session:
            row = session.scalar(
                select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
            )
            if row is None:
                row = Member(team_id=team_id, user_id=user_id, created_at=self.clock.now())
                session.add(row)
            for key, value in fields.items():
                setattr(row, key, value)
            session.flush()
            return person(row)

    def is_manager(self, team_id: str, user_id: str) -> bool:
        """Workspace admins and owners, the installer, and members added as managers."""
        someone = self.get(team_id, user_id)
        if someone is not None and (someone.is_manager or someone.is_admin or someone.is_owner):
            return True
        with self.db.session() as session:
            workspace = session.get(Workspace, team_id)
            return workspace is not None and workspace.installer_user_id == user_id

    def resolve_user(self, team_id: str, ref: UserRef) -> str:
        """The id of the person a command named."""
        if ref.id:
            return ref.id
        name = (ref.name or "").lower()
        with self.db.session() as session:
            row = session.scalar(
                select(Member).where(Member.team_id == team_id, Member.name == name)
            )
            if row is not None:
                return row.user_id
        for user in paged(self.client_for(team_id).users_list, "members"):
            display = ((user.get("profile") or {}).get("display_name") or "").lower()
            if name in ((user.get("name") or "").lower(), display):
                self.store_users(team_id, [user])
                return str(user["id"])
        raise NotFound(
            f"I can't find @{ref.name} in this workspace. "
            "Mention them with @ so Slack fills in their name."
        )

    # channels ---------------------------------------------------------------
    def resolve_channel(self, team_id: str, ref: ChannelRef) -> str:
        """The id of the channel a command named."""
        if ref.id:
            return ref.id
        client = self.client_for(team_id)
        for channel in paged(
            client.conversations_list,
            "channels",
            types="public_channel,private_channel",
            exclude_archived=True,
        ):
            if channel.get("name") == ref.name:
                return str(channel["id"])
        raise NotFound(
            f"I can't find a channel called #{ref.name}. Pick it with # so Slack links it."
        )

    def check_channel(self, team_id: str, channel_id: str) -> dict[str, Any]:
        """The channel's info; NotFound / UsageError when it is unknown or the bot is not in it."""
        try:
            channel = self.client_for(team_id).conversations_info(channel=channel_id)["channel"]
        except SlackApiError as exc:
            if exc.response.get("error") in ("channel_not_found", "missing_scope"):
                raise NotFound(
                    f"I can't see channel <#{channel_id}>: invite me there first with "
                    "`/invite @Greenroom`, then try again."
                ) from None
            raise
        if not channel.get("is_member", True) and not channel.get("is_im"):
            raise UsageError(
                f"I'm not in <#{channel_id}> yet. Type `/invite @Greenroom` in that channel, "
                "then try again."
            )
        return dict(channel)

    def channel_members(self, team_id: str, channel_id: str) -> list[str]:
        """Every member id of a channel (paged)."""
        client = self.client_for(team_id)
        return [
            str(uid) for uid in paged(client.conversations_members, "members", channel=channel_id)
        ]

    def eligible(
        self, team_id: str, channel_id: str, day: date
    ) -> tuple[list[Person], list[Person]]:
        """Channel members split into (can be prompted, left out) on ``day``."""
        people = self.people(team_id, self.channel_members(team_id, channel_id))
        chosen = [p for p in people.values() if p.can_be_prompted(day)]
        left = [p for p in people.values() if not p.can_be_prompted(day)]
        return chosen, left

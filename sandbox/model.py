"""Users, conversations, user groups and files of a sandbox workspace, and their Slack JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

ChannelKind = Literal["public", "private", "im", "mpim"]


@dataclass
class User:
    """A workspace member (or the bot user)."""

    id: str
    team_id: str
    name: str
    real_name: str
    tz: str = "UTC"
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False
    title: str = ""
    display_name: str = ""
    email: str = ""
    bot_id: str | None = None
    created: int = 0

    def to_slack(self, now: datetime) -> dict[str, Any]:
        """The user object of ``users.info`` / ``users.list``."""
        local = now.astimezone(ZoneInfo(self.tz))
        offset = local.utcoffset()
        profile: dict[str, Any] = {
            "title": self.title,
            "real_name": self.real_name,
            "real_name_normalized": self.real_name,
            "display_name": self.display_name,
            "display_name_normalized": self.display_name,
            "status_text": "",
            "status_emoji": "",
            "team": self.team_id,
        }
        if self.email:
            profile["email"] = self.email
        if self.bot_id:
            profile["bot_id"] = self.bot_id
        return {
            "id": self.id,
            "team_id": self.team_id,
            "name": self.name,
            "deleted": self.deleted,
            "color": "9f69e7",
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": local.tzname() or self.tz,
            "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
            "profile": profile,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": self.is_owner and self.is_admin,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": self.created,
            "has_2fa": False,
        }


@dataclass
class Channel:
    """A conversation: public or private channel, IM (``D…``) or group DM (``G…``)."""

    id: str
    name: str
    kind: ChannelKind
    team_id: str
    members: list[str] = field(default_factory=list)
    created: int = 0
    creator: str = ""
    topic: str = ""
    purpose: str = ""
    is_archived: bool = False
    im_user: str | None = None

    @property
    def event_channel_type(self) -> str:
        """``channel_type`` of message events."""
        return {"public": "channel", "private": "group", "im": "im", "mpim": "mpim"}[self.kind]

    def to_slack(self, bot_user_id: str, *, num_members: bool = True) -> dict[str, Any]:
        """The conversation object of ``conversations.info`` / ``conversations.list``."""
        if self.kind == "im":
            return {
                "id": self.id,
                "created": self.created,
                "is_im": True,
                "is_org_shared": False,
                "context_team_id": self.team_id,
                "user": self.im_user,
                "is_user_deleted": False,
                "priority": 0,
                "is_open": True,
            }
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "is_channel": self.kind in ("public", "private"),
            "is_group": self.kind == "mpim",
            "is_im": False,
            "is_mpim": self.kind == "mpim",
            "is_private": self.kind != "public",
            "created": self.created,
            "is_archived": self.is_archived,
            "is_general": self.name == "general",
            "unlinked": 0,
            "name_normalized": self.name,
            "is_shared": False,
            "is_org_shared": False,
            "is_ext_shared": False,
            "is_pending_ext_shared": False,
            "pending_shared": [],
            "context_team_id": self.team_id,
            "creator": self.creator,
            "is_member": bot_user_id in self.members,
            "topic": {"value": self.topic, "creator": "", "last_set": 0},
            "purpose": {"value": self.purpose, "creator": "", "last_set": 0},
            "previous_names": [],
        }
        if num_members:
            data["num_members"] = len(self.members)
        return data


@dataclass
class Usergroup:
    """A user group (``S…``), e.g. ``@lighting``."""

    id: str
    team_id: str
    handle: str
    name: str
    users: list[str] = field(default_factory=list)
    description: str = ""
    created: int = 0
    disabled: bool = False

    def to_slack(self, *, include_users: bool) -> dict[str, Any]:
        """The usergroup object of ``usergroups.list``."""
        data: dict[str, Any] = {
            "id": self.id,
            "team_id": self.team_id,
            "is_usergroup": True,
            "name": self.name,
            "description": self.description,
            "handle": self.handle,
            "is_external": False,
            "date_create": self.created,
            "date_update": self.created,
            "date_delete": self.created if self.disabled else 0,
            "auto_type": None,
            "created_by": "USLACKBOT",
            "updated_by": "USLACKBOT",
            "deleted_by": None,
            "prefs": {"channels": [], "groups": []},
            "user_count": str(len(self.users)),
        }
        if include_users:
            data["users"] = list(self.users)
        return data


@dataclass
class File:
    """A file uploaded with the external upload flow."""

    id: str
    team_id: str
    user: str
    name: str
    length: int
    title: str = ""
    alt_txt: str | None = None
    content: bytes | None = None
    completed: bool = False
    channels: list[str] = field(default_factory=list)
    initial_comment: str | None = None
    thread_ts: str | None = None
    created: int = 0

    def to_slack(self) -> dict[str, Any]:
        """The file object returned by ``files.completeUploadExternal``."""
        size = len(self.content) if self.content is not None else self.length
        ext = self.name.rpartition(".")[2].lower() if "." in self.name else ""
        return {
            "id": self.id,
            "created": self.created,
            "timestamp": self.created,
            "name": self.name,
            "title": self.title or self.name,
            "filetype": ext,
            "user": self.user,
            "user_team": self.team_id,
            "size": size,
            "is_public": False,
            "channels": list(self.channels),
            "permalink": f"https://files.sandbox.invalid/{self.team_id}/{self.id}/{self.name}",
        }

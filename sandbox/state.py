"""A sandbox workspace: people, conversations, messages, views and files."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from sandbox.directory import Directory
from sandbox.human import HumanActions
from sandbox.messages import Message, MessageStore
from sandbox.model import Channel, File, User, Usergroup

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox


class Workspace(Directory, HumanActions):
    """One Slack workspace (team) inside the sandbox; all access goes through the sandbox lock."""

    def __init__(
        self,
        hub: Sandbox,
        *,
        team_id: str,
        name: str,
        bot_token: str,
        bot_user_id: str,
        bot_id: str,
    ) -> None:
        self._hub = hub
        self.team_id = team_id
        self.name = name
        self.domain = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or team_id.lower()
        self.bot_token = bot_token
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.installed = True
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.usergroups: dict[str, Usergroup] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.view_stacks: dict[str, list[str]] = {}
        self.view_owners: dict[str, str] = {}
        self.files: dict[str, File] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.store = MessageStore()
        self._ims: dict[str, str] = {}
        self._mpims: dict[frozenset[str], str] = {}
        self.users[bot_user_id] = User(
            id=bot_user_id,
            team_id=team_id,
            name="greenroom",
            real_name="Greenroom",
            display_name="Greenroom",
            is_bot=True,
            bot_id=bot_id,
            created=self._created(),
        )

    # -- inspection ------------------------------------------------------------------------

    def messages(self, channel_id: str) -> list[Message]:
        """Current messages of a conversation (updates applied, replies with ``thread_ts``)."""
        with self._hub.lock:
            return self.store.all(channel_id)

    def dm_messages(self, user_id: str) -> list[Message]:
        """Current messages of the bot's IM with a member (empty if none)."""
        with self._hub.lock:
            did = self._ims.get(user_id)
            return self.store.all(did) if did else []

    def message(self, channel_id: str, ts: str) -> Message | None:
        """One message by channel and ts, or None."""
        with self._hub.lock:
            return self.store.get(channel_id, ts)

    def ephemerals_for(self, user_id: str) -> list[dict[str, Any]]:
        """Ephemeral messages shown to a member, oldest first."""
        with self._hub.lock:
            return [copy.deepcopy(e) for e in self.ephemerals if e["user"] == user_id]

    # -- bot-side writes (used by the Web API) ---------------------------------------------

    def post_bot_message(self, channel_id: str, fields: dict[str, Any]) -> Message:
        """Store a message from the bot; returns a copy with its ``ts``."""
        message: Message = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self._hub.app_id,
            "team": self.team_id,
            "ts": self._hub.next_ts(),
            "bot_profile": {
                "id": self.bot_id,
                "app_id": self._hub.app_id,
                "name": "Greenroom",
                "deleted": False,
                "team_id": self.team_id,
            },
            **fields,
        }
        return self.store.add(channel_id, message)

    def add_ephemeral(self, channel_id: str, user_id: str, fields: dict[str, Any]) -> str:
        """Record an ephemeral message shown to one member; return its ts."""
        ts = self._hub.next_ts()
        self.ephemerals.append({"channel": channel_id, "user": user_id, "ts": ts, **fields})
        return ts

    def store_view(
        self,
        view: dict[str, Any],
        *,
        user_id: str,
        view_id: str | None = None,
        root_view_id: str | None = None,
        previous_view_id: str | None = None,
    ) -> dict[str, Any]:
        """Store a checked view as Slack returns it (new ``V…`` id unless given); a copy."""
        view_id = view_id or self._hub.ids.next("V")
        stored = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view["type"],
            "title": view.get("title"),
            "submit": view.get("submit"),
            "close": view.get("close"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": self._hub.new_view_hash(),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": root_view_id or view_id,
            "previous_view_id": previous_view_id,
            "app_id": self._hub.app_id,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        self.views[view_id] = stored
        self.view_owners[view_id] = user_id
        return copy.deepcopy(stored)

    def open_views(self, user_id: str) -> list[dict[str, Any]]:
        """The modal stack a member currently sees, root first."""
        with self._hub.lock:
            return [copy.deepcopy(self.views[v]) for v in self.view_stacks.get(user_id, [])]

"""What members do in Slack's client, with the event it sends the bot (a Workspace mixin).

Each helper changes the state the way a Slack client would, then delivers the matching
event when the bot can see it (it is in the conversation and ``bot_url`` is set).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sandbox.messages import Message, MessageStore
from sandbox.model import Channel

if TYPE_CHECKING:
    from sandbox.actor import ActorResponse
    from sandbox.sandbox import Sandbox


class HumanActions:
    """``post_as``, ``react``, ``unreact`` and ``join`` for a :class:`Workspace`."""

    _hub: Sandbox
    team_id: str
    bot_user_id: str
    channels: dict[str, Channel]
    store: MessageStore

    _check_users: Callable[[Iterable[str]], None]

    def _visible(self, channel_id: str) -> bool:
        return self.bot_user_id in self.channels[channel_id].members

    def post_as(
        self,
        user_id: str,
        channel_id: str,
        text: str,
        thread_ts: str | None = None,
        *,
        blocks: list[dict[str, Any]] | None = None,
    ) -> ActorResponse | None:
        """A member posts a message (a thread reply with ``thread_ts``); sends the message event.

        Returns the bot's response (None when the bot is not in the channel or no
        ``bot_url`` is set); the stored message is ``ws.messages(channel)[-1]``.
        """
        with self._hub.lock:
            channel = self.channels[channel_id]
            if user_id not in channel.members:
                raise ValueError(f"{user_id} is not a member of {channel_id}")
            ts = self._hub.next_ts()
            message: Message = {
                "type": "message",
                "user": user_id,
                "text": text,
                "ts": ts,
                "team": self.team_id,
                "client_msg_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{channel_id}/{ts}")),
            }
            if blocks is not None:
                message["blocks"] = blocks
            if thread_ts:
                message["thread_ts"] = thread_ts
            stored = self.store.add(channel_id, message)
            event = {
                **stored,
                "channel": channel_id,
                "event_ts": stored["ts"],
                "channel_type": channel.event_channel_type,
            }
            visible = self._visible(channel_id)
            self._hub.changed()
        return self._hub.deliver(self.team_id, event) if visible else None

    def _reaction(
        self, user_id: str, channel_id: str, ts: str, name: str, *, add: bool
    ) -> ActorResponse | None:
        with self._hub.lock:
            message = self.store.get_live(channel_id, ts)
            if message is None:
                raise LookupError(f"no message {ts} in {channel_id}")
            reactions: list[dict[str, Any]] = message.setdefault("reactions", [])
            entry = next((r for r in reactions if r["name"] == name), None)
            if add:
                if entry is not None and user_id in entry["users"]:
                    raise ValueError(f"{user_id} already reacted :{name}: to {ts}")
                if entry is None:
                    entry = {"name": name, "users": [], "count": 0}
                    reactions.append(entry)
                entry["users"].append(user_id)
            else:
                if entry is None or user_id not in entry["users"]:
                    raise ValueError(f"{user_id} has no :{name}: reaction on {ts}")
                entry["users"].remove(user_id)
                if not entry["users"]:
                    reactions.remove(entry)
            if entry is not None:
                entry["count"] = len(entry["users"])
            if not reactions:
                del message["reactions"]
            event = {
                "type": "reaction_added" if add else "reaction_removed",
                "user": user_id,
                "reaction": name,
                "item": {"type": "message", "channel": channel_id, "ts": ts},
                "event_ts": self._hub.next_ts(),
            }
            if message.get("user"):
                event["item_user"] = message["user"]
            visible = self._visible(channel_id)
            self._hub.changed()
        return self._hub.deliver(self.team_id, event) if visible else None

    def react(self, user_id: str, channel_id: str, ts: str, name: str) -> ActorResponse | None:
        """A member adds an emoji reaction; sends ``reaction_added``."""
        return self._reaction(user_id, channel_id, ts, name.strip(":"), add=True)

    def unreact(self, user_id: str, channel_id: str, ts: str, name: str) -> ActorResponse | None:
        """A member removes an emoji reaction; sends ``reaction_removed``."""
        return self._reaction(user_id, channel_id, ts, name.strip(":"), add=False)

    def join(self, user_id: str, channel_id: str) -> ActorResponse | None:
        """A member joins a channel; sends ``member_joined_channel``."""
        with self._hub.lock:
            self._check_users([user_id])
            channel = self.channels[channel_id]
            if channel.kind not in ("public", "private"):
                raise ValueError(f"{channel_id} is not a channel")
            if user_id not in channel.members:
                channel.members.append(user_id)
            event = {
                "type": "member_joined_channel",
                "user": user_id,
                "channel": channel_id,
                "channel_type": "C" if channel.kind == "public" else "G",
                "team": self.team_id,
                "event_ts": self._hub.next_ts(),
            }
            visible = self._visible(channel_id)
            self._hub.changed()
        return self._hub.deliver(self.team_id, event) if visible else None

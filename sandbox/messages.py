"""Messages of a workspace, per conversation, with threads (callers hold the sandbox lock)."""

from __future__ import annotations

import copy
from typing import Any

from sandbox.ids import ts_key

Message = dict[str, Any]


class MessageStore:
    """Slack-shaped message dicts keyed by channel and ts; hands out deep copies."""

    def __init__(self) -> None:
        self._by_channel: dict[str, dict[str, Message]] = {}
        self._where: dict[str, str] = {}

    def add(self, channel_id: str, message: Message) -> Message:
        """Store a message (with ``ts``); a reply updates its parent's thread fields."""
        ts = message["ts"]
        thread_ts = message.get("thread_ts")
        if thread_ts and thread_ts != ts:
            parent = self.get_live(channel_id, thread_ts)
            if parent is not None:
                parent["thread_ts"] = thread_ts
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                users = parent.setdefault("reply_users", [])
                if message.get("user") and message["user"] not in users:
                    users.append(message["user"])
                parent["reply_users_count"] = len(users)
                parent["latest_reply"] = ts
                message.setdefault("parent_user_id", parent.get("user"))
        self._by_channel.setdefault(channel_id, {})[ts] = message
        self._where[ts] = channel_id
        return copy.deepcopy(message)

    def get_live(self, channel_id: str, ts: str) -> Message | None:
        """The stored message itself (to mutate), or None."""
        return self._by_channel.get(channel_id, {}).get(ts)

    def get(self, channel_id: str, ts: str) -> Message | None:
        """A copy of a message, or None."""
        found = self.get_live(channel_id, ts)
        return copy.deepcopy(found) if found is not None else None

    def channel_of(self, ts: str) -> str | None:
        """The channel holding the message with this ts."""
        return self._where.get(ts)

    def delete(self, channel_id: str, ts: str) -> Message | None:
        """Remove a message; a deleted reply no longer counts in its thread."""
        message = self._by_channel.get(channel_id, {}).pop(ts, None)
        if message is None:
            return None
        self._where.pop(ts, None)
        thread_ts = message.get("thread_ts")
        parent = self.get_live(channel_id, thread_ts) if thread_ts and thread_ts != ts else None
        if parent is not None:
            parent["reply_count"] = max(0, parent.get("reply_count", 1) - 1)
        return message

    def all(self, channel_id: str) -> list[Message]:
        """Every message of a channel, thread replies included, oldest first."""
        messages = self._by_channel.get(channel_id, {}).values()
        return [copy.deepcopy(m) for m in sorted(messages, key=lambda m: ts_key(m["ts"]))]

    def read_only(self, channel_id: str) -> list[Message]:
        """Every message of a channel, oldest first, without copies: for drawing, which never
        changes them (the demo's transcript draws tens of thousands)."""
        messages = self._by_channel.get(channel_id, {}).values()
        return sorted(messages, key=lambda m: ts_key(m["ts"]))

    def top_level(self, channel_id: str) -> list[Message]:
        """Messages shown in the channel (parents and broadcasts), newest first."""
        shown = [
            m
            for m in self.all(channel_id)
            if m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"
        ]
        return shown[::-1]

    def thread(self, channel_id: str, thread_ts: str) -> list[Message]:
        """A thread: its parent first, then the replies oldest first."""
        return [
            m
            for m in self.all(channel_id)
            if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts
        ]

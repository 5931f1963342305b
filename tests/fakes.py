"""Fakes of the rituals' Slack ports, for use-case tests that need no sandbox.

``FakeSlack`` is both ports at once: a small directory of people and channels a test
fills in, and a messenger that records every message the rituals send (as the domain
``Message`` objects, not Block Kit), numbering posts like Slack's ts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from rituals.ports import (
    ChannelInfo,
    Chart,
    Message,
    Posted,
    SlackFailure,
    SlackUser,
    UserGroup,
)


@dataclass
class Sent:
    """One message the rituals sent (or updated) through the messenger."""

    team_id: str
    channel: str
    message: Message
    ts: str
    delivery_id: int | None = None
    kind: str = "post"  # post | update | ephemeral | home


@dataclass
class FakeSlack:
    """A workspace's directory and the bot's messages, in memory."""

    people: dict[str, SlackUser] = field(default_factory=dict)
    channels: dict[str, ChannelInfo] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    groups: list[UserGroup] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    uploads: list[tuple[str, Chart]] = field(default_factory=list)
    fail_next: list[SlackFailure] = field(default_factory=list)
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # filling it in -----------------------------------------------------------
    def add_person(self, user_id: str, name: str = "", **fields: object) -> str:
        """Add someone to the workspace (SlackUser fields by keyword); their id."""
        self.people[user_id] = SlackUser(id=user_id, name=name or user_id.lower(), **fields)  # type: ignore[arg-type]
        return user_id

    def add_channel(
        self, channel_id: str, name: str, member_ids: Sequence[str], **fields: object
    ) -> str:
        """Add a channel the bot is in, with its members; its id."""
        self.channels[channel_id] = ChannelInfo(id=channel_id, name=name, **fields)  # type: ignore[arg-type]
        self.members[channel_id] = list(member_ids)
        return channel_id

    def posts_to(self, channel: str) -> list[Message]:
        """What was posted to ``channel`` (a user id for their DM), oldest first."""
        return [s.message for s in self.sent if s.channel == channel and s.kind == "post"]

    def _fail(self) -> None:
        if self.fail_next:
            raise self.fail_next.pop(0)

    # Messenger ---------------------------------------------------------------
    def post(
        self,
        team_id: str,
        channel: str,
        message: Message,
        *,
        delivery_id: int | None = None,
        thread_ts: str | None = None,
    ) -> Posted:
        self._fail()
        ts = f"{next(self._ts)}.000100"
        self.sent.append(Sent(team_id, channel, message, ts, delivery_id))
        return Posted(channel, ts)

    def update(self, team_id: str, channel: str, ts: str, message: Message) -> None:
        self._fail()
        self.sent.append(Sent(team_id, channel, message, ts, kind="update"))

    def ephemeral(self, team_id: str, channel: str, user_id: str, message: Message) -> None:
        self._fail()
        self.sent.append(Sent(team_id, channel, message, "", kind="ephemeral"))

    def open_conversation(self, team_id: str, user_ids: Sequence[str]) -> str:
        self._fail()
        return "G" + "".join(sorted(user_ids)) if len(user_ids) > 1 else user_ids[0]

    def find_delivery(
        self, team_id: str, channel: str, delivery_id: int, *, since: datetime
    ) -> Posted | None:
        for sent in self.sent:
            if sent.delivery_id == delivery_id and sent.channel == channel:
                return Posted(channel, sent.ts)
        return None

    def upload(self, team_id: str, channel: str, chart: Chart) -> None:
        self._fail()
        self.uploads.append((channel, chart))

    def publish_home(self, team_id: str, user_id: str, home: Message) -> None:
        self.sent.append(Sent(team_id, user_id, home, "", kind="home"))

    # SlackDirectory ----------------------------------------------------------
    def user(self, team_id: str, user_id: str) -> SlackUser | None:
        return self.people.get(user_id)

    def users(self, team_id: str) -> Iterator[SlackUser]:
        yield from list(self.people.values())

    def find_user(self, team_id: str, name: str) -> SlackUser | None:
        return next((u for u in self.people.values() if u.name == name), None)

    def channel(self, team_id: str, channel_id: str) -> ChannelInfo | None:
        return self.channels.get(channel_id)

    def find_channel(self, team_id: str, name: str) -> str | None:
        return next((c.id for c in self.channels.values() if c.name == name), None)

    def channel_members(self, team_id: str, channel_id: str) -> list[str]:
        return list(self.members.get(channel_id, []))

    def user_groups(self, team_id: str) -> list[UserGroup]:
        return list(self.groups)

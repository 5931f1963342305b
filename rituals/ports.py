"""What the rituals need from Slack, as protocols the bot implements.

The rituals decide *what* to say (a :class:`Message`: a frozen dataclass of domain
content, such as a pulse prompt) and *to whom*; the bot decides how it looks in
Block Kit and makes the Web API calls. A failed call surfaces as :class:`SlackFailure`,
whatever the client library raised, so the engine can tell "try again later" from
"never going to work" without knowing Slack's SDK.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class SlackFailure(Exception):
    """A Web API call failed: Slack's error code and whether a later try may succeed."""

    def __init__(self, error: str, *, transient: bool, status: int | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.transient = transient
        self.status = status


class Message:
    """Content the bot renders for Slack; each ritual defines its own frozen dataclasses."""

    __slots__ = ()


@dataclass(frozen=True)
class Text(Message):
    """A plain message: text only, shown as typed."""

    text: str


@dataclass(frozen=True)
class Posted:
    """Where a message went."""

    channel: str
    ts: str


@dataclass(frozen=True)
class Chart:
    """A PNG image for a channel, with what screen readers say instead."""

    png: bytes
    filename: str
    title: str
    alt_text: str


class Messenger(Protocol):
    """Posting, updating and finding the bot's messages."""

    def post(
        self,
        team_id: str,
        channel: str,
        message: Message,
        *,
        delivery_id: int | None = None,
        thread_ts: str | None = None,
    ) -> Posted:
        """Post ``message`` (a user id as ``channel`` means their DM); ``delivery_id`` travels
        in the message metadata so a post in flight at a crash can be found again."""
        ...

    def update(self, team_id: str, channel: str, ts: str, message: Message) -> None:
        """Replace a message the bot posted."""
        ...

    def ephemeral(self, team_id: str, channel: str, user_id: str, message: Message) -> None:
        """A message only ``user_id`` sees, in ``channel``."""
        ...

    def open_conversation(self, team_id: str, user_ids: Sequence[str]) -> str:
        """The DM or group DM of these people (opened if needed)."""
        ...

    def find_delivery(
        self, team_id: str, channel: str, delivery_id: int, *, since: datetime
    ) -> Posted | None:
        """The message carrying ``delivery_id`` posted to ``channel`` since ``since``, if any."""
        ...

    def upload(self, team_id: str, channel: str, chart: Chart) -> None:
        """Upload an image to a channel."""
        ...

    def publish_home(self, team_id: str, user_id: str, home: Message) -> None:
        """Show ``home`` as the person's App Home tab."""
        ...


@dataclass(frozen=True)
class SlackUser:
    """A person as Slack's directory describes them."""

    id: str
    name: str = ""
    real_name: str = ""
    title: str = ""
    tz: str | None = None
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False


@dataclass(frozen=True)
class ChannelInfo:
    """A conversation as Slack describes it to the bot."""

    id: str
    name: str = ""
    is_private: bool = False
    is_member: bool = True
    is_im: bool = False
    is_mpim: bool = False

    @property
    def is_direct(self) -> bool:
        """A DM or group DM rather than a channel."""
        return self.is_im or self.is_mpim


@dataclass(frozen=True)
class UserGroup:
    """A Slack user group (@lighting) with its members."""

    id: str
    handle: str
    name: str
    users: tuple[str, ...]


class SlackDirectory(Protocol):
    """Slack's own knowledge of people, channels and user groups."""

    def user(self, team_id: str, user_id: str) -> SlackUser | None:
        """One person, or None when Slack does not know them."""
        ...

    def users(self, team_id: str) -> Iterator[SlackUser]:
        """Everyone in the workspace (paged)."""
        ...

    def find_user(self, team_id: str, name: str) -> SlackUser | None:
        """The person whose handle or display name is ``name``."""
        ...

    def channel(self, team_id: str, channel_id: str) -> ChannelInfo | None:
        """A channel, or None when it does not exist or the bot cannot see it."""
        ...

    def find_channel(self, team_id: str, name: str) -> str | None:
        """The id of the channel called ``name`` (public or private, not archived)."""
        ...

    def channel_members(self, team_id: str, channel_id: str) -> list[str]:
        """Every member id of a channel (paged)."""
        ...

    def user_groups(self, team_id: str) -> list[UserGroup]:
        """The workspace's user groups with their members."""
        ...

"""What every Web API handler uses: the request, Slack errors, argument parsing, pagination."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sandbox.blocks import InvalidBlocks
from sandbox.ids import decode_cursor, encode_cursor
from sandbox.model import Channel

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox
    from sandbox.state import Workspace

T = TypeVar("T")
TRUE_VALUES = (True, 1, "1", "true", "True", "TRUE")


class ApiError(Exception):
    """A Slack error answer: ``{"ok": false, "error": code, **extra}``."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra

    @classmethod
    def from_blocks(cls, error: str, exc: InvalidBlocks) -> ApiError:
        """Slack's shape for rejected blocks or views."""
        return cls(error, errors=exc.messages, response_metadata={"messages": exc.messages})


@dataclass
class ApiRequest:
    """One Web API call as a handler sees it (called with the sandbox lock held)."""

    sb: Sandbox
    method: str
    args: dict[str, Any]
    token: str | None
    ws: Workspace | None
    basic_auth: tuple[str, str] | None = None

    @property
    def workspace(self) -> Workspace:
        """The workspace of the calling token."""
        if self.ws is None:
            raise ApiError("not_authed")
        return self.ws

    def text(self, name: str) -> str | None:
        """A string argument, None when absent or empty."""
        value = self.args.get(name)
        if value is None or value == "":
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def require(self, name: str, error: str) -> str:
        """A string argument that must be present, else ``error``."""
        value = self.text(name)
        if value is None:
            raise ApiError(error)
        return value

    def flag(self, name: str) -> bool:
        """A boolean argument (``true``/``1``)."""
        return self.args.get(name) in TRUE_VALUES

    def json(self, name: str, error: str) -> Any:
        """A JSON argument, given as JSON (JSON body) or as an encoded string (form body)."""
        value = self.args.get(name)
        if isinstance(value, str):
            if not value:
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise ApiError(error) from None
        return value

    def limit(
        self, default: int, *, error: str | None = "invalid_limit", maximum: int = 1000
    ) -> int:
        """The ``limit`` argument: default when absent or 0, ``error`` when out of range."""
        raw = self.args.get("limit")
        if raw in (None, ""):
            return default
        try:
            value = int(str(raw))
        except ValueError:
            value = -1
        if value == 0:
            return default
        if (value < 0 or value > maximum) and error:
            raise ApiError(error)
        return max(1, min(value, maximum))

    def bot_channel(self, channel_id: str | None, *, member: bool = True) -> Channel:
        """A conversation the bot may use: ``channel_not_found`` / ``not_in_channel`` otherwise."""
        ws = self.workspace
        channel = ws.channels.get(channel_id or "")
        if channel is None or (
            channel.kind in ("private", "mpim") and ws.bot_user_id not in channel.members
        ):
            raise ApiError("channel_not_found")
        if member and ws.bot_user_id not in channel.members:
            raise ApiError("not_in_channel")
        return channel


def paginate(
    req: ApiRequest,
    items: Sequence[T],
    key: Callable[[T], str],
    *,
    default_limit: int = 100,
    kind: str = "id",
    limit_error: str | None = "invalid_limit",
) -> tuple[list[T], str]:
    """One page of ``items`` for the ``cursor``/``limit`` arguments, and the next cursor ("")."""
    limit = req.limit(default_limit, error=limit_error)
    start = 0
    cursor = req.text("cursor")
    if cursor:
        wanted = decode_cursor(cursor, kind)
        keys = [key(item) for item in items]
        if wanted is None or wanted not in keys:
            raise ApiError("invalid_cursor")
        start = keys.index(wanted)
    page = list(items[start : start + limit])
    rest = items[start + limit :]
    return page, encode_cursor(kind, key(rest[0])) if rest else ""

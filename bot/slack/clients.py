"""The Web API client acting for the bot in each workspace.

Single-workspace mode has one client with the configured token; with OAuth, each
workspace's (possibly rotated) token is looked up from its installation, and the
client is rebuilt when the token changes. A request from a workspace that is not
installed gets :class:`NotInstalled`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from slack_sdk import WebClient

from bot.slack.client import make_client

TokenLookup = Callable[[str], "str | None"]


class NotInstalled(LookupError):
    """Greenroom is not installed in this workspace."""


class ClientPool:
    """One Web API client per workspace."""

    def __init__(
        self,
        *,
        base_url: str,
        default: WebClient | None = None,
        token_for: TokenLookup | None = None,
    ) -> None:
        if default is None and token_for is None:
            raise ValueError("a client pool needs a default client or a token lookup")
        self.base_url = base_url
        self.default = default
        self.token_for = token_for
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def client_for(self, team_id: str) -> WebClient:
        """The client acting for the bot in ``team_id``."""
        if self.token_for is None:
            assert self.default is not None
            return self.default
        token = self.token_for(team_id)
        if token is None:
            raise NotInstalled(f"no installation for team {team_id}")
        with self._lock:
            client = self._clients.get(team_id)
            if client is None or client.token != token:
                client = make_client(token, base_url=self.base_url)
                self._clients[team_id] = client
            return client

"""Single-workspace mode: the configured bot token serves one workspace, and only that one.

The installed workspace and the bot's own user id are learnt once from auth.test (on the
first request, then kept). A request from any other workspace is authorized with no token,
and the core middleware, asking ``foreign``, answers it with nothing (it asks rather than
reading the authorization because Bolt does not authorize ``app_uninstalled`` and
``tokens_revoked``). Until auth.test has answered once,
requests are served as before (a failed auth.test is retried at most every
``RELEARN_AFTER`` seconds, so an outage does not slow every request).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)

RELEARN_AFTER = 10.0  # seconds between auth.test attempts while it fails


class SingleWorkspace:
    """Authorization for one workspace, and the test of a team id against it."""

    def __init__(self, client: WebClient, bot_token: str | None) -> None:
        self._client = client
        self._token = bot_token or client.token
        self._identity: dict[str, str | None] = {}
        self._lock = threading.Lock()
        self._tried_at = -1e9

    def _learn(self) -> None:
        with self._lock:
            if "team_id" in self._identity or time.monotonic() - self._tried_at < RELEARN_AFTER:
                return
            self._tried_at = time.monotonic()
            try:
                result = self._client.auth_test()
                self._identity.update(
                    user_id=result.get("user_id"),
                    bot_id=result.get("bot_id"),
                    team_id=result.get("team_id"),
                )
            except SlackApiError as exc:  # a refused token: one line, no traceback
                error = exc.response.get("error")
                logger.warning("auth.test failed (%s); will try again on a later request", error)
            except Exception:
                logger.warning("auth.test failed; will try again on a later request", exc_info=True)

    def foreign(self, team_id: str | None) -> bool:
        """True when ``team_id`` is known not to be the served workspace."""
        if "team_id" not in self._identity:
            self._learn()
        installed = self._identity.get("team_id")
        return bool(installed and team_id and team_id != installed)

    def authorize(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        """The authorization of a request: the bot token, or none for another workspace."""
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=None if self.foreign(team_id) else self._token,
            bot_user_id=self._identity.get("user_id"),
            bot_id=self._identity.get("bot_id"),
        )

    def for_bolt(self) -> Any:
        """``authorize`` as Bolt calls it (by argument names, so a plain function)."""

        def authorize(enterprise_id: str | None, team_id: str | None, **_: Any) -> Any:
            return self.authorize(enterprise_id, team_id)

        return authorize


def served_everywhere(team_id: str | None) -> bool:
    """OAuth mode: every workspace that installs the app is served; none is foreign."""
    return False

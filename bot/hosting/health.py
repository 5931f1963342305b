"""``GET /healthz`` and the start-up check of the Slack credentials.

/healthz answers whether the database is reachable and whether Slack is reachable and
accepts the bot's token (``auth.test``). Slack's answer is cached and asked again at most
every ``SLACK_CHECK_SECONDS``, so a probe hammering /healthz never reaches Slack more
often than that. The answer names no token, no database dialect and no install mode:
anyone who can reach the port may read it. The HTTP status is 503 only when the
database is down (restarting the process may help); a refused token is reported in the
body with 200 (restarting will not help; replacing the token will).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.settings import Settings, SettingsError
from storage.db import Database

logger = logging.getLogger(__name__)
# slack_sdk logs a failed call at ERROR with its traceback; a probe's answer is its result.
_probe_log = logging.getLogger(f"{__name__}.probe")
_probe_log.addHandler(logging.NullHandler())
_probe_log.propagate = False

SLACK_CHECK_SECONDS = 60.0
SLACK_TIMEOUT_SECONDS = 5
REFUSED = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
        "missing_scope",
    }
)


@dataclass(frozen=True)
class SlackStatus:
    """What Slack said last: reachable or not, and the token accepted, refused or unknown."""

    reachable: bool
    auth: str  # "ok", "refused" or "unknown" (no single token to test, or no answer)
    error: str | None = None  # Slack's error code, or the kind of network failure

    def as_json(self) -> dict[str, Any]:
        """The /healthz section."""
        return {"reachable": self.reachable, "auth": self.auth, "error": self.error}


def probe(settings: Settings) -> SlackStatus:
    """Ask Slack once: ``auth.test`` with the bot token (``api.test`` without one)."""
    client = WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=SLACK_TIMEOUT_SECONDS,
        logger=_probe_log,
    )
    try:
        if settings.slack_bot_token and not settings.oauth_enabled:
            client.auth_test()
            return SlackStatus(True, "ok")
        client.api_test()
        return SlackStatus(True, "unknown")
    except SlackApiError as exc:
        error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
        if error in REFUSED:
            return SlackStatus(True, "refused", error)
        return SlackStatus(exc.response.status_code < 500, "unknown", error)
    except Exception as exc:  # noqa: BLE001 - DNS, TLS, refused connection, timeout: unreachable
        return SlackStatus(False, "unknown", type(exc).__name__)


class SlackCheck:
    """``probe`` cached: asked again at most every ``seconds``; one asker at a time."""

    def __init__(
        self,
        settings: Settings,
        *,
        seconds: float = SLACK_CHECK_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
        ask: Callable[[Settings], SlackStatus] = probe,
    ) -> None:
        self.settings = settings
        self.seconds = seconds
        self._monotonic = monotonic
        self._ask = ask
        self._lock = threading.Lock()
        self._last: tuple[float, SlackStatus] | None = None

    def status(self) -> SlackStatus:
        """The cached answer, refreshed when older than ``seconds``."""
        with self._lock:
            now = self._monotonic()
            if self._last is None or now - self._last[0] >= self.seconds:
                self._last = (now, self._ask(self.settings))
            return self._last[1]


def health_body(db: Database, slack: SlackCheck) -> tuple[int, bytes]:
    """The HTTP status and JSON body of /healthz."""
    database = db.ping()
    found = slack.status()
    healthy = database and found.reachable and found.auth != "refused"
    body = {
        "status": "ok" if healthy else "degraded",
        "database": {"reachable": database},
        "slack": found.as_json(),
    }
    return (200 if database else 503), json.dumps(body).encode()


def respond(db: Database, slack: SlackCheck, start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Answer /healthz on a WSGI ``start_response``."""
    code, body = health_body(db, slack)
    reason = "OK" if code == 200 else "Service Unavailable"
    start_response(
        f"{code} {reason}",
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def check_credentials(settings: Settings, slack: SlackCheck | None = None) -> SlackStatus:
    """At start: SettingsError naming SLACK_APP_TOKEN when Slack refuses it (Socket Mode
    cannot work without it); one clear log line when the bot token is refused or Slack
    cannot be reached (the bot still starts, and /healthz says so)."""
    if settings.socket_mode:
        _check_app_token(settings)
    found = (slack or SlackCheck(settings)).status()
    if found.auth == "refused":
        logger.error(
            "SLACK_BOT_TOKEN was refused by Slack (%s): the bot cannot post or answer until "
            "it is replaced with the app's current xoxb- token (OAuth & Permissions page)",
            found.error,
        )
    elif not found.reachable:
        logger.warning(
            "Slack could not be reached at SLACK_API_URL (%s): will keep trying", found.error
        )
    return found


def _check_app_token(settings: Settings) -> None:
    client = WebClient(
        base_url=settings.slack_api_url, timeout=SLACK_TIMEOUT_SECONDS, logger=_probe_log
    )
    try:
        client.apps_connections_open(app_token=settings.slack_app_token or "")
    except SlackApiError as exc:
        error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
        if error in REFUSED:
            raise SettingsError(
                f"SLACK_APP_TOKEN was refused by Slack ({error}): create an app-level token "
                "with the connections:write scope (Basic Information page of your Slack app) "
                "and put it in .env"
            ) from None
        logger.warning("Socket Mode could not be checked at start (%s)", error)
    except Exception as exc:  # noqa: BLE001 - the network: Socket Mode retries on its own
        logger.warning(
            "Slack could not be reached to check SLACK_APP_TOKEN (%s)", type(exc).__name__
        )

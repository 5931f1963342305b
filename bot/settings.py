"""Settings: one frozen object built from the environment in one function.

A missing or malformed setting raises ``SettingsError`` whose message is the one
line the command line prints before it stops.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DATABASE_URL = "sqlite:///greenroom.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Everything Greenroom reads from its environment."""

    database_url: str = DEFAULT_DATABASE_URL
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    port: int = 3000
    tz: str = "UTC"
    min_group: int = 3
    cards_per_person: int = 10
    log_level: str = "INFO"
    grace_minutes: int = 60
    retention_days: int = 400
    send_concurrency: int = 4
    max_body_bytes: int = 1_000_000
    workers: int = 1
    lease_seconds: int = 120

    @property
    def oauth_enabled(self) -> bool:
        """Multi-workspace install mode."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def socket_mode(self) -> bool:
        """Socket Mode instead of HTTP."""
        return bool(self.slack_app_token)

    def require_slack(self) -> None:
        """Check the settings ``greenroom run`` needs to talk to Slack."""
        oauth = {
            "SLACK_CLIENT_ID": self.slack_client_id,
            "SLACK_CLIENT_SECRET": self.slack_client_secret,
        }
        given = [name for name, value in oauth.items() if value]
        if len(given) == 1:
            (missing,) = set(oauth) - set(given)
            raise SettingsError(
                f"{given[0]} is set but {missing} is not: multi-workspace installs need both "
                "(from your Slack app's Basic Information page); for one workspace, remove "
                f"{given[0]} and set SLACK_BOT_TOKEN."
            )
        if not self.slack_signing_secret and not self.socket_mode:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is not set: copy it from your Slack app's "
                "Basic Information page into .env."
            )
        if not self.oauth_enabled and not self.slack_bot_token:
            raise SettingsError(
                "SLACK_BOT_TOKEN is not set: put the app's xoxb- bot token in .env "
                "(or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for multi-workspace installs)."
            )


def _text(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _integer(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = _text(env, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number ({low}–{high})") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}={value} is out of range: expected {low}–{high}")
    return value


def _prefixed(env: Mapping[str, str], name: str, prefix: str, what: str) -> str | None:
    value = _text(env, name)
    if value is not None and not value.startswith(prefix):
        raise SettingsError(f"{name} must be {what} starting with '{prefix}'")
    return value


def _database_url(env: Mapping[str, str]) -> str:
    url = _text(env, "DATABASE_URL") or DEFAULT_DATABASE_URL
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if not scheme.startswith(("sqlite", "postgresql", "postgres")):
        raise SettingsError(
            f"DATABASE_URL={url.split('@')[-1]!r} is not a supported SQLAlchemy URL: "
            "expected sqlite:///path.db or postgresql+psycopg://user@host/db"
        )
    if scheme in ("postgres", "postgresql"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _api_url(env: Mapping[str, str]) -> str:
    url = _text(env, "SLACK_API_URL") or DEFAULT_SLACK_API_URL
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(f"SLACK_API_URL={url!r} is not an http(s) URL")
    return url if url.endswith("/") else url + "/"


def _zone(env: Mapping[str, str]) -> str:
    name = _text(env, "GREENROOM_TZ") or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"GREENROOM_TZ={name!r} is not a time zone: expected an IANA name like Europe/London"
        ) from None
    return name


def _log_level(env: Mapping[str, str]) -> str:
    level = (_text(env, "GREENROOM_LOG_LEVEL") or "INFO").upper()
    if level not in logging.getLevelNamesMapping():
        raise SettingsError(
            f"GREENROOM_LOG_LEVEL={level!r} is not a log level: "
            "expected DEBUG, INFO, WARNING or ERROR"
        )
    return level


def load_settings(env: Mapping[str, str]) -> Settings:
    """Build the settings from ``env`` (e.g. ``os.environ``); SettingsError if one is bad."""
    return Settings(
        database_url=_database_url(env),
        slack_bot_token=_prefixed(env, "SLACK_BOT_TOKEN", "xoxb-", "a bot token"),
        slack_signing_secret=_text(env, "SLACK_SIGNING_SECRET"),
        slack_app_token=_prefixed(env, "SLACK_APP_TOKEN", "xapp-", "an app-level token"),
        slack_client_id=_text(env, "SLACK_CLIENT_ID"),
        slack_client_secret=_text(env, "SLACK_CLIENT_SECRET"),
        slack_api_url=_api_url(env),
        port=_integer(env, "PORT", 3000, low=0, high=65535),
        tz=_zone(env),
        min_group=_integer(env, "GREENROOM_MIN_GROUP", 3, low=3, high=1000),
        cards_per_person=_integer(env, "GREENROOM_CARDS_PER_PERSON", 10, low=1, high=100),
        log_level=_log_level(env),
        grace_minutes=_integer(env, "GREENROOM_GRACE_MINUTES", 60, low=0, high=7 * 24 * 60),
        retention_days=_integer(env, "GREENROOM_RETENTION_DAYS", 400, low=1, high=36500),
        send_concurrency=_integer(env, "GREENROOM_SEND_CONCURRENCY", 4, low=1, high=64),
        max_body_bytes=_integer(
            env, "GREENROOM_MAX_BODY_BYTES", 1_000_000, low=1024, high=50_000_000
        ),
        workers=_integer(env, "GREENROOM_WORKERS", 1, low=1, high=32),
        lease_seconds=_integer(env, "GREENROOM_LEASE_SECONDS", 120, low=5, high=3600),
    )

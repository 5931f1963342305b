"""Multi-workspace installs: Bolt's OAuth flow on slack_sdk's SQLAlchemy stores.

Installations and OAuth state live in the same database as everything else
(tables ``slack_installations``, ``slack_bots``, ``slack_oauth_states``,
created by migration 0002). ``GET /slack/install`` redirects to Slack's
authorize page with a state (kept in the database and a cookie);
``/slack/oauth_redirect`` checks that state, exchanges the code and stores the
installation (``bot.slack.oauth_flow``). The person who installs first becomes the
workspace's first manager (``rituals.workspace.installed``; a re-install makes nobody a
manager).

With token rotation, a bot token is exchanged for a new one when it is within
``ROTATE_BEFORE`` of expiring — for requests (Bolt's authorize) and background
work alike, so scheduled sends keep going after the first token expired.
Expiry is measured on the app's clock, and rotation happens under a lock per
workspace so one process exchanges a refresh token once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.context import BoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.settings import Settings
from bot.slack.client import make_client
from rituals.clock import Clock
from storage.db import Database

logger = logging.getLogger(__name__)

# The bot scopes Greenroom asks for; tests hold app.yaml to this list.
BOT_SCOPES = (
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:history",
    "groups:read",
    "im:history",
    "im:read",
    "im:write",
    "mpim:history",
    "mpim:read",
    "mpim:write",
    "reactions:read",
    "usergroups:read",
    "users:read",
)
ROTATE_BEFORE = timedelta(minutes=120)
STATE_SECONDS = 600
# A request keeps a token this far from expiry while a rotation runs in the background.
GOOD_FOR_A_REQUEST = timedelta(minutes=5)
SAVED_BY_OTHERS_CHECKS = 10
SAVED_BY_OTHERS_WAIT = 0.1  # seconds between looks for a token another process rotated

InstalledHook = Callable[[str, str | None], object]


class ClockedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store, with token expiry times on the app's clock.

    slack_sdk stamps a new installation's expiry from the system time; rotation
    decisions are taken on the app's clock (the one tests move), so the expiry
    is re-based on that clock when the installation is saved.
    """

    def __init__(self, *, client_id: str, db: Database, clock: Clock) -> None:
        super().__init__(client_id=client_id, engine=db.engine, logger=logger)
        self.clock = clock

    def save(self, installation: Installation) -> None:
        """Store an installation (and its bot), its token expiry taken from our clock."""
        expires_at = installation.bot_token_expires_at
        if expires_at is not None:
            # slack_sdk sets installed_at and expires_at from the same instant
            lifetime = int(expires_at) - int(installation.installed_at)
            installation.bot_token_expires_at = int(self.clock.now().timestamp()) + lifetime
        super().save(installation)


def installation_store(settings: Settings, db: Database, clock: Clock) -> ClockedInstallationStore:
    """slack_sdk's SQLAlchemy installation store on our database."""
    return ClockedInstallationStore(client_id=settings.slack_client_id or "", db=db, clock=clock)


def authorize_url(api_url: str) -> str:
    """Slack's authorize page beside the Web API (``https://slack.com/oauth/v2/authorize``)."""
    return urljoin(api_url, "../oauth/v2/authorize")


class Installations:
    """The installed workspaces and a valid bot token for each."""

    def __init__(self, settings: Settings, db: Database, clock: Clock) -> None:
        self.settings = settings
        self.db = db
        self.clock = clock
        self.store = installation_store(settings, db, clock)
        self._client = make_client(None, base_url=settings.slack_api_url)
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._rotating: set[str] = set()

    def token(self, team_id: str) -> str | None:
        """A valid bot token for ``team_id``, or None when the app is not installed there."""
        bot = self.bot(team_id)
        return bot.bot_token if bot is not None else None

    def bot(self, team_id: str, *, wait: bool = True) -> Bot | None:
        """The workspace's bot installation, its token rotated first when close to expiry.

        With ``wait=False`` (a request Slack waits for) a token that is still good for a
        while is returned as it is, and rotated in the background.
        """
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not self._expiring(bot):
            return bot
        left = self._seconds_left(bot)
        if not wait and left is not None and left > GOOD_FOR_A_REQUEST.total_seconds():
            self._rotate_later(team_id)
            return bot
        with self._lock(team_id):
            # another thread may have rotated it while this one waited
            bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
            if bot is None or not self._expiring(bot):
                return bot
            return self._rotate(bot)

    def _rotate_later(self, team_id: str) -> None:
        with self._guard:
            if team_id in self._rotating:
                return
            self._rotating.add(team_id)

        def rotate() -> None:
            try:
                self.bot(team_id)
            except Exception:
                logger.warning("token rotation for team %s failed", team_id, exc_info=True)
            finally:
                with self._guard:
                    self._rotating.discard(team_id)

        threading.Thread(target=rotate, name=f"rotate-{team_id}", daemon=True).start()

    def _lock(self, team_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(team_id, threading.Lock())

    def _seconds_left(self, bot: Bot) -> float | None:
        if bot.bot_token_expires_at is None:
            return None
        return float(bot.bot_token_expires_at) - self.clock.now().timestamp()

    def _expiring(self, bot: Bot) -> bool:
        left = self._seconds_left(bot)
        return (
            bool(bot.bot_refresh_token)
            and left is not None
            and left <= ROTATE_BEFORE.total_seconds()
        )

    def _rotate(self, bot: Bot) -> Bot:
        try:
            response = self._client.oauth_v2_access(
                client_id=self.settings.slack_client_id or "",
                client_secret=self.settings.slack_client_secret or "",
                grant_type="refresh_token",
                refresh_token=bot.bot_refresh_token,
            )
        except SlackApiError as exc:
            # Another process sharing the database may have spent the refresh token first:
            # its new token is saved a moment after Slack answered it.
            for _ in range(SAVED_BY_OTHERS_CHECKS):
                latest = self.store.find_bot(enterprise_id=None, team_id=bot.team_id)
                if latest is not None and latest.bot_token != bot.bot_token:
                    return latest
                time.sleep(SAVED_BY_OTHERS_WAIT)
            left = self._seconds_left(bot)
            if left is not None and left > 0:
                logger.warning(
                    "token rotation for team %s failed (%s); the current token is still valid",
                    bot.team_id,
                    exc.response.get("error"),
                )
                return bot
            raise
        fields = bot.to_dict_for_copying()
        fields.update(
            bot_token=response["access_token"],
            bot_refresh_token=response.get("refresh_token") or bot.bot_refresh_token,
            bot_token_expires_at=int(self.clock.now().timestamp())
            + int(response.get("expires_in") or 0),
        )
        fields.pop("bot_token_expires_in", None)
        rotated = Bot(**fields)
        self.store.save_bot(rotated)
        logger.info("bot token of team %s rotated", bot.team_id)
        return rotated


class InstallationAuthorize(Authorize):
    """Bolt's authorize from the stored installation: no Web API call on the request path
    (unless the token has expired: then it is rotated before the request goes on)."""

    def __init__(self, installations: Installations) -> None:
        self.installations = installations

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: Any,
    ) -> AuthorizeResult | None:
        if not team_id:
            return None
        bot = self.installations.bot(team_id, wait=False)
        if bot is None:
            return None
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=bot.bot_token,
            bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )


def token_lookup(settings: Settings, db: Database, clock: Clock) -> Callable[[str], str | None]:
    """team id → a valid bot token (rotated when close to expiry), or None when not installed."""
    return Installations(settings, db, clock).token

"""Multi-workspace installs: Bolt's OAuth flow on slack_sdk's SQLAlchemy stores.

Installations and OAuth state live in the same database as everything else
(tables ``slack_installations``, ``slack_bots``, ``slack_oauth_states``,
created by migration 0002). Tokens with rotation are refreshed before they
expire, for requests (Bolt's authorize) and for background work alike. The
person who installs becomes the workspace's first manager.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.settings import Settings
from bot.slack_client import make_client
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
ROTATE_MINUTES_BEFORE = 120

InstalledHook = Callable[[str, str | None], None]


def installation_store(settings: Settings, db: Database) -> SQLAlchemyInstallationStore:
    """slack_sdk's SQLAlchemy installation store on our engine."""
    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id or "", engine=db.engine)


def oauth_settings(
    settings: Settings, db: Database, *, on_installed: InstalledHook | None = None
) -> OAuthSettings:
    """Bolt OAuth settings: /slack/install, /slack/oauth_redirect, stores in the database."""
    store = installation_store(settings, db)

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        if on_installed is not None and installation.team_id:
            on_installed(installation.team_id, installation.user_id)
        logger.info("installed in team %s", installation.team_id)
        return args.default.success(args)

    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
        installation_store=store,
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=db.engine),
        callback_options=CallbackOptions(success=success, failure=_failure),
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE,
    )
    # Bolt's default authorize would rotate tokens against slack.com; point it at SLACK_API_URL.
    oauth.authorize = InstallationStoreAuthorize(
        logger=logger,
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE,
        installation_store=store,
        bot_only=True,
        client=make_client(None, base_url=settings.slack_api_url),
    )
    return oauth


def _failure(args: Any) -> BoltResponse:
    logger.warning("installation failed: %s", args.reason)
    return args.default.failure(args)


def token_lookup(settings: Settings, db: Database) -> Callable[[str], str | None]:
    """team id → a valid bot token (rotated when close to expiry), or None when not installed."""
    store = installation_store(settings, db)
    rotator = TokenRotator(
        client_id=settings.slack_client_id or "",
        client_secret=settings.slack_client_secret or "",
        client=make_client(None, base_url=settings.slack_api_url),
    )

    def lookup(team_id: str) -> str | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        if bot.bot_refresh_token:
            refreshed = rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=ROTATE_MINUTES_BEFORE
            )
            if refreshed is not None:
                store.save_bot(refreshed)
                bot = refreshed
        return bot.bot_token

    return lookup

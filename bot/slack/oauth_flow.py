"""Bolt's OAuth flow for Greenroom: ``/slack/install`` and ``/slack/oauth_redirect``.

OAuth states live in the database (``slack_oauth_states``) and expired ones are deleted
whenever a new one is issued (slack_sdk deletes a state only when it is used, so
abandoned installs piled up). A failed install is logged and shown with its reason only
when that reason is one of Slack's error codes: a forged ``?error=`` (newlines that
would forge log lines, markup) is never repeated.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime
from typing import Any

from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.redirect_uri_page_renderer import RedirectUriPageRenderer
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.slack.oauth import (
    BOT_SCOPES,
    ROTATE_BEFORE,
    STATE_SECONDS,
    InstallationAuthorize,
    Installations,
    InstalledHook,
    authorize_url,
)

logger = logging.getLogger(__name__)

REASON = re.compile(r"[a-z][a-z0-9_]{0,59}")


def oauth_settings(
    installations: Installations, *, on_installed: InstalledHook | None = None
) -> OAuthSettings:
    """Bolt OAuth settings: /slack/install, /slack/oauth_redirect, stores in the database."""
    settings = installations.settings

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
        install_page_rendering_enabled=False,
        redirect_uri_path="/slack/oauth_redirect",
        authorization_url=authorize_url(settings.slack_api_url),
        installation_store=installations.store,
        installation_store_bot_only=True,
        state_store=PurgingStateStore(
            expiration_seconds=STATE_SECONDS, engine=installations.db.engine, logger=logger
        ),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=CallbackOptions(success=success, failure=_failure),
        token_rotation_expiration_minutes=int(ROTATE_BEFORE.total_seconds() // 60),
        logger=logger,
    )
    oauth.authorize = InstallationAuthorize(installations)
    return oauth


def safe_reason(reason: object) -> str:
    """An OAuth failure reason fit to log and show: Slack's error codes are short snake_case
    words; anything else (a forged ``?error=`` with newlines, markup…) is not repeated."""
    text = str(reason or "")
    return text if REASON.fullmatch(text) else "unrecognised_error"


def _failure(args: FailureArgs) -> BoltResponse:
    reason = safe_reason(args.reason)
    logger.warning("installation failed: %s", reason)
    page = RedirectUriPageRenderer(
        install_path="/slack/install", redirect_uri_path="/slack/oauth_redirect"
    ).render_failure_page(reason)
    return BoltResponse(
        status=args.suggested_status_code,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Set-Cookie": args.settings.state_utils.build_set_cookie_for_deletion(),
        },
        body=page,
    )


class PurgingStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's OAuth state store, which drops expired states whenever it issues one
    (slack_sdk deletes a state only when it is used, so abandoned installs piled up)."""

    def issue(self, *args: Any, **kwargs: Any) -> str:
        """A new state, after deleting every expired one."""
        now = datetime.fromtimestamp(time.time(), tz=UTC).replace(tzinfo=None)
        with self.engine.begin() as connection:
            connection.execute(
                self.oauth_states.delete().where(self.oauth_states.c.expire_at <= now)
            )
        return str(super().issue(*args, **kwargs))

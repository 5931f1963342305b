"""The application factory: one way to build the bot, for ``greenroom run``, tests and the demo."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot.commands.router import CommandRouter
from bot.deps import Deps
from bot.directory import Directory
from bot.engine import Engine
from bot.hosting.wsgi import WsgiApp
from bot.listeners import register_listeners
from bot.settings import Settings
from bot.slack.client import make_client
from rituals.clock import Clock
from storage.db import Database

logger = logging.getLogger(__name__)


@dataclass
class Greenroom:
    """A built app: the Bolt app, its dependencies, the engine and the WSGI entry point."""

    bolt: App
    deps: Deps
    wsgi: WsgiApp

    @property
    def engine(self) -> Engine:
        """The delivery and scheduling engine."""
        return self.deps.engine

    def close(self) -> None:
        """Stop background threads."""
        self.deps.executor.shutdown(wait=True)
        self.deps.urgent.shutdown(wait=True)


def create_app(
    settings: Settings,
    *,
    db: Database,
    clock: Clock,
    client: WebClient | None = None,
) -> Greenroom:
    """Build the bot from its settings, database, clock and (optionally) Web API client."""
    deps = Deps(settings=settings, db=db, clock=clock)
    deps.commands = {
        "/greenroom": CommandRouter("/greenroom", "Greenroom"),
        "/retro": CommandRouter("/retro", "Retrospectives"),
    }
    bolt_kwargs: dict[str, Any] = {
        "signing_secret": settings.slack_signing_secret or "",
        "process_before_response": True,
        "token_verification_enabled": False,
        "url_verification_enabled": True,
        "raise_error_for_unhandled_request": False,
    }
    deps.directory = Directory(db, clock, deps.client_for)
    if settings.oauth_enabled:
        from bot.slack.oauth import Installations, oauth_settings

        installations = Installations(settings, db, clock)
        deps.token_for = installations.token
        bolt = App(
            client=client or make_client(None, base_url=settings.slack_api_url),
            oauth_settings=oauth_settings(installations, on_installed=deps.directory.installed),
            **bolt_kwargs,
        )
    else:
        deps.default_client = client or make_client(
            settings.slack_bot_token, base_url=settings.slack_api_url
        )
        bolt = App(
            # Bolt gives each request a client with the authorize result's token; a base
            # client without one keeps Bolt from warning that its token is ignored.
            client=make_client(
                None, base_url=deps.default_client.base_url, timeout=deps.default_client.timeout
            ),
            authorize=_single_workspace_authorize(settings, deps.default_client),
            **bolt_kwargs,
        )
    deps.engine = Engine(deps)
    register_listeners(bolt, deps)
    return Greenroom(bolt=bolt, deps=deps, wsgi=WsgiApp(bolt, deps))


def _single_workspace_authorize(settings: Settings, client: WebClient) -> Any:
    """Authorize every request with the configured bot token, without a Web API call.

    The bot's own user id (for ignoring its own events) is learnt once from
    auth.test in the background; until then, events are still handled.
    """
    identity: dict[str, str | None] = {}
    learning: dict[str, bool] = {}

    def learn() -> None:
        try:
            result = client.auth_test()
            identity.update(user_id=result.get("user_id"), bot_id=result.get("bot_id"))
        except Exception:
            logger.warning("auth.test failed; will try again on the next request", exc_info=True)
        finally:
            learning.pop("busy", None)

    def authorize(enterprise_id: str | None, team_id: str | None, **_: Any) -> AuthorizeResult:
        if "user_id" not in identity and not learning.get("busy"):
            learning["busy"] = True
            import threading

            threading.Thread(target=learn, daemon=True).start()
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=settings.slack_bot_token or client.token,
            bot_user_id=identity.get("user_id"),
            bot_id=identity.get("bot_id"),
        )

    return authorize

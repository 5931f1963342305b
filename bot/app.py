"""The application factory: one way to build the bot, for ``greenroom run``, tests and the demo."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.commands.router import CommandRouter
from bot.hosting.pace import Pace
from bot.hosting.tasks import Keyed, Tasks
from bot.hosting.wsgi import WsgiApp
from bot.listeners import register_listeners
from bot.listeners.core import NOT_SERVED
from bot.settings import Settings
from bot.slack.client import make_client
from bot.slack.clients import ClientPool
from bot.slack.directory import SlackPeople
from bot.slack.messenger import SlackMessenger
from bot.wiring import Wiring
from rituals import catalog, retention, workspace
from rituals.clock import Clock
from rituals.engine.engine import Engine
from rituals.services import Config, Services, build
from storage.db import Database

logger = logging.getLogger(__name__)

DailyJob = Callable[[], object]
RELEARN_AFTER = 10.0  # seconds between auth.test attempts while it fails


@dataclass
class Greenroom:
    """A built app: the Bolt app, what its listeners use, and the WSGI entry point."""

    bolt: App
    wiring: Wiring
    wsgi: WsgiApp
    daily_jobs: dict[str, DailyJob] = field(default_factory=dict)

    @property
    def deps(self) -> Wiring:
        """What the listeners use (services, engine, pools)."""
        return self.wiring

    @property
    def engine(self) -> Engine:
        """The delivery and scheduling engine."""
        return self.wiring.engine

    @property
    def svc(self) -> Services:
        """The rituals' services."""
        return self.wiring.svc

    def close(self) -> None:
        """Stop background threads; the engine's work may be taken over from now on."""
        self.wiring.tasks.shutdown()
        self.wiring.engine.close()


def config_of(settings: Settings) -> Config:
    """The rituals' configuration from the bot's settings."""
    return Config(
        default_tz=settings.tz,
        min_group=settings.min_group,
        cards_per_person=settings.cards_per_person,
        grace=timedelta(minutes=settings.grace_minutes),
        lease=timedelta(seconds=settings.lease_seconds),
        retention_days=settings.retention_days,
        send_concurrency=settings.send_concurrency,
    )


def create_app(
    settings: Settings,
    *,
    db: Database,
    clock: Clock,
    client: WebClient | None = None,
) -> Greenroom:
    """Build the bot from its settings, database, clock and (optionally) Web API client."""
    bolt_kwargs: dict[str, Any] = {
        "signing_secret": settings.slack_signing_secret or "",
        "process_before_response": True,
        "token_verification_enabled": False,
        "url_verification_enabled": True,
        "raise_error_for_unhandled_request": False,
    }
    installations = None
    if settings.oauth_enabled:
        from bot.slack.oauth import Installations

        installations = Installations(settings, db, clock)
        clients = ClientPool(base_url=settings.slack_api_url, token_for=installations.token)
        base = client or make_client(None, base_url=settings.slack_api_url)
    else:
        default = client or make_client(settings.slack_bot_token, base_url=settings.slack_api_url)
        clients = ClientPool(base_url=settings.slack_api_url, default=default)
        # Bolt gives each request a client with the authorize result's token; a base
        # client without one keeps Bolt from warning that its token is ignored.
        base = make_client(None, base_url=default.base_url, timeout=default.timeout)
    messenger = SlackMessenger(clients)
    svc = build(db, clock, config_of(settings), messenger=messenger, slack=SlackPeople(clients))
    engine = Engine(
        svc, planners=catalog.PLANNERS, senders=catalog.SENDERS, finishers=catalog.FINISHERS
    )
    tasks = Tasks()
    wiring = Wiring(
        settings=settings,
        svc=svc,
        engine=engine,
        tasks=tasks,
        keyed=Keyed(tasks, coalesce=True),
        in_order=Keyed(tasks, coalesce=False),
        confirmations=Keyed(tasks, coalesce=True, pace=Pace()),
        clients=clients,
        messenger=messenger,
        commands={
            "/greenroom": CommandRouter("/greenroom", "Greenroom"),
            "/retro": CommandRouter("/retro", "Retrospectives"),
        },
    )
    if installations is not None:
        from bot.slack.oauth_flow import oauth_settings

        bolt = App(
            client=base,
            oauth_settings=oauth_settings(
                installations, on_installed=lambda team, user: workspace.installed(svc, team, user)
            ),
            **bolt_kwargs,
        )
    else:
        bolt = App(
            client=base,
            authorize=_single_workspace_authorize(settings, clients.client_for("")),
            **bolt_kwargs,
        )
    register_listeners(bolt, wiring)
    return Greenroom(
        bolt=bolt,
        wiring=wiring,
        wsgi=WsgiApp(bolt, wiring),
        daily_jobs={"retention": lambda: retention.purge_expired(svc)},
    )


def _single_workspace_authorize(settings: Settings, client: WebClient) -> Any:
    """Authorize requests of the installed workspace with the configured bot token.

    The installed workspace and the bot's own user id are learnt once from auth.test
    (on the first request, then kept). A request from any other workspace is authorized
    with no token and marked ``NOT_SERVED``; the core middleware answers it with nothing.
    Until auth.test has answered once, requests are served as before (a failed auth.test
    is retried at most every ``RELEARN_AFTER`` seconds, so an outage does not slow every
    request).
    """
    identity: dict[str, str | None] = {}
    lock = threading.Lock()
    tried: dict[str, float] = {}

    def learn() -> None:
        with lock:
            if "team_id" in identity or time.monotonic() - tried.get("at", -1e9) < RELEARN_AFTER:
                return
            tried["at"] = time.monotonic()
            try:
                result = client.auth_test()
                identity.update(
                    user_id=result.get("user_id"),
                    bot_id=result.get("bot_id"),
                    team_id=result.get("team_id"),
                )
            except SlackApiError as exc:  # a refused token: one line, no traceback
                error = exc.response.get("error")
                logger.warning("auth.test failed (%s); will try again on a later request", error)
            except Exception:
                logger.warning("auth.test failed; will try again on a later request", exc_info=True)

    def authorize(enterprise_id: str | None, team_id: str | None, **_: Any) -> AuthorizeResult:
        if "team_id" not in identity:
            learn()
        installed = identity.get("team_id")
        foreign = bool(installed and team_id and team_id != installed)
        result = AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=None if foreign else settings.slack_bot_token or client.token,
            bot_user_id=identity.get("user_id"),
            bot_id=identity.get("bot_id"),
        )
        if foreign:
            result[NOT_SERVED] = True
        return result

    return authorize

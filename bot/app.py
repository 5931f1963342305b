"""The application factory: one way to build the bot, for ``greenroom run``, tests and the demo."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.commands.router import CommandRouter
from bot.hosting.pace import Pace
from bot.hosting.tasks import Keyed, Tasks
from bot.hosting.wsgi import WsgiApp
from bot.listeners import register_listeners
from bot.settings import Settings
from bot.slack.client import make_client
from bot.slack.clients import ClientPool
from bot.slack.directory import SlackPeople
from bot.slack.messenger import SlackMessenger
from bot.slack.single_workspace import SingleWorkspace, served_everywhere
from bot.wiring import Wiring
from rituals import catalog, retention, workspace
from rituals.clock import Clock
from rituals.engine.engine import Engine
from rituals.services import Config, Services, build
from storage.db import Database

logger = logging.getLogger(__name__)

DailyJob = Callable[[], object]


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
    single: SingleWorkspace | None = None
    if settings.oauth_enabled:
        from bot.slack.oauth import Installations

        installations = Installations(settings, db, clock)
        clients = ClientPool(base_url=settings.slack_api_url, token_for=installations.token)
        base = client or make_client(None, base_url=settings.slack_api_url)
    else:
        default = client or make_client(settings.slack_bot_token, base_url=settings.slack_api_url)
        clients = ClientPool(base_url=settings.slack_api_url, default=default)
        single = SingleWorkspace(clients.client_for(""), settings.slack_bot_token)
        authorize = single.for_bolt()
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
        foreign=single.foreign if single is not None else served_everywhere,
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
            authorize=authorize,
            **bolt_kwargs,
        )
    register_listeners(bolt, wiring)
    return Greenroom(
        bolt=bolt,
        wiring=wiring,
        wsgi=WsgiApp(bolt, wiring),
        daily_jobs={"retention": lambda: retention.purge_expired(svc)},
    )

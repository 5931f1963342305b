"""What listeners are built with: the services, the engine, Slack plumbing and the pools.

Built completely by ``bot.app.create_app`` before any listener is registered, and never
changed afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.commands.router import CommandRouter
from bot.hosting.tasks import Keyed, Tasks
from bot.settings import Settings
from bot.slack.clients import ClientPool
from bot.slack.messenger import SlackMessenger
from rituals.clock import Clock
from rituals.engine.engine import Engine
from rituals.people import Directory
from rituals.services import Services
from storage.db import Database


@dataclass(frozen=True)
class Wiring:
    """Everything a listener may use."""

    settings: Settings
    svc: Services
    engine: Engine
    tasks: Tasks
    clients: ClientPool
    messenger: SlackMessenger
    commands: dict[str, CommandRouter]
    keyed: Keyed  # redraws, on their own small pool: one at a time per key, only the latest
    # still to run (a member's clicks coalesce), the keys waiting bounded
    in_order: Keyed  # captured events: one at a time per key, every one, in order

    @property
    def db(self) -> Database:
        """The database."""
        return self.svc.db

    @property
    def clock(self) -> Clock:
        """The clock."""
        return self.svc.clock

    @property
    def directory(self) -> Directory:
        """Members, channels and managers."""
        return self.svc.people

    def client_for(self, team_id: str) -> WebClient:
        """The Web API client acting for the bot in ``team_id``."""
        return self.clients.client_for(team_id)

    def after_ack(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``work`` after the acknowledgement."""
        return self.tasks.after_ack(work, *args, **kwargs)

    def open_soon(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Open a modal after the acknowledgement, ahead of other background work."""
        return self.tasks.open_soon(work, *args, **kwargs)

    def submit(self, work: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``work`` on the background pool (tracked)."""
        return self.tasks.submit(work, *args)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until background work has finished (tests, the demo)."""
        return self.tasks.wait_idle(timeout)

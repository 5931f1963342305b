"""What listeners are built with: the services, the engine, Slack plumbing and the pools.

Built completely by ``bot.app.create_app`` before any listener is registered, and never
changed afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.commands.router import CommandRouter
from bot.hosting.tasks import Keyed, Tasks
from bot.settings import Settings
from bot.slack.clients import ClientPool
from bot.slack.messenger import SlackMessenger
from rituals.engine.engine import Engine
from rituals.services import Services


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
    confirmations: Keyed  # a pulse answer's DM redrawn: like ``keyed``, on a paced thread
    # True for a team id known not to be served (single-workspace mode; never with OAuth)
    foreign: Callable[[str | None], bool]

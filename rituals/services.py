"""What every use case is given: the database, the clock, the settings it needs, and Slack.

Built once by the bot's factory (or by a test) and never changed afterwards; use cases
take it as their first argument and open their own unit of work from ``db``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta

from rituals.clock import Clock
from rituals.people import Directory
from rituals.ports import Messenger, SlackDirectory
from storage.db import Database


@dataclass(frozen=True)
class Config:
    """The settings the rituals act on (the bot reads them from the environment)."""

    default_tz: str = "UTC"
    min_group: int = 3
    grace: timedelta = timedelta(minutes=60)
    lease: timedelta = timedelta(minutes=2)
    retention_days: int = 400
    cards_per_person: int = 10
    send_concurrency: int = 4

    @property
    def smallest_group(self) -> int:
        """The smallest group whose figures are shown: never below 3."""
        return max(3, self.min_group)


def build(
    db: Database, clock: Clock, config: Config, *, messenger: Messenger, slack: SlackDirectory
) -> Services:
    """Services with the people directory built on the same database, clock and Slack."""
    return Services(db, clock, config, messenger, slack, Directory(db, clock, slack))


@dataclass(frozen=True)
class Services:
    """The database, the clock, the configuration and the two Slack ports."""

    db: Database
    clock: Clock
    config: Config
    messenger: Messenger
    slack: SlackDirectory
    people: Directory
    # Set when new work is due (an occurrence enqueued, deliveries planned); the engine's
    # loop waits on it between rounds instead of polling.
    work_ready: threading.Event = field(default_factory=threading.Event, compare=False)

    def wake(self) -> None:
        """Tell the engine there is work to do now."""
        self.work_ready.set()

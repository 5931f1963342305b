"""The bot as the sandbox runs it: the one module that reaches into ``bot`` and ``storage``.

``greenroom sandbox`` runs it in process, sharing the page's movable clock; the demo
runs it in a child process (``sandbox.demo.botside``). Built with the same
``create_app(settings, db=, clock=, client=)`` as ``greenroom run``, served on loopback,
and driven by :meth:`EmbeddedBot.settle`: background work and the engine's due work,
until quiet. When the bot's internals move, this is the file to adapt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from bot.app import Greenroom, create_app
from bot.hosting.redaction import install as install_log_redaction
from bot.hosting.wsgi import LoopbackServer
from bot.settings import Settings
from bot.slack.client import make_client
from rituals.clock import Clock
from storage.db import Database
from storage.models import Delivery, Ritual

logger = logging.getLogger(__name__)

SETTLE_ROUNDS = 100
IDLE_TIMEOUT = 120.0  # seconds one round may wait for the bot's background work
Wsgi = Callable[..., Iterable[bytes]]

__all__ = ["Due", "EmbeddedBot", "Schedule", "install_log_redaction", "next_due"]


@dataclass(frozen=True)
class Due:
    """The next piece of scheduled work: when, and what (e.g. ``pulse``, ``reminder``)."""

    at: datetime
    what: str


class EmbeddedBot:
    """Greenroom on a SQLite (or any) database, served on a loopback port, on ``clock``."""

    def __init__(
        self,
        *,
        database_url: str,
        api_url: str,
        bot_token: str,
        signing_secret: str,
        tz: str,
        clock: Clock,
        wrap: Callable[[Wsgi], Wsgi] | None = None,
    ) -> None:
        self.db = Database(database_url)
        self.db.upgrade()
        settings = Settings(
            database_url=self.db.url,
            slack_bot_token=bot_token,
            slack_signing_secret=signing_secret,
            slack_api_url=api_url,
            tz=tz,
        )
        client = make_client(settings.slack_bot_token, base_url=settings.slack_api_url)
        self.app: Greenroom = create_app(settings, db=self.db, clock=clock, client=client)
        self.wsgi: Wsgi = wrap(self.app.wsgi) if wrap else self.app.wsgi
        self.server = LoopbackServer(self.wsgi).start()

    @property
    def url(self) -> str:
        """The server root, ``http://127.0.0.1:<port>``."""
        return self.server.url

    @property
    def events_url(self) -> str:
        """Where Slack sends events, commands and interactivity."""
        return f"{self.server.url}/slack/events"

    @contextmanager
    def sending_in_parallel(self) -> Iterator[None]:
        """Fan-out sent on several threads while inside (as ``greenroom run`` sends)."""
        with self.app.engine.sending_in_parallel():
            yield

    def settle(self) -> None:
        """Run everything due at the clock's time: background work and the engine, until quiet."""
        for _ in range(SETTLE_ROUNDS):
            self.app.deps.tasks.wait_idle(timeout=IDLE_TIMEOUT)
            handled = self.app.engine.drain()
            self.app.deps.tasks.wait_idle(timeout=IDLE_TIMEOUT)
            if not handled:
                return
        logger.warning("the bot was still busy after %d rounds", SETTLE_ROUNDS)

    def next_due(self, after: datetime) -> Due | None:
        """The bot's next scheduled work after ``after``."""
        return next_due(self.db, after)

    def close(self) -> None:
        """Stop serving, stop background work, close the database."""
        self.server.stop()
        self.app.close()
        self.db.dispose()


class Schedule:
    """Reads what a bot running elsewhere (the demo's) has scheduled, from its database."""

    def __init__(self, database_url: str) -> None:
        self.db = Database(database_url)

    def next_due(self, after: datetime) -> Due | None:
        """The bot's next scheduled work after ``after``."""
        return next_due(self.db, after)

    def close(self) -> None:
        """Close the database connections."""
        self.db.dispose()


def next_due(db: Database, after: datetime) -> Due | None:
    """The earliest ritual run or pending delivery (reminder, follow-up) after ``after``."""
    with db.session() as session:
        ritual = session.execute(
            select(Ritual.next_run_at, Ritual.kind)
            .where(Ritual.paused.is_(False), Ritual.next_run_at > after)
            .order_by(Ritual.next_run_at)
            .limit(1)
        ).first()
        first_delivery = (
            select(func.min(Delivery.not_before))
            .where(Delivery.status == "pending", Delivery.not_before > after)
            .scalar_subquery()
        )
        delivery = session.execute(
            select(Delivery.not_before, Delivery.kind)
            .where(Delivery.status == "pending", Delivery.not_before == first_delivery)
            .limit(1)
        ).first()
    found: list[Any] = [row for row in (ritual, delivery) if row is not None and row[0]]
    if not found:
        return None
    when, what = min(found, key=lambda row: _aware(row[0]))
    return Due(_aware(when), str(what))


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)

"""Shared fixtures: a database per test, a fake clock, the Slack sandbox, and the bot over HTTP.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is
set (tables are emptied between tests there). Under pytest-xdist each worker gets a
database of its own on that server, named after the URL's database and the worker.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, inspect, make_url, text

from bot.app import Greenroom, create_app
from bot.hosting.wsgi import LoopbackServer
from bot.settings import Settings
from bot.slack.client import make_client
from rituals.clock import FakeClock
from rituals.services import Config, Services, build
from storage.db import Database
from tests.fakes import FakeSlack

if TYPE_CHECKING:
    from sandbox import Sandbox

# No timed tests: the machines are shared and noisy, so hypothesis has no deadline here
# (speed is measured in benchmarks/, against a baseline of the same run).
settings.register_profile("greenroom", deadline=None)
settings.load_profile("greenroom")

SIGNING_SECRET = "test-signing-secret"
START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday


def own_database(url: str, suffix: str = "") -> str:
    """A PostgreSQL database of this test worker's own on ``url``'s server, created if missing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    server = make_url(url)
    name = "_".join(part for part in (server.database or "test", suffix, worker) if part)
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> str | Path:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = own_database(url)
        database = Database(url)
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        database.upgrade()
        database.dispose()
        return url
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    return path


@pytest.fixture
def db(_template_db: str | Path, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database for one test."""
    if isinstance(_template_db, str):
        database = Database(_template_db)
        _truncate(database)
    else:
        path = tmp_path / "greenroom.db"
        shutil.copy(_template_db, path)
        database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


def _truncate(database: Database) -> None:
    existing = set(inspect(database.engine).get_table_names())
    tables = [name for name in existing if name != "alembic_version"]
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture
def clock() -> FakeClock:
    """A clock that moves only when the test says so."""
    return FakeClock(START)


@pytest.fixture
def sandbox(clock: FakeClock) -> Iterator[Sandbox]:
    """The Slack sandbox, running on a free loopback port."""
    from sandbox import Sandbox

    sb = Sandbox(signing_secret=SIGNING_SECRET, clock=clock)
    sb.start()
    yield sb
    sb.stop()


def settings_for(sandbox: Sandbox, database_url: str, **overrides: object) -> Settings:
    """Settings pointing the bot at the sandbox."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "slack_bot_token": sandbox.workspace.bot_token,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": sandbox.base_url,
        "tz": "Europe/London",
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class RunningBot:
    """The bot served over loopback HTTP, wired to the sandbox."""

    app: Greenroom
    server: LoopbackServer
    sandbox: Sandbox
    clock: FakeClock

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def db(self) -> Database:
        return self.app.deps.svc.db

    def drain(self) -> int:
        """Finish all background work that is due now (after-ack tasks, then the engine)."""
        total = 0
        for _ in range(20):
            self.settle()
            handled = self.app.engine.drain()
            self.settle()
            if not handled:
                return total
            total += handled
        return total

    def answer(self, response: Any) -> dict[str, Any]:
        """A slash command's answer: in the ack, or posted to its response_url when the
        command took longer than the ack budget (a loaded machine)."""
        body = response.json()
        if body:
            return dict(body)
        self.settle()
        url = (response.payload or {}).get("response_url")
        assert url, "a slash command without a response_url"
        posted = self.sandbox.responses_for(str(url))
        assert posted, "the command answered neither in its ack nor through its response_url"
        return dict(posted[-1])

    def settle(self) -> None:
        """Wait for after-ack work already submitted to the background pool."""
        assert self.app.deps.tasks.wait_idle(timeout=60), "background work did not finish"


@pytest.fixture
def bot(sandbox: Sandbox, db: Database, clock: FakeClock) -> Iterator[RunningBot]:
    """Greenroom over real HTTP, talking to the sandbox."""
    settings = settings_for(sandbox, db.url)
    client = make_client(settings.slack_bot_token, base_url=settings.slack_api_url)
    app = create_app(settings, db=db, clock=clock, client=client)
    server = LoopbackServer(app.wsgi).start()
    sandbox.bot_url = f"{server.url}/slack/events"
    yield RunningBot(app=app, server=server, sandbox=sandbox, clock=clock)
    server.stop()
    app.close()


@pytest.fixture
def slack() -> FakeSlack:
    """Slack's directory and the bot's messages, in memory (for use-case tests)."""
    return FakeSlack()


@pytest.fixture
def svc(db: Database, clock: FakeClock, slack: FakeSlack) -> Services:
    """The rituals' services on a fresh database, a fake clock and the in-memory Slack."""
    return build(db, clock, Config(default_tz="Europe/London"), messenger=slack, slack=slack)

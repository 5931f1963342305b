"""The database: engine, sessions and migrations.

SQLite (the embedded default) runs in WAL mode with foreign keys on and a busy
timeout, so the web threads, the scheduler and the senders can share it, and with
``secure_delete`` on, so what ``forget-me`` and retros erase is overwritten on disk.
PostgreSQL is reached through psycopg 3.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, exc, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.unit import Unit

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    # erased answers, notes and card authors are overwritten on disk, not just unlinked
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


POSTGRES_POOL = 20  # web threads, redraws, senders and the scheduler, without churn
IDLE_BEFORE_PING = 30.0  # seconds a pooled connection may rest before it is tested


def _checked_in(_dbapi_connection: Any, record: Any) -> None:
    record.info["rested_since"] = time.monotonic()


def _ping_if_rested(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Test a connection that rested in the pool (the server may have dropped it); a busy
    pool's connections skip the round trip that ``pool_pre_ping`` would add to every checkout."""
    rested = record.info.get("rested_since")
    if rested is None or time.monotonic() - rested < IDLE_BEFORE_PING:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
    except Exception as error:  # the pool replaces the connection and tries again
        raise exc.DisconnectionError() from error


class Database:
    """An engine and its session factory."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        # hide_parameters: a failed statement's message (logged, raised) never carries the
        # values bound to it, which are people's words (notes, cards, questions).
        kwargs: dict[str, Any] = {"echo": echo, "future": True, "hide_parameters": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
            # as many pooled connections as threads that use them (web, background, senders):
            # past the default 5, every checkout opened a new connection and re-ran the pragmas
            kwargs.update(pool_size=32, max_overflow=16)
        else:
            kwargs.update(pool_size=POSTGRES_POOL, max_overflow=POSTGRES_POOL // 2)
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            event.listen(self.engine.pool, "checkin", _checked_in)
            event.listen(self.engine.pool, "checkout", _ping_if_rested)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Engine workers running in this process on this database (see storage.workers).
        self.live_workers: set[str] = set()

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def unit(self, *, one_statement: bool = False) -> Iterator[Unit]:
        """A unit of work: committed when the block ends, rolled back when it raises.

        ``one_statement``: the repository functions called in it write in a single statement
        on PostgreSQL, which then commits by itself (autocommit: no BEGIN and COMMIT round
        trips); on SQLite, whose statements cost no round trip, it is an ordinary unit.
        """
        with self.engine.connect() as connection:
            if one_statement and self.dialect == "postgresql":
                autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
                yield Unit(autocommit)
                return
            transaction = connection.begin()
            unit = Unit(connection)
            try:
                yield unit
                unit.finish()
            except BaseException:
                unit.abandon()
                transaction.rollback()
                raise
            transaction.commit()

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A unit of work on a plain connection (Core statements only): cheaper than a session
        on the paths a click or an event takes."""
        with self.engine.begin() as connection:
            yield connection

    def ping(self) -> bool:
        """True when the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:  # any driver error means "not reachable"
            logger.warning("database ping failed", exc_info=True)
            return False

    def alembic_config(self) -> Any:
        """Alembic configuration pointing at this database."""
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        config.attributes["engine"] = self.engine
        return config

    def upgrade(self) -> None:
        """Apply pending migrations."""
        from alembic import command

        command.upgrade(self.alembic_config(), "head")

    def revision(self) -> str | None:
        """The migration the database is at (None before the first)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


def dialect_of(unit: Session | Connection) -> str:
    """``sqlite`` or ``postgresql``, for a session or a connection."""
    bind = unit if isinstance(unit, Connection) else unit.get_bind()
    return bind.dialect.name

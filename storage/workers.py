"""Which engine processes are alive, so that the work of a dead one is taken over at once.

PostgreSQL: each process holds a session-level advisory lock named by its worker id, on
a connection of its own, for as long as it runs. The server lets go of the lock the
moment that connection goes, so a worker whose lock is free is dead — however long its
leases still have to run. A worker whose lock is held is alive and keeps its work.

SQLite serves one process (``bot.hosting.replicas`` holds a file lock): a starting
process owns everything, so every worker not running in this process is dead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.db import Database
from storage.unit import Unit

_LIVE_LOCKS = text(
    "SELECT classid, objid FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND objsubid = 1 AND database = (SELECT oid FROM pg_database "
    "WHERE datname = current_database())"
)


def lock_key(worker_id: str) -> int:
    """The advisory lock key of a worker: a signed 64-bit number from its id."""
    digest = hashlib.sha256(worker_id.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Presence:
    """A worker's proof of life for as long as it runs."""

    def __init__(self, db: Database, worker_id: str) -> None:
        self.db = db
        self.worker_id = worker_id
        self._connection: Connection | None = None
        self.started = False

    def start(self) -> Presence:
        """Announce the worker: from now on its work is its own."""
        self.db.live_workers.add(self.worker_id)
        if self.db.dialect == "postgresql":
            self._connection = self.db.engine.connect()
            self._connection.execute(
                text("SELECT pg_advisory_lock(:key)"), {"key": lock_key(self.worker_id)}
            )
            self._connection.commit()
        self.started = True
        return self

    def stop(self) -> None:
        """The worker stops: its work may be taken over."""
        self.db.live_workers.discard(self.worker_id)
        self.started = False
        if self._connection is not None:
            # invalidated, not returned to the pool: the session ends, and its lock with it
            self._connection.invalidate()
            self._connection.close()
            self._connection = None


def dead(unit: Unit, *, workers: Iterable[str], here: set[str]) -> set[str]:
    """Which of ``workers`` are no longer running (``here``: the ones in this process)."""
    others = {w for w in workers if w and w not in here}
    if not others or unit.dialect != "postgresql":
        return others
    held = {
        int.from_bytes(((row.classid << 32) | row.objid).to_bytes(8, "big"), "big", signed=True)
        for row in unit.execute(_LIVE_LOCKS)
    }
    return {w for w in others if lock_key(w) not in held}

"""Which processes may share a database.

PostgreSQL: any number of ``greenroom run`` processes, each with any number of
gunicorn workers. Occurrences are unique per (ritual, time), and deliveries are
claimed with ``FOR UPDATE SKIP LOCKED`` under a lease (GREENROOM_LEASE_SECONDS):
a process that dies mid fan-out leaves its claims to expire, then another one
takes them over, reconciling sends that were in flight.

SQLite: one process only. ``greenroom run`` holds an exclusive lock on a file
beside the database for as long as it serves (its gunicorn worker inherits the
lock), so a second one stops at start with a one-line message instead of
fighting over the file; more than one worker is refused the same way.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url

from bot.settings import Settings, SettingsError

_held: list[IO[str]] = []


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for memory or other databases)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve()


def lock_path(database: Path) -> Path:
    """The lock file of a SQLite database."""
    return database.with_name(database.name + ".lock")


def guard_single_process(settings: Settings) -> None:
    """Refuse a second process (or several workers) on one SQLite file; PostgreSQL passes."""
    path = sqlite_path(settings.database_url)
    if path is None:
        return
    if settings.workers > 1:
        raise SettingsError(
            f"GREENROOM_WORKERS={settings.workers} needs PostgreSQL: SQLite serves one process. "
            "Set DATABASE_URL to a PostgreSQL database or GREENROOM_WORKERS=1."
        )
    lock = lock_path(path)
    try:
        handle = open(lock, "a+")  # noqa: SIM115 - held for the life of the process
    except OSError as exc:
        raise SettingsError(
            f"DATABASE_URL: cannot create {lock} beside the database ({exc.strerror})."
        ) from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        who = f" (pid {holder})" if holder.isdigit() else ""
        raise SettingsError(
            f"Another greenroom process{who} is already using {path}: SQLite serves one "
            "process. Stop it, or use PostgreSQL (DATABASE_URL) to run several."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    _held.append(handle)


def release() -> None:
    """Let go of the SQLite lock (tests that start ``run`` twice in one process)."""
    while _held:
        handle = _held.pop()
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()

"""Which processes may share a database.

PostgreSQL: any number of ``greenroom run`` processes (claims and leases keep
work single). SQLite: one process only, enforced with an exclusive lock file
beside the database, so a second ``greenroom run`` stops with a clear message.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url

from bot.settings import Settings, SettingsError
from storage.db import Database

_held: list[IO[str]] = []


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for memory or other databases)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve()


def guard_single_process(settings: Settings, db: Database) -> None:
    """Refuse to start a second process on the same SQLite file."""
    path = sqlite_path(settings.database_url)
    if path is None:
        return
    if settings.workers > 1:
        raise SettingsError(
            f"GREENROOM_WORKERS={settings.workers} needs PostgreSQL: SQLite serves one process. "
            "Set DATABASE_URL to a PostgreSQL database or GREENROOM_WORKERS=1."
        )
    lock_path = path.with_name(path.name + ".lock")
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the life of the process
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise SettingsError(
            f"Another greenroom process is already using {path}: SQLite serves one process. "
            "Stop it, or use PostgreSQL (DATABASE_URL) to run several."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    _held.append(handle)

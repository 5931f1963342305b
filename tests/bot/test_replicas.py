"""``greenroom run`` on SQLite serves one process: a second one (or several workers) is refused
with one line, and a killed process leaves no stale lock behind."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sandbox import Sandbox
from tests.bot.crew_flows import GREENROOM
from tests.bot.replica_support import Replica, free_port, live_sandbox, replica_env

__all__ = ["live_sandbox"]


# SQLite: one process ----------------------------------------------------------------------


def test_sqlite_refuses_a_second_process_and_several_workers(
    live_sandbox: Sandbox, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'greenroom.db'}"
    env = replica_env(live_sandbox, url)
    first = Replica.start("first", env)
    try:
        first.wait_ready()
        print(f"\ngreenroom run (SQLite) healthy after {first.ready_after:.2f}s")
        assert first.ready_after is not None and first.ready_after < 10
        assert [line for line in first.log if "WARNING" in line or "ERROR" in line] == []

        second = subprocess.run(
            [str(GREENROOM), "run"],
            env={**env, "PORT": str(free_port())},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2
        assert second.stderr.splitlines() == [
            f"greenroom: Another greenroom process (pid {first.process.pid}) is already using "
            f"{tmp_path / 'greenroom.db'}: SQLite serves one process. Stop it, or use PostgreSQL "
            "(DATABASE_URL) to run several."
        ]

        workers = subprocess.run(
            [str(GREENROOM), "run"],
            env={**env, "PORT": str(free_port()), "GREENROOM_WORKERS": "2"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert workers.returncode == 2
        assert workers.stderr.splitlines() == [
            "greenroom: GREENROOM_WORKERS=2 needs PostgreSQL: SQLite serves one process. "
            "Set DATABASE_URL to a PostgreSQL database or GREENROOM_WORKERS=1."
        ]

        # a crashed process leaves no stale lock behind
        first.kill()
        again = Replica.start("again", env)
        try:
            again.wait_ready()
        finally:
            again.stop()
    finally:
        first.stop()

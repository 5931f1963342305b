"""Footprint: how long ``greenroom run`` takes to become healthy, and its idle memory.

``greenroom run`` starts as a child process on the default embedded SQLite database,
pointed at the sandbox: the time is from the process start to the first 200 from
``/healthz`` (the first start also creates the schema; restarts find it up to date).
After a few idle seconds, the resident memory of every process (gunicorn master and
worker) is read from /proc: RSS summed, which counts pages the worker shares with the
master twice, and PSS summed, which splits shared pages between the processes.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import servers, stage
from sandbox import Sandbox

TARGET = {"rss_mb": 120.0, "seconds_to_healthy": 1.5}
IDLE_SECONDS = 3.0


def _start(sandbox: Sandbox, database_url: str, workdir: Path) -> servers.Served:
    port = servers.free_port()
    environment = servers.bot_environment(
        database_url=database_url,
        api_url=sandbox.base_url,
        bot_token=sandbox.workspace.bot_token,
        signing_secret=stage.SIGNING_SECRET,
        port=port,
    )
    return servers.start(
        "greenroom-footprint", servers.greenroom_command(), environment, workdir=workdir, port=port
    )


def run(quick: bool, workdir: Path | None = None) -> dict[str, Any]:
    """Start ``greenroom run`` on a fresh database, then restart it; the JSON section."""
    restarts = 1 if quick else 3
    sandbox = Sandbox(signing_secret=stage.SIGNING_SECRET)
    sandbox.start()
    try:
        with tempfile.TemporaryDirectory(prefix="greenroom-footprint-") as scratch:
            folder = workdir or Path(scratch)
            url = f"sqlite:///{folder / 'footprint.db'}"
            first = _start(sandbox, url, folder)
            try:
                time.sleep(IDLE_SECONDS)  # let the background work settle into idling
                memory = first.memory()
            finally:
                first.stop()
            again = []
            for _ in range(restarts):
                server = _start(sandbox, url, folder)
                again.append(server.seconds_to_healthy)
                server.stop()
    finally:
        sandbox.stop()
    restart = statistics.median(again)
    return {
        "benchmark": "footprint",
        "quick": quick,
        "database": "sqlite",
        "seconds_to_healthy": {
            "first_start_with_migrations": round(first.seconds_to_healthy, 3),
            "restart_median": round(restart, 3),
            "restarts": [round(s, 3) for s in again],
        },
        "idle_memory_mb": memory,
        "idle_seconds": IDLE_SECONDS,
        "target": TARGET,
        "target_met": {
            "rss": memory["rss_mb"] <= TARGET["rss_mb"],
            "start": restart <= TARGET["seconds_to_healthy"],
        },
    }

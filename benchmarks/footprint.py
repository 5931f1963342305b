"""Footprint: how long ``greenroom run`` takes to become healthy, and its idle memory.

``greenroom run`` starts as a child process on the default embedded SQLite database,
pointed at the sandbox: the time is from the process start to the first 200 from
``/healthz`` (the first start also creates the schema; restarts find it up to date), and
the CPU time the start took (the migration child's included), which depends much less on
what else the machine is doing. After a few idle seconds, the resident memory of every
process is read from /proc (one, since one worker serves in process; with several, the
master's and the workers' are summed): RSS summed, which counts shared pages once per
process, and PSS summed, which splits them between the processes.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import servers, stage
from sandbox import Sandbox

TARGET = {"rss_mb": 100.0, "seconds_to_healthy": 1.0}
IDLE_SECONDS = 3.0


def _start(sandbox: Sandbox, database_url: str, workdir: Path) -> servers.Served:
    return servers.start_greenroom(
        "greenroom-footprint",
        sandbox,
        database_url,
        workdir=workdir,
        signing_secret=stage.SIGNING_SECRET,
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
            again, cpu = [], []
            for _ in range(restarts):
                server = _start(sandbox, url, folder)
                again.append(server.seconds_to_healthy)
                cpu.append(server.cpu_seconds_to_healthy)
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
            "cpu_seconds_restart_median": round(statistics.median(cpu), 3),
        },
        "idle_memory_mb": memory,
        "idle_seconds": IDLE_SECONDS,
        "target": TARGET,
        "target_met": {
            "rss": memory["rss_mb"] <= TARGET["rss_mb"],
            "start": restart <= TARGET["seconds_to_healthy"],
        },
    }

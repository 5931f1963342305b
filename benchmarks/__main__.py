"""``python -m benchmarks [--quick] [--out FILE]``: every benchmark, one JSON document.

Sections: ``machine`` (what it ran on), ``footprint`` (start-up time and idle memory of
``greenroom run``), ``ack`` (the pulse button click through the production server, against bare
Bolt on the same server), ``fanout`` (pulse DMs against Slack's rate limits, at 300 a minute
and at 100 a second), ``channel_pulse`` (a very large crew asked with one post, and every
member's click stored), ``restart`` (a process killed mid fan-out: the restart on SQLite, a
surviving replica on PostgreSQL, and how soon its work is taken over), ``pairing`` and
``digest``. Compared figures are ratios against a
baseline measured in the same run. The HTTP benchmarks run on SQLite and, when PostgreSQL
answers, on PostgreSQL too: ``--database-url`` names a database the benchmark may empty
(default ``greenroom_bench`` on the local server, created when missing); the digest loads its
data into a database beside it (``<name>_digest``) and reuses it on the next run.

The full run takes about 25 minutes on 2 CPUs (the first one longer: it loads the digest's year
of data into PostgreSQL); ``--quick`` under two minutes. Progress goes to stderr; the JSON to
stdout (and to ``--out``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from benchmarks import ack, channel_pulse, fanout, footprint, restart, stage
from rituals.clock import SystemClock
from storage.db import Database

logger = logging.getLogger("benchmarks")

SECTIONS = ("footprint", "ack", "fanout", "channel_pulse", "restart", "pairing", "digest")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _uptime() -> str | None:
    """``uptime`` as the machine says it (the load averages show other work running)."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _postgres_version(url: str | None) -> str | None:
    if url is None:
        return None
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return str(connection.scalar(text("SHOW server_version")))
    finally:
        database.dispose()


def machine(postgres_url: str | None) -> dict[str, Any]:
    """What the figures were measured on."""
    packages = ("gunicorn", "slack_bolt", "slack_sdk", "SQLAlchemy", "psycopg")
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _postgres_version(postgres_url),
        "packages": {name: metadata.version(name) for name in packages},
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "uptime_at_start": _uptime(),
        "started_at": SystemClock().now().isoformat(timespec="seconds"),
    }


def _postgres(args: argparse.Namespace) -> str | None:
    """The PostgreSQL database for the HTTP benchmarks, or None (not asked for, or down)."""
    if args.no_postgres:
        return None
    url = args.database_url or stage.DEFAULT_POSTGRES
    if make_url(url).get_backend_name() != "postgresql":
        raise SystemExit(f"--database-url must be a PostgreSQL URL, not {url.split('@')[-1]}")
    if stage.postgres_reachable(url):
        return url
    logger.warning("PostgreSQL at %s does not answer: SQLite only", url.split("@")[-1])
    return None


def _section(name: str, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    logger.info("running %s …", name)
    began = time.perf_counter()
    try:
        result = run()
    except (Exception, SystemExit) as exc:  # the digest reports a busy database by SystemExit
        logger.exception("benchmark %s failed", name)
        result = {"benchmark": name, "error": f"{type(exc).__name__}: {exc}"}
    result["benchmark_seconds"] = round(time.perf_counter() - began, 1)
    logger.info("%s done in %.0f s", name, result["benchmark_seconds"])
    return result


def run_all(
    *, quick: bool, postgres_url: str | None, only: Sequence[str] = SECTIONS
) -> dict[str, Any]:
    """Every benchmark in ``only``; the JSON document."""
    from benchmarks import digest, pairing

    began = time.perf_counter()
    report: dict[str, Any] = {"quick": quick, "machine": machine(postgres_url)}
    with tempfile.TemporaryDirectory(prefix="greenroom-bench-") as scratch:
        folder = Path(scratch)

        def urls(name: str) -> dict[str, str]:
            found = {"sqlite": f"sqlite:///{folder / f'{name}.db'}"}
            if postgres_url:
                found["postgresql"] = postgres_url
            return found

        def digests() -> dict[str, Any]:
            results = {"sqlite": digest.run(quick, None)}
            if postgres_url:
                other = stage.sibling_database(postgres_url, "digest")
                stage.ensure_postgres_database(other)
                results["postgresql"] = digest.run(quick, other)
            return {"benchmark": "digest", "databases": results}

        runs: dict[str, Callable[[], dict[str, Any]]] = {
            "footprint": lambda: footprint.run(quick, folder),
            "ack": lambda: ack.run(quick, urls("ack"), folder),
            "fanout": lambda: fanout.run(quick, urls("fanout"), folder),
            "channel_pulse": lambda: channel_pulse.run(quick, urls("channel"), folder),
            "restart": lambda: restart.run(quick, urls("restart"), folder),
            "pairing": lambda: pairing.run(quick),
            "digest": digests,
        }
        for name in SECTIONS:
            if name in only:
                report[name] = _section(name, runs[name])
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["machine"]["uptime_at_end"] = _uptime()
    report["total_seconds"] = round(time.perf_counter() - began, 1)
    return report


def failures(report: dict[str, Any]) -> list[str]:
    """Sections that ended in an error."""
    return [
        name for name in SECTIONS if isinstance(report.get(name), dict) and "error" in report[name]
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, under two minutes")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    parser.add_argument(
        "--database-url",
        help=f"PostgreSQL database the benchmarks may empty (default {stage.DEFAULT_POSTGRES})",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    report = run_all(quick=args.quick, postgres_url=_postgres(args), only=args.only or SECTIONS)
    document = json.dumps(report, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(document + "\n", encoding="utf-8")
    print(document)
    return 1 if failures(report) else 0


if __name__ == "__main__":
    raise SystemExit(main())

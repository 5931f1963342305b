"""How long one week's export and the full digest take on a year of a large crew's data.

    python -m benchmarks.digest [--quick] [--database-url URL]

Generates 10,000 members × 52 weeks (quick: 500 × 8) into a fresh SQLite file
(or the given database): a pulse on six days a week to everyone (≈3.1 M
prompts, ≈2.6 M answers at an 83 % response rate), ≈5 M reactions and replies,
weekly shadowing pairs and retros. Rows are bulk-loaded (executemany on
SQLite, COPY on PostgreSQL). Then, in a fresh child process so that loading
does not distort memory figures, it times ``compute_week`` for the last week
and the full digest (this week, last week, the 8-week trend, Block Kit, text
and the PNG chart), and measures memory two ways: the ``tracemalloc`` peak of
Python allocations during one call, and the growth of the child's peak
resident set over the measured calls (Linux ``/proc/self/status`` VmHWM, reset
through ``/proc/self/clear_refs`` before each series). ``ru_maxrss`` is not
used: after fork and exec it still holds the loading parent's peak.

A database given with --database-url must be empty or hold only an earlier
benchmark (reused when of the same size, with the privacy ledger emptied so that the
first call of each series is a first digest; emptied otherwise); it is migrated
first; the covering indexes of ``PROPOSED_INDEXES`` are in the schema
(migration 0001), so they are created only on a database made before them.
Prints one JSON object; ``run(quick, database_url)`` returns it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy import inspect as sa_inspect

from benchmarks.digest_load import END_WEEK, PROPOSED_INDEXES, RUNS, TEAM, TZ, generate
from storage.db import Database
from storage.models import Base, FigureAnswerList, FigureRelease, FigureSet, Workspace

# the privacy gate's ledger: emptied when the data is reused, so the first call is a first
LEDGER = (FigureRelease, FigureSet, FigureAnswerList)


def _prepare(database_url: str | None, members: int, weeks: int, workdir: Path) -> tuple[str, Any]:
    """A migrated database holding this size of data; (url, generation report)."""
    url = database_url or f"sqlite:///{workdir / 'bench.db'}"
    db = Database(url)
    db.upgrade()
    added = _proposed_indexes(db)
    marker = f"benchmark {members}x{weeks} v1"
    with db.session() as session:
        names = dict(session.execute(select(Workspace.team_id, Workspace.name)).all())
    if names.get(TEAM) == marker:
        _empty(db, LEDGER)  # so that the first call decides and stores every figure again
        db.dispose()
        return url, {"reused": True, "indexes_added_beyond_migration": added}
    if set(names) - {TEAM}:
        db.dispose()
        raise SystemExit(
            f"{url.split('@')[-1]} holds other data ({', '.join(sorted(names))}): "
            "give an empty database to --database-url."
        )
    if names:  # an earlier benchmark of another size
        _empty(db)
    began = time.perf_counter()
    counts = generate(db, members=members, weeks=weeks)
    with db.session() as session:
        session.add(Workspace(team_id=TEAM, name=marker, tz=TZ, created_at=datetime.now(UTC)))
    if db.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    seconds = time.perf_counter() - began
    db.dispose()
    return url, {
        "reused": False,
        "seconds": round(seconds, 1),
        "rows": counts,
        "indexes_added_beyond_migration": added,
    }


def _empty(db: Database, models: Sequence[type[Base]] | None = None) -> None:
    """Remove a previous benchmark's rows (the database holds nothing else), or only those
    of ``models``."""
    tables = [
        table.name
        for table in reversed(Base.metadata.sorted_tables)
        if models is None or table in {model.__table__ for model in models}
    ]
    with db.engine.begin() as connection:
        if db.dialect == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


def _proposed_indexes(db: Database) -> list[str]:
    """Create the indexes the weekly metrics need that the migration lacks; their names."""
    with db.engine.connect() as connection:
        inspector = sa_inspect(connection)
        present = {
            index["name"] for table in PROPOSED_INDEXES.values() for index in
            inspector.get_indexes(table[0])
        }  # fmt: skip
    added = []
    for name, (table, columns) in PROPOSED_INDEXES.items():
        if name not in present:
            with db.engine.begin() as connection:
                connection.execute(text(f"CREATE INDEX {name} ON {table} ({', '.join(columns)})"))
            added.append(name)
    return added


# measuring (in a fresh process) ---------------------------------------------------


def _status_mb(field: str) -> float | None:
    """A memory figure of this process from /proc/self/status (Linux), in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        return None
    return None


def _reset_peak() -> float | None:
    """Reset the peak resident set to the current one; returns the current one (MB)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return None
    return _status_mb("VmRSS")


def _peak_growth(start: float | None) -> float | None:
    peak = _status_mb("VmHWM")
    return None if start is None or peak is None else round(peak - start, 1)


@contextmanager
def _timer(into: list[float], cpu: list[float]) -> Iterator[None]:
    began, began_cpu = time.perf_counter(), time.process_time()
    yield
    into.append(time.perf_counter() - began)
    cpu.append(time.process_time() - began_cpu)


def _summary(wall: list[float], cpu: list[float]) -> dict[str, float]:
    return {
        "first": round(wall[0], 3),
        "median": round(statistics.median(wall), 3),
        "max": round(max(wall), 3),
        "min": round(min(wall), 3),
        "cpu_median": round(statistics.median(cpu), 3),
    }


def measure(database_url: str) -> dict[str, Any]:
    """Time compute_week and the full digest on the loaded database (call in a fresh process)."""
    from bot.reports import build_digest
    from bot.views.digest import digest_blocks
    from rituals.digest import render_text
    from rituals.digest.chart import render_trend
    from rituals.figures.reports import compute_week

    db = Database(database_url)
    render_trend([])  # load matplotlib's fonts before measuring
    start = _reset_peak()
    export: list[float] = []
    digest: list[float] = []
    export_cpu: list[float] = []
    digest_cpu: list[float] = []
    load = os.getloadavg()[0]
    for _ in range(RUNS):
        with _timer(export, export_cpu):
            metrics = compute_week(db, team_id=TEAM, week=END_WEEK, tz=TZ)
    export_growth = _peak_growth(start)
    start = _reset_peak()
    for _ in range(RUNS):
        with _timer(digest, digest_cpu):
            built = build_digest(db, team_id=TEAM, week=END_WEEK, tz=TZ, min_group=3)
            digest_blocks(built.metrics, built.previous)
            render_text(built.metrics, built.previous)
            png = render_trend(built.points)
    digest_growth = _peak_growth(start)
    tracemalloc.start()
    compute_week(db, team_id=TEAM, week=END_WEEK, tz=TZ)
    _, export_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    built = build_digest(db, team_id=TEAM, week=END_WEEK, tz=TZ, min_group=3)
    render_trend(built.points)
    _, digest_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    with db.session() as session:
        answers = session.scalar(text("SELECT count(*) FROM pulse_answers"))
        interactions = session.scalar(text("SELECT count(*) FROM interactions"))
        deliveries = session.scalar(select(func.count()).select_from(text("deliveries")))
    db.dispose()
    return {
        "compute_week_seconds": _summary(export, export_cpu),
        "digest_render_seconds": _summary(digest, digest_cpu),
        "load_average_1min": {"before": round(load, 2), "after": round(os.getloadavg()[0], 2)},
        "memory_mb": {
            "compute_week_tracemalloc_peak": round(export_peak / 2**20, 2),
            "digest_tracemalloc_peak": round(digest_peak / 2**20, 2),
            "compute_week_peak_rss_growth": export_growth,
            "digest_peak_rss_growth": digest_growth,
            "process_rss": round(_status_mb("VmRSS") or 0.0, 1),
        },
        "week": str(END_WEEK),
        "members_in_week": metrics["members"],
        "week_figures": {
            "prompted": metrics["pulse"]["prompted"],
            "responses": metrics["pulse"]["responses"],
            "interactions": metrics["interactions"]["reactions"]
            + metrics["interactions"]["replies"],
            "pairs": metrics["shadowing"]["pairs"],
            "cohesion_score": metrics["cohesion_score"],
        },
        "chart_png_bytes": len(png),
        "table_rows": {
            "pulse_answers": answers,
            "interactions": interactions,
            "deliveries": deliveries,
        },
    }


def run(quick: bool, database_url: str | None) -> dict[str, Any]:
    """Generate (or reuse) the data, then measure in a child process; the JSON report."""
    members, weeks = (500, 8) if quick else (10_000, 52)
    with tempfile.TemporaryDirectory(prefix="greenroom-bench-") as workdir:
        url, generation = _prepare(database_url, members, weeks, Path(workdir))
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.digest", "--measure", url],
            capture_output=True,
            text=True,
            check=True,
        )
        measured = json.loads(child.stdout)
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    return {
        "benchmark": "digest",
        "quick": quick,
        "database": dialect,
        "members": members,
        "weeks": weeks,
        "runs": RUNS,
        "generation": generation,
        **measured,
        "time_note": (
            "wall-clock seconds over the runs; cpu_median is this process's CPU time (the whole "
            "query work on SQLite, only the client's share on PostgreSQL)"
        ),
        "memory_note": (
            "tracemalloc_peak: peak of Python allocations during one call; peak_rss_growth: "
            "growth of the measuring process's peak resident set (VmHWM) over the timed calls, "
            "from its resident set after imports and a warm-up chart; process_rss: at the end"
        ),
        "target": {"compute_week_seconds": 1.0, "memory_mb": 200},
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.digest", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="500 members × 8 weeks")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    print(json.dumps(run(args.quick, args.database_url), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Takeover: a ``greenroom run`` SIGKILLed in the middle of a pulse fan-out, and who carries on.

The sandbox slows each ``chat.postMessage`` (``POST_LATENCY``) so the fan-out lasts long
enough to be cut. On SQLite the same process is started again on the file (it serves one
process): ``takeover_seconds`` runs from the restarted process answering ``/healthz`` to the
first prompt of a row the killed process held. On PostgreSQL two replicas serve, one is
killed: ``takeover_seconds`` runs from the kill to the survivor's first prompt of a row the
killed one held. Both report duplicates and misses over the whole crew, and when the last
prompt went out. The leases stay at their two-minute default: taking over must not wait
for them (``tests/bot/test_takeover.py`` holds the same to a limit).
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from benchmarks import servers, stage
from storage.db import Database
from storage.models import Delivery

POST_LATENCY = 0.25
WORKER = re.compile(r"ready: HTTP on port \d+ \(\w+ database, worker (\S+)\)")


def _posts(sb: Any) -> list[Any]:
    return [
        c
        for c in sb.calls
        if c.method == "chat.postMessage" and c.status == 200 and (c.response or {}).get("ok")
    ]


def _held(url: str, worker: str | None) -> set[str]:
    """Recipients of the prompts ``worker`` (any, when None) had claimed or had in flight."""
    db = Database(url)
    try:
        with db.session() as session:
            query = select(Delivery.recipient).where(
                Delivery.kind == "pulse_prompt", Delivery.status.in_(("claimed", "sending"))
            )
            if worker is not None:
                query = query.where(Delivery.claimed_by == worker)
            return set(session.scalars(query).all())
    finally:
        db.dispose()


def _worker_of(server: servers.Served) -> str | None:
    found = WORKER.search(server.log_path.read_text(encoding="utf-8", errors="replace"))
    return found.group(1) if found else None


def _start(sb: Any, url: str, workdir: Path, name: str) -> servers.Served:
    return servers.start_greenroom(
        name,
        sb,
        url,
        workdir=workdir,
        signing_secret=stage.SIGNING_SECRET,
        extra={"GREENROOM_LOG_LEVEL": "INFO"},
    )


def measure(
    url: str, *, members: int, kill_after: int, replicas: bool, workdir: Path
) -> dict[str, Any]:
    """One kill and takeover on ``url``: a restart, or with ``replicas`` a surviving replica."""
    stage.fresh_database(url)
    crew = stage.make_crew(members - 1)
    sb = crew.sandbox
    sb.faults.latency("chat.postMessage", POST_LATENCY)
    started: list[servers.Served] = []
    try:
        first = _start(sb, url, workdir, "restart-first")
        started.append(first)
        if replicas:
            started.append(_start(sb, url, workdir, "restart-survivor"))
        sb.bot_url = first.events_url
        stage.send_pulse(crew)
        stage.wait_until(lambda: len(_posts(sb)) >= kill_after, timeout=120, what="prompts")
        worker = _worker_of(first)
        first.process.kill()
        killed_at, killed_clock = datetime.now(UTC), time.perf_counter()
        first.process.wait()
        before = len(_posts(sb))
        held = _held(url, worker)
        if not replicas:
            again = _start(sb, url, workdir, "restart-again")
            started.append(again)
        ready_at, ready_clock = datetime.now(UTC), time.perf_counter()
        stage.wait_until(lambda: len(_posts(sb)) >= members, timeout=300, what="every prompt")
        time.sleep(1.0)  # a duplicate would come now
        posts = _posts(sb)
    finally:
        for server in started:
            server.stop()
        sb.stop()
    origin = killed_at if replicas else ready_at  # the sandbox runs on the real clock
    taken = sorted(c.at for c in posts if c.args["channel"] in held and c.at >= origin)
    per_person = Counter(c.args["channel"] for c in posts)
    last = max(c.at for c in posts)
    return {
        "case": "surviving replica" if replicas else "restart",
        "members": members,
        "killed_after_prompts": before,
        "rows_held_by_the_killed_process": len(held),
        "restart_seconds_to_healthy": None if replicas else round(ready_clock - killed_clock, 2),
        "takeover_seconds": round((taken[0] - origin).total_seconds(), 2) if taken else None,
        "last_prompt_seconds_after": round((last - origin).total_seconds(), 2),
        "duplicates": sum(n - 1 for n in per_person.values() if n > 1),
        "misses": members - len(per_person),
    }


def run(quick: bool, urls: dict[str, str], workdir: Path | None = None) -> dict[str, Any]:
    """A restart on SQLite; on PostgreSQL a restart and a surviving replica. The JSON section."""
    members, kill_after = (30, 8) if quick else (300, 60)
    with tempfile.TemporaryDirectory(prefix="greenroom-restart-") as scratch:
        folder = workdir or Path(scratch)
        results: dict[str, Any] = {}
        for name, url in urls.items():
            cases = {"restart": False, **({"replica": True} if name == "postgresql" else {})}
            results[name] = {
                case: measure(
                    url, members=members, kill_after=kill_after, replicas=flag, workdir=folder
                )
                for case, flag in cases.items()
            }
    return {
        "benchmark": "restart",
        "quick": quick,
        "post_latency_seconds": POST_LATENCY,
        "lease_seconds": 120,
        "databases": results,
    }

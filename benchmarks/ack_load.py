"""Load for the ack benchmark: one load generator run against a server, and the watch on the
confirmations that follow the acks (``chat.update`` for Greenroom, ``response_url`` posts for
the bare Bolt baseline that confirms)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import servers, stage

CONCURRENCY = 16


def generate(spec: dict[str, Any], path: Path) -> dict[str, Any]:
    """Run the load generator on ``spec`` (written to ``path``) in a child process; its JSON."""
    path.write_text(json.dumps(spec))
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.loadgen", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=servers.child_environment(),
    )
    result: dict[str, Any] = json.loads(child.stdout)
    return result


def load(
    server: servers.Served,
    bodies: list[str],
    workdir: Path,
    *,
    seconds: float,
    warmup: int,
    rate: float | None,
    settle: Callable[[], float] | None = None,
) -> dict[str, Any]:
    """One load generator run in a child process, with the server's CPU time per request.

    ``settle()`` waits for the background work the requests started (the confirmations);
    its seconds are reported and its CPU time is counted.
    """
    spec = {
        "url": server.events_url,
        "requests": stage.signed_requests(bodies),
        "concurrency": CONCURRENCY,
        "duration": seconds,
        "max_requests": 1_000_000,
        "rate": rate,
        "warmup": warmup,
    }
    cpu = server.cpu_seconds()
    result = generate(spec, workdir / "load.json")
    served = result["requests"] + result["warmup_ok"]
    if settle is not None:
        result["background_drain_seconds"] = round(settle(), 2)
    cpu = server.cpu_seconds() - cpu
    result["server_cpu_ms_per_request"] = round(1000 * cpu / served, 3) if served else None
    return result


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The round with the highest throughput (the least disturbed by the machine)."""
    return max(runs, key=lambda r: r["requests_per_second"])


def least_disturbed(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The open-loop round with the lowest p99 (the least disturbed by the machine)."""
    return min(runs, key=lambda r: r["latency_ms"]["p99"] or float("inf"))


class Confirmations:
    """Counts the confirmations the sandbox received: successful ``chat.update`` calls, or
    posts to response URLs.

    Several clicks of one member may be confirmed by one update (redraws coalesce), so the
    confirmations have caught up when none has arrived for ``QUIET`` seconds.
    """

    QUIET = 1.0

    def __init__(self, sandbox: Any, *, via_response_url: bool = False) -> None:
        self.sandbox = sandbox
        self.via_response_url = via_response_url
        self.seen = 0
        self._index = 0
        self.last_at = time.perf_counter()

    def _count(self) -> None:
        if self.via_response_url:
            total = len(self.sandbox.responses)
            if total != self.seen:
                self.seen, self.last_at = total, time.perf_counter()
            return
        calls = self.sandbox.calls
        for call in calls[self._index :]:
            if call.method == "chat.update" and call.status == 200:
                self.seen += 1
                self.last_at = time.perf_counter()
        self._index = len(calls)

    def wait(self) -> float:
        """Seconds from now until the last confirmation arrived (once they stop coming)."""
        self._count()
        began = time.perf_counter()
        self.last_at = began
        deadline = began + 300
        while time.perf_counter() < deadline:
            self._count()
            if time.perf_counter() - self.last_at >= self.QUIET:
                break
            time.sleep(0.05)  # polling the sandbox's call log; a benchmark, not a test
        return max(0.0, self.last_at - began)

"""A small HTTP load generator: persistent keep-alive connections, bounded in count and time.

Two modes, both over ``http.client`` with one connection per worker thread:

- *closed loop* (``rate=None``): ``concurrency`` workers each send the next request as soon
  as the previous answer arrives — the server's throughput at that concurrency;
- *open loop* (``rate=R``): requests are due every ``1/R`` seconds whatever the server does;
  a request's latency runs from when it was due (not when a worker got to it), so a server
  that falls behind is charged for the queue it causes.

It runs in its own process (``python -m benchmarks.loadgen SPEC``) so its threads do not share
a GIL with the sandbox or the benchmark driver. The spec is a JSON file: ``url``, ``requests``
(``[{"body": str, "headers": {...}}, ...]``, used round-robin), ``concurrency``, ``duration``,
``max_requests``, ``rate``, ``warmup``. It prints one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import queue
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

TIMEOUT = 10.0


@dataclass(frozen=True)
class Request:
    """One prepared POST: body and headers (already signed)."""

    body: bytes
    headers: dict[str, str]


@dataclass
class _Tally:
    """What one worker saw."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0


class _Connection:
    """A keep-alive connection that reconnects after a failure."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.conn: http.client.HTTPConnection | None = None

    def post(self, path: str, request: Request) -> int:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            self.conn.request("POST", path, body=request.body, headers=request.headers)
            response = self.conn.getresponse()
            response.read()
            if response.will_close:
                self.close()
            return response.status
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile of ``values`` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _summary(tallies: list[_Tally], seconds: float, mode: dict[str, Any]) -> dict[str, Any]:
    latencies = [x for t in tallies for x in t.latencies]
    statuses: dict[str, int] = {}
    for tally in tallies:
        for status, count in tally.statuses.items():
            statuses[str(status)] = statuses.get(str(status), 0) + count
    ok = statuses.get("200", 0)

    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 2)

    return {
        **mode,
        "requests": len(latencies),
        "ok": ok,
        "statuses": statuses,
        "errors": sum(t.errors for t in tallies),
        "seconds": round(seconds, 3),
        "requests_per_second": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "latency_ms": {
            "p50": ms(percentile(latencies, 0.50)),
            "p90": ms(percentile(latencies, 0.90)),
            "p99": ms(percentile(latencies, 0.99)),
            "max": ms(max(latencies, default=None)),
            "mean": ms(statistics.fmean(latencies) if latencies else None),
        },
    }


class _Feed:
    """Hands out requests round-robin, up to a count and a deadline."""

    def __init__(self, requests: Sequence[Request], max_requests: int, deadline: float) -> None:
        self.requests = requests
        self.max_requests = max_requests
        self.deadline = deadline
        self._next = 0
        self._lock = threading.Lock()

    def take(self) -> Request | None:
        with self._lock:
            if self._next >= self.max_requests or time.perf_counter() >= self.deadline:
                return None
            request = self.requests[self._next % len(self.requests)]
            self._next += 1
            return request


def closed_loop(
    url: str,
    requests: Sequence[Request],
    *,
    concurrency: int,
    duration: float,
    max_requests: int,
    warmup: int = 0,
) -> dict[str, Any]:
    """``concurrency`` workers back to back until ``max_requests`` or ``duration`` seconds."""
    parts = urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path or "/"
    warmed = _warm(host, port, path, requests, warmup)
    began = time.perf_counter()
    feed = _Feed(requests, max_requests, began + duration)
    tallies = [_Tally() for _ in range(concurrency)]

    def worker(tally: _Tally) -> None:
        connection = _Connection(host, port)
        while (request := feed.take()) is not None:
            start = time.perf_counter()
            try:
                status = connection.post(path, request)
            except (OSError, http.client.HTTPException):
                tally.errors += 1
                continue
            tally.latencies.append(time.perf_counter() - start)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
        connection.close()

    _run_workers(worker, tallies)
    seconds = time.perf_counter() - began
    mode = {"mode": "closed", "concurrency": concurrency, "warmup_ok": warmed}
    return _summary(tallies, seconds, mode)


def open_loop(
    url: str,
    requests: Sequence[Request],
    *,
    rate: float,
    concurrency: int,
    duration: float,
    max_requests: int,
    warmup: int = 0,
) -> dict[str, Any]:
    """Requests due every ``1/rate`` s, served by ``concurrency`` connections; latency from due."""
    parts = urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path or "/"
    warmed = _warm(host, port, path, requests, warmup)
    count = min(max_requests, int(rate * duration))
    due: queue.Queue[tuple[float, Request] | None] = queue.Queue()
    tallies = [_Tally() for _ in range(concurrency)]

    def worker(tally: _Tally) -> None:
        connection = _Connection(host, port)
        while (item := due.get()) is not None:
            when, request = item
            try:
                status = connection.post(path, request)
            except (OSError, http.client.HTTPException):
                tally.errors += 1
                continue
            tally.latencies.append(time.perf_counter() - when)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(t,), daemon=True) for t in tallies]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    for number in range(count):
        when = began + number / rate
        pause = when - time.perf_counter()
        if pause > 0:
            time.sleep(pause)  # the schedule itself: this is what "offered rate" means
        due.put((when, requests[number % len(requests)]))
    for _ in threads:
        due.put(None)
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    mode = {"mode": "open", "offered_rate": rate, "concurrency": concurrency, "warmup_ok": warmed}
    return _summary(tallies, seconds, mode)


def _warm(host: str, port: int, path: str, requests: Sequence[Request], count: int) -> int:
    """A few requests first, so first-call costs are not measured; how many got a 200."""
    ok = 0
    connection = _Connection(host, port)
    for number in range(count):
        with contextlib.suppress(OSError, http.client.HTTPException):
            ok += connection.post(path, requests[number % len(requests)]) == 200
    connection.close()
    return ok


def _run_workers(worker: Any, tallies: list[_Tally]) -> None:
    threads = [threading.Thread(target=worker, args=(t,), daemon=True) for t in tallies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one load described by a spec dict (see the module docstring)."""
    requests = [Request(item["body"].encode(), dict(item["headers"])) for item in spec["requests"]]
    common = {
        "concurrency": int(spec.get("concurrency", 16)),
        "duration": float(spec.get("duration", 10.0)),
        "max_requests": int(spec.get("max_requests", 10_000)),
        "warmup": int(spec.get("warmup", 0)),
    }
    if spec.get("rate"):
        return open_loop(spec["url"], requests, rate=float(spec["rate"]), **common)
    return closed_loop(spec["url"], requests, **common)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.loadgen SPEC.json``: run the load, print the JSON summary."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadgen", description=__doc__)
    parser.add_argument("spec", help="JSON file describing the load")
    args = parser.parse_args(argv)
    with open(args.spec, encoding="utf-8") as handle:
        spec = json.load(handle)
    print(json.dumps(run_spec(spec)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

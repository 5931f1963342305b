"""Servers under test as real processes: ``greenroom run`` and the bare Bolt baseline.

Each is started with an environment pointing it at the sandbox, timed until ``/healthz``
answers 200, measured (resident memory of the whole process tree) and stopped with SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

START_TIMEOUT = 60.0
STOP_TIMEOUT = 45.0


@dataclass
class Served:
    """A server process (its only worker, or gunicorn's master) and how long it took to become
    healthy."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    seconds_to_healthy: float
    log_path: Path
    _log: IO[bytes]
    cpu_seconds_to_healthy: float = 0.0  # the process tree's CPU time, finished children too

    @property
    def url(self) -> str:
        """The root URL on loopback."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def events_url(self) -> str:
        """Where Slack sends requests."""
        return f"{self.url}/slack/events"

    def memory(self) -> dict[str, float | int]:
        """Resident memory of the master and every descendant (RSS sum and PSS sum, MB)."""
        return tree_memory(self.process.pid)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the master and every descendant."""
        return tree_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        """SIGTERM (graceful), then SIGKILL if it does not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's stderr (for error reports)."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def greenroom_command() -> list[str]:
    """``greenroom run`` from this environment (the console script, else ``python -m bot``)."""
    script = Path(sys.executable).with_name("greenroom")
    if script.exists():
        return [str(script), "run"]
    return [sys.executable, "-m", "bot", "run"]


def bare_command(*, respond: bool = False) -> list[str]:
    """The bare Bolt baseline served by ``greenroom run``'s server; with ``respond`` it also
    confirms each click through its response_url on a background thread."""
    return [sys.executable, "-m", "benchmarks.bare", *(["--respond"] if respond else [])]


def child_environment() -> dict[str, str]:
    """This environment, with this checkout importable (``python -m benchmarks.…``)."""
    root = str(Path(__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{path}" if path else root}


def bot_environment(
    *,
    database_url: str,
    api_url: str,
    bot_token: str,
    signing_secret: str,
    port: int,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The environment of a server under test (no .env file is read)."""
    env = {
        key: value
        for key, value in child_environment().items()
        if not key.startswith(("SLACK_", "GREENROOM_", "DATABASE_URL"))
    }
    env.update(
        DATABASE_URL=database_url,
        SLACK_API_URL=api_url,
        SLACK_BOT_TOKEN=bot_token,
        SLACK_SIGNING_SECRET=signing_secret,
        PORT=str(port),
        GREENROOM_LOG_LEVEL="WARNING",
        GREENROOM_ENV_FILE=os.devnull,
    )
    env.update(extra or {})
    return env


def start(
    name: str,
    command: list[str],
    env: dict[str, str],
    *,
    workdir: Path,
    port: int,
    cpus: set[int] | None = None,
) -> Served:
    """Start a server (on ``cpus`` only, when given) and wait for /healthz 200.

    RuntimeError (with the end of its log) if it never becomes healthy.
    """
    log_path = workdir / f"{name}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed by Served.stop
    began = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,  # noqa: PLW1509
    )
    served = Served(name, process, port, 0.0, log_path, log)
    health = f"{served.url}/healthz"
    while time.perf_counter() - began < START_TIMEOUT:
        if process.poll() is not None:
            break
        if _healthy(health):
            served.seconds_to_healthy = time.perf_counter() - began
            served.cpu_seconds_to_healthy = tree_cpu_seconds(process.pid, reaped=True)
            return served
        time.sleep(0.01)  # polling a child process's start-up; this is a benchmark, not a test
    served.stop()
    raise RuntimeError(f"{name} did not become healthy:\n{served.log_tail()}")


def start_greenroom(
    name: str,
    sandbox: Any,
    database_url: str,
    *,
    workdir: Path,
    signing_secret: str,
    extra: dict[str, str] | None = None,
) -> Served:
    """``greenroom run`` on ``database_url`` pointed at ``sandbox``, healthy."""
    port = free_port()
    env = bot_environment(
        database_url=database_url,
        api_url=sandbox.base_url,
        bot_token=sandbox.workspace.bot_token,
        signing_secret=signing_secret,
        port=port,
        extra=extra,
    )
    return start(name, greenroom_command(), env, workdir=workdir, port=port)


@dataclass(frozen=True)
class Placement:
    """Which CPUs the server under test gets, and which the driver (sandbox, load generator)."""

    server: frozenset[int]
    driver: frozenset[int]

    @classmethod
    def split(cls) -> Placement | None:
        """Half the CPUs this process may use for the server, the rest for the driver.

        None on a single CPU (or where affinity cannot be set): everything shares it.
        """
        try:
            available = sorted(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            return None
        if len(available) < 2:
            return None
        half = len(available) // 2
        return cls(frozenset(available[:half]), frozenset(available[half:]))

    def describe(self) -> str:
        """For the report."""
        server, driver = sorted(self.server), sorted(self.driver)
        return f"server on CPU {server}; sandbox and load generator on CPU {driver}"


@contextlib.contextmanager
def driver_on(placement: Placement | None) -> Iterator[None]:
    """Run this process (and the children it starts) on the driver's CPUs meanwhile."""
    if placement is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, placement.driver)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                text = Path(f"/proc/{pid}/task/{task}/children").read_text()
                found += [int(child) for child in text.split()]
    return found


def _status_kb(pid: int, path: str, key: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _tree(pid: int) -> list[int]:
    pids, pending = [], [pid]
    while pending:
        current = pending.pop()
        pids.append(current)
        pending += _children(current)
    return pids


def tree_cpu_seconds(pid: int, *, reaped: bool = False) -> float:
    """User + system CPU seconds of ``pid`` and its descendants (from /proc); with ``reaped``
    also of the children that have ended and been waited for (e.g. a migration child)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for current in _tree(pid):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{current}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
            if reaped:
                total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / ticks


def tree_memory(pid: int) -> dict[str, float | int]:
    """RSS and PSS (shared pages split between sharers) of ``pid`` and its descendants, MB."""
    pids = _tree(pid)
    rss = sum(_status_kb(p, "status", "VmRSS") for p in pids)
    pss = sum(_status_kb(p, "smaps_rollup", "Pss") for p in pids)
    return {"processes": len(pids), "rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1)}

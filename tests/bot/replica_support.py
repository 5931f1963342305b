"""Real ``greenroom run`` processes for the tests: start one, read its log, kill it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import text

from sandbox import Sandbox
from storage.db import Database
from tests.bot.crew_flows import GREENROOM, healthz
from tests.conftest import SIGNING_SECRET, own_database

READY = re.compile(r"ready: HTTP on port (\d+) \((\w+) database, worker (\S+)\)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Replica:
    """One ``greenroom run`` process group, its log and its readiness."""

    name: str
    port: int
    process: subprocess.Popen[str]
    started: float
    log: list[str] = field(default_factory=list)
    worker_id: str | None = None
    ready_after: float | None = None
    ready: threading.Event = field(default_factory=threading.Event)
    reader: threading.Thread | None = None

    @classmethod
    def start(cls, name: str, env: dict[str, str]) -> Replica:
        port = free_port()
        process = subprocess.Popen(
            [str(GREENROOM), "run"],
            env={**env, "PORT": str(port)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # the gunicorn master and its worker form one group
        )
        replica = cls(name, port, process, time.monotonic())
        replica.reader = threading.Thread(target=replica._read, daemon=True)
        replica.reader.start()
        return replica

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line.rstrip())
            found = READY.search(line)
            if found and not self.ready.is_set():
                self.worker_id = found.group(3)
                self.ready_after = time.monotonic() - self.started
                self.ready.set()
        self.ready.set()  # exited: stop waiting

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 60) -> None:
        assert self.ready.wait(timeout), f"{self.name} did not start: {self.log}"
        assert self.worker_id, f"{self.name} exited: {self.log}"
        status, body = healthz(self.url)
        assert status == 200 and json.loads(body)["status"] == "ok"

    def kill(self) -> None:
        """SIGKILL the whole replica: no clean-up, claims left behind."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self._reap(30)

    def stop(self) -> None:
        """SIGTERM the replica (gunicorn finishes in-flight work), SIGKILL if it hangs."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self._reap(10)

    def _reap(self, timeout: float) -> None:
        self.process.wait(timeout=timeout)
        if self.reader is not None:
            self.reader.join(timeout=timeout)
        if self.process.stderr is not None:
            self.process.stderr.close()


def replica_env(sandbox: Sandbox, database_url: str, **extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GREENROOM_"))},
        "GREENROOM_ENV_FILE": os.devnull,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": sandbox.workspace.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": sandbox.base_url,
        "GREENROOM_TZ": "UTC",
        "GREENROOM_LOG_LEVEL": "INFO",
        **extra,
    }


@pytest.fixture
def live_sandbox() -> Iterator[Sandbox]:
    """A sandbox on the real clock, as the replicas run on it."""
    sb = Sandbox(signing_secret=SIGNING_SECRET)
    sb.start()
    yield sb
    sb.stop()


def fresh_database(url: str) -> str:
    """A migrated, empty PostgreSQL database of this worker's own on ``url``'s server."""
    target = own_database(url, "replicas")
    db = Database(target)
    with db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    db.upgrade()
    db.dispose()
    return target


@pytest.fixture
def replica_database() -> str:
    """A fresh PostgreSQL database for replicas (skipped on SQLite, which serves one process)."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("replicas need PostgreSQL (SQLite serves one process): set TEST_DATABASE_URL")
    return fresh_database(url)

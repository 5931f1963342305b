"""Real ``greenroom run`` processes: replicas sharing PostgreSQL deliver every prompt exactly
once, even when one is killed mid fan-out; SQLite refuses a second process.

The replica test runs for about six minutes in the PostgreSQL pass (TEST_DATABASE_URL set) and
is skipped on SQLite, where several processes are refused by design.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from sandbox import Sandbox
from storage.db import Database
from storage.models import Delivery, Occurrence, Ritual
from tests.bot.crew_flows import GREENROOM, healthz
from tests.conftest import SIGNING_SECRET, own_database

RECIPIENTS = 300
OCCURRENCES = 5
LEASE_SECONDS = 15
POST_LATENCY = 0.25  # seconds per chat.postMessage: a fan-out takes long enough to be cut
READY = re.compile(r"ready: HTTP on port (\d+) \((\w+) database, worker (\S+)\)")
OCCURRENCE_OF = re.compile(r'"occ:(\d+)')


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


# PostgreSQL: replicas ---------------------------------------------------------------------


@pytest.fixture
def replica_database() -> Iterator[str]:
    """A fresh, migrated database of its own on TEST_DATABASE_URL's server."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip(
            "replicas need PostgreSQL (SQLite serves one process): set TEST_DATABASE_URL "
            "to run this ~6-minute test in the PostgreSQL pass"
        )
    target = own_database(url, "replicas")
    db = Database(target)
    with db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    db.upgrade()
    db.dispose()
    yield target


def post_occurrence(call: Any) -> int | None:
    """The pulse occurrence a chat.postMessage call belongs to (from its button values)."""
    found = OCCURRENCE_OF.search(json.dumps(call.args.get("blocks") or []))
    return int(found.group(1)) if found else None


@pytest.mark.timeout(900)
def test_replicas_on_postgresql_prompt_everyone_once_even_when_one_is_killed(
    replica_database: str, live_sandbox: Sandbox
) -> None:
    sb, ws = live_sandbox, live_sandbox.workspace
    manager = ws.add_user("lead", "Crew Lead", is_admin=True)
    crew = [ws.add_user(f"m{n:03d}", f"Member {n}") for n in range(RECIPIENTS - 1)]
    people = [manager, *crew]
    channel = ws.add_channel("crew", people)
    sb.faults.latency("chat.postMessage", POST_LATENCY)
    env = replica_env(sb, replica_database, GREENROOM_LEASE_SECONDS=str(LEASE_SECONDS))
    a, b = Replica.start("a", env), Replica.start("b", env)
    db = Database(replica_database)
    try:
        a.wait_ready()
        b.wait_ready()
        print(f"\nreplicas healthy after {a.ready_after:.2f}s and {b.ready_after:.2f}s")

        sb.bot_url = f"{a.url}/slack/events"
        answer = sb.slash_command(manager, "/greenroom", f'pulse schedule "* * * * *" <#{channel}>')
        assert answer.status == 200, answer.text
        started = time.monotonic()

        def posts() -> list[Any]:
            return [c for c in sb.calls if c.method == "chat.postMessage" and c.status == 200]

        # kill A while the second occurrence fans out
        sb.wait_for(lambda: len(posts()) >= RECIPIENTS + 100, timeout=200)
        a.kill()
        killed_at = time.monotonic() - started
        with db.session() as session:
            left = session.execute(
                select(Delivery.id, Delivery.status).where(
                    Delivery.claimed_by == a.worker_id,
                    Delivery.status.in_(("claimed", "sending")),
                )
            ).all()
        in_flight = [row.id for row in left if row.status == "sending"]
        assert in_flight, "A had no send in flight when it was killed"

        # five occurrences, then pause the ritual through B
        sb.wait_for(lambda: len({post_occurrence(c) for c in posts()}) >= OCCURRENCES, timeout=330)
        with db.session() as session:
            ritual_id = session.scalars(select(Ritual.id)).one()
        sb.bot_url = f"{b.url}/slack/events"
        paused = sb.slash_command(manager, "/greenroom", f"pause {ritual_id}")
        assert paused.status == 200, paused.text
        with db.session() as session:
            occurrence_ids = sorted(
                session.scalars(select(Occurrence.id).where(Occurrence.kind == "pulse")).all()
            )
        assert len(occurrence_ids) >= OCCURRENCES
        sb.wait_for(lambda: len(posts()) >= len(occurrence_ids) * RECIPIENTS, timeout=200)
        elapsed = time.monotonic() - started
    finally:
        a.stop()
        b.stop()

    # Slack's side: one prompt per recipient per occurrence, in each member's DM
    sent = posts()
    per_recipient = Counter((post_occurrence(c), c.args["channel"]) for c in sent)
    duplicates = sum(n - 1 for n in per_recipient.values() if n > 1)
    expected = {(o, p) for o in occurrence_ids for p in people}
    print(
        f"replicas: {len(occurrence_ids)} occurrences x {RECIPIENTS} recipients, "
        f"{len(sent)} prompts posted, {duplicates} duplicates, A killed at {killed_at:.0f}s "
        f"with {len(left)} claimed ({len(in_flight)} in flight), all done after {elapsed:.0f}s"
    )
    assert duplicates == 0
    assert set(per_recipient) == expected
    for person in people[:: RECIPIENTS // 10]:
        assert len(ws.dm_messages(person)) == len(occurrence_ids)

    # the database's side: every prompt row sent once, by someone, with the message's ts
    with db.session() as session:
        prompts = session.scalars(select(Delivery).where(Delivery.kind == "pulse_prompt")).all()
        taken_over = session.scalars(select(Delivery).where(Delivery.id.in_(in_flight))).all()
    assert len(prompts) == len(expected)
    assert {p.status for p in prompts} == {"sent"}
    assert len({(p.occurrence_id, p.recipient) for p in prompts}) == len(prompts)
    by_ts = {(c.response["channel"], c.response["ts"]) for c in sent}
    assert {(p.channel, p.message_ts) for p in prompts} == by_ts
    assert {d.claimed_by for d in taken_over} == {b.worker_id}
    assert any("reconciled" in line for line in b.log), "B never reconciled A's in-flight sends"
    assert sb.calls_to("conversations.history")
    errors = [line for line in a.log + b.log if " ERROR " in line]
    assert errors == []
    db.dispose()

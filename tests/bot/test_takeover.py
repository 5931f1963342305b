"""A killed ``greenroom run`` stalls nobody: its work is taken over within seconds, never by
waiting out its leases, and everyone is still prompted exactly once.

Real processes, the sandbox on the real clock, posts slowed so a 300-person fan-out takes long
enough to be cut. The leases stay at their two-minute default: taking over must not wait for
them. On SQLite the same process is started again (it serves one process); on PostgreSQL (the
suite's PostgreSQL pass) the restart too, and two replicas where one is killed.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sandbox import Sandbox
from storage.db import Database
from storage.models import Delivery
from tests.bot.replica_support import (
    Replica,
    fresh_database,
    live_sandbox,
    replica_database,
    replica_env,
)

__all__ = ["live_sandbox", "replica_database"]

RECIPIENTS = 300
POST_LATENCY = 0.25  # seconds a chat.postMessage takes at the sandbox
KILL_AFTER = 60  # prompts out before the kill
TAKEOVER_LIMIT = 15.0  # seconds, plus the time Slack's own pace needs for what was left


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    """The database of this pass: a SQLite file, or PostgreSQL when TEST_DATABASE_URL is set."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    yield fresh_database(url) if url else f"sqlite:///{tmp_path / 'greenroom.db'}"


class Fanout:
    """A crew of RECIPIENTS in #crew, and what the sandbox saw of the pulse sent to them."""

    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb
        ws = sb.workspace
        self.manager = ws.add_user("lead", "Crew Lead", is_admin=True)
        self.people = [self.manager] + [
            ws.add_user(f"m{n:03d}", f"Member {n}") for n in range(RECIPIENTS - 1)
        ]
        self.channel = ws.add_channel("crew", self.people)
        sb.faults.latency("chat.postMessage", POST_LATENCY)

    def posts(self) -> list[Any]:
        """Posts Slack accepted (a request cut off by the kill is answered ``ok: false``)."""
        return [
            c
            for c in self.sb.calls
            if c.method == "chat.postMessage" and c.status == 200 and c.response.get("ok")
        ]

    def send(self, replica: Replica) -> datetime:
        self.sb.bot_url = f"{replica.url}/slack/events"
        reply = self.sb.slash_command(self.manager, "/greenroom", f"pulse send <#{self.channel}>")
        assert reply.status == 200, reply.text
        return datetime.now(UTC)

    def wait_for(self, count: int, timeout: float) -> None:
        self.sb.wait_for(lambda: len(self.posts()) >= count, timeout=timeout)

    def assert_everyone_once(self, url: str) -> None:
        per_person = Counter(c.args["channel"] for c in self.posts())
        assert {p: n for p, n in per_person.items() if n != 1} == {}
        assert set(per_person) == set(self.people)
        db = Database(url)
        with db.session() as session:
            rows = session.scalars(select(Delivery).where(Delivery.kind == "pulse_prompt")).all()
        db.dispose()
        assert len(rows) == RECIPIENTS and {r.status for r in rows} == {"sent"}


def held_by(url: str, worker: str | None) -> list[str]:
    """Recipients of the rows ``worker`` had claimed or had in flight."""
    db = Database(url)
    with db.session() as session:
        held = session.scalars(
            select(Delivery.recipient).where(
                Delivery.claimed_by == worker, Delivery.status.in_(("claimed", "sending"))
            )
        ).all()
    db.dispose()
    return list(held)


def pace(posts: list[Any]) -> float:
    """Posts per second Slack let through before the kill."""
    seconds = (posts[-1].at - posts[0].at).total_seconds()
    return (len(posts) - 1) / seconds if seconds > 0 else float(len(posts))


def test_a_restart_takes_over_at_once_and_prompts_everyone_once(
    live_sandbox: Sandbox, database: str
) -> None:
    crew = Fanout(live_sandbox)
    env = replica_env(live_sandbox, database)
    first = Replica.start("first", env)
    try:
        first.wait_ready()
        crew.send(first)
        crew.wait_for(KILL_AFTER, timeout=120)
        first.kill()
        before = crew.posts()
        left = held_by(database, first.worker_id)
        rate = pace(before)
        again = Replica.start("again", env)
        try:
            again.wait_ready()
            ready_at = datetime.now(UTC)
            crew.wait_for(RECIPIENTS, timeout=180)
        finally:
            again.stop()
    finally:
        first.stop()
    after = [c for c in crew.posts() if c.at >= ready_at]
    remaining = RECIPIENTS - len(before)
    took = (after[-1].at - ready_at).total_seconds()
    first_taken = min(c.at for c in after if c.args["channel"] in left)
    print(
        f"\nrestart: killed after {len(before)} prompts holding {len(left)} rows; "
        f"{remaining} left at {rate:.1f}/s; first held row after "
        f"{(first_taken - ready_at).total_seconds():.1f}s, last prompt {took:.1f}s after ready"
    )
    assert left, "the killed process held no rows: nothing was taken over"
    assert (first_taken - ready_at).total_seconds() <= TAKEOVER_LIMIT
    assert took <= TAKEOVER_LIMIT + remaining / rate
    crew.assert_everyone_once(database)
    assert any("taking over deliveries" in line for line in again.log)


def test_a_surviving_replica_takes_over_within_seconds(
    live_sandbox: Sandbox, replica_database: str
) -> None:
    crew = Fanout(live_sandbox)
    env = replica_env(live_sandbox, replica_database)
    a, b = Replica.start("a", env), Replica.start("b", env)
    try:
        a.wait_ready()
        b.wait_ready()
        crew.send(a)
        live_sandbox.wait_for(lambda: len(held_by(replica_database, a.worker_id)) > 0, timeout=60)
        crew.wait_for(KILL_AFTER, timeout=120)
        a.kill()
        killed_at = datetime.now(UTC)
        left = held_by(replica_database, a.worker_id)
        crew.wait_for(RECIPIENTS, timeout=180)
    finally:
        a.stop()
        b.stop()
    taken = sorted(c.at for c in crew.posts() if c.args["channel"] in left and c.at >= killed_at)
    takeover = (taken[0] - killed_at).total_seconds()
    print(f"\nreplicas: A killed holding {len(left)} rows; B took over after {takeover:.1f}s")
    assert left and takeover <= TAKEOVER_LIMIT
    crew.assert_everyone_once(replica_database)
    assert any("taking over deliveries" in line for line in b.log)
    assert [line for line in a.log + b.log if " ERROR " in line] == []

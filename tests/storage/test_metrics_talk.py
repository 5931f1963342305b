"""Prompts and cross-role talk per interval, as one statement per span of weeks, agree with
a plain count over the same rows (on SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.metrics.common import prompts
from storage.metrics.talk import Talk, cross_role
from tests.storage.metrics_seed import CREW, OTHER, Seeder, at

BOUNDS = [at(2), at(9), at(16, 5), at(23, 5), at(30, 5)]
ROLES = [None, "", "lighting", "sound", "camera"]


@dataclass
class Rows:
    """What was seeded for team T1, to count by hand."""

    roles: dict[str, str | None] = field(default_factory=dict)
    talk: list[tuple[str, str | None, datetime, str]] = field(default_factory=list)
    sent: list[tuple[str, datetime, str]] = field(default_factory=list)


def _when(rng: random.Random) -> datetime:
    if rng.random() < 0.1:  # exactly on a bound
        return rng.choice(BOUNDS)
    return at(28, 0, month=10) + timedelta(minutes=rng.randrange(60 * 24 * 38))


def _seed(db: Database, seed: int) -> Rows:
    rng = random.Random(seed)
    rows = Rows()
    people = [f"U{n:02d}" for n in range(24)]
    with db.session() as session:
        for team_id in ("T1", "T2"):
            s = Seeder(session, team_id)
            s.workspace()
            for user in people[:20]:  # the last four are nobody's members
                role = rng.choice(ROLES)
                s.member(user, role, is_bot=rng.random() < 0.1)
                if team_id == "T1":
                    rows.roles[user] = role
            for _ in range(300):
                actor = rng.choice(people)
                target = rng.choice([*people, actor, None])
                when, channel = _when(rng), rng.choice([CREW, OTHER])
                s.interact(rng.choice(["reaction", "reply"]), actor, target, when, channel)
                if team_id == "T1":
                    rows.talk.append((actor, target, when, channel))
            for _ in range(12):
                when, channel = _when(rng), rng.choice([CREW, OTHER])
                recipients = rng.sample(people, 6)
                failed = {user: "failed" for user in recipients if rng.random() < 0.2}
                s.pulse(when, channel, recipients, **failed)
                if team_id == "T1":
                    rows.sent += [(u, when, channel) for u in recipients if u not in failed]
    return rows


def _interval(when: datetime, bounds: list[datetime]) -> int | None:
    for index, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        if start <= when < end:
            return index
    return None


def _plain_talk(rows: Rows, bounds: list[datetime], channel_id: str | None) -> list[Talk]:
    known: list[list[tuple[str, bool]]] = [[] for _ in bounds[1:]]
    for actor, target, when, channel in rows.talk:
        index = _interval(when, bounds)
        mine, theirs = rows.roles.get(actor), rows.roles.get(target or "")
        if index is None or channel_id not in (None, channel) or actor == target:
            continue
        if mine and theirs:
            known[index].append((actor, mine != theirs))
    return [
        Talk(len(week), sum(cross for _, cross in week), len({actor for actor, _ in week}))
        for week in known
    ]


def _plain_prompts(
    rows: Rows, bounds: list[datetime], channel_id: str | None
) -> list[tuple[int, int]]:
    sent: list[list[str]] = [[] for _ in bounds[1:]]
    for user, when, channel in rows.sent:
        index = _interval(when, bounds)
        if index is not None and channel_id in (None, channel):
            sent[index].append(user)
    return [(len(week), len(set(week))) for week in sent]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("channel_id", [None, CREW])
def test_counts_per_interval_match_a_plain_count(
    db: Database, seed: int, channel_id: str | None
) -> None:
    rows = _seed(db, seed)
    for bounds in (BOUNDS, BOUNDS[1:3], BOUNDS[::2]):
        with db.unit() as unit:
            talk = cross_role(unit, "T1", bounds, channel_id)
            sent = prompts(unit, "T1", bounds, channel_id)
        assert talk == _plain_talk(rows, bounds, channel_id)
        assert sent == _plain_prompts(rows, bounds, channel_id)
    assert any(t.cross for t in _plain_talk(rows, BOUNDS, channel_id))


def test_the_roles_copy_lives_only_within_the_count(db: Database) -> None:
    rows = _seed(db, 4)
    expected = _plain_talk(rows, BOUNDS, None)
    for _ in range(2):  # the same pooled connection counts again
        with db.unit() as unit:
            if unit.dialect == "sqlite":  # as a count that failed midway would leave it
                unit.execute(text("CREATE TEMP TABLE IF NOT EXISTS metric_known_roles (x)"))
            assert cross_role(unit, "T1", BOUNDS, None) == expected
            if unit.dialect == "sqlite":
                temporary = "SELECT name FROM sqlite_temp_master WHERE type = 'table'"
                assert unit.execute(text(temporary)).all() == []

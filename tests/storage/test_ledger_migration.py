"""Migration 0008 converts a ledger of answer rows into packed lists and sets, and back:
the same releases in the same order over the same answers, erased answers staying erased."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import column, select, table, text

from rituals.privacy import AnswerRef
from storage import ledger
from storage.db import Database
from tests.conftest import own_database

NOW = datetime(2026, 12, 1, tzinfo=UTC)
ANSWERS = [  # id, key, person, value
    (1, "11:1:4", "UA", 4),
    (2, "12:1:2", "UB", 2),
    (3, "gone.ab", "gone-1", None),
    (4, "14:1:5", "UD", 5),
    (5, "21:9:3", "UA", 3),
    (6, "22:9:1", "UC", 1),
]
SETS = {7: [1, 2, 3, 4], 9: [2, 4], 8: [5, 6]}
RELEASES = [  # id, week, metric, group, set
    (3, "2026-W47", "mean", "", 7),
    (5, "2026-W47", "distribution", "", 7),
    (6, "2026-W48", "mean", "", 8),
    (9, "2026-W47", "mean", "sound", 9),
]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        db = Database(own_database(url, "migration"))
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    yield db
    db.dispose()


def _old(name: str, *columns: str):  # type: ignore[no-untyped-def]
    return table(name, *(column(c) for c in columns))


RELEASE_TABLE = _old(
    "figure_releases", "id", "team_id", "week", "scope", "period", "metric", "grp", "final",
    "count", "total", "buckets", "set_id", "released_at",
)  # fmt: skip
ANSWER_TABLE = _old("figure_answers", "id", "team_id", "answer_key", "person", "value")
SET_TABLE = _old("figure_sets", "id", "team_id", "digest")
MEMBER_TABLE = _old("figure_set_answers", "set_id", "answer_id", "team_id")


def _seed_0007(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            ANSWER_TABLE.insert(),
            [
                {"id": n, "team_id": "T1", "answer_key": k, "person": p, "value": v}
                for n, k, p, v in ANSWERS
            ],
        )
        connection.execute(
            SET_TABLE.insert(), [{"id": n, "team_id": "T1", "digest": f"d{n}"} for n in SETS]
        )
        connection.execute(
            MEMBER_TABLE.insert(),
            [
                {"set_id": n, "answer_id": a, "team_id": "T1"}
                for n, members in SETS.items()
                for a in members
            ],
        )
        connection.execute(
            RELEASE_TABLE.insert(),
            [
                {
                    "id": n, "team_id": "T1", "week": week, "scope": "team", "period": week,
                    "metric": metric, "grp": group, "final": True, "count": len(SETS[s]),
                    "total": 10, "buckets": None, "set_id": s, "released_at": NOW,
                }
                for n, week, metric, group, s in RELEASES
            ],
        )  # fmt: skip


def _answers_of(n: int) -> frozenset[tuple[str, str]]:
    by_id = {a[0]: (a[1], a[2]) for a in ANSWERS}
    return frozenset(by_id[a] for a in SETS[n])


def _old_ledger(db: Database) -> list[tuple[str, str, str, frozenset[tuple[str, str, int | None]]]]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(
                RELEASE_TABLE.c.id,
                RELEASE_TABLE.c.week,
                RELEASE_TABLE.c.metric,
                RELEASE_TABLE.c.grp,
                ANSWER_TABLE.c.answer_key,
                ANSWER_TABLE.c.person,
                ANSWER_TABLE.c.value,
            )
            .join(MEMBER_TABLE, MEMBER_TABLE.c.set_id == RELEASE_TABLE.c.set_id)
            .join(ANSWER_TABLE, ANSWER_TABLE.c.id == MEMBER_TABLE.c.answer_id)
            .order_by(RELEASE_TABLE.c.id)
        ).all()
    found: dict[int, tuple[str, str, str, set[tuple[str, str, int | None]]]] = {}
    for n, week, metric, group, key, person, value in rows:
        found.setdefault(n, (week, metric, group, set()))[3].add((key, person, value))
    return [(w, m, g, frozenset(a)) for w, m, g, a in found.values()]


def test_converted_both_ways(database: Database) -> None:
    config = database.alembic_config()
    command.upgrade(config, "0007")
    _seed_0007(database)
    before = _old_ledger(database)
    command.upgrade(config, "0008")
    with database.unit() as unit:
        stored = ledger.load(unit, team_id="T1", weeks=["2026-W47", "2026-W48"])
    assert [(r.period, r.metric, r.group, r.refs) for r in stored.releases] == [
        (week, metric, group, _answers_of(s)) for _, week, metric, group, s in RELEASES
    ]
    assert stored.values == {k: (p, v) for _, k, p, v in ANSWERS}
    with database.unit() as unit:  # ids go on after the converted rows
        new = ledger.NewRelease(
            "team", "2026-W48", "2026-W48", "mean", "camera", True, 2, 4, None,
            frozenset({AnswerRef("22:9:1", "UC"), AnswerRef("23:9:3", "UE")}),
        )  # fmt: skip
        loaded = ledger.load(unit, team_id="T1", weeks=["2026-W48"])
        ledger.store(
            unit, team_id="T1", releases=[new], values={"23:9:3": 3}, now=NOW, loaded=loaded
        )
    command.downgrade(config, "0007")
    after = _old_ledger(database)
    assert after[:-1] == before
    assert after[-1] == (
        "2026-W48", "mean", "camera", frozenset({("22:9:1", "UC", 1), ("23:9:3", "UE", 3)})
    )  # fmt: skip
    command.upgrade(config, "head")
    with database.unit() as unit:
        again = ledger.load(unit, team_id="T1", weeks=["2026-W47", "2026-W48"])
    assert again.releases[:-1] == stored.releases
    assert len(again.releases) == len(stored.releases) + 1

"""Repositories over every table of a workspace: the channels its data names, and erasing it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from rituals.errors import NotFound
from rituals.purge import erase_workspace
from storage import channels, purge
from storage.db import Database
from storage.models import Base
from tests.storage.test_metrics import CREW, seed_scripted_week, seed_second_workspace


@pytest.fixture
def two(db: Database) -> Database:
    with db.session() as session:
        seed_scripted_week(session)
        seed_second_workspace(session)
    return db


def rows_of(db: Database, team_id: str) -> int:
    with db.unit() as unit:
        return sum(
            int(unit.execute(select(func.count()).where(t.c.team_id == team_id)).scalar() or 0)
            for t in purge.team_tables(unit)
        )


def test_channels_seen_are_the_workspace_own(two: Database) -> None:
    with two.unit() as unit:
        seen = channels.seen(unit, team_id="T1")
        assert CREW in seen
        assert channels.seen(unit, team_id="T404") == set()


def test_erase_team_deletes_every_row_of_one_workspace_only(two: Database) -> None:
    before_t2 = rows_of(two, "T2")
    assert rows_of(two, "T1") > 0 and before_t2 > 0
    with two.unit() as unit:
        names = {t.name for t in purge.team_tables(unit)}
        counts = purge.erase_team(unit, team_id="T1")
    assert {t.name for t in Base.metadata.sorted_tables if "team_id" in t.c} <= names
    assert {"slack_installations", "slack_bots"} <= names
    assert sum(counts.values()) > 0
    assert rows_of(two, "T1") == 0
    assert rows_of(two, "T2") == before_t2


def test_erase_workspace_refuses_an_unknown_team_and_erases_nothing(two: Database) -> None:
    before = rows_of(two, "T1") + rows_of(two, "T2")
    with pytest.raises(NotFound, match=r"No workspace T404 in this database; it has T1, T2\."):
        erase_workspace(two, "T404")
    assert rows_of(two, "T1") + rows_of(two, "T2") == before
    erased = erase_workspace(two, "T2")
    assert erased.total > 0 and rows_of(two, "T2") == 0

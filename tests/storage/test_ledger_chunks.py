"""The ledger keeps a week's answers in lists appended call by call: sets over answers of
several lists store and load whole, and forget-me leaves no key, value or name behind."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

from sqlalchemy import select

from rituals.privacy import AnswerRef
from storage import ledger
from storage.db import Database
from storage.models import FigureAnswerList, FigureSet

NOW = datetime(2026, 12, 1, tzinfo=UTC)
WEEK = "2026-W48"


def release(keys: list[str], group: str, week: str = WEEK) -> ledger.NewRelease:
    return ledger.NewRelease(
        scope="team",
        period=week,
        week=week,
        metric="mean",
        group=group,
        final=True,
        count=len(keys),
        total=3 * len(keys),
        buckets=None,
        answers=frozenset(AnswerRef(key, f"U{key}") for key in keys),
    )


def store(db: Database, *releases: ledger.NewRelease, loaded: bool = False) -> None:
    values = {ref.key: 3 for r in releases for ref in r.answers}
    with db.unit() as unit:
        weeks = {r.week for r in releases}
        stored = ledger.load(unit, team_id="T1", weeks=weeks) if loaded else None
        ledger.store(unit, team_id="T1", releases=releases, values=values, now=NOW, loaded=stored)


def test_sets_over_several_lists(db: Database) -> None:
    everyone = [f"k{n:02d}" for n in range(11)]
    store(db, release(everyone[:7], "a"))
    store(db, release(everyone[3:], "b"), loaded=True)  # four keys already stored
    store(db, release(everyone[1:9], "c"), release(everyone[:7], "d"))  # read by store itself
    with db.unit() as unit:
        stored = ledger.load(unit, team_id="T1", weeks=[WEEK])
        lists = unit.execute(select(FigureAnswerList.week)).scalars().all()
        sets = unit.execute(select(FigureSet.id)).scalars().all()
    assert [{key for key, _ in r.refs} for r in stored.releases] == [
        set(everyone[:7]),
        set(everyone[3:]),
        set(everyone[1:9]),
        set(everyone[:7]),
    ]
    assert {person for r in stored.releases for _, person in r.refs} == {
        f"U{key}" for key in everyone
    }
    assert stored.values == {key: (f"U{key}", 3) for key in everyone}
    assert lists == [WEEK, WEEK]  # the third call added no answer
    assert len(sets) == 3  # "a" and "d" share one


def test_weeks_apart(db: Database) -> None:
    store(db, release(["x1", "x2"], "", week="2026-W47"), release(["y1"], "", week=WEEK))
    with db.unit() as unit:
        one = ledger.load(unit, team_id="T1", weeks=[WEEK])
        both = ledger.load(unit, team_id="T1", weeks=[WEEK, "2026-W47"])
    assert set(one.values) == {"y1"}
    assert set(both.values) == {"x1", "x2", "y1"}
    assert [r.period for r in both.releases] == ["2026-W47", WEEK]


def test_erase_person(db: Database) -> None:
    store(db, release(["k1", "k2", "k3"], "a"))
    store(db, release(["k1", "k4"], "b"), loaded=True)
    with db.unit() as unit:
        assert ledger.erase_person(unit, team_id="T1", user_id="Uk1") == 1
        assert ledger.erase_person(unit, team_id="T1", user_id="uk2") == 0  # ids keep their case
        stored = ledger.load(unit, team_id="T1", weeks=[WEEK])
        raw = unit.execute(select(FigureAnswerList.people, FigureAnswerList.answers)).all()
    assert all("Uk1" not in people and b"k1" not in zlib.decompress(blob) for people, blob in raw)
    (gone,) = [key for key in stored.values if key.startswith(f"{ledger.GONE}.")]
    person, value = stored.values[gone]
    assert person.startswith(f"{ledger.GONE}-") and value is None
    assert [r.count for r in stored.releases] == [3, 2]
    assert all((gone, person) in r.refs for r in stored.releases)

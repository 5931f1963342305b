"""The pool places each answer once by period and reads a week only when asked for it."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from rituals.figures.pool import TEAM, Pool
from rituals.metrics import IsoWeek, week_of
from rituals.schedule import zone
from rituals.services import Services
from storage.metrics import UNASSIGNED, AnswerRow, answerers
from tests.rituals.figures.seed import MONDAY, Seed

TZ = "America/New_York"


def rows(count: int, seed: int) -> list[AnswerRow]:
    rng = random.Random(seed)
    start = datetime(2026, 11, 16, tzinfo=UTC)
    return [
        AnswerRow(
            n,
            f"U{rng.randrange(12)}",
            rng.randint(1, 5),
            rng.choice(["C1", "C2", None]),
            start + timedelta(minutes=rng.randrange(3 * 7 * 24 * 60)),
        )
        for n in range(count)
    ]


def test_over_is_every_answer_of_the_scope_period_and_role() -> None:
    found = rows(400, seed=7)
    roles = {f"U{n}": ["camera", "sound"][n % 2] for n in range(9)}  # U9..U11 unassigned
    pool = Pool(found, roles, TZ)
    tz = zone(TZ)
    days = {r.answered_at.astimezone(tz).date() for r in found}
    periods = {d.isoformat() for d in days} | {str(week_of(d)) for d in days}
    for scope in (TEAM, "C1", "C2"):
        for period in periods:
            for group in ("", "camera", "sound", UNASSIGNED, "props"):
                expected = {
                    r.key
                    for r in found
                    if (
                        str(week_of(r.answered_at.astimezone(tz).date()))
                        if "W" in period
                        else r.answered_at.astimezone(tz).date().isoformat()
                    )
                    == period
                    and (scope == TEAM or r.channel_id == scope)
                    and (not group or roles.get(r.user_id, UNASSIGNED) == group)
                }
                got = pool.over(scope, period, group)
                assert {a.key for a in got} == expected, (scope, period, group)
    assert sum(len(pool.over(TEAM, p)) for p in periods if "W" in p) == 400


def test_a_week_is_read_once_and_only_when_asked_for() -> None:
    found = rows(300, seed=3)
    tz = zone(TZ)
    by_week: dict[str, list[AnswerRow]] = {}
    for r in found:
        by_week.setdefault(str(week_of(r.answered_at.astimezone(tz).date())), []).append(r)
    fetched: list[str] = []
    asked: list[str] = []

    def fetch(week: str) -> list[AnswerRow]:
        fetched.append(week)
        return by_week.get(week, [])

    def people(week: str) -> set[str]:
        asked.append(week)
        return {r.user_id for r in by_week.get(week, [])}

    pool = Pool((), {}, TZ, fetch=fetch, people=people)
    week = sorted(by_week)[1]
    everyone = {r.user_id for r in by_week[week]}
    assert pool.people(TEAM, week) == everyone and pool.people(TEAM, week) == everyone
    assert (fetched, asked) == ([], [week])  # asked once, no answer read
    monday = IsoWeek(int(week[:4]), int(week[6:])).monday
    tuesday = (monday + timedelta(days=1)).isoformat()
    day = {
        r.key for r in by_week[week] if r.answered_at.astimezone(tz).date().isoformat() == tuesday
    }
    assert {a.key for a in pool.over(TEAM, tuesday)} == day
    assert len(pool.over(TEAM, week)) == len(by_week[week])
    assert pool.people(TEAM, week) == everyone
    assert (fetched, asked) == ([week], [week])  # a week's answers are read once


def test_answerers_are_the_people_who_answered_in_the_period(svc: Services) -> None:
    seed = Seed(svc.db)
    for user, channel, day in [("Ua", "C1", 0), ("Ua", "C1", 1), ("Ub", "C2", 2), ("Uc", "C1", 7)]:
        seed.answer(user, 3, channel=channel, day=day)
    week = {"start": MONDAY - timedelta(hours=9), "end": MONDAY + timedelta(days=7, hours=-9)}
    with svc.db.unit() as unit:
        assert answerers(unit, team_id="T1", **week) == {"Ua", "Ub"}
        assert answerers(unit, team_id="T1", channel_id="C1", **week) == {"Ua"}
        assert answerers(unit, team_id="T2", **week) == set()

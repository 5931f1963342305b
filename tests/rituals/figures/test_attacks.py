"""Issue 14's six attacks on figures, replayed against the use cases on a real database:
each now fails, and the auditor finds nothing in everything the ledger says was shown."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from rituals.actors import Actor
from rituals.figures.home import manager_week, team_week
from rituals.figures.reports import compute_week
from rituals.pulse import manage
from rituals.retro import author_hash
from rituals.services import Services
from storage.ledger_codec import unpack_answers, unpack_people
from storage.members import erase_member
from storage.models import FigureAnswerList
from tests.fakes import FakeSlack
from tests.rituals.figures.seed import MONDAY, TEAM, Seed, audit, truth

BOSS = "U0BOSS"
AFTER = datetime(2026, 12, 1, 9, tzinfo=UTC)  # W48 is over


@pytest.fixture
def boss(slack: FakeSlack) -> Actor:
    slack.add_person(BOSS, is_admin=True, tz="Europe/London")
    return Actor(TEAM, BOSS)


def crew(seed: Seed, roles: dict[str, list[int]], *, channel: str = "C1", day: int = 0) -> None:
    """Members per role, each answering once."""
    for role, scores in roles.items():
        for n, score in enumerate(scores):
            seed.member(f"U{role}{n}", role)
            seed.answer(f"U{role}{n}", score, channel=channel, day=day)


def test_1_an_empty_role_is_never_the_cover(svc: Services) -> None:
    seed = Seed(svc.db)
    crew(seed, {"lighting": [4, 5, 3, 4], "sound": [2, 4, 4, 3], "costume": [1]})
    seed.member("Uprops0", "props")  # nobody in props answers
    week = compute_week(svc.db, team_id=TEAM, week="2026-W48", now=AFTER)["pulse"]
    roles = week["by_role"]
    assert roles["costume"]["mean"] is None and roles["props"]["mean"] is None
    assert week["withheld"]["by_role.props"] == "no answers yet"
    assert week["mean"] is not None
    # total − lighting − sound would be costume's answer: they are never all shown
    assert roles["lighting"]["mean"] is None or roles["sound"]["mean"] is None
    assert audit(svc.db, truth(svc.db)) == []


def test_2_team_minus_channel_gives_nothing_away(svc: Services, boss: Actor) -> None:
    svc.clock.set(MONDAY + timedelta(hours=8))  # type: ignore[attr-defined]
    seed = Seed(svc.db)
    crew(seed, {"camera": [5, 4, 4, 4]}, channel="Cbig")
    crew(seed, {"sound": [1]}, channel="Ctiny")
    big = manage.results(svc, boss, channel_id="Cbig")
    assert big.week.mean == 4.3
    home = manager_week(svc, boss).metrics["pulse"]
    assert home["responses"] == 5 and home["mean"] is None  # 5 − 4 = the one in #tiny
    assert "comparing it with figures already shown" in home["withheld"]["mean"]
    assert audit(svc.db, truth(svc.db)) == []


def test_3_a_closed_week_stays_as_released_after_a_role_move(svc: Services) -> None:
    seed = Seed(svc.db)
    crew(seed, {"lighting": [4, 5, 3, 4, 2], "sound": [2, 3, 5, 1, 3, 4]})
    first = compute_week(svc.db, team_id=TEAM, week="2026-W48", now=AFTER)["pulse"]
    assert first["by_role"]["lighting"] == {"responses": 5, "mean": 3.6}
    seed.move("Usound0", "lighting")  # role set @victim lighting, then digest send again
    again = compute_week(svc.db, team_id=TEAM, week="2026-W48", now=AFTER + timedelta(days=1))
    assert again["pulse"]["by_role"] == first["by_role"]
    assert again["pulse"]["mean"] == first["mean"]
    assert audit(svc.db, truth(svc.db)) == []


def test_4_one_more_answer_does_not_move_a_live_figure(svc: Services, boss: Actor) -> None:
    svc.clock.set(MONDAY + timedelta(hours=8))  # type: ignore[attr-defined]
    seed = Seed(svc.db)
    crew(seed, {"camera": [4, 4, 4, 4, 4]})
    monday = manage.results(svc, boss, channel_id="C1")
    assert monday.week.mean == 4.0
    svc.clock.set(MONDAY + timedelta(days=1, hours=2))  # type: ignore[attr-defined]
    seed.answer("Ucamera0", 1, day=1)  # Tuesday's early answer
    tuesday = manage.results(svc, boss, channel_id="C1")
    assert tuesday.week.answers == 6
    assert tuesday.week.mean == 4.0  # not 3.5: 24 − 20 would be the new answer
    assert tuesday.week.note == ("as of 5 answers; it updates once enough new people have answered")
    assert audit(svc.db, truth(svc.db)) == []


def test_5_the_viewers_own_answers_never_count(
    svc: Services, boss: Actor, slack: FakeSlack
) -> None:
    svc.clock.set(MONDAY + timedelta(hours=8))  # type: ignore[attr-defined]
    seed = Seed(svc.db)
    seed.member(BOSS, "production")
    seed.answer(BOSS, 3, channel="Gprivate")
    crew(seed, {"writers": [4]}, channel="Gprivate")  # the accomplice
    crew(seed, {"costume": [1]}, channel="Gprivate")  # the victim
    shown = manage.results(svc, boss, channel_id="Gprivate")
    assert shown.today.mean is None and shown.week.mean is None
    assert shown.week.note == "fewer than 4 people answered"
    assert set(shown.week.distribution.values()) == {None}
    assert team_week(svc, TEAM).metrics["pulse"]["mean"] is None
    assert audit(svc.db, truth(svc.db)) == []


def test_6_forget_me_leaves_released_weeks_as_they_were(svc: Services) -> None:
    seed = Seed(svc.db)
    crew(seed, {"lighting": [4, 5, 4, 4, 2], "sound": [2, 3, 3, 2, 3]})
    before = compute_week(svc.db, team_id=TEAM, week="2026-W48", now=AFTER)
    assert audit(svc.db, truth(svc.db)) == []
    with svc.db.unit() as unit:
        erase_member(unit, team_id=TEAM, user_id="Ulighting1", author_hash=author_hash)
    after = compute_week(svc.db, team_id=TEAM, week="2026-W48", now=AFTER)
    for name in ("responses", "mean", "distribution", "by_role", "response_rate"):
        assert after["pulse"][name] == before["pulse"][name], name
    with svc.db.unit() as unit:
        lists = unit.execute(select(FigureAnswerList.people, FigureAnswerList.answers)).all()
    rows = []
    for people, blob in lists:
        assert "Ulighting1" not in people and b"Ulighting1" not in zlib.decompress(blob)
        names = unpack_people(people)
        keys, who, values = unpack_answers(blob)
        rows += [(k, names[w], v) for k, w, v in zip(keys, who, values, strict=True)]
    gone = [r for r in rows if r[1] != "Ulighting1" and r[2] is None]
    assert len(gone) == 1 and gone[0][0].startswith("gone.")  # no key, value or name of theirs
    assert all(person != "Ulighting1" for _, person, _ in rows)

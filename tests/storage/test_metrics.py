"""The weekly figures on a scripted week, worked out by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rituals.errors import UsageError
from rituals.figures.reports import compute_week, digest_report
from rituals.metrics import parse_week
from storage.db import Database
from storage.metrics import workspace_ids
from tests.storage.metrics_seed import (
    CREW,
    NY,
    Seeder,
    at,
    seed_scripted_week,
    seed_second_workspace,
)


@pytest.fixture
def scripted(db: Database) -> Database:
    with db.session() as session:
        seed_scripted_week(session)
        seed_second_workspace(session)
    return db


def test_scripted_week_in_one_channel(scripted: Database) -> None:
    result = compute_week(scripted, team_id="T1", week="2026-W48", channel_id=CREW)

    assert result["team_id"] == "T1"
    assert result["channel_id"] == CREW
    assert result["week"] == "2026-W48"
    assert result["period"]["start"] == "2026-11-23T00:00:00-05:00"
    assert result["period"]["end"] == "2026-11-30T00:00:00-05:00"
    # Prompted, answered, paired or acting: 9 crew + UN1 (replied); not UBOT, not UX1 (failed).
    assert result["members"] == 10

    pulse = result["pulse"]
    # 5 days × 9 sent + one more #crew prompt on Tuesday; the failed ones do not count.
    assert pulse["prompted"] == 46
    assert pulse["responses"] == 11
    assert pulse["respondents"] == 9
    assert pulse["response_rate"] == round(11 / 46, 3)
    assert pulse["mean"] == round(41 / 11, 1) == 3.7
    assert pulse["previous_mean"] == round(14 / 4, 1) == 3.5
    # The distribution of 11 answers by 9 people: no one's answer follows from it (nobody
    # can tell who gave the one 1), so the gate releases it whole.
    assert pulse["distribution"] == {"1": 1, "2": 0, "3": 3, "4": 4, "5": 3}
    # A role's mean needs more than min_group people (a viewer's own answer never counts):
    # camera (2) and sound (3) are withheld with their reason, lighting (4) is shown. The
    # unassigned role (UN1 did not answer) is listed with no answers and no figure: an
    # empty group is never the cover of another. Every role of the team is listed.
    assert pulse["by_role"] == {
        "camera": {"responses": 2, "mean": None},
        "lighting": {"responses": 6, "mean": round(25 / 6, 1)},
        "sound": {"responses": 3, "mean": None},
        "unassigned": {"responses": 0, "mean": None},
    }
    assert pulse["withheld"] == {
        "by_role.camera": "fewer than 4 people answered",
        "by_role.sound": "fewer than 4 people answered",
        "by_role.unassigned": "no answers yet",
    }

    assert result["shadowing"] == {
        "pairs": 3,
        "cross_role_pairs": 2,
        "met": 1,
        "completion_rate": round(1 / 3, 3),
    }
    assert result["retros"] == {
        "held": 1,
        "cards": 4,
        "action_items_open": 3,
        "action_items_done": 1,
    }
    # Share: UL1→US1, US2→UC1, UC1→UL1, US3→UL4 cross; UL2→UL3, UL4→UL2 same; the
    # self-reaction, the bot, the role-less replier and the reply without target are left out.
    assert result["interactions"] == {
        "reactions": 7,
        "replies": 4,
        "cross_role_share": round(4 / 6, 3),
    }

    mood = (round(41 / 11, 1) - 1) / 4
    expected = 100 * (
        0.30 * mood
        + 0.25 * 1.0  # 0.667 of interactions cross roles: above the 0.5 target
        + 0.20 * round(11 / 46, 3)
        + 0.15 * round(1 / 3, 3)
        + 0.10 * (1 / 4)
    )
    assert result["cohesion_score"] == round(expected) == 58


def test_scripted_week_team_wide(scripted: Database) -> None:
    result = compute_week(scripted, team_id="T1", week="2026-W48")

    assert result["channel_id"] is None
    assert result["members"] == 10
    pulse = result["pulse"]
    assert pulse["prompted"] == 49
    assert pulse["responses"] == 13
    assert pulse["mean"] == round(45 / 13, 1)
    assert pulse["distribution"] == {"1": 1, "2": 2, "3": 3, "4": 4, "5": 3}
    assert pulse["by_role"]["lighting"] == {"responses": 8, "mean": round(29 / 8, 1)}
    assert result["shadowing"] == {
        "pairs": 4,
        "cross_role_pairs": 3,
        "met": 2,
        "completion_rate": 0.5,
    }
    assert result["retros"] == {
        "held": 2,
        "cards": 5,
        "action_items_open": 4,
        "action_items_done": 1,
    }
    assert result["interactions"] == {
        "reactions": 8,
        "replies": 4,
        "cross_role_share": round(4 / 7, 3),
    }


def test_second_workspace_never_leaks(scripted: Database) -> None:
    other = compute_week(scripted, team_id="T2", week="2026-W48")

    assert other["members"] == 5
    assert other["pulse"]["prompted"] == 5
    assert other["pulse"]["responses"] == 4
    # everyone answered 1: a mean of 1.0 would give each answer away
    assert other["pulse"]["mean"] is None
    assert other["pulse"]["by_role"] == {"editing": {"responses": 4, "mean": None}}
    assert other["shadowing"]["pairs"] == 1
    assert other["retros"] == {
        "held": 1,
        "cards": 7,
        "action_items_open": 1,
        "action_items_done": 0,
    }
    assert other["interactions"] == {"reactions": 0, "replies": 3, "cross_role_share": 0.0}
    # T1's figures do not move when T2 is present (T2's roles for the same user ids differ).
    assert compute_week(scripted, team_id="T1", week="2026-W48")["pulse"]["by_role"][
        "lighting"
    ] == {"responses": 8, "mean": round(29 / 8, 1)}
    assert compute_week(scripted, team_id="T9", week="2026-W48")["members"] == 0
    with scripted.unit() as unit:
        assert workspace_ids(unit) == ["T1", "T2"]


def test_previous_mean_needs_enough_people(db: Database) -> None:
    with db.session() as session:
        s = Seeder(session, "T1")
        s.workspace(tz="UTC")
        prev = s.pulse(at(17), CREW, ["UA", "UB", "UC"])
        s.answer(prev, "UA", 5, at(17, 15), CREW)
        s.answer(prev, "UB", 3, at(17, 15), CREW)
        now = s.pulse(at(24), CREW, ["UA", "UB", "UC"])
        for user, score in (("UA", 2), ("UB", 4), ("UC", 3)):
            s.answer(now, user, score, at(24, 15), CREW)

    result = compute_week(db, team_id="T1", week="2026-W48")
    assert result["pulse"]["mean"] is None  # three people: more than min_group are needed
    assert result["pulse"]["previous_mean"] is None  # two people last week

    with db.session() as session:
        s = Seeder(session, "T1")
        s.answer(prev, "UC", 4, at(18, 15), CREW)
        s.answer(prev, "UD", 4, at(18, 15), CREW)
    assert compute_week(db, team_id="T1", week="2026-W48")["pulse"]["previous_mean"] == 4.0


def test_small_team_hides_everything_computed(db: Database) -> None:
    with db.session() as session:
        s = Seeder(session, "T1")
        s.workspace()
        s.member("UA", "sound")
        s.member("UB", "lighting")
        occurrence = s.pulse(at(24), CREW, ["UA", "UB"])
        s.answer(occurrence, "UA", 1, at(24, 15), CREW)
        s.answer(occurrence, "UB", 5, at(24, 15), CREW)
        s.pairing(["UA", "UB"], at(24), cross=True, met=True, occurrence_id=occurrence)
        s.interact("reaction", "UA", "UB", at(24))
        s.interact("reaction", "UB", "UA", at(24))

    result = compute_week(db, team_id="T1", week="2026-W48", min_group=2)  # raised to 3
    pulse = result["pulse"]
    assert (pulse["prompted"], pulse["responses"]) == (2, 2)
    assert pulse["response_rate"] is None
    assert pulse["mean"] is None
    assert set(pulse["distribution"].values()) == {None}
    assert pulse["by_role"] == {
        "lighting": {"responses": 1, "mean": None},
        "sound": {"responses": 1, "mean": None},
    }
    assert result["shadowing"]["completion_rate"] is None
    assert result["interactions"]["cross_role_share"] is None
    assert result["cohesion_score"] is None
    assert result["min_group"] == 3


def test_min_group_setting_raises_the_bar(scripted: Database) -> None:
    result = compute_week(scripted, team_id="T1", week="2026-W48", channel_id=CREW, min_group=4)
    # lighting has 4 people: with min_group 4 a role's mean needs 5, so every role is hidden.
    assert result["pulse"]["by_role"]["lighting"] == {"responses": 6, "mean": None}
    assert result["pulse"]["withheld"]["by_role.lighting"] == "fewer than 5 people answered"
    assert result["pulse"]["distribution"] == {"1": 1, "2": 0, "3": 3, "4": 4, "5": 3}


def test_unassigned_role_is_a_group(db: Database) -> None:
    with db.session() as session:
        s = Seeder(session, "T1")
        s.workspace()
        for user in ("UA", "UB", "UC", "UD"):
            s.member(user, "art")
        people = ["UA", "UB", "UC", "UD", "UE", "UF", "UG", "UH"]
        occurrence = s.pulse(at(24), CREW, people)
        for user, score in zip(people, [4, 3, 5, 4, 2, 4, 3, 5], strict=True):
            s.answer(occurrence, user, score, at(24, 15), CREW)  # UE–UH are not in members

    by_role = compute_week(db, team_id="T1", week="2026-W48")["pulse"]["by_role"]
    assert by_role == {
        "art": {"responses": 4, "mean": 4.0},
        "unassigned": {"responses": 4, "mean": 3.5},
    }


def test_week_in_a_daylight_saving_change(db: Database) -> None:
    # Europe/London leaves summer time on Sunday 25 Oct 2026: W43 is 169 hours long.
    with db.session() as session:
        s = Seeder(session, "T1")
        s.workspace(tz="Europe/London")
        occurrence = s.pulse(datetime(2026, 10, 19, 9, tzinfo=UTC), CREW, ["UA", "UB", "UC"])
        for user, when in [
            ("UA", datetime(2026, 10, 18, 23, 30, tzinfo=UTC)),  # Mon 00:30 BST: W43
            ("UB", datetime(2026, 10, 25, 23, 30, tzinfo=UTC)),  # Sun 23:30 GMT: W43
            ("UC", datetime(2026, 10, 26, 0, 30, tzinfo=UTC)),  # Mon 00:30 GMT: W44
        ]:
            s.answer(occurrence, user, 3, when, CREW)
    result = compute_week(db, team_id="T1", week="2026-W43")
    assert result["pulse"]["responses"] == 2
    assert result["period"] == {
        "start": "2026-10-19T00:00:00+01:00",
        "end": "2026-10-26T00:00:00+00:00",
        "tz": "Europe/London",
    }


def test_trend_matches_compute_week(scripted: Database) -> None:
    tz, now = "America/New_York", datetime(2026, 12, 7, tzinfo=UTC)
    digest = digest_report(
        scripted,
        team_id="T1",
        week=parse_week("2026-W48"),
        tz=tz,
        min_group=3,
        now=now,
        channel_id=CREW,
    )
    points = digest.points
    assert [p["week"] for p in points] == [f"2026-W{n}" for n in range(41, 49)]
    week = compute_week(scripted, team_id="T1", week="2026-W48", channel_id=CREW, now=now)
    assert points[-1]["pulse_mean"] == week["pulse"]["mean"]
    assert points[-1]["response_rate"] == week["pulse"]["response_rate"]
    assert points[-1]["cross_role_share"] == week["interactions"]["cross_role_share"]
    assert points[-2]["pulse_mean"] == 3.5
    assert points[-2]["response_rate"] == 1.0
    assert points[-2]["cross_role_share"] is None  # one reaction, one actor
    assert all(p["pulse_mean"] is None for p in points[:-2])


def test_bad_week_is_a_usage_error(db: Database) -> None:
    with pytest.raises(UsageError, match="2025 has no week 53"):
        compute_week(db, team_id="T1", week="2025-W53")
    start = compute_week(db, team_id="T1", week="2026-W53")["period"]["start"]
    assert start == "2026-12-28T00:00:00+00:00"


def test_times_are_utc_bounds(db: Database) -> None:
    """An answer exactly at the end bound belongs to the next week."""
    with db.session() as session:
        s = Seeder(session, "T1")
        s.workspace(tz=NY)
        occurrence = s.pulse(at(24), CREW, ["UA"])
        s.answer(occurrence, "UA", 3, at(30, 5), CREW)
    assert compute_week(db, team_id="T1", week="2026-W48")["pulse"]["responses"] == 0
    assert compute_week(db, team_id="T1", week="2026-W49")["pulse"]["responses"] == 1

"""The weekly figures on a scripted week, worked out by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from rituals.errors import UsageError
from rituals.figures.reports import compute_week, digest_report
from rituals.metrics import parse_week
from storage.db import Database
from storage.metrics import workspace_ids
from storage.models import (
    ActionItem,
    Delivery,
    Interaction,
    Member,
    Occurrence,
    Pairing,
    PairingMember,
    PulseAnswer,
    Retro,
    RetroCard,
    Workspace,
)

CREW, OTHER = "CCREW", "COTHER"
NY = "America/New_York"  # W48 runs 2026-11-23 05:00 UTC → 2026-11-30 05:00 UTC


def at(day: int, hour: int = 14, month: int = 11) -> datetime:
    """A UTC time in late 2026."""
    return datetime(2026, month, day, hour, tzinfo=UTC)


class Seeder:
    """Inserts rituals' rows the way the features store them."""

    def __init__(self, session: Session, team_id: str) -> None:
        self.session = session
        self.team_id = team_id
        self._ts = 0

    def workspace(self, tz: str | None = None) -> None:
        self.session.add(
            Workspace(team_id=self.team_id, name=self.team_id, tz=tz, created_at=at(1))
        )

    def member(self, user_id: str, role: str | None = None, **extra: Any) -> None:
        self.session.add(
            Member(team_id=self.team_id, user_id=user_id, role=role, created_at=at(1), **extra)
        )

    def pulse(self, when: datetime, channel: str, recipients: list[str], **status: str) -> int:
        occurrence = Occurrence(
            team_id=self.team_id,
            kind="pulse",
            channel_id=channel,
            scheduled_for=when,
            status="planned",
            config={},
            created_at=when,
        )
        self.session.add(occurrence)
        self.session.flush()
        for user in recipients:
            state = status.get(user, "sent")
            self.session.add(
                Delivery(
                    team_id=self.team_id,
                    occurrence_id=occurrence.id,
                    kind="pulse_prompt",
                    recipient=user,
                    payload={},
                    status=state,
                    not_before=when,
                    attempts=1,
                    sent_at=when if state == "sent" else None,
                    created_at=when,
                )
            )
        return occurrence.id

    def answer(
        self, occurrence_id: int, user: str, score: int, when: datetime, channel: str
    ) -> None:
        self.session.add(
            PulseAnswer(
                team_id=self.team_id,
                occurrence_id=occurrence_id,
                channel_id=channel,
                user_id=user,
                score=score,
                answered_at=when,
                updated_at=when,
            )
        )

    def pairing(
        self,
        users: list[str],
        when: datetime,
        *,
        cross: bool,
        met: bool | None,
        channel: str = CREW,
        occurrence_id: int,
    ) -> None:
        pairing = Pairing(
            team_id=self.team_id,
            occurrence_id=occurrence_id,
            channel_id=channel,
            cross_role=cross,
            met=met,
            created_at=when,
        )
        self.session.add(pairing)
        self.session.flush()
        for user in users:
            self.session.add(
                PairingMember(pairing_id=pairing.id, user_id=user, team_id=self.team_id)
            )

    def retro(self, when: datetime, cards: int, channel: str = CREW) -> int:
        retro = Retro(
            team_id=self.team_id,
            channel_id=channel,
            title="Week retro",
            format="start-stop-continue",
            facilitator_id="UL1",
            created_at=when,
        )
        self.session.add(retro)
        self.session.flush()
        for number in range(cards):
            self.session.add(
                RetroCard(
                    team_id=self.team_id,
                    retro_id=retro.id,
                    column="start",
                    text=f"card {number}",
                    created_at=when,
                    updated_at=when,
                )
            )
        return retro.id

    def action(self, created: datetime, done: datetime | None = None, channel: str = CREW) -> None:
        self.session.add(
            ActionItem(
                team_id=self.team_id,
                channel_id=channel,
                text="Share the lighting plot with sound",
                created_by="UL1",
                status="done" if done else "open",
                created_at=created,
                done_at=done,
            )
        )

    def interact(
        self, kind: str, actor: str, target: str | None, when: datetime, channel: str = CREW
    ) -> None:
        self._ts += 1
        self.session.add(
            Interaction(
                team_id=self.team_id,
                channel_id=channel,
                actor_id=actor,
                target_id=target,
                kind=kind,
                message_ts=f"1700000000.{self._ts:06d}",
                occurred_at=when,
            )
        )


CREW_PEOPLE = ["UL1", "UL2", "UL3", "UL4", "US1", "US2", "US3", "UC1", "UC2"]


def seed_scripted_week(session: Session, team_id: str = "T1") -> None:
    """The week 2026-W48 in New York, plus its neighbours and another channel."""
    s = Seeder(session, team_id)
    s.workspace(tz=NY)
    for user in ("UL1", "UL2", "UL3", "UL4"):
        s.member(user, "lighting")
    for user in ("US1", "US2", "US3"):
        s.member(user, "sound")
    for user in ("UC1", "UC2"):
        s.member(user, "camera")
    s.member("UN1")  # no role yet
    s.member("UX1", "lighting")
    s.member("UBOT", is_bot=True)

    # W48, Mon–Fri prompts in #crew to nine people; UX1's prompt failed.
    days = [s.pulse(at(23 + d), CREW, [*CREW_PEOPLE, "UX1"], UX1="failed") for d in range(5)]
    mon, tue, wed, thu, fri = days
    s.pulse(at(24, 18), CREW, ["UL1"])  # a second pulse ritual in #crew prompts UL1 again
    for occurrence, user, score, when in [
        (mon, "UL1", 4, at(23, 15)),
        (tue, "UL1", 5, at(24, 15)),
        (mon, "UL2", 4, at(23, 16)),
        (wed, "UL3", 3, at(25, 15)),
        (thu, "UL4", 5, at(26, 15)),
        (fri, "UL4", 4, at(30, 4)),  # Sunday 23:00 in New York: still W48
        (mon, "US1", 3, at(23, 15)),
        (tue, "US2", 4, at(24, 15)),
        (wed, "US3", 3, at(25, 15)),
        (mon, "UC1", 5, at(23, 15)),
        (tue, "UC2", 1, at(24, 15)),
    ]:
        s.answer(occurrence, user, score, when, CREW)
    # W47 (previous week) in #crew; one at Sunday 22:00 New York (03:00 UTC Monday).
    w47 = s.pulse(at(18), CREW, ["UL1", "UL2", "US1", "UC1"])
    for user, score, when in [
        ("UL1", 3, at(18, 15)),
        ("UL2", 4, at(19, 15)),
        ("US1", 2, at(20, 15)),
        ("UC1", 5, at(23, 3)),
    ]:
        s.answer(w47, user, score, when, CREW)
    # W49: outside the week.
    w49 = s.pulse(at(30, 6), CREW, ["UL1"])
    s.answer(w49, "UL1", 1, at(30, 6), CREW)
    # Another channel in W48.
    other = s.pulse(at(25, 13), OTHER, ["UL1", "UL2", "US1"])
    s.answer(other, "UL1", 2, at(25, 14), OTHER)
    s.answer(other, "UL2", 2, at(25, 14), OTHER)

    # Shadowing.
    s.pairing(["UL1", "US1"], at(23), cross=True, met=True, occurrence_id=mon)
    s.pairing(["UL2", "UL3"], at(23), cross=False, met=False, occurrence_id=mon)
    s.pairing(["US2", "UC1", "UC2"], at(23), cross=True, met=None, occurrence_id=mon)
    s.pairing(["UL1", "UC1"], at(16), cross=True, met=True, occurrence_id=w47)
    s.pairing(["UL4", "US3"], at(24), cross=True, met=True, channel=OTHER, occurrence_id=other)

    # Retros and action items.
    s.retro(at(24), cards=4)
    s.retro(at(17), cards=2)
    s.retro(at(26), cards=1, channel=OTHER)
    s.action(at(17))  # open since W47
    s.action(at(17), done=at(25))  # done in W48
    s.action(at(24))  # opened in W48, still open
    s.action(at(24), done=at(30, 9))  # done only in W49: open at the end of W48
    s.action(at(30, 9))  # W49
    s.action(at(10), done=at(18))  # done in W47
    s.action(at(24), channel=OTHER)

    # Interactions in W48.
    for kind, actor, target in [
        ("reaction", "UL1", "US1"),
        ("reaction", "UL2", "UL3"),
        ("reaction", "US2", "UC1"),
        ("reaction", "UC1", "UL1"),
        ("reaction", "UL1", "UL1"),
        ("reaction", "UBOT", "UL1"),
        ("reaction", "UL3", "UBOT"),
        ("reply", "US3", "UL4"),
        ("reply", "UL4", "UL2"),
        ("reply", "UN1", "UL1"),
        ("reply", "US1", None),
    ]:
        s.interact(kind, actor, target, at(25))
    s.interact("reaction", "US1", "US2", at(25), channel=OTHER)
    s.interact("reaction", "UL1", "US1", at(20))  # W47


def seed_second_workspace(session: Session) -> None:
    """Another workspace using the same user ids with other roles, active the same week."""
    s = Seeder(session, "T2")
    s.workspace(tz="UTC")
    for user in ("UL1", "UL2", "UL3", "US1"):
        s.member(user, "editing")
    occurrence = s.pulse(at(24), CREW, ["UL1", "UL2", "UL3", "US1", "UZZ"])
    for user in ("UL1", "UL2", "UL3", "US1"):
        s.answer(occurrence, user, 1, at(24, 15), CREW)
    s.pairing(["UL1", "UL2"], at(24), cross=False, met=True, occurrence_id=occurrence)
    s.retro(at(24), cards=7)
    s.action(at(24))
    for actor, target in [("UL1", "UL2"), ("UL2", "UL3"), ("UL3", "US1")]:
        s.interact("reply", actor, target, at(25))


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

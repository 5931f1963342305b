"""A scripted week of pulses, deliveries, retros, pairings and interactions, for figure tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

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

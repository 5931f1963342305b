"""A round on the engine: intros first, "Did you meet?" after the delay, notes to the unplaced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from rituals.engine.engine import Engine
from rituals.engine.types import NotYet
from rituals.ports import SlackFailure
from rituals.shadowing import fanout, manage
from rituals.shadowing.messages import Followup, Intro
from rituals.shadowing.options import RoundOptions
from storage import workspaces
from storage.models import Delivery, Occurrence
from tests.rituals.shadowing.conftest import CREW, ROLES, TEAM, Crew


def pair(crew: Crew, **options: object) -> None:
    manage.pair_now(
        crew.svc,
        crew.manager,
        channel_id=CREW,
        options=RoundOptions.checked(**options),  # type: ignore[arg-type]
    )


def test_each_group_gets_one_intro_in_its_own_group_dm(crew: Crew) -> None:
    pair(crew)
    crew.drain()
    posts = crew.posts(Intro)
    assert len(posts) == 3
    for channel, intro in posts:
        assert isinstance(intro, Intro)
        ids = tuple(m.user_id for m in intro.members)
        assert channel == "G" + "".join(sorted(ids))
        assert {m.role for m in intro.members} == {ROLES[uid] for uid in ids}
        assert intro.cross_role and intro.suggestion and intro.channel_id == CREW
        assert intro.followup_at == crew.svc.clock.now() + timedelta(days=3)
    assert crew.followups() == [] and crew.unplaced() == {}
    assert crew.drain() == 0  # nothing twice


def test_the_followup_comes_after_the_delay_in_the_same_dm(crew: Crew) -> None:
    pair(crew, followup=timedelta(days=2))
    crew.drain()
    crew.svc.clock.advance(timedelta(days=2) - timedelta(minutes=1))  # type: ignore[attr-defined]
    crew.drain()
    assert crew.followups() == []
    crew.svc.clock.advance(timedelta(minutes=1))  # type: ignore[attr-defined]
    crew.drain()
    asked = crew.posts(Followup)
    intro_dms = {channel for channel, _ in crew.posts(Intro)}
    assert len(asked) == 3 and {channel for channel, _ in asked} == intro_dms


def test_followup_zero_hours_comes_right_after_each_intro(crew: Crew) -> None:
    pair(crew, followup=timedelta(0))
    crew.svc.clock.advance(timedelta(minutes=5))  # planned a little after the round was made
    crew.drain()
    order = [type(s.message) for s in crew.slack.sent if s.kind == "post"]
    assert order == [Intro] * 3 + [Followup] * 3
    assert all(i.followup_at is None for i in crew.intros())


def followup_context(crew: Crew) -> tuple[Engine, int]:
    """A round whose intros are planned but not sent, and its first follow-up row."""
    pair(crew, followup=timedelta(0))
    engine = Engine(crew.svc, planners=fanout.PLANNERS, senders=fanout.SENDERS)
    engine.plan_pending()
    with crew.svc.db.session() as session:
        first = select(Delivery.id).where(Delivery.kind == "shadow_followup").limit(1)
        return engine, int(session.scalar(first) or 0)


def set_intros(crew: Crew, **values: object) -> None:
    with crew.svc.db.session() as session:
        session.execute(update(Delivery).where(Delivery.kind == "shadow_intro").values(**values))


def test_a_followup_picked_up_before_its_intro_waits_for_it(crew: Crew) -> None:
    engine, followup_id = followup_context(crew)
    set_intros(crew, status="sending")  # as if another sender had them in hand
    engine.send_due()
    assert crew.followups() == []
    with crew.svc.db.session() as session:
        row = session.get(Delivery, followup_id)
        assert row is not None
        assert (row.status, row.attempts, row.error) == ("pending", 0, "waiting for the intro")
        assert row.not_before == crew.svc.clock.now() + fanout.INTRO_WAIT
    set_intros(crew, status="sent", channel="G9", message_ts="1.1")
    crew.svc.clock.advance(fanout.INTRO_WAIT)  # type: ignore[attr-defined]
    engine.send_due()
    asked = crew.posts(Followup)
    assert len(asked) == 3 and {channel for channel, _ in asked} == {"G9"}


def test_no_intro_no_followup(crew: Crew) -> None:
    engine, followup_id = followup_context(crew)
    crew.slack.fail_next.extend([SlackFailure("channel_not_found", transient=False)] * 9)
    engine.send_due()
    crew.slack.fail_next.clear()
    engine.send_due()
    assert crew.posts(Intro) == [] and crew.followups() == []
    with crew.svc.db.session() as session:
        row = session.get(Delivery, followup_id)
        assert row is not None and (row.status, row.error) == (
            "skipped",
            "the intro did not go out",
        )


def test_not_yet_is_a_signal_with_a_time() -> None:
    when = datetime(2026, 11, 23, 9, 0)
    wait = NotYet("waiting", until=when)
    assert (wait.reason, wait.until) == ("waiting", when)


def test_scheduled_rounds_skip_public_holidays(crew: Crew) -> None:
    svc = crew.svc
    with svc.db.unit() as unit:
        workspaces.ensure(unit, team_id=TEAM, now=svc.clock.now())
        workspaces.change(unit, team_id=TEAM, holidays_country="GB")
    manage.schedule(svc, crew.manager, cron="0 9 25 12 *", channel_id=CREW, options=RoundOptions())
    christmas = datetime(2026, 12, 25, 9, 0, tzinfo=UTC)  # 09:00 in London too
    svc.clock.advance(christmas - svc.clock.now())  # type: ignore[attr-defined]
    crew.drain()
    assert crew.groups() == [] and crew.slack.sent == []
    with svc.db.session() as session:
        [occurrence] = session.scalars(select(Occurrence)).all()
    assert occurrence.status == "skipped" and "holiday" in (occurrence.reason or "")

"""The engine's scheduler: occurrences from rituals, the grace window, several processes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import Greenroom
from storage.models import Delivery, Occurrence, Ritual
from tests.bot.test_engine import (
    DM,
    KIND,
    TEAM,
    Crew,
    Restarts,
    Sender,
    assert_everyone_once,
    dms,
    make_crew,
    posts,
    wire,
)
from tests.conftest import RunningBot

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 09:00 in London (GMT)


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    return make_crew(bot)


@pytest.fixture
def fresh_app(bot: RunningBot) -> Iterator[Callable[[], Greenroom]]:
    restarts = Restarts(bot)
    yield restarts
    restarts.close()


def add_ritual(
    bot: RunningBot, crew: Crew, *, cron: str = "0 9 * * *", paused: bool = False
) -> int:
    with bot.db.session() as session:
        ritual = Ritual(
            team_id=TEAM,
            kind=KIND,
            channel_id=crew.channel,
            cron=cron,
            tz="Europe/London",
            config={"recipients": crew.people},
            paused=paused,
            next_run_at=NINE,
            created_by=crew.people[0],
            created_at=bot.clock.now(),
        )
        session.add(ritual)
        session.flush()
        return ritual.id


def occurrences(bot: RunningBot) -> list[tuple[datetime, str, str | None]]:
    with bot.db.session() as session:
        rows = session.scalars(select(Occurrence).order_by(Occurrence.scheduled_for))
        return [(o.scheduled_for, o.status, o.reason) for o in rows]


def next_run(bot: RunningBot, ritual_id: int) -> datetime | None:
    with bot.db.session() as session:
        ritual = session.get(Ritual, ritual_id)
        assert ritual is not None
        return ritual.next_run_at


def test_nothing_fires_before_the_time(bot: RunningBot, crew: Crew) -> None:
    wire(bot.app, Sender())
    add_ritual(bot, crew)
    bot.clock.set(NINE - timedelta(seconds=1))
    bot.drain()
    assert occurrences(bot) == [] and posts(bot) == 0


def test_a_due_ritual_fires_once_however_often_it_ticks(bot: RunningBot, crew: Crew) -> None:
    wire(bot.app, Sender())
    rid = add_ritual(bot, crew)
    bot.clock.set(NINE)
    assert bot.app.engine.tick() == 1
    assert bot.app.engine.tick() == 0
    bot.drain()
    assert occurrences(bot) == [(NINE, "planned", None)]
    assert_everyone_once(bot, crew)
    assert next_run(bot, rid) == NINE + timedelta(days=1)


def test_a_paused_ritual_does_not_fire(bot: RunningBot, crew: Crew) -> None:
    wire(bot.app, Sender())
    add_ritual(bot, crew, paused=True)
    bot.clock.set(NINE + timedelta(minutes=5))
    bot.drain()
    assert occurrences(bot) == []


def test_a_run_missed_inside_the_grace_window_is_caught_up_once(
    bot: RunningBot, crew: Crew, fresh_app: Callable[[], Greenroom]
) -> None:
    add_ritual(bot, crew)
    bot.clock.set(NINE + timedelta(minutes=45))  # the bot was down at 09:00
    after = fresh_app()
    wire(after, Sender())
    after.engine.drain()
    after.engine.drain()
    assert occurrences(bot) == [(NINE, "planned", None)]
    assert_everyone_once(bot, crew)


def test_a_run_missed_beyond_the_grace_window_is_skipped_and_recorded(
    bot: RunningBot, crew: Crew
) -> None:
    planned: list[int] = []
    wire(bot.app, Sender())
    bot.app.engine.register_planner(KIND, lambda ctx: planned.append(ctx.occurrence.id) or [])
    rid = add_ritual(bot, crew)
    bot.clock.set(NINE + timedelta(minutes=61))
    bot.drain()
    assert occurrences(bot) == [(NINE, "skipped", "missed while the bot was down")]
    assert planned == [] and posts(bot) == 0
    assert next_run(bot, rid) == NINE + timedelta(days=1)

    bot.clock.set(NINE + timedelta(days=1))
    bot.drain()
    assert [status for _, status, _ in occurrences(bot)] == ["skipped", "planned"]
    assert len(planned) == 1


def test_days_of_downtime_skip_old_runs_and_catch_up_the_recent_one(
    bot: RunningBot, crew: Crew
) -> None:
    wire(bot.app, Sender())
    add_ritual(bot, crew)
    bot.clock.set(NINE + timedelta(days=2, minutes=30))  # Wednesday 09:30
    bot.drain()
    assert occurrences(bot) == [
        (NINE, "skipped", "missed while the bot was down"),
        (NINE + timedelta(days=1), "skipped", "missed while the bot was down"),
        (NINE + timedelta(days=2), "planned", None),
    ]
    assert_everyone_once(bot, crew)


def test_weekday_ritual_follows_the_local_clock(bot: RunningBot, crew: Crew) -> None:
    wire(bot.app, Sender())
    rid = add_ritual(bot, crew, cron="0 9 * * 1-5")
    friday = NINE + timedelta(days=4)
    bot.clock.set(friday)
    bot.drain()
    assert next_run(bot, rid) == NINE + timedelta(days=7)  # Monday, not Saturday


def test_engine_schedule_recomputes_from_now(bot: RunningBot, crew: Crew) -> None:
    rid = add_ritual(bot, crew)
    bot.clock.set(NINE + timedelta(days=3, hours=2))
    bot.app.engine.schedule(rid)
    assert next_run(bot, rid) == NINE + timedelta(days=4)


def test_an_unusable_schedule_pauses_the_ritual(bot: RunningBot, crew: Crew) -> None:
    rid = add_ritual(bot, crew, cron="0 9 * * nonsense")
    bot.clock.set(NINE)
    bot.drain()
    with bot.db.session() as session:
        ritual = session.get(Ritual, rid)
        assert ritual is not None and ritual.paused
    assert occurrences(bot) == []


@pytest.mark.parametrize("engines", [2, 3])
def test_engines_sharing_postgresql_fire_and_deliver_once(
    bot: RunningBot, crew: Crew, fresh_app: Callable[[], Greenroom], engines: int
) -> None:
    if bot.db.dialect != "postgresql":
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL")
    rituals = [add_ritual(bot, crew, cron=f"{m} 9 * * *") for m in (0, 0, 0, 0, 0)]
    apps = [fresh_app() for _ in range(engines)]
    for app in apps:
        wire(app, Sender())
    bot.clock.set(NINE)
    barrier = threading.Barrier(engines)
    failures: list[BaseException] = []
    created: list[int] = []

    def run(app: Greenroom) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(3):
                created.append(app.engine.tick())
                app.engine.plan_pending()
                app.engine.send_due()
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sum(created) == len(rituals)
    for app in apps:
        app.engine.drain()

    with bot.db.session() as session:
        fired = session.scalars(select(Occurrence.ritual_id)).all()
        rows = session.scalars(select(Delivery).where(Delivery.kind == DM)).all()
    assert sorted(fired) == sorted(rituals)
    assert len(rows) == len(rituals) * len(crew.people)
    assert {r.status for r in rows} == {"sent"}
    for user in crew.people:
        assert len(dms(bot, user)) == len(rituals)
    assert posts(bot) == len(rows)


def test_a_schedule_missed_many_times_inside_the_grace_window_runs_once(
    bot: RunningBot, crew: Crew
) -> None:
    wire(bot.app, Sender())
    add_ritual(bot, crew, cron="*/5 * * * *")  # a schedule made before once-a-day was enforced
    bot.clock.set(NINE + timedelta(minutes=30))  # down since 09:00: seven firings missed
    bot.drain()
    found = occurrences(bot)
    assert [status for _, status, _ in found] == ["skipped"] * 6 + ["planned"]
    assert found[-1][0] == NINE + timedelta(minutes=30)
    assert {reason for _, status, reason in found if status == "skipped"} == {
        "caught up once: a later run of the same ritual replaced it"
    }
    assert_everyone_once(bot, crew)

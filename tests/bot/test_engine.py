"""The delivery engine end to end: fan-out, restarts, reconciliation (errors: test_engine_errors).

A test-only ritual kind (``enginetest``) plans one direct message per recipient;
its sender can crash the "process" before or after a post, the way a kill or a
deploy would, and a fresh app on the same database takes over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import Greenroom, create_app
from bot.slack.client import make_client
from bot.slack.messenger import METADATA_EVENT
from rituals.engine.types import OccurrenceInfo, PlanContext, Planned, SendContext
from rituals.ports import Text
from rituals.services import Config
from storage.db import Database
from storage.models import Delivery, Occurrence
from tests.conftest import RunningBot, settings_for

TEAM = "T0SANDBOX"
LEASE = Config().lease
KIND = "enginetest"
DM = "enginetest_dm"


class Crash(BaseException):  # noqa: N818 - stands for the process dying
    """The process dies mid-send (like SystemExit): no ``except Exception`` catches it."""


def plan_recipients(ctx: PlanContext) -> list[Planned]:
    """One DM per recipient named in the occurrence config (duplicates included on purpose)."""
    names = list(ctx.occurrence.config["recipients"])
    return [Planned(DM, uid, {"n": i}) for i, uid in enumerate(names + names[:2])]


@dataclass
class Sender:
    """Posts a DM per delivery; may crash before or after the ``crash_at``-th post."""

    crash_at: int | None = None
    crash_after_post: bool = False
    posted: list[str] = field(default_factory=list)

    def __call__(self, ctx: SendContext) -> None:
        if self._crashing() and not self.crash_after_post:
            raise Crash
        ctx.post(ctx.delivery.recipient, Text(f"Call sheet #{ctx.delivery.payload['n']}"))
        self.posted.append(ctx.delivery.recipient)
        if self.crash_after_post and self.crash_at == len(self.posted):
            raise Crash

    def _crashing(self) -> bool:
        return self.crash_at is not None and len(self.posted) + 1 == self.crash_at


def wire(app: Greenroom, sender: Callable[[SendContext], None]) -> None:
    """Register the test kind on an app."""
    app.engine.register_planner(KIND, plan_recipients)
    app.engine.register_sender(DM, sender)


class Restarts:
    """Builds more apps on the same database and sandbox: the process after a restart."""

    def __init__(self, bot: RunningBot) -> None:
        self.bot = bot
        self.built: list[tuple[Greenroom, Database]] = []

    def __call__(self) -> Greenroom:
        database = Database(self.bot.db.url)
        settings = settings_for(self.bot.sandbox, self.bot.db.url)
        client = make_client(settings.slack_bot_token, base_url=settings.slack_api_url)
        app = create_app(settings, db=database, clock=self.bot.clock, client=client)
        self.built.append((app, database))
        return app

    def close(self) -> None:
        for app, database in self.built:
            app.close()
            database.dispose()


@dataclass
class Crew:
    people: list[str]
    channel: str


def make_crew(bot: RunningBot) -> Crew:
    """Six members in #crew."""
    ws: Any = bot.sandbox.workspace
    names = ["ana", "ben", "cleo", "dev", "eli", "fay"]
    people = [ws.add_user(n, n.title(), tz="Europe/London") for n in names]
    return Crew(people, ws.add_channel("crew", people))


@pytest.fixture
def fresh_app(bot: RunningBot) -> Iterator[Callable[[], Greenroom]]:
    restarts = Restarts(bot)
    yield restarts
    restarts.close()


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    return make_crew(bot)


def start(bot: RunningBot, crew: Crew, app: Greenroom | None = None) -> int:
    """A manual occurrence of the test kind for the whole crew."""
    engine = (app or bot.app).engine
    return engine.enqueue(
        team_id=TEAM, kind=KIND, channel_id=crew.channel, config={"recipients": crew.people}
    )


def dms(bot: RunningBot, user: str) -> list[dict[str, Any]]:
    """The bot's messages in its DM with ``user``."""
    ws: Any = bot.sandbox.workspace
    return [m for m in ws.dm_messages(user) if m.get("user") == ws.bot_user_id]


def deliveries(bot: RunningBot) -> list[Delivery]:
    with bot.db.session() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))


def posts(bot: RunningBot, channel: str | None = None) -> int:
    calls = bot.sandbox.calls_to("chat.postMessage")
    ok = [c for c in calls if c.status == 200 and c.response.get("ok")]
    return len([c for c in ok if channel is None or c.args.get("channel") == channel])


def assert_everyone_once(bot: RunningBot, crew: Crew) -> None:
    for user in crew.people:
        assert len(dms(bot, user)) == 1, user
    rows = deliveries(bot)
    assert sorted(r.recipient for r in rows) == sorted(crew.people)
    assert {r.status for r in rows} == {"sent"}
    assert posts(bot) == len(crew.people)


# fan-out ----------------------------------------------------------------------------------


def test_one_delivery_row_and_one_message_per_recipient(bot: RunningBot, crew: Crew) -> None:
    wire(bot.app, Sender())
    occurrence_id = start(bot, crew)
    bot.drain()
    assert_everyone_once(bot, crew)
    for row in deliveries(bot):
        message = dms(bot, row.recipient)[0]
        assert row.message_ts == message["ts"] and row.channel is not None
        assert message["metadata"] == {
            "event_type": METADATA_EVENT,
            "event_payload": {"delivery_id": row.id},
        }
    with bot.db.session() as session:
        occurrence = session.get(Occurrence, occurrence_id)
        assert occurrence is not None and occurrence.status == "planned"


def test_planning_an_occurrence_again_adds_no_rows(bot: RunningBot, crew: Crew) -> None:
    wire(bot.app, Sender())
    occurrence_id = start(bot, crew)
    info = OccurrenceInfo(
        id=occurrence_id,
        team_id=TEAM,
        ritual_id=None,
        kind=KIND,
        channel_id=crew.channel,
        scheduled_for=bot.clock.now(),
        config={"recipients": crew.people},
        created_by=None,
    )
    planned = plan_recipients(PlanContext(bot.app.svc, info, bot.clock.now()))
    assert bot.app.engine.add_deliveries(info, planned, bot.clock.now()) == len(crew.people)
    assert bot.app.engine.add_deliveries(info, planned, bot.clock.now()) == 0
    bot.drain()  # the engine plans the occurrence itself too: nothing new
    assert_everyone_once(bot, crew)


@pytest.mark.parametrize("crash_at", [1, 3, 6])
def test_restart_between_sends_reaches_everyone_exactly_once(
    bot: RunningBot, crew: Crew, fresh_app: Callable[[], Greenroom], crash_at: int
) -> None:
    sender = Sender(crash_at=crash_at)
    wire(bot.app, sender)
    start(bot, crew)
    with pytest.raises(Crash):
        bot.app.engine.drain()
    assert len(sender.posted) == crash_at - 1
    bot.app.engine.close()  # the process is gone, and its proof of life with it

    after = fresh_app()
    wire(after, Sender())
    after.engine.drain()  # at once: no waiting for the dead process's leases
    assert_everyone_once(bot, crew)


def test_a_live_holder_keeps_its_work_until_its_lease_ends(
    bot: RunningBot, crew: Crew, fresh_app: Callable[[], Greenroom]
) -> None:
    if bot.db.dialect != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serves one process, which owns everything")
    sender = Sender(crash_at=3)
    wire(bot.app, sender)
    start(bot, crew)
    with pytest.raises(Crash):  # one thread failed; the process and its presence live on
        bot.app.engine.drain()
    after = fresh_app()
    wire(after, Sender())
    after.engine.drain()
    assert posts(bot) == 2
    bot.clock.advance(LEASE + LEASE / 2)
    after.engine.drain()
    assert_everyone_once(bot, crew)


def test_a_post_that_reached_slack_before_the_crash_is_reconciled_not_repeated(
    bot: RunningBot, crew: Crew, fresh_app: Callable[[], Greenroom]
) -> None:
    sender = Sender(crash_at=3, crash_after_post=True)
    wire(bot.app, sender)
    start(bot, crew)
    with pytest.raises(Crash):
        bot.app.engine.drain()
    in_flight = [r for r in deliveries(bot) if r.status == "sending"]
    assert [r.recipient for r in in_flight] == [sender.posted[-1]]
    already = dms(bot, in_flight[0].recipient)
    assert len(already) == 1

    bot.clock.advance(LEASE * 2)
    after = fresh_app()
    wire(after, Sender())
    after.engine.drain()

    assert_everyone_once(bot, crew)
    row = next(r for r in deliveries(bot) if r.id == in_flight[0].id)
    assert row.message_ts == already[0]["ts"]
    assert bot.sandbox.calls_to("conversations.history")


def test_a_post_lost_in_flight_is_sent_once_after_the_restart(
    bot: RunningBot,
    crew: Crew,
    fresh_app: Callable[[], Greenroom],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wire(bot.app, Sender())
    client = bot.app.deps.clients.client_for(TEAM)
    real_post = client.chat_postMessage
    calls = {"n": 0}

    def dies_on_the_way(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise Crash  # the process dies before the request reaches Slack
        return real_post(**kwargs)

    monkeypatch.setattr(client, "chat_postMessage", dies_on_the_way)
    start(bot, crew)
    with pytest.raises(Crash):
        bot.app.engine.drain()
    lost = [r for r in deliveries(bot) if r.status == "sending"]
    assert len(lost) == 1 and dms(bot, lost[0].recipient) == []

    bot.clock.advance(LEASE * 2)
    after = fresh_app()
    wire(after, Sender())
    after.engine.drain()
    assert_everyone_once(bot, crew)


# Slack errors -----------------------------------------------------------------------------

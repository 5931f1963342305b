"""Shadowing survives a crash: a fresh Engine on the same database neither re-pairs nor re-posts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import Greenroom, create_app
from bot.slack.client import make_client
from rituals.engine import planning, sending
from storage.models import Delivery, Occurrence, Pairing
from tests.bot.test_shadow import Crew, groups, intros, make_crew, pair
from tests.conftest import RunningBot, settings_for

ROLES: dict[str, str | None] = {
    "ana": "lighting",
    "ben": "sound",
    "cleo": "lighting",
    "dev": "sound",
    "eli": "camera",
    "fay": "camera",
}


class Crash(BaseException):
    """The process dying: nothing in the engine catches it."""


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    return make_crew(bot, ROLES)


@pytest.fixture
def restart(bot: RunningBot) -> Iterator[Any]:
    """Builds a second app on the same database and sandbox, as after a restart."""
    started: list[Greenroom] = []

    def fresh() -> Greenroom:
        settings = settings_for(bot.sandbox, bot.db.url)
        client = make_client(settings.slack_bot_token, base_url=settings.slack_api_url)
        app = create_app(settings, db=bot.db, clock=bot.clock, client=client)
        started.append(app)
        return app

    yield fresh
    for app in started:
        app.close()


def posts(bot: RunningBot) -> int:
    return len([c for c in bot.sandbox.calls_to("chat.postMessage") if c.status == 200])


def test_crash_after_posting_an_intro_is_reconciled_not_reposted(
    bot: RunningBot, crew: Crew, restart: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    command_reply = pair_without_sending(bot, crew)
    assert "into 3 groups" in command_reply
    finish = sending._sent
    calls = {"n": 0}

    def dying_finish(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise Crash  # the second intro reached Slack; the process dies before recording it
        finish(*args, **kwargs)

    monkeypatch.setattr(sending, "_sent", dying_finish)
    with pytest.raises(Crash):
        bot.app.engine.drain()
    monkeypatch.undo()  # the process died; the one that restarts runs the real code
    assert posts(bot) == 2
    with bot.db.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.status == "sending")
            )
            == 1
        )

    bot.clock.advance(bot.app.engine.lease + timedelta(seconds=1))
    fresh = restart()
    fresh.engine.drain()
    fresh.deps.tasks.wait_idle()
    assert posts(bot) == 3
    for group in groups(bot):
        assert len(intros(bot, group)) == 1
    assert bot.sandbox.calls_to("conversations.history")
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Pairing)) == 3
        statuses = {
            d.status
            for d in session.scalars(select(Delivery).where(Delivery.kind == "shadow_intro"))
        }
    assert statuses == {"sent"}


def test_crash_while_planning_reuses_the_round(
    bot: RunningBot, crew: Crew, restart: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pair_without_sending(bot, crew)
    before = sorted(sorted(g) for g in groups(bot))

    def dying_add(*args: Any, **kwargs: Any) -> int:
        raise Crash

    monkeypatch.setattr(planning, "add_deliveries", dying_add)
    with pytest.raises(Crash):
        bot.app.engine.drain()
    monkeypatch.undo()  # the process died; the one that restarts runs the real code
    with bot.db.session() as session:
        assert session.scalars(select(Occurrence)).one().status == "pending"

    bot.clock.advance(bot.app.engine.lease + timedelta(seconds=1))
    fresh = restart()
    fresh.engine.drain()
    assert sorted(sorted(g) for g in groups(bot)) == before
    assert posts(bot) == 3
    for group in groups(bot):
        assert len(intros(bot, group)) == 1


def test_planning_a_scheduled_round_twice_pairs_once(
    bot: RunningBot, crew: Crew, restart: Any
) -> None:
    reply = pair(bot, crew, "followup 0h")
    assert "into 3 groups" in reply
    with bot.db.session() as session:
        occurrence = session.scalars(select(Occurrence)).one()
        occurrence.status = "pending"  # as if another process had not finished with it
        occurrence.planned_at = None
    fresh = restart()
    fresh.engine.drain()
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Pairing)) == 3
    assert posts(bot) == 6
    for group in groups(bot):
        assert len(intros(bot, group)) == 1


def pair_without_sending(bot: RunningBot, crew: Crew) -> str:
    """``shadow pair`` answered, with the engine not yet run."""
    response = bot.sandbox.slash_command(
        crew.boss, "/greenroom", f"shadow pair <#{crew.crew}>", channel_id=crew.office
    )
    return str(bot.answer(response)["text"])

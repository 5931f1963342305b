"""Which activity is recorded (not the bot's, not DMs, not other workspaces) and how
writes cope with a slow or failing database."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from rituals.interactions import writes as capture
from storage import interactions as store
from storage.models import Member
from tests.bot.test_interactions import TEAM, Crew, crew, post, rows, send
from tests.conftest import RunningBot

__all__ = ["crew"]  # the fixture


def test_the_bots_own_messages_and_reactions_are_ignored(bot: RunningBot, crew: Crew) -> None:
    parent = post(bot, crew.ana, crew.crew, "Pickups list")
    base = {"type": "message", "channel": crew.crew, "channel_type": "channel"}
    send(
        bot,
        {
            **base,
            "user": "U0BOT",
            "bot_id": "B0BOT",
            "text": "bot reply",
            "ts": "1795430003.000001",
            "thread_ts": parent,
            "parent_user_id": crew.ana,
        },
    )
    send(
        bot,
        {
            **base,
            "subtype": "bot_message",
            "bot_id": "B0OTHER",
            "text": "integration reply",
            "ts": "1795430003.000002",
            "thread_ts": parent,
        },
    )
    send(
        bot,
        {
            "type": "reaction_added",
            "user": "U0BOT",
            "reaction": "white_check_mark",
            "item_user": crew.ana,
            "item": {"type": "message", "channel": crew.crew, "ts": parent},
        },
    )
    assert rows(bot) == []


def test_replies_and_reactions_to_a_bot_post_count_without_a_target(
    bot: RunningBot, crew: Crew
) -> None:
    bot.app.deps.clients.client_for(TEAM).chat_postMessage(
        channel=crew.crew, text="Check-in: hello?"
    )
    question = bot.sandbox.workspace.messages(crew.crew)[-1]["ts"]
    bot.sandbox.workspace.react(crew.ben, crew.crew, question, "wave")
    post(bot, crew.cleo, crew.crew, "Hello from the edit suite", thread_ts=question)
    assert rows(bot) == [("reaction", crew.ben, None, "wave"), ("reply", crew.cleo, None, None)]


def test_direct_messages_and_other_items_are_not_recorded(bot: RunningBot, crew: Crew) -> None:
    bot.sandbox.send_event(
        TEAM,
        {
            "type": "message",
            "channel": "D0000001",
            "channel_type": "im",
            "user": crew.ben,
            "text": "dm",
            "ts": "1795430004.000002",
            "thread_ts": "1795430004.000001",
            "parent_user_id": crew.ana,
        },
    )
    send(
        bot,
        {
            "type": "reaction_added",
            "user": crew.ben,
            "reaction": "eyes",
            "item_user": crew.ana,
            "item": {"type": "message", "channel": "D0000001", "ts": "1795430004.000001"},
        },
    )
    send(
        bot,
        {
            "type": "reaction_added",
            "user": crew.ben,
            "reaction": "eyes",
            "item_user": crew.ana,
            "item": {"type": "file", "file": "F0001"},
        },
    )
    assert rows(bot) == []


def test_another_workspace_gets_nothing_in_single_workspace_mode(
    bot: RunningBot, crew: Crew
) -> None:
    """One bot token serves one workspace: another workspace's events are not recorded
    (separation between installed workspaces is tested in OAuth mode, test_oauth.py)."""
    sandbox: Any = bot.sandbox
    other = sandbox.add_workspace("T0SECOND", "Second Unit", "xoxb-sandbox-T0SECOND")
    dee = other.add_user("dee", "Dee Moss")
    eli = other.add_user("eli", "Eli Shaw")
    unit = other.add_channel("second-unit", [dee, eli])
    ts = post(bot, crew.ana, crew.crew, "First unit")
    sandbox.workspace.react(crew.ben, crew.crew, ts, "clap")
    other_ts = other.post_as(dee, unit, "Second unit").ts
    other.react(eli, unit, other_ts, "clap")
    other.post_as(eli, unit, "on it", thread_ts=other_ts)
    same = {
        "type": "reaction_added",
        "user": "U_SHARED",
        "reaction": "fire",
        "item_user": "U_OTHER",
        "item": {"type": "message", "channel": "C_SHARED", "ts": "1795430005.000001"},
    }
    send(bot, same)
    answer = sandbox.send_event("T0SECOND", same)
    assert answer.status == 200 and not answer.text
    bot.settle()
    assert rows(bot) == [
        ("reaction", crew.ben, crew.ana, "clap"),
        ("reaction", "U_SHARED", "U_OTHER", "fire"),
    ]
    assert rows(bot, "T0SECOND") == []


def test_member_joined_channel_syncs_the_member(bot: RunningBot, crew: Crew) -> None:
    ws = bot.sandbox.workspace
    dan = ws.add_user("dan", "Dan Okafor", tz="Africa/Lagos", title="Production Designer")
    assert ws.join(dan, crew.crew).status == 200
    bot.settle()
    with bot.db.session() as session:
        member = session.scalars(
            select(Member).where(Member.team_id == TEAM, Member.user_id == dan)
        ).one()
    assert (member.real_name, member.tz, member.title) == (
        "Dan Okafor",
        "Africa/Lagos",
        "Production Designer",
    )


def test_the_ack_does_not_wait_for_a_slow_database(bot: RunningBot, crew: Crew) -> None:
    ts = post(bot, crew.ana, crew.crew, "Rain cover for the exterior?")
    gate = threading.Event()
    blocked = threading.Event()

    def stall(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO INTERACTIONS"):
            blocked.set()
            gate.wait(30)

    event.listen(bot.db.engine, "before_cursor_execute", stall)
    try:
        started = time.monotonic()
        response = bot.sandbox.workspace.react(crew.ben, crew.crew, ts, "umbrella")
        elapsed = time.monotonic() - started
        assert response.status == 200
        assert elapsed < 1.0, f"ack took {elapsed:.2f}s"
        assert blocked.wait(10), "the insert never started"
    finally:
        gate.set()
        bot.settle()
        event.remove(bot.db.engine, "before_cursor_execute", stall)
    assert rows(bot) == [("reaction", crew.ben, crew.ana, "umbrella")]


def test_a_write_that_keeps_failing_is_logged_with_its_ids(
    bot: RunningBot, crew: Crew, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ts = post(bot, crew.ana, crew.crew, "Generator is down")
    attempts: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> bool:
        attempts.append(1)
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "add_reaction", failing)
    monkeypatch.setattr(capture, "RETRY_DELAY", 0.0)
    caplog.set_level(logging.ERROR, logger="rituals.interactions.writes")
    response = bot.sandbox.workspace.react(crew.ben, crew.crew, ts, "warning")
    assert response.status == 200
    bot.settle()
    assert len(attempts) == capture.WRITE_ATTEMPTS
    message = caplog.records[-1].getMessage()
    event_id = response.payload["event_id"]
    for part in (TEAM, crew.crew, ts, crew.ben, event_id):
        assert part in message


def test_the_retention_purge_is_a_daily_job(bot: RunningBot, crew: Crew) -> None:
    from datetime import timedelta

    ts = post(bot, crew.ana, crew.crew, "Old news")
    bot.sandbox.workspace.react(crew.ben, crew.crew, ts, "newspaper")
    assert len(rows(bot)) == 1
    assert bot.app.daily_jobs["retention"]() == {"interactions": 0, "processed_events": 0}
    bot.clock.advance(timedelta(days=8))
    assert bot.app.daily_jobs["retention"]() == {"interactions": 0, "processed_events": 2}
    bot.clock.advance(timedelta(days=bot.app.deps.settings.retention_days))
    assert bot.app.daily_jobs["retention"]()["interactions"] == 1
    assert rows(bot) == []

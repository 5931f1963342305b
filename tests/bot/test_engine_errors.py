"""The delivery engine under Slack errors: rate limits, server errors, permanent errors, bugs."""

from __future__ import annotations

import logging

import pytest

from rituals.engine.types import SendContext
from tests.bot.test_engine import (
    LEASE,
    Crew,
    Sender,
    assert_everyone_once,
    crew,
    deliveries,
    dms,
    start,
    wire,
)
from tests.conftest import RunningBot

__all__ = ["crew"]  # the fixture


def test_rate_limit_is_waited_out(bot: RunningBot, crew: Crew) -> None:
    wire(bot.app, Sender())
    bot.sandbox.faults.rate_limit("chat.postMessage", count=1, retry_after=1)
    start(bot, crew)
    bot.drain()
    assert_everyone_once(bot, crew)
    statuses = [c.status for c in bot.sandbox.calls_to("chat.postMessage")]
    assert statuses.count(429) == 1
    assert {r.attempts for r in deliveries(bot)} == {0}


def test_a_server_error_is_retried(bot: RunningBot, crew: Crew) -> None:
    wire(bot.app, Sender())
    bot.sandbox.faults.status("chat.postMessage", 500, count=1)
    start(bot, crew)
    bot.drain()
    assert_everyone_once(bot, crew)


def test_server_errors_outlasting_the_client_put_the_row_back_for_later(
    bot: RunningBot, crew: Crew
) -> None:
    wire(bot.app, Sender())
    victim = crew.people[0]
    bot.sandbox.faults.status(
        "chat.postMessage", 503, count=4, match=lambda args: args.get("channel") == victim
    )
    start(bot, crew)
    bot.drain()
    row = next(r for r in deliveries(bot) if r.recipient == victim)
    assert (row.status, row.attempts) == ("pending", 1) and row.error
    assert dms(bot, victim) == []
    bot.clock.advance(row.not_before - bot.clock.now())
    bot.drain()
    assert_everyone_once(bot, crew)


@pytest.mark.parametrize("error", ["account_inactive", "channel_not_found", "user_not_found"])
def test_permanent_errors_are_recorded_and_not_retried(
    bot: RunningBot, crew: Crew, error: str, caplog: pytest.LogCaptureFixture
) -> None:
    wire(bot.app, Sender())
    victim = crew.people[2]
    bot.sandbox.faults.error(
        "chat.postMessage", error, count=None, match=lambda args: args.get("channel") == victim
    )
    start(bot, crew)
    with caplog.at_level(logging.WARNING):
        bot.drain()
        bot.clock.advance(LEASE * 10)
        bot.drain()
    rows = {r.recipient: r for r in deliveries(bot)}
    assert (rows[victim].status, rows[victim].error) == ("failed", error)
    assert len(bot.sandbox.calls_to("chat.postMessage")) == len(crew.people)
    for user in crew.people:
        if user != victim:
            assert rows[user].status == "sent" and len(dms(bot, user)) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_sender_bug_fails_its_row_only(
    bot: RunningBot, crew: Crew, caplog: pytest.LogCaptureFixture
) -> None:
    victim = crew.people[1]
    sender = Sender()

    def buggy(ctx: SendContext) -> None:
        if ctx.delivery.recipient == victim:
            raise KeyError("payload")
        sender(ctx)

    wire(bot.app, buggy)
    start(bot, crew)
    bot.drain()
    rows = {r.recipient: r for r in deliveries(bot)}
    assert (rows[victim].status, rows[victim].error) == ("failed", "internal error")
    assert sorted(sender.posted) == sorted(u for u in crew.people if u != victim)
    assert any("crashed" in r.getMessage() for r in caplog.records)

"""The demo's bot in its own process: it serves, settles and stops on command, and a child
that fails or dies reaches the demo as a clear error instead of a hang."""

from __future__ import annotations

import json
import os
import signal
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sandbox.demo.botside import BotProcess, BotProcessError, BotStart
from sandbox.demo.driver import SIGNING_SECRET, TEAM_TZ

MONDAY = datetime(2026, 10, 5, 6, tzinfo=UTC)


def start(database: Path, *, record_requests: bool = False) -> BotStart:
    return BotStart(
        database=str(database),
        api_url="http://127.0.0.1:9/api/",  # nothing listens: no Web API call is expected
        bot_token="xoxb-demo",
        signing_secret=SIGNING_SECRET,
        tz=TEAM_TZ,
        now=MONDAY,
        record_requests=record_requests,
    )


def test_the_bot_serves_settles_and_closes(tmp_path: Path) -> None:
    bot = BotProcess(start(tmp_path / "bot.db", record_requests=True))
    try:
        with urllib.request.urlopen(f"{bot.url}/healthz", timeout=10) as response:
            health = json.loads(response.read())
        assert health["database"]["reachable"] is True
        bot.settle(MONDAY.replace(hour=9))
    finally:
        recorded = bot.close()
    assert recorded == []  # nobody sent it anything
    assert (tmp_path / "bot.db").exists()


def test_a_bot_that_cannot_start_says_why(tmp_path: Path) -> None:
    with pytest.raises(BotProcessError, match="failed during 'start'") as failed:
        BotProcess(start(tmp_path / "missing" / "bot.db"))
    assert "Traceback" in str(failed.value)


def test_a_bot_that_dies_is_reported_not_waited_for(tmp_path: Path) -> None:
    bot = BotProcess(start(tmp_path / "bot.db"))
    assert bot.pid is not None
    os.kill(bot.pid, signal.SIGKILL)
    with pytest.raises(BotProcessError, match="exited"):
        bot.settle(MONDAY.replace(hour=9))
    assert bot.close() == []

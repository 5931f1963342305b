"""Honest health: /healthz reports Slack's answer to the bot token (cached, without tokens,
dialect or mode); `greenroom run` says in one line which credential Slack refused; a
Content-Length the server cannot trust is answered 400 at once."""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import create_app
from bot.hosting.health import SlackCheck, SlackStatus
from bot.hosting.wsgi import LoopbackServer
from bot.settings import Settings
from rituals.clock import FakeClock
from sandbox import Sandbox
from storage.db import Database
from tests.bot.crew_flows import GREENROOM
from tests.bot.replica_support import Replica, free_port, live_sandbox, replica_env
from tests.conftest import settings_for

__all__ = ["live_sandbox"]  # a fixture


def serve(sandbox: Any, db: Database, clock: FakeClock, **overrides: object) -> Iterator[str]:
    app = create_app(settings_for(sandbox, db.url, **overrides), db=db, clock=clock)
    server = LoopbackServer(app.wsgi).start()
    try:
        yield server.url
    finally:
        server.stop()
        app.close()


@pytest.fixture
def refused(sandbox: Any, db: Database, clock: FakeClock) -> Iterator[str]:
    """The bot with a bot token Slack does not know."""
    yield from serve(sandbox, db, clock, slack_bot_token="xoxb-not-a-real-token")


@pytest.fixture
def accepted(sandbox: Any, db: Database, clock: FakeClock) -> Iterator[str]:
    yield from serve(sandbox, db, clock)


def health(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url + "/healthz", timeout=10) as response:
        return response.status, response.read().decode()


def test_healthz_reports_a_refused_bot_token_and_nothing_secret(refused: str, sandbox: Any) -> None:
    status, body = health(refused)
    assert status == 200  # the database is fine: restarting would not help
    found = json.loads(body)
    assert found == {
        "status": "degraded",
        "database": {"reachable": True},
        "slack": {"reachable": True, "auth": "refused", "error": "invalid_auth"},
    }
    for secret in ("xoxb", "not-a-real-token", "sqlite", "postgres", "oauth", "single", "mode"):
        assert secret not in body
    for _ in range(5):  # cached: Slack is asked once however often /healthz is polled
        assert json.loads(health(refused)[1]) == found
    assert len(sandbox.calls_to("auth.test")) == 1


def test_healthz_is_ok_with_an_accepted_token(accepted: str) -> None:
    status, body = health(accepted)
    assert status == 200
    assert json.loads(body) == {
        "status": "ok",
        "database": {"reachable": True},
        "slack": {"reachable": True, "auth": "ok", "error": None},
    }


def test_slack_is_asked_again_only_after_the_cache_time() -> None:
    asked: list[float] = []
    now = [100.0]

    def ask(_settings: Settings) -> SlackStatus:
        asked.append(now[0])
        return SlackStatus(True, "ok")

    check = SlackCheck(Settings(), seconds=60, monotonic=lambda: now[0], ask=ask)
    for step in (0, 30, 29.9, 0.1, 59, 1):
        now[0] += step
        check.status()
    assert asked == [100.0, 160.0, 220.0]


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "+5"])
def test_an_untrustworthy_content_length_is_refused_without_reading(
    accepted: str, length: str
) -> None:
    host, port = accepted.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(
            f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n\r\ntoken=1".encode()
        )  # and the connection stays open: a server reading to the end would wait forever
        answer = conn.recv(4096).decode()
    assert answer.startswith("HTTP/1.0 400") or answer.startswith("HTTP/1.1 400"), answer


def run_once(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GREENROOM), "run"], env=env, capture_output=True, text=True, timeout=60
    )


def test_a_refused_app_token_stops_start_up_in_one_line(
    live_sandbox: Sandbox, tmp_path: Path
) -> None:
    env = replica_env(
        live_sandbox,
        f"sqlite:///{tmp_path / 'g.db'}",
        SLACK_APP_TOKEN="xapp-1-not-a-real-token",
        PORT=str(free_port()),
    )
    result = run_once(env)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "greenroom: SLACK_APP_TOKEN was refused by Slack (invalid_auth): create an app-level "
        "token with the connections:write scope (Basic Information page of your Slack app) "
        "and put it in .env"
    ]


def test_a_client_id_without_its_secret_says_so(live_sandbox: Sandbox, tmp_path: Path) -> None:
    env = replica_env(live_sandbox, f"sqlite:///{tmp_path / 'g.db'}", SLACK_CLIENT_ID="123.456")
    del env["SLACK_BOT_TOKEN"]
    result = run_once(env)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("greenroom: SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not")


def test_run_logs_one_line_when_the_bot_token_is_refused(
    live_sandbox: Sandbox, tmp_path: Path
) -> None:
    token = "xoxb-not-a-real-token"
    env = replica_env(live_sandbox, f"sqlite:///{tmp_path / 'g.db'}", SLACK_BOT_TOKEN=token)
    replica = Replica.start("refused", env)
    try:
        assert replica.ready.wait(60) and replica.worker_id, replica.log
        status, body = health(replica.url)
        assert status == 200 and json.loads(body)["slack"]["auth"] == "refused"
    finally:
        replica.stop()
    told = [line for line in replica.log if "SLACK_BOT_TOKEN" in line]
    assert len(told) == 1, replica.log
    assert "ERROR" in told[0] and "refused by Slack (invalid_auth)" in told[0]
    assert not any(token in line or "Traceback" in line for line in replica.log), replica.log

"""The HTTP surface: signatures, url_verification, help, size limit and /healthz."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot.app import create_app
from bot.hosting.wsgi import LoopbackServer
from bot.settings import Settings
from rituals.clock import FakeClock
from storage.db import Database
from storage.models import Workspace
from tests.conftest import SIGNING_SECRET


@pytest.fixture
def server(db: Database, clock: FakeClock) -> Iterator[LoopbackServer]:
    settings = Settings(
        database_url=db.url,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url="http://127.0.0.1:9/api/",
        max_body_bytes=4096,
    )
    app = create_app(settings, db=db, clock=clock)
    running = LoopbackServer(app.wsgi).start()
    yield running
    running.stop()
    app.close()


def post(
    server: LoopbackServer,
    body: str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    signed: bool = True,
    content_type: str = "application/x-www-form-urlencoded",
) -> tuple[int, bytes]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts}
    if signed:
        digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256)
        headers["X-Slack-Signature"] = "v0=" + digest.hexdigest()
    request = urllib.request.Request(
        server.url + "/slack/events", data=body.encode(), headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def command(text: str, *, team: str = "T0HTTP") -> str:
    return urllib.parse.urlencode(
        {
            "command": "/greenroom",
            "text": text,
            "team_id": team,
            "user_id": "U0ASKER",
            "channel_id": "C0CREW",
            "response_url": "http://127.0.0.1:9/response",
            "trigger_id": "1.2.3",
        }
    )


def workspaces(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Workspace)) or 0)


def test_help_is_an_ephemeral_list_of_commands(server: LoopbackServer) -> None:
    status, body = post(server, command("help"))
    assert status == 200
    answer = json.loads(body)
    assert answer["response_type"] == "ephemeral"
    assert "/greenroom help" in answer["text"]


def test_unknown_subcommand_names_what_was_not_understood(server: LoopbackServer) -> None:
    status, body = post(server, command("juggle torches"))
    answer = json.loads(body)
    assert status == 200
    assert answer["response_type"] == "ephemeral"
    assert "juggle torches" in answer["text"]
    assert "/greenroom help" in answer["text"]


@pytest.mark.parametrize(
    "how",
    [
        {"secret": "not-the-secret"},
        {"signed": False},
        {"timestamp": int(time.time()) - 600},
    ],
    ids=["wrong-signature", "missing-signature", "ten-minutes-old"],
)
def test_bad_signatures_get_401_and_change_nothing(
    server: LoopbackServer, db: Database, how: dict[str, object]
) -> None:
    status, _ = post(server, command("help", team="T0INTRUDER"), **how)  # type: ignore[arg-type]
    assert status == 401
    assert workspaces(db) == 0


def test_signed_request_records_the_workspace(server: LoopbackServer, db: Database) -> None:
    status, _ = post(server, command("help"))
    assert status == 200
    assert workspaces(db) == 1


def test_url_verification_answers_the_challenge(server: LoopbackServer) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"})
    status, answer = post(server, body, content_type="application/json")
    assert status == 200
    assert json.loads(answer)["challenge"] == "c-123"


def test_unsigned_url_verification_is_refused(server: LoopbackServer) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"})
    status, _ = post(server, body, content_type="application/json", signed=False)
    assert status == 401


def test_oversized_body_is_refused(server: LoopbackServer, db: Database) -> None:
    status, _ = post(server, command("help " + "x" * 5000))
    assert status == 413
    assert workspaces(db) == 0


def test_healthz_reports_the_database_and_slack(server: LoopbackServer) -> None:
    with urllib.request.urlopen(server.url + "/healthz", timeout=5) as response:
        status = json.loads(response.read())
    assert status["database"] == {"reachable": True}  # no dialect: anyone may read this
    assert status["slack"]["reachable"] is False  # nothing listens on its SLACK_API_URL
    assert status["status"] == "degraded"


def test_healthz_reports_an_unreachable_database(clock: FakeClock) -> None:
    db = Database("postgresql+psycopg://nobody@127.0.0.1:1/none")
    settings = Settings(
        database_url=db.url,
        slack_bot_token="xoxb-t",
        slack_signing_secret="s",
        slack_api_url="http://127.0.0.1:9/api/",
    )
    app = create_app(settings, db=db, clock=clock)
    running = LoopbackServer(app.wsgi).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as failure:
            urllib.request.urlopen(running.url + "/healthz", timeout=10)
        with failure.value as error:
            assert error.code == 503
            assert json.loads(error.read())["database"]["reachable"] is False
    finally:
        running.stop()
        app.close()


def test_unknown_path_is_404(server: LoopbackServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as failure:
        urllib.request.urlopen(server.url + "/nothing", timeout=5)
    with failure.value as error:
        assert error.code == 404

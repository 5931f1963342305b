"""Security: signed requests only, bounded bodies, logs without tokens or what people wrote
(people's data: test_security_data)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from bot.app import create_app
from bot.cli import _logging
from bot.hosting.redaction import Redact, install, redact
from bot.hosting.wsgi import LoopbackServer
from bot.slack.client import make_client
from bot.views.pulse import ActionId as PulseAction
from bot.views.retro import ActionId as RetroAction
from rituals.clock import FakeClock
from storage.db import Database
from storage.models import Interaction, ProcessedEvent, PulseAnswer, PulseNote, Workspace
from tests.bot import crew_flows as flows
from tests.conftest import SIGNING_SECRET, RunningBot, settings_for

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MAX_BODY = 8192
NOTE = "Private: the night shoots are wearing me down"
OTHER_NOTE = "Private: I'm thinking about leaving after this run"
CARD = "Share the call sheet a day earlier please"
REPLY = "Totally agree, the van keeps getting blocked in"


@pytest.fixture
def small_bot(sandbox: Any, db: Database, clock: FakeClock) -> Iterator[RunningBot]:
    """The bot with a small request-size limit."""
    settings = settings_for(sandbox, db.url, max_body_bytes=MAX_BODY)
    client = make_client(settings.slack_bot_token, base_url=settings.slack_api_url)
    app = create_app(settings, db=db, clock=clock, client=client)
    server = LoopbackServer(app.wsgi).start()
    sandbox.bot_url = f"{server.url}/slack/events"
    yield RunningBot(app=app, server=server, sandbox=sandbox, clock=clock)
    server.stop()
    app.close()


def stored(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Workspace, ProcessedEvent, PulseAnswer, PulseNote, Interaction)
        }


def forms(bot: RunningBot, crew: flows.Crew) -> dict[str, tuple[str, str]]:
    """One real request body of each kind Slack sends to /slack/events."""
    sb: Any = bot.sandbox
    prompt = flows.pulse_prompts(crew, crew.members[0])[-1]
    click = sb.click(crew.members[0], prompt, PulseAction.SCORE_3, block_id="pulse_answers")
    sb.click(crew.members[1], flows.pulse_prompts(crew, crew.members[1])[-1], PulseAction.ADD_NOTE)
    bot.settle()
    (view,) = crew.ws.open_views(crew.members[1])
    submission = sb.fill_view(crew.members[1], view["id"], {PulseAction.NOTE_TEXT: NOTE}).payload
    crew.ws.post_as(crew.manager, crew.channel, "Call time moves to 7")
    posted = crew.ws.messages(crew.channel)[-1]
    reaction = crew.ws.react(crew.members[2], crew.channel, posted["ts"], "eyes")
    return {
        "slash command": (
            urlencode(
                {
                    "command": "/greenroom",
                    "text": "optout",
                    "team_id": crew.team_id,
                    "user_id": crew.members[2],
                    "channel_id": crew.channel,
                    "response_url": "http://127.0.0.1:9/response",
                }
            ),
            FORM,
        ),
        "block_actions": (urlencode({"payload": json.dumps(click.payload)}), FORM),
        "view_submission": (urlencode({"payload": json.dumps(submission)}), FORM),
        "event": (
            json.dumps({**(reaction.payload if reaction else {}), "event_id": "EvForged1"}),
            JSON,
        ),
        "url_verification": (json.dumps({"type": "url_verification", "challenge": "c"}), JSON),
    }


# signatures and sizes ---------------------------------------------------------------------


def test_every_kind_of_request_needs_slacks_signature(small_bot: RunningBot) -> None:
    sb: Any = small_bot.sandbox
    crew = flows.make_crew(sb.workspace, 3)
    flows.command(small_bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    small_bot.drain()
    bodies = forms(small_bot, crew)
    small_bot.drain()
    before, calls = stored(small_bot.db), len(sb.calls)
    forgeries = {
        "unsigned": {"sign": False},
        "signed with another secret": {"secret": "not-the-signing-secret"},
        "replayed after 10 minutes": {"timestamp": 1_700_000_000},
    }
    for kind, (body, content_type) in bodies.items():
        for how, options in forgeries.items():
            response = sb.signed_post(sb.bot_url, body, content_type, **options)
            assert response.status == 401, (kind, how, response.status)
    small_bot.drain()
    assert stored(small_bot.db) == before
    assert len(sb.calls) == calls  # not one Web API call on a forged request
    assert flows.get_status(small_bot.url + "/slack/events") == 405


def test_bodies_over_the_limit_are_refused_before_anything_reads_them(
    small_bot: RunningBot,
) -> None:
    sb: Any = small_bot.sandbox
    crew = flows.make_crew(sb.workspace, 3)
    flows.command(small_bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    small_bot.drain()
    padding = "x" * MAX_BODY
    before = stored(small_bot.db)
    action = {"type": "block_actions", "team": {"id": crew.team_id}, "padding": padding}
    big = {
        "slash command": lambda: sb.slash_command(crew.manager, "/greenroom", "help " + padding),
        "block_actions": lambda: sb.signed_post(
            sb.bot_url, urlencode({"payload": json.dumps(action)}), FORM
        ),
        "event": lambda: crew.ws.post_as(crew.members[1], crew.channel, padding),
    }
    for kind, send in big.items():
        response = send()
        assert response is not None and response.status == 413, kind
    assert stored(small_bot.db) == before
    ok = sb.slash_command(crew.manager, "/greenroom", "help")
    assert ok.status == 200  # a normal request right after is served


# logs --------------------------------------------------------------------------------------


def test_the_cli_logging_setup_redacts() -> None:
    root = logging.getLogger()
    _logging("INFO")
    assert root.handlers and all(
        any(isinstance(f, Redact) for f in h.filters) for h in root.handlers
    )
    assert (
        redact(
            "slack_sdk.web.base_client",
            "Sending a request - url: http://x/api/chat.postMessage, body_params: {'text': 'hi'}",
        )
        == "Sending a request - url: http://x/api/chat.postMessage […]"
    )
    assert redact(
        "bot.engine", "token xoxb-1-2-abc and xoxe.xoxb-1-T-2 and xapp-1-A-3 and xoxe-1-T-4"
    ) == ("token [token] and [token] and [token] and [token]")


def test_logs_at_debug_carry_no_token_and_no_text_people_wrote(
    sandbox: Any, db: Database, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("slack_sdk", "slack_bolt", "bot", "storage"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    install([caplog.handler])  # as bot/cli.py does on its handlers
    raw: list[str] = []

    class Raw(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raw.append(record.getMessage())

    unfiltered = Raw()
    logging.getLogger("slack_sdk").addHandler(unfiltered)  # sees records before the filter
    settings = settings_for(
        sandbox,
        db.url,
        slack_bot_token=None,
        slack_client_id=sandbox.client_id,
        slack_client_secret=sandbox.client_secret,
        log_level="DEBUG",
    )
    app = create_app(settings, db=db, clock=clock)
    server = LoopbackServer(app.wsgi).start()
    sandbox.bot_url = f"{server.url}/slack/events"
    sandbox.token_rotation = True
    sandbox.token_expires_in = 3600  # rotated on first use
    bot = RunningBot(app=app, server=server, sandbox=sandbox, clock=clock)
    try:
        crew = flows.make_crew(sandbox.workspace, 3)
        flows.install(bot, crew.team_id, crew.manager)
        flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
        flows.answer_pulse(bot, crew, crew.members[0], 2)
        flows.add_note(bot, crew, crew.members[0], NOTE)
        # reopening the note modal sends the note back to its author, through the Web API
        sandbox.click(
            crew.members[0], flows.pulse_prompts(crew, crew.members[0])[-1], PulseAction.ADD_NOTE
        )
        bot.settle()
        flows.command(bot, crew.manager, "start Wrap", crew.channel, slash="/retro")
        flows.add_card(bot, crew, crew.members[1], "start", CARD)
        sandbox.click(crew.members[1], flows.retro_message(crew), RetroAction.MY_CARDS)
        bot.settle()
        retro = flows.retro_message(crew)
        crew.ws.post_as(crew.members[2], crew.channel, REPLY, thread_ts=retro["ts"])
        flows.command(bot, crew.manager, "close", crew.channel, slash="/retro")
        bot.drain()
    finally:
        logging.getLogger("slack_sdk").removeHandler(unfiltered)
        server.stop()
        app.close()
    assert any(
        c.args.get("grant_type") == "refresh_token" for c in sandbox.calls_to("oauth.v2.access")
    )
    assert any(CARD in json.dumps(c.args) for c in sandbox.calls_to("chat.postMessage"))
    secrets = ["xoxb-", "xoxe", "xapp-", sandbox.client_secret, SIGNING_SECRET, NOTE, CARD, REPLY]
    unsafe = "\n".join(raw)
    assert [s for s in ("xoxe", NOTE, CARD) if s in unsafe] == ["xoxe", NOTE, CARD]  # the need
    logged = caplog.text + "\n".join(r.exc_text or "" for r in caplog.records)
    assert len(caplog.records) > 100
    assert [s for s in secrets if s in logged] == []


# forget-me ---------------------------------------------------------------------------------


# reading others' answers ---------------------------------------------------------------------

"""Multi-workspace installs end to end through the sandbox: the OAuth flow, its state check
and the first manager (several installed workspaces: test_oauth_workspaces)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import MetaData

from bot.app import create_app
from bot.hosting.wsgi import LoopbackServer
from bot.settings import Settings
from bot.slack.oauth import BOT_SCOPES
from rituals.clock import FakeClock
from storage.db import Database
from storage.models import Workspace
from tests.bot import crew_flows as flows
from tests.conftest import SIGNING_SECRET, RunningBot

SECOND = "T0SECOND"
WEEK = "2026-W48"  # the fake clock starts on Monday 2026-11-23
# Tables a workspace's everyday use fills (the purge test checks every table, these included).
HELD = {
    "slack_installations",
    "slack_bots",
    "workspaces",
    "members",
    "occurrences",
    "deliveries",
    "pulse_answers",
    "pulse_notes",
    "retros",
    "retro_cards",
    "action_items",
    "avoid_pairs",
    "interactions",
    "processed_events",
}


@pytest.fixture
def oauth_bot(sandbox: Any, db: Database, clock: FakeClock) -> Iterator[RunningBot]:
    """Greenroom in multi-workspace mode (no bot token of its own), talking to the sandbox."""
    settings = Settings(
        database_url=db.url,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=sandbox.base_url,
        slack_client_id=sandbox.client_id,
        slack_client_secret=sandbox.client_secret,
        tz="Europe/London",
    )
    app = create_app(settings, db=db, clock=clock)
    server = LoopbackServer(app.wsgi).start()
    sandbox.bot_url = f"{server.url}/slack/events"
    sandbox.add_workspace(SECOND, "Second Unit", "xoxb-sandbox-T0SECOND")
    yield RunningBot(app=app, server=server, sandbox=sandbox, clock=clock)
    server.stop()
    app.close()


def crew_in(bot: RunningBot, team_id: str, size: int, prefix: str) -> flows.Crew:
    """A crew whose manager is not a Slack admin: only the install makes them a manager."""
    ws = bot.sandbox.workspaces[team_id]
    return flows.make_crew(ws, size, prefix=prefix, admin=False)


def installed_crews(bot: RunningBot) -> tuple[flows.Crew, flows.Crew]:
    """Two workspaces, each installed by its crew's lead."""
    first = crew_in(bot, "T0SANDBOX", 3, "stage")
    second = crew_in(bot, SECOND, 4, "studio")
    flows.install(bot, first.team_id, first.manager)
    flows.install(bot, second.team_id, second.manager)
    return first, second


def export(bot: RunningBot, team_id: str) -> dict[str, Any]:
    result = flows.greenroom("export", "--week", WEEK, "--team", team_id, database_url=bot.db.url)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def pulse_everyone(bot: RunningBot, crew: flows.Crew, score: int | list[int]) -> None:
    reply = flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    assert reply.startswith("Sending today's pulse"), reply
    bot.drain()
    scores = score if isinstance(score, list) else [score]
    for n, user in enumerate(crew.everyone):
        flows.answer_pulse(bot, crew, user, scores[n % len(scores)])


# the install ------------------------------------------------------------------------------


def test_install_redirects_to_slack_with_a_state(oauth_bot: RunningBot, db: Database) -> None:
    state, cookie, query = flows.start_install(oauth_bot)
    assert query["client_id"] == [oauth_bot.sandbox.client_id]
    assert set(query["scope"][0].split(",")) == set(BOT_SCOPES)
    assert cookie == f"slack-app-oauth-state={state}"
    metadata = MetaData()
    metadata.reflect(db.engine, only=["slack_oauth_states"])
    with db.engine.connect() as connection:
        states = [
            row.state for row in connection.execute(metadata.tables["slack_oauth_states"].select())
        ]
    assert states == [state]


def test_the_installer_becomes_the_first_manager(oauth_bot: RunningBot, db: Database) -> None:
    crew = crew_in(oauth_bot, "T0SANDBOX", 2, "stage")
    flows.install(oauth_bot, crew.team_id, crew.manager)

    metadata = MetaData()
    metadata.reflect(db.engine, only=["slack_installations", "slack_bots"])
    with db.engine.connect() as connection:
        (installation,) = connection.execute(metadata.tables["slack_installations"].select()).all()
        (bot_row,) = connection.execute(metadata.tables["slack_bots"].select()).all()
    assert (installation.team_id, installation.user_id) == (crew.team_id, crew.manager)
    assert bot_row.bot_token == crew.ws.bot_token
    assert bot_row.bot_user_id == crew.ws.bot_user_id
    with db.session() as session:
        workspace = session.get(Workspace, crew.team_id)
        assert workspace is not None and workspace.active
        assert workspace.installer_user_id == crew.manager

    refused = flows.command(
        oauth_bot, crew.members[0], f"pulse send <#{crew.channel}>", crew.channel
    )
    assert refused.startswith("Only managers can use `/greenroom pulse send`")
    sent = flows.command(oauth_bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    assert sent.startswith("Sending today's pulse")
    oauth_bot.drain()
    assert all(len(flows.pulse_prompts(crew, user)) == 1 for user in crew.everyone)


def test_a_forged_or_replayed_state_installs_nothing(oauth_bot: RunningBot, db: Database) -> None:
    crew = crew_in(oauth_bot, "T0SANDBOX", 1, "stage")
    sb: Any = oauth_bot.sandbox

    def redirect(code: str, state: str, cookie: str | None) -> int:
        query = urlencode({"code": code, "state": state})
        headers = {"Cookie": cookie} if cookie else {}
        status, _, _ = flows.get(f"{oauth_bot.url}/slack/oauth_redirect?{query}", headers)
        return status

    state, cookie, _ = flows.start_install(oauth_bot)
    assert redirect(sb.issue_oauth_code(crew.team_id, crew.manager), "forged", cookie) == 400
    assert redirect(sb.issue_oauth_code(crew.team_id, crew.manager), state, None) == 400
    assert redirect(sb.issue_oauth_code(crew.team_id, crew.manager), state, cookie) == 200
    # the same state again (a replayed redirect) is refused: a state is good for one install
    assert redirect(sb.issue_oauth_code(crew.team_id, crew.members[0]), state, cookie) == 401
    assert [c.args["code"] for c in sb.calls_to("oauth.v2.access")] == [
        f"sandbox-code-{crew.team_id}-3"
    ]
    assert oauth_bot.app.deps.svc.people.is_manager(crew.team_id, crew.manager)
    assert not oauth_bot.app.deps.svc.people.is_manager(crew.team_id, crew.members[0])


# two workspaces ---------------------------------------------------------------------------


# tokens -----------------------------------------------------------------------------------


def test_the_installer_can_be_forgotten(oauth_bot: RunningBot) -> None:
    stage, _ = installed_crews(oauth_bot)
    flows.command(oauth_bot, stage.manager, f"pulse send <#{stage.channel}>", stage.channel)
    flows.answer_pulse(oauth_bot, stage, stage.manager, 3)
    reply = flows.command(oauth_bot, stage.manager, "forget-me confirm", stage.channel)
    assert reply.startswith("Done — Greenroom has forgotten you")
    assert [v for v in flows.every_value(oauth_bot) if stage.manager in v[2]] == []
    # the installation itself still works for everyone else
    flows.answer_pulse(oauth_bot, stage, stage.members[0], 4)
    assert flows.command(oauth_bot, stage.members[0], "help", stage.channel).startswith(
        "*Greenroom*"
    )

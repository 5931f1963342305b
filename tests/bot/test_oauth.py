"""Multi-workspace installs end to end through the sandbox: the OAuth flow, managers,
isolation between workspaces, token rotation, uninstall and purge."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk import WebClient
from sqlalchemy import MetaData, func, select

from bot.app import create_app
from bot.hosting.wsgi import LoopbackServer
from bot.settings import Settings
from bot.slack.oauth import BOT_SCOPES, Installations
from rituals.clock import FakeClock
from storage.db import Database
from storage.models import Delivery, Ritual, Workspace
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


def test_each_workspace_sees_only_its_own_data(oauth_bot: RunningBot) -> None:
    stage, studio = installed_crews(oauth_bot)
    # answers that differ: a week where everyone gave the same score is never shown
    pulse_everyone(oauth_bot, stage, [5, 4, 5, 3])
    pulse_everyone(oauth_bot, studio, [2, 1, 2, 2, 3])
    scheduled = flows.command(
        oauth_bot, stage.manager, f'pulse schedule "15 9 * * 1-5" <#{stage.channel}>', stage.channel
    )
    assert "weekdays at 09:15" in scheduled

    # commands: results and the rituals list are per workspace
    stage_results = flows.command(
        oauth_bot, stage.manager, f"pulse results <#{stage.channel}>", stage.channel
    )
    studio_results = flows.command(
        oauth_bot, studio.manager, f"pulse results <#{studio.channel}>", studio.channel
    )
    assert "4.3" in stage_results and "2.0" not in stage_results
    assert "2.0" in studio_results and "4.3" not in studio_results
    assert "weekdays at 09:15" in flows.command(oauth_bot, stage.manager, "rituals", stage.channel)
    studio_rituals = flows.command(oauth_bot, studio.manager, "rituals", studio.channel)
    assert studio_rituals.startswith("No rituals") and "09:15" not in studio_rituals

    # exports
    stage_export, studio_export = (
        export(oauth_bot, stage.team_id),
        export(oauth_bot, studio.team_id),
    )
    assert (stage_export["team_id"], studio_export["team_id"]) == (stage.team_id, studio.team_id)
    assert stage_export["pulse"]["prompted"] == 4 and studio_export["pulse"]["prompted"] == 5
    assert stage_export["pulse"]["responses"] == 4 and studio_export["pulse"]["responses"] == 5
    assert stage_export["pulse"]["mean"] == 4.3 and studio_export["pulse"]["mean"] == 2.0
    assert stage_export["pulse"]["distribution"]["2"] == 0
    assert studio_export["pulse"]["distribution"]["5"] == 0

    # digests, the week after: each in its own channel, from its own figures
    oauth_bot.clock.advance(timedelta(days=7))
    for crew in (stage, studio):
        flows.command(oauth_bot, crew.manager, f"digest send <#{crew.channel}>", crew.channel)
    oauth_bot.drain()
    sb: Any = oauth_bot.sandbox
    digests = {
        c.team_id: c.args
        for c in sb.calls_to("chat.postMessage")
        if c.args.get("channel") in (stage.channel, studio.channel)
    }
    assert digests[stage.team_id]["channel"] == stage.channel
    assert digests[studio.team_id]["channel"] == studio.channel
    assert "4.3" in json.dumps(digests[stage.team_id]) and "2.0" not in json.dumps(
        digests[stage.team_id]
    )
    assert "2.0" in json.dumps(digests[studio.team_id])

    # nothing one workspace holds ever went out with the other's token
    for call in sb.calls:
        other = studio if call.team_id == stage.team_id else stage
        sent = json.dumps(call.args)
        assert other.channel not in sent and not any(u in sent for u in other.everyone), call.method


# tokens -----------------------------------------------------------------------------------


def test_rotated_tokens_keep_background_sends_going(oauth_bot: RunningBot) -> None:
    sb: Any = oauth_bot.sandbox
    sb.token_rotation = True
    sb.token_expires_in = 3 * 3600
    stage, studio = installed_crews(oauth_bot)
    for crew in (stage, studio):
        reply = flows.command(
            oauth_bot, crew.manager, f'pulse schedule "30 13 * * *" <#{crew.channel}>', crew.channel
        )
        assert "every day at 13:30" in reply
    assert sb.calls_to("oauth.v2.access")[-1].response["expires_in"] == 3 * 3600

    # 13:30 London: both first tokens (issued at 08:00 UTC) expired at 11:00 UTC
    oauth_bot.clock.advance(timedelta(hours=5, minutes=30))
    oauth_bot.drain()
    for crew in (stage, studio):
        assert all(len(flows.pulse_prompts(crew, user)) == 1 for user in crew.everyone)
    refreshes = [
        c for c in sb.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"
    ]
    assert sorted(c.team_id for c in refreshes) == [stage.team_id, studio.team_id]
    assert all(c.response["ok"] for c in refreshes)
    assert not [c for c in sb.calls if c.response.get("error") in ("token_expired", "invalid_auth")]

    # and the next day again, with the rotated tokens rotated in turn
    oauth_bot.clock.advance(timedelta(days=1))
    oauth_bot.drain()
    for crew in (stage, studio):  # yesterday's prompt and reminder, today's prompt
        assert all(len(flows.pulse_prompts(crew, user)) == 3 for user in crew.everyone)
    refreshes = [
        c for c in sb.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"
    ]
    assert len(refreshes) == 4
    # a member's click after the rotation is authorised with the fresh token
    flows.answer_pulse(oauth_bot, stage, stage.members[0], 4)
    assert not [c for c in sb.calls if c.response.get("error") in ("token_expired", "invalid_auth")]


def test_uninstall_stops_that_workspace_only(oauth_bot: RunningBot, db: Database) -> None:
    stage, studio = installed_crews(oauth_bot)
    for crew in (stage, studio):
        flows.command(
            oauth_bot, crew.manager, f'pulse schedule "0 9 * * *" <#{crew.channel}>', crew.channel
        )
        flows.command(oauth_bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    oauth_bot.drain()  # prompts sent; reminders wait for later today

    sb: Any = oauth_bot.sandbox
    answers = sb.uninstall(stage.team_id)
    assert [a.status for a in answers] == [200, 200]
    calls_before = len(sb.calls)
    with db.session() as session:
        stage_rows = session.scalars(
            select(Delivery).where(Delivery.team_id == stage.team_id)
        ).all()
        assert {d.status for d in stage_rows if d.kind == "pulse_reminder"} == {"skipped"}
        assert all(
            r.paused for r in session.scalars(select(Ritual).where(Ritual.team_id == stage.team_id))
        )
        assert not any(
            r.paused
            for r in session.scalars(select(Ritual).where(Ritual.team_id == studio.team_id))
        )
        workspace = session.get(Workspace, stage.team_id)
        assert workspace is not None and not workspace.active

    # the reminders' time, then the next morning's ritual: only the studio hears from us
    oauth_bot.clock.advance(timedelta(hours=4))
    oauth_bot.drain()
    oauth_bot.clock.advance(timedelta(hours=21))
    oauth_bot.drain()
    later = sb.calls[calls_before:]
    assert later and {c.team_id for c in later} == {studio.team_id}
    for user in studio.everyone:
        assert (
            len(flows.pulse_prompts(studio, user)) == 3
        )  # today's prompt, its reminder, tomorrow's
    for user in stage.everyone:
        assert len(flows.pulse_prompts(stage, user)) == 1
    # a command from the removed workspace is not served with a dead token
    response = sb.slash_command(stage.manager, "/greenroom", "help", channel_id=stage.channel)
    assert response.status == 200
    assert "/greenroom help" not in response.text
    assert {c.team_id for c in sb.calls[calls_before:]} == {studio.team_id}


def test_purge_erases_every_row_of_one_workspace(oauth_bot: RunningBot, db: Database) -> None:
    stage, studio = installed_crews(oauth_bot)
    for crew in (stage, studio):
        pulse_everyone(oauth_bot, crew, 4)
        flows.add_note(oauth_bot, crew, crew.members[0], "Note for the record")
        flows.command(oauth_bot, crew.manager, "start Wrap", crew.channel, slash="/retro")
        flows.add_card(oauth_bot, crew, crew.members[1], "start", "Card for the record")
        flows.command(
            oauth_bot,
            crew.manager,
            f'action "Fix the van" <@{crew.members[1]}>',
            crew.channel,
            slash="/retro",
        )
        flows.command(
            oauth_bot, crew.members[0], f"shadow avoid <@{crew.members[1]}>", crew.channel
        )
        message = flows.retro_message(crew)
        crew.ws.react(crew.members[2], crew.channel, message["ts"], "tada")
        oauth_bot.drain()
    before = flows.rows_per_table(oauth_bot, stage.team_id)
    studio_before = flows.rows_per_table(oauth_bot, studio.team_id)
    held = {name for name, count in before.items() if count}
    assert held >= HELD, HELD - held

    refused = flows.greenroom("purge", "--team", stage.team_id, database_url=db.url)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert flows.rows_per_table(oauth_bot, stage.team_id) == before

    done = flows.greenroom("purge", "--team", stage.team_id, "--yes", database_url=db.url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"erased {sum(before.values())} rows of {stage.team_id}"
    assert set(flows.rows_per_table(oauth_bot, stage.team_id).values()) == {0}
    leftovers = [v for v in flows.every_value(oauth_bot) if stage.team_id in v[2]]
    assert leftovers == []
    assert flows.rows_per_table(oauth_bot, studio.team_id) == studio_before
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Workspace)) == 1


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


def test_processes_rotating_at_once_share_one_new_token(oauth_bot: RunningBot) -> None:
    sb: Any = oauth_bot.sandbox
    sb.token_rotation = True
    sb.token_expires_in = 3 * 3600
    stage = crew_in(oauth_bot, "T0SANDBOX", 1, "stage")
    flows.install(oauth_bot, stage.team_id, stage.manager)
    oauth_bot.clock.advance(timedelta(hours=2))  # an hour left: time to rotate
    deps = oauth_bot.app.deps
    # another replica's view of the same database
    processes = [Installations(deps.settings, deps.svc.db, deps.svc.clock) for _ in range(4)]
    with ThreadPoolExecutor(len(processes)) as pool:
        tokens = set(pool.map(lambda p: p.token(stage.team_id), processes))
    refreshes = [c for c in sb.calls_to("oauth.v2.access") if c.args.get("grant_type")]
    outcomes = sorted(c.response.get("error", "ok") for c in refreshes)
    # one refresh token, spent once; the others find the token it bought
    assert outcomes == ["invalid_refresh_token"] * (len(refreshes) - 1) + ["ok"]
    (bought,) = [c.response["access_token"] for c in refreshes if c.response["ok"]]
    assert tokens == {bought}
    token = bought
    latest = processes[0].store.find_bot(enterprise_id=None, team_id=stage.team_id)
    assert latest is not None and latest.bot_token == token
    assert WebClient(token=token, base_url=sb.base_url).auth_test()["ok"]

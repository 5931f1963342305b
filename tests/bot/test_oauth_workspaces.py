"""Several installed workspaces: isolation, token rotation, uninstall and purge."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import func, select

from bot.slack.oauth import Installations
from storage.db import Database
from storage.models import Delivery, Ritual, Workspace
from tests.bot import crew_flows as flows
from tests.bot.test_oauth import HELD, crew_in, export, installed_crews, oauth_bot, pulse_everyone
from tests.conftest import RunningBot

__all__ = ["oauth_bot"]  # the fixture


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

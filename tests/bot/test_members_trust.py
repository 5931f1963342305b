"""Trust at the command boundary (issue 14, items 9, 15, 17, 19), end to end over signed HTTP:
private channels stay private, one bot serves one workspace, people's words never reach
the logs and text nobody can store never turns into an HTTP 500."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import DATABASE_TROUBLE
from rituals.members import settings as member_settings
from storage.models import PulseNote, Workspace
from tests.bot import crew_flows as flows
from tests.conftest import RunningBot

SECRET = "my director is a tyrant"


# 9. nothing about a private channel to anyone outside it ------------------------------------


def test_roles_of_a_private_channel_only_for_its_members(bot: RunningBot) -> None:
    ws = bot.sandbox.workspace
    crew = flows.make_crew(ws, 2)
    insider = ws.add_user("vic", "Victoria Secret", tz="Europe/London")
    private = ws.add_channel("casting", [crew.manager, insider], is_private=True)
    flows.command(bot, crew.manager, f"role set <@{insider}> casting", crew.channel)

    outsider = flows.command(bot, crew.members[0], f"roles <#{private}>", crew.channel)
    unknown = flows.command(bot, crew.members[0], "roles <#C0NOWHERE>", crew.channel)
    assert "Victoria" not in outsider and "casting" not in outsider
    assert outsider == unknown.replace("C0NOWHERE", private)
    # a manager outside it is refused the same way; a member inside sees it
    assert "Victoria" not in flows.command(
        bot, crew.members[1], f"roles <#{private}>", crew.channel
    )
    assert "Victoria" in flows.command(bot, insider, f"roles <#{private}>", private)


# 15. single-workspace mode serves one workspace ---------------------------------------------


def test_another_workspace_gets_nothing(bot: RunningBot) -> None:
    sb: Any = bot.sandbox
    crew = flows.make_crew(sb.workspace, 2)
    flows.command(bot, crew.manager, "roles", crew.channel)  # the installed workspace works
    other = sb.add_workspace("T0ELSEWHERE", "Elsewhere", "xoxb-sandbox-T0ELSEWHERE")
    stranger = other.add_user("zed", "Zed Stranger", is_admin=True)
    room = other.add_channel("room", [stranger])
    for words in ("help", "roles", f"manager add <@{stranger}>", "pulse send"):
        response = sb.slash_command(stranger, "/greenroom", words, channel_id=room)
        assert response.status == 200 and not response.text, response.text
    bot.settle()
    with bot.db.session() as session:
        teams = set(session.scalars(select(Workspace.team_id)))
    assert "T0ELSEWHERE" not in teams
    assert not [c for c in sb.calls if c.team_id == "T0ELSEWHERE" or room in str(c.args)]


def test_another_workspace_uninstalling_changes_nothing_here(bot: RunningBot) -> None:
    """app_uninstalled and tokens_revoked skip Bolt's authorization: they are refused too."""
    sb: Any = bot.sandbox
    crew = flows.make_crew(sb.workspace, 2)
    flows.command(bot, crew.manager, "roles", crew.channel)  # the bot learns its workspace
    sb.add_workspace("T0ELSEWHERE", "Elsewhere", "xoxb-sandbox-T0ELSEWHERE")
    responses = sb.uninstall("T0ELSEWHERE")
    assert [r.status for r in responses] == [200, 200]
    bot.settle()
    with bot.db.session() as session:
        teams = dict(session.execute(select(Workspace.team_id, Workspace.active)).all())
    assert teams == {sb.workspace.team_id: True}
    # the installed workspace's own uninstall still stops it
    sb.uninstall(sb.workspace.team_id)
    bot.settle()
    with bot.db.session() as session:
        assert session.scalar(select(Workspace.active)) is False


# 17, 19. text people type: stored cleanly, never in logs, never an HTTP 500 ------------------


def _note(bot: RunningBot, crew: flows.Crew, user: str) -> str:
    with bot.db.session() as session:
        return str(session.scalar(select(PulseNote.text).where(PulseNote.user_id == user)))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(f"{SECRET}\x00!", f"{SECRET}!"), (f"{SECRET} \ud800 ok", f"{SECRET} \ufffd ok")],
)
def test_a_note_with_nul_or_a_lone_surrogate_is_stored_cleanly(
    bot: RunningBot, typed: str, stored: str
) -> None:
    crew = flows.make_crew(bot.sandbox.workspace, 2)
    ana = crew.members[0]
    flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    flows.answer_pulse(bot, crew, ana, 2)
    flows.add_note(bot, crew, ana, typed)  # asserts HTTP 200
    assert _note(bot, crew, ana) == stored


def test_sql_parameters_are_hidden_from_errors(bot: RunningBot) -> None:
    with pytest.raises(SQLAlchemyError) as failed, bot.db.engine.connect() as connection:
        connection.execute(text("SELECT :words FROM no_such_table"), {"words": SECRET})
    assert SECRET not in str(failed.value)


def test_a_database_error_is_a_clear_message_and_logs_no_words(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    crew = flows.make_crew(bot.sandbox.workspace, 1)

    def broken(*args: object, **kwargs: object) -> None:
        with bot.db.engine.connect() as connection:
            connection.execute(text("INSERT INTO no_such_table VALUES (:words)"), {"words": SECRET})

    monkeypatch.setattr(member_settings, "today", broken)
    with caplog.at_level(logging.DEBUG):
        answer = flows.command(bot, crew.members[0], "away 3d", crew.channel)
    assert answer == DATABASE_TROUBLE
    assert any(r.levelno == logging.ERROR for r in caplog.records)
    assert SECRET not in caplog.text


def test_a_failed_write_from_a_form_is_a_message_not_an_http_500(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from storage import pulse as pulse_store

    crew = flows.make_crew(bot.sandbox.workspace, 2)
    ana = crew.members[0]
    flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    flows.answer_pulse(bot, crew, ana, 2)

    def refused(unit: Any, **kwargs: Any) -> None:
        unit.execute(text("INSERT INTO no_such_table VALUES (:words)"), {"words": kwargs["text"]})

    monkeypatch.setattr(pulse_store, "save_note", refused)
    sb = bot.sandbox
    sb.click(ana, flows.pulse_prompts(crew, ana)[-1], "pulse_add_note")
    bot.settle()
    (view,) = crew.ws.open_views(ana)
    with caplog.at_level(logging.DEBUG):
        response = sb.fill_view(ana, view["id"], {"pulse_note_text": SECRET})
    assert response.status == 200
    assert response.json()["view"]["blocks"][0]["text"]["text"] == DATABASE_TROUBLE
    assert SECRET not in caplog.text

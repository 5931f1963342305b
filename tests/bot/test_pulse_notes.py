"""Pulse notes: written privately, and their field errors."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.views.pulse import ActionId, BlockId
from storage.models import PulseNote
from tests.bot.test_pulse import Crew, make_crew, pulse_dms, send_pulse
from tests.conftest import RunningBot


def open_note(bot: RunningBot, crew: Crew, user: str) -> str:
    (prompt,) = pulse_dms(crew, user)
    response = bot.sandbox.click(user, prompt, ActionId.ADD_NOTE)
    assert response.status == 200
    bot.settle()
    (view,) = crew.ws.open_views(user)
    return str(view["id"])


def test_a_note_is_stored_privately(bot: RunningBot) -> None:
    crew = make_crew(bot, size=2, others=False)
    send_pulse(bot, crew)
    ana = crew.members[0]
    view_id = open_note(bot, crew, ana)
    response = bot.sandbox.fill_view(ana, view_id, {ActionId.NOTE_TEXT: "Long night shoot. "})
    assert response.status == 200 and response.json() is None
    bot.settle()
    assert crew.ws.open_views(ana) == []
    with bot.db.session() as session:
        (note,) = session.scalars(select(PulseNote)).all()
        assert (note.user_id, note.text) == (ana, "Long night shoot.")
    (prompt,) = pulse_dms(crew, ana)
    assert "only you can read it" in str(prompt["blocks"])
    # Opening it again shows the member their own note, and saving replaces it.
    view_id = open_note(bot, crew, ana)
    element = crew.ws.views[view_id]["blocks"][1]["element"]
    assert element["initial_value"] == "Long night shoot."
    bot.sandbox.fill_view(ana, view_id, {ActionId.NOTE_TEXT: "Better after lunch."})
    with bot.db.session() as session:
        assert [n.text for n in session.scalars(select(PulseNote))] == ["Better after lunch."]
    # Nobody else's DM mentions it.
    other = crew.members[1]
    assert "note is saved" not in str(pulse_dms(crew, other)[0]["blocks"])


@pytest.mark.parametrize(
    ("text", "problem"), [("   \n  ", "Write a few words"), ("x" * 2001, "up to 2,000")]
)
def test_note_field_errors(bot: RunningBot, text: str, problem: str) -> None:
    crew = make_crew(bot, size=1, others=False)
    send_pulse(bot, crew)
    user = crew.members[0]
    view_id = open_note(bot, crew, user)
    response = bot.sandbox.fill_view(user, view_id, {ActionId.NOTE_TEXT: text})
    body = response.json()
    assert body["response_action"] == "errors"
    assert problem in body["errors"][BlockId.NOTE]
    assert len(crew.ws.open_views(user)) == 1
    with bot.db.session() as session:
        assert session.scalars(select(PulseNote)).all() == []

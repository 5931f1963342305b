"""Managers set up the crew's rituals on the App Home, end to end through the sandbox:
New ritual (every kind) and Edit through the modal the bot drew, Pause/Resume/Delete,
paging, and every click checked against the clicker and the ritual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.views.home_rituals import RitualAction
from bot.views.ritual_form import Field
from storage.models import Ritual
from tests.bot.home_support import (
    TEAM,
    buttons,
    click,
    click_for_modal,
    fill,
    forged_click,
    modal,
    open_home,
    pick_in_modal,
    published,
    text_of,
)
from tests.bot.test_rituals_admin import add_ritual, ask
from tests.conftest import RunningBot

WEEKDAYS = ["1", "2", "3", "4", "5"]


@dataclass
class Crew:
    ana: str  # a workspace admin: a manager
    ben: str
    crew: str
    stage: str
    leads: str
    outside: str  # the bot is not in it


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    ws: Any = bot.sandbox.workspace
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", is_admin=True, title="Producer")
    ben = ws.add_user("ben", "Ben Cole", tz="Europe/London", title="Sound Mixer")
    people = [ana, ben]
    return Crew(
        ana,
        ben,
        ws.add_channel("crew", people),
        ws.add_channel("stage", people),
        ws.add_channel("leads", [ana]),
        ws.add_channel("outside", people, bot_member=False),
    )


def rituals(bot: RunningBot) -> list[Ritual]:
    with bot.db.session() as session:
        return list(session.scalars(select(Ritual).order_by(Ritual.id)))


def new_ritual(bot: RunningBot, user: str, kind: str, **inputs: Any) -> dict[str, Any]:
    """Click New ritual, pick the kind, fill the modal in; the bot's answer to the submit."""
    open_home(bot, user)
    view_id = click_for_modal(bot, user, RitualAction.NEW, "new")
    if kind != "pulse":
        pick_in_modal(bot, user, view_id, Field.KIND, kind)
    return fill(bot, user, view_id, **inputs)


def test_a_manager_sets_up_every_kind_then_edits_one(bot: RunningBot, crew: Crew) -> None:
    answer = new_ritual(
        bot,
        crew.ana,
        "pulse",
        ritual_channel=crew.crew,
        ritual_days=WEEKDAYS,
        ritual_time="09:00",
        ritual_question="How rested do you feel?",
    )
    assert answer == {}
    assert "Set up ritual #1: weekdays at 09:00, Europe/London" in text_of(published(bot, crew.ana))
    assert (
        new_ritual(
            bot,
            crew.ana,
            "shadow",
            ritual_channel=crew.crew,
            ritual_days=["1"],
            ritual_time="10:00",
            ritual_zone="America/New_York",
            ritual_size="3",
            ritual_followup="1440",
        )
        == {}
    )
    assert (
        new_ritual(
            bot,
            crew.ana,
            "checkin",
            ritual_channel=crew.stage,
            ritual_days=["5"],
            ritual_time="16:00",
            ritual_question="What made you laugh at work this week?",
        )
        == {}
    )
    assert (
        new_ritual(
            bot,
            crew.ana,
            "digest",
            ritual_channel=crew.leads,
            ritual_days=["0"],
            ritual_time="18:00",
            ritual_crew=crew.crew,
        )
        == {}
    )
    pulse, shadow, checkin, digest = rituals(bot)
    assert (pulse.kind, pulse.cron, pulse.tz) == ("pulse", "0 9 * * 1-5", "Europe/London")
    assert pulse.config["question"] == "How rested do you feel?"
    assert (shadow.cron, shadow.tz) == ("0 10 * * 1", "America/New_York")
    assert shadow.config["size"] == 3 and shadow.config["followup_minutes"] == 1440
    assert checkin.config["question"] == "What made you laugh at work this week?"
    assert (digest.channel_id, digest.cron, digest.config["crew_channel"]) == (
        crew.leads,
        "0 18 * * 0",
        crew.crew,
    )

    view_id = click_for_modal(bot, crew.ana, RitualAction.EDIT, str(pulse.id))
    drawn = str(modal(bot, view_id)["blocks"])
    assert "How rested do you feel?" in drawn and "Edit ritual #1" in str(modal(bot, view_id))
    assert fill(bot, crew.ana, view_id, ritual_days=["1", "3", "5"], ritual_time="08:30") == {}
    edited = rituals(bot)[0]
    assert (edited.id, edited.cron, edited.config["question"]) == (
        pulse.id,
        "30 8 * * 1,3,5",
        "How rested do you feel?",
    )
    listed = ask(bot, crew.ben, "rituals")
    for line in (
        f"*#{pulse.id}* Daily pulse in <#{crew.crew}> · Mon, Wed and Fri at 08:30, Europe/London "
        "· next Mon 23 Nov 08:30",
        "Mondays at 10:00, America/New_York · next Mon 23 Nov 10:00",
        "Fridays at 16:00, Europe/London · next Fri 27 Nov 16:00",
        "Sundays at 18:00, Europe/London · next Sun 29 Nov 18:00",
        f"for the crew of <#{crew.crew}>",
    ):
        assert line in listed


def test_schedule_errors_show_on_the_fields_and_create_nothing(bot: RunningBot, crew: Crew) -> None:
    base = {"ritual_days": WEEKDAYS, "ritual_time": "09:00"}
    assert new_ritual(bot, crew.ana, "pulse", ritual_channel=crew.crew, **base) == {}
    cases = [
        ("pulse", {"ritual_channel": crew.crew}, Field.CHANNEL, "already has a pulse: ritual #1"),
        ("shadow", {"ritual_channel": crew.outside}, Field.CHANNEL, "/invite"),
        (
            "checkin",
            {"ritual_channel": crew.stage, "ritual_zone_typed": "Mars/Olympus"},
            Field.ZONE_TYPED,
            "Mars/Olympus",
        ),
        ("shadow", {"ritual_channel": crew.stage, "ritual_zone": "local"}, None, None),
    ]
    for kind, inputs, field, message in cases:
        if field is None:  # "each member's zone" is not offered for shadowing at all
            with pytest.raises(LookupError):
                new_ritual(bot, crew.ana, kind, **base, **inputs)
            continue
        answer = new_ritual(bot, crew.ana, kind, **base, **inputs)
        assert answer["response_action"] == "errors", answer
        assert message in answer["errors"][field.value], answer
    assert len(rituals(bot)) == 1
    for text, reason in (
        ('pulse schedule "*/1 * * * *" #stage', "1,440 times a day"),
        ('pulse schedule "0 9,15 * * 1-5" #stage', "twice a day"),
        ('pulse schedule "0 9 * * mon-fri" #crew', "Edit it instead"),
        ('digest schedule "*/30 * * * *" #leads', "48 times a day"),
        ('shadow schedule "0 9,17 * * 1" #crew', "twice a day"),
    ):
        assert reason in ask(bot, crew.ana, text, channel=crew.crew), text
    assert 'checkin schedule "0 10 * * 5" #stage question "Best snack?"'
    ask(bot, crew.ana, 'checkin schedule "0 10 * * 5" #stage question "Best snack?"')
    again = ask(bot, crew.ana, 'checkin schedule "0 10 * * fri" #stage')
    assert "#stage" not in again and "already has a check-in: ritual #2" in again
    assert len(rituals(bot)) == 2


def test_sixty_rituals_render_a_page_at_a_time(bot: RunningBot, crew: Crew) -> None:
    ids = [add_ritual(bot, channel=f"C{n:08d}", cron="0 9 * * 1-5") for n in range(60)]
    view = open_home(bot, crew.ana)
    edits = [value for action, value in buttons(view) if action == RitualAction.EDIT]
    assert edits == [str(i) for i in ids[:15]]
    assert "Page 1 of 4 (60 rituals)" in text_of(view)
    view = click(bot, crew.ana, RitualAction.NEXT_PAGE, "1")
    assert [v for a, v in buttons(view) if a == RitualAction.EDIT] == [str(i) for i in ids[15:30]]
    view = click(bot, crew.ana, RitualAction.PAUSE, str(ids[20]))  # stays on page 2
    assert (RitualAction.RESUME, str(ids[20])) in buttons(view)
    assert "Page 2 of 4" in text_of(view)
    click(bot, crew.ana, RitualAction.NEXT_PAGE, "2")
    view = click(bot, crew.ana, RitualAction.NEXT_PAGE, "3")
    assert "Page 4 of 4" in text_of(view) and RitualAction.NEXT_PAGE not in dict(buttons(view))
    assert len([a for a, _ in buttons(view) if a == RitualAction.EDIT]) == 15


def test_pause_resume_and_delete_from_the_home(bot: RunningBot, crew: Crew) -> None:
    ask(bot, crew.ana, f"checkin schedule fridays 10:00 <#{crew.crew}|crew>")
    [ritual] = rituals(bot)
    open_home(bot, crew.ana)
    view = click(bot, crew.ana, RitualAction.PAUSE, str(ritual.id))
    assert f"Paused ritual #{ritual.id}" in text_of(view)
    bot.clock.set(datetime(2026, 12, 9, 12, 0, tzinfo=UTC))  # two Fridays pass while paused
    bot.drain()
    assert bot.sandbox.workspace.messages(crew.crew) == []
    view = click(bot, crew.ana, RitualAction.RESUME, str(ritual.id))
    assert "next Fri 11 Dec 10:00" in text_of(view)
    assert rituals(bot)[0].next_run_at == datetime(2026, 12, 11, 10, 0, tzinfo=UTC)
    bot.drain()  # nothing is caught up from the paused weeks
    assert bot.sandbox.workspace.messages(crew.crew) == []
    view = click(bot, crew.ana, RitualAction.DELETE, str(ritual.id))
    assert f"Deleted ritual #{ritual.id}" in text_of(view) and rituals(bot) == []


def test_every_click_is_checked_against_the_clicker_and_the_ritual(
    bot: RunningBot, crew: Crew
) -> None:
    ours = add_ritual(bot, channel=crew.crew)
    theirs = add_ritual(bot, team="T0OTHER", channel="C0THEIRS")
    bot.app.deps.svc.people.update(TEAM, crew.ben, is_manager=True)
    open_home(bot, crew.ben)
    bot.app.deps.svc.people.update(TEAM, crew.ben, is_manager=False)
    view = click(bot, crew.ben, RitualAction.PAUSE, str(ours))
    assert "Only managers can pause rituals" in text_of(view)
    assert "Crew rituals" not in text_of(view)
    bot.app.deps.svc.people.update(TEAM, crew.ben, is_manager=True)
    open_home(bot, crew.ben)
    bot.app.deps.svc.people.update(TEAM, crew.ben, is_manager=False)
    view = click(bot, crew.ben, RitualAction.NEW, "new")
    assert "Only managers can set up rituals" in text_of(view)
    open_home(bot, crew.ana)
    for action in (RitualAction.PAUSE, RitualAction.DELETE, RitualAction.EDIT):
        refused = forged_click(bot, crew.ana, action, str(ours), str(theirs))
        assert f"No ritual #{theirs} here" in text_of(refused)
    view_id = click_for_modal(bot, crew.ana, RitualAction.EDIT, str(ours))
    ws: Any = bot.sandbox.workspace
    ws.views[view_id]["private_metadata"] = f'{{"ritual_id": {theirs}, "kind": "pulse"}}'
    answer = fill(bot, crew.ana, view_id, ritual_time="07:00")
    assert f"No ritual #{theirs} here" in str(answer)
    with bot.db.session() as session:
        assert {r.cron for r in session.scalars(select(Ritual))} == {"0 9 * * 1-5"}
        assert not any(r.paused for r in session.scalars(select(Ritual)))


def test_edit_from_the_command_keeps_the_id(bot: RunningBot, crew: Crew) -> None:
    ask(bot, crew.ana, f"pulse schedule weekdays 09:00 <#{crew.crew}|crew>")
    [before] = rituals(bot)
    text = ask(bot, crew.ana, f'rituals edit {before.id} daily 10:30 question "Energy on set?"')
    assert f"Changed ritual #{before.id}" in text and "every day at 10:30" in text
    [after] = rituals(bot)
    assert (after.id, after.cron, after.config["question"]) == (
        before.id,
        "30 10 * * *",
        "Energy on set?",
    )
    assert "twice a day" in ask(bot, crew.ana, f'rituals edit {before.id} "0 9,12 * * *"')
    assert "`size` can be" in ask(bot, crew.ana, f"rituals edit {before.id} size 5")
    assert "isn't an option of a pulse" in ask(bot, crew.ana, f"rituals edit {before.id} size 3")
    assert "What should change?" in ask(bot, crew.ana, f"rituals edit {before.id}")
    assert "America/Chicago" in ask(bot, crew.ana, f"rituals edit {before.id} tz America/Chicago")
    assert rituals(bot)[0].config["own_zone"] is True
    back = ask(bot, crew.ana, f"rituals edit {before.id} team-zone")
    assert "every day at 10:30, Europe/London" in back
    assert "own_zone" not in rituals(bot)[0].config
    assert "Only managers" in ask(bot, crew.ben, f"rituals edit {before.id} daily 08:00")
    bot.clock.advance(timedelta(days=1))
    assert rituals(bot)[0].cron == "30 10 * * *"

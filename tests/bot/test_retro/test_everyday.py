"""Everyday use (issue 16, items 7 and 11): the owner's DM with its Done button, the
sailboat and starfish formats, unknown formats refused, and answers that fit a DM."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.views.retro import ActionId
from tests.bot.test_retro.driver import Crew, RetroDriver, buttons, mention, snapshot, texts
from tests.conftest import RunningBot


def item_dm(sandbox: Any, owner: str, text: str) -> dict[str, Any]:
    [dm] = [m for m in sandbox.workspace.dm_messages(owner) if text in texts(m)]
    return dict(dm)


def test_the_owners_dm_has_a_done_button_and_follows_the_item(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    retro.slash(crew.fay, "start Week 1")
    retro.slash(crew.fay, f'action "Book the hall" {mention(crew.ana)}')
    retro.slash(crew.fay, f'action "Fix the van" {mention(crew.ben)}')
    dm = item_dm(sandbox, crew.ana, "Book the hall")
    assert buttons(dm) == [ActionId.ITEM_DONE]

    # someone else clicking a Done button that names the item is checked like /retro done
    forged = copy.deepcopy(sandbox.click(crew.ana, dm, ActionId.ITEM_DONE).payload)
    bot.drain()
    assert "Done — marked by" in texts(item_dm(sandbox, crew.ana, "Book the hall"))
    before = snapshot(bot)
    forged["user"]["id"] = forged["user"]["username"] = crew.eve
    forged["actions"][0]["value"] = "2"
    at = len(sandbox.responses)
    sandbox.send_interaction(forged)
    bot.drain()
    assert sandbox.responses[at]["text"].startswith("There's no action item 2.")
    assert snapshot(bot) == before

    # closed by the facilitator with /retro done: the owner's DM says so, without its button
    retro.slash(crew.fay, "done 2")
    closed = item_dm(sandbox, crew.ben, "Fix the van")
    assert buttons(closed) == [] and f"Done — marked by <@{crew.fay}>" in texts(closed)
    assert "#2" not in retro.slash(crew.ben, "actions")
    assert f"✅ `#2` Fix the van — <@{crew.ben}>" in texts(retro.retro_message()["blocks"])


def test_sailboat_and_starfish_run_and_other_formats_are_refused(
    sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    assert "Sailboat retro “Week 1” is open" in retro.slash(crew.fay, "start sailboat Week 1")
    shown = texts(retro.retro_message()["blocks"])
    for column in ("Wind", "Anchors", "Rocks", "Island"):
        assert f"{column}* — 0 cards" in shown
    retro.click(crew.fay, ActionId.CLOSE)
    assert "Starfish retro" in retro.slash(crew.fay, "start starfish")
    assert "Keep doing* — 0 cards" in texts(retro.retro_message()["blocks"])
    retro.click(crew.fay, ActionId.CLOSE)
    answer = retro.slash(crew.fay, "start kalm Week 2")
    assert answer.startswith("There is no retro format `kalm`.")
    assert "`sailboat`, `starfish`" in answer
    assert len(retro.messages("Retro: ")) == 2


def test_start_and_actions_in_a_dm_answer_for_a_dm(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    im = sandbox.workspace.open_im(crew.ana)
    assert "this is a direct message" in retro.slash(crew.ana, "start", channel=im)
    assert snapshot(bot)["counts"]["retros"] == 0
    assert "You have no open action items" in retro.slash(crew.ana, "actions", channel=im)
    retro.slash(crew.fay, f'action "Book the hall" {mention(crew.ana)}')
    mine = retro.slash(crew.ana, "actions", channel=im)
    assert "*Your open action items*" in mine and f"in <#{crew.channel}>" in mine
    assert "type `/retro action" in retro.slash(crew.ana, f'action "x" {mention(crew.ben)}', im)


def test_the_card_cap_is_a_setting() -> None:
    from bot.app import config_of
    from bot.settings import SettingsError, load_settings

    assert config_of(load_settings({})).cards_per_person == 10
    assert config_of(load_settings({"GREENROOM_CARDS_PER_PERSON": "4"})).cards_per_person == 4
    for bad in ("0", "lots"):
        with pytest.raises(SettingsError, match="GREENROOM_CARDS_PER_PERSON"):
            load_settings({"GREENROOM_CARDS_PER_PERSON": bad})

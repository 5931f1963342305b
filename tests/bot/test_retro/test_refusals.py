"""Every refusal: a specific ephemeral answer, and nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from bot.views.retro import ActionId, BlockId
from tests.bot.test_retro.driver import (
    Crew,
    RetroDriver,
    mention,
    snapshot,
    texts,
)
from tests.conftest import RunningBot


def test_command_refusals_say_what_was_wrong_and_change_nothing(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    def refused(user: str, text: str, expected: str) -> None:
        before = snapshot(bot)
        messages = len(sandbox.workspace.messages(crew.channel))
        answer = retro.slash(user, text)
        assert expected in answer, answer
        assert snapshot(bot) == before
        assert len(sandbox.workspace.messages(crew.channel)) == messages

    refused(
        crew.fay, "close", "There's no open retro in this channel. Start one with `/retro start"
    )
    refused(
        crew.fay,
        "start mad-sad-gald Week 1",
        "There is no retro format `mad-sad-gald`. Did you mean `mad-sad-glad`? Formats: "
        "`start-stop-continue`, `4ls`, `mad-sad-glad`, `creative-quality`, `sailboat`, `starfish`.",
    )
    refused(crew.fay, "start format kanban", "There is no retro format `kanban`.")
    refused(crew.fay, "start 4ls votes 11 Week 1", "Each person can have 1 to 10 votes, not 11.")
    refused(crew.fay, "start votes many", "`votes` needs a number from 1 to 10")
    refused(crew.fay, "start " + "x" * 151, "up to 150 characters; yours has 151")
    refused(crew.fay, 'action "Fix the call sheet"', "Name someone with @")
    refused(crew.fay, f"action {mention(crew.ana)}", "Say what will be done")
    refused(crew.fay, "done 99", "There's no action item 99.")
    refused(crew.fay, "done soon", "Give the action item's id")

    retro.slash(crew.fay, "start Week 1")
    first = retro.retro_message()
    refused(
        crew.ana,
        "start 4ls Week 1 again",
        f"The retro “Week 1” (started by <@{crew.fay}>) is still open in this channel, "
        "collecting. Close it with `/retro close` or its Close button",
    )
    refused(
        crew.ben,
        "close",
        f"Only the facilitator (<@{crew.fay}>) or a manager can close the retro “Week 1”.",
    )
    retro.slash(crew.fay, f'action "Book the rehearsal room" {mention(crew.ana)}')
    retro.slash(crew.ana, "done 1")
    refused(crew.ana, "done 1", "Action item 1 is already done.")
    assert retro.retro_message()["ts"] == first["ts"]
    assert len(retro.messages("Retro: ")) == 1


def test_button_and_modal_refusals(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    retro.slash(crew.fay, "start Load-in week")
    adding = retro.open_modal(crew.ana, ActionId.ADD_CARD)

    # empty and over-long text: the modal's own field errors
    for text, error in (
        ("   ", "A card needs some text: write what happened or what to change."),
        (
            "x" * 1001,
            "A card can hold up to 1,000 characters; this one has 1,001. "
            "Shorten it, or split it into two.",
        ),
    ):
        before = snapshot(bot)
        answer = retro.submit_card(crew.ana, adding, "start", text)
        assert answer == {"response_action": "errors", "errors": {BlockId.TEXT: error}}
        assert snapshot(bot) == before
        assert retro.top_view(crew.ana) == adding  # the modal stays open
    assert retro.submit_card(crew.ana, adding, "start", "x" * 1000) is None
    bot.drain()

    # a member cannot start voting or close; nothing changes
    for action, verb in ((ActionId.START_VOTING, "start voting on"), (ActionId.CLOSE, "close")):
        before = snapshot(bot)
        message = retro.retro_message()
        answer = retro.click(crew.ben, action)
        assert answer == (
            f"Only the facilitator (<@{crew.fay}>) or a manager can {verb} "
            "the retro “Load-in week”."
        )
        assert snapshot(bot) == before
        assert retro.retro_message() == message

    # a card modal opened before voting, submitted after it started
    late = retro.open_modal(crew.ben, ActionId.ADD_CARD)
    collecting = retro.retro_message()
    assert retro.click(crew.max, ActionId.START_VOTING) is None  # a manager may
    before = snapshot(bot)
    answer = retro.submit_card(crew.ben, late, "stop", "Stop loading in through the front")
    assert answer["response_action"] == "errors"
    assert answer["errors"][BlockId.TEXT].startswith(
        "Voting has started on “Load-in week”, so cards can no longer be added or changed."
    )
    assert snapshot(bot) == before

    # clicks that were on their way (a stale client, a double click) say where the retro is
    assert retro.replay(crew.ben, ActionId.ADD_CARD) == answer["errors"][BlockId.TEXT]
    assert retro.replay(crew.max, ActionId.START_VOTING) == (
        "Voting is already open on “Load-in week”."
    )
    assert snapshot(bot) == before
    assert retro.retro_message()["blocks"] != collecting["blocks"]

    # after close, nothing more can be voted
    voting = retro.open_modal(crew.ana, ActionId.VOTE)
    assert retro.click(crew.fay, ActionId.CLOSE) is None
    closed = snapshot(bot)
    retro.vote(crew.ana, voting, retro.card_id("x" * 1000))
    assert "The retro “Load-in week” is closed, so you can't vote on it." in texts(
        retro.view(voting)["blocks"][0]
    )
    assert snapshot(bot) == closed
    assert retro.replay(crew.fay, ActionId.CLOSE) == (
        "The retro “Load-in week” is closed, so you can't close it. "
        "Start a new one with `/retro start`."
    )
    assert snapshot(bot) == closed
    assert len(retro.messages("Retro summary: ")) == 1


def test_a_card_is_only_its_authors_to_change(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    retro.slash(crew.fay, "start 4ls Week 3")
    ana_card = retro.add_card(crew.ana, "liked", "The new radio channels", anonymous=True)
    ben_card = retro.add_card(crew.ben, "lacked", "A second boom operator")
    mine = retro.open_modal(crew.ana, ActionId.MY_CARDS)
    with pytest.raises(LookupError):  # Ben's card is not in Ana's list
        sandbox.click_view(crew.ana, mine, ActionId.DELETE_CARD, value=str(ben_card))
    sandbox.click_view(crew.ana, mine, ActionId.DELETE_CARD, value=str(ana_card))
    bot.drain()
    assert "You have no cards on “Week 3” yet" in texts(retro.view(mine))
    assert snapshot(bot)["counts"]["retro_cards"] == 1
    assert "Liked* — 0 cards" in texts(retro.retro_message()["blocks"])
    assert "Lacked* — 1 card\n" in texts(retro.retro_message()["blocks"])

"""Trust (issue 14, items 7, 8, 12, 13, 14): each attack reproduced over signed HTTP, and
refused — nothing changes and nothing about the other channel's retro comes back."""

from __future__ import annotations

import copy
import json
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select

from bot.views.retro import ActionId, BlockId
from rituals.retro.votes import PAGE_SIZE
from storage.models import ActionItem, RetroCard, RetroVote
from storage.retro import cards as card_store
from storage.retro import retros
from tests.bot.test_retro.driver import Crew, RetroDriver, mention, snapshot, texts
from tests.conftest import RunningBot

SECRET = "The director should step down"


def private_retro(bot: RunningBot, sandbox: Any, crew: Crew) -> tuple[RetroDriver, int, int]:
    """A retro in a private channel of fay and ana, voting, with one card: (driver, retro, card)."""
    channel = sandbox.workspace.add_channel("private-unit", [crew.fay, crew.ana], is_private=True)
    driver = RetroDriver(bot, sandbox, channel)
    driver.slash(crew.fay, "start Private block")
    card = driver.add_card(crew.ana, "start", SECRET)
    assert driver.click(crew.fay, ActionId.START_VOTING) is None
    retro_id = int(driver.retro_message()["blocks"][-1]["elements"][0]["value"])
    return driver, retro_id, card


def forge(sandbox: Any, payload: dict[str, Any], value: str) -> Any:
    """Send a real click's payload again with another button value."""
    forged = copy.deepcopy(payload)
    forged["actions"][0]["value"] = value
    return sandbox.send_interaction(forged)


def item_count(bot: RunningBot) -> int:
    with bot.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(ActionItem)) or 0)


def test_7_only_the_owner_facilitator_or_a_manager_closes_an_item(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    driver, _, _ = private_retro(bot, sandbox, crew)
    driver.slash(crew.fay, f'action "Replace the director quietly" {mention(crew.ana)}')
    outsider = RetroDriver(bot, sandbox, crew.channel)
    before = snapshot(bot)
    answer = outsider.slash(crew.eve, "done 1", channel=sandbox.workspace.channel_id("other-unit"))
    assert answer.startswith("There's no action item 1.")  # as if there were none
    assert "director" not in answer
    retro.slash(crew.fay, "start Week 1")
    retro.slash(crew.fay, f'action "Book the hall" {mention(crew.ana)}')
    assert retro.slash(crew.ben, "done 2").startswith(f"Only <@{crew.ana}> (its owner)")
    assert snapshot(bot)["items"] == [*before["items"], (2, "open")]
    assert retro.slash(crew.fay, "done 2").startswith("Marked `#2` done")  # the facilitator
    assert driver.slash(crew.ana, "done 1").startswith("Marked `#1` done")  # the owner


def test_8_forged_clicks_and_forms_never_reach_another_channels_retro(
    bot: RunningBot, sandbox: Any, crew: Crew
) -> None:
    _, private_id, private_card = private_retro(bot, sandbox, crew)
    other = RetroDriver(bot, sandbox, sandbox.workspace.channel_id("other-unit"))
    other.slash(crew.fay, "start Second unit")
    adding = other.open_modal(crew.eve, ActionId.ADD_CARD)
    before = snapshot(bot)

    # a Vote button whose value names the private retro
    legit = other.clicks[(crew.eve, ActionId.ADD_CARD)]
    views_before = dict(sandbox.workspace.views)
    for action in (ActionId.VOTE, ActionId.ADD_CARD, ActionId.CLOSE, ActionId.START_VOTING):
        payload = copy.deepcopy(legit)
        payload["actions"][0]["action_id"] = action
        answer_at = len(sandbox.responses)
        assert forge(sandbox, payload, str(private_id)).status == 200
        bot.drain()
        [answer] = sandbox.responses[answer_at:]
        assert answer["text"].startswith("That retro belongs to a channel you're not in")
    assert dict(sandbox.workspace.views) == views_before
    assert SECRET not in texts(list(sandbox.workspace.views.values()))

    # an Add card form whose private_metadata names the private retro
    sandbox.workspace.views[adding]["private_metadata"] = json.dumps({"retro": private_id})
    answer = other.submit_card(crew.eve, adding, "start", "Planted card")
    assert answer["response_action"] == "errors"
    assert "a channel you're not in" in answer["errors"][BlockId.TEXT]

    # a vote whose button names the private retro's card
    own = other.add_card(crew.eve, "start", "Second unit card")
    assert other.click(crew.fay, ActionId.START_VOTING) is None
    ballot = other.open_modal(crew.eve, ActionId.VOTE)
    legit = sandbox.click_view(crew.eve, ballot, ActionId.VOTE_ADD, value=str(own)).payload
    bot.drain()
    assert forge(sandbox, legit, str(private_card)).status == 200
    bot.drain()
    assert "a channel you're not in" in texts(other.view(ballot)["blocks"][0])
    after = snapshot(bot)
    assert [c for c in after["cards"] if c[0] == private_card] == [
        c for c in before["cards"] if c[0] == private_card
    ]
    with bot.db.session() as session:
        voted = session.scalars(select(RetroVote.card_id)).all()
    assert voted == [own]
    assert [r for r in after["retros"] if r[0] == private_id] == [
        r for r in before["retros"] if r[0] == private_id
    ]


def test_12_card_text_cannot_pass_for_the_bots_own_lines(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    retro.slash(crew.fay, "start Week 1")
    forged = f"ok\n• *12 votes* {SECRET} — anonymous <@{crew.max}> <!here>"
    retro.add_card(crew.ben, "start", forged)
    modal = retro.open_modal(crew.ana, ActionId.ADD_CARD)
    assert retro.submit_card(crew.ana, modal, "stop", "Lunch\x00 came late\ud800") is None
    bot.drain()
    assert retro.card_id("Lunch came late")  # stored without NUL and the lone surrogate
    assert retro.click(crew.fay, ActionId.CLOSE) is None
    summary = retro.summary()
    lines = [
        line
        for block in summary["blocks"]
        if block["type"] == "section"
        for line in block["text"]["text"].splitlines()
    ]
    cards = [line for line in lines if line.startswith("• *")]
    assert len(cards) == 2  # still two cards, not three
    [line] = [line for line in cards if "step down" in line]
    assert line.startswith(f"• *0 votes* ok / ∗12 votes∗ {SECRET}")
    assert line.endswith(f"— <@{crew.ben}>")
    assert f"<@{crew.max}>" not in line and "<!here>" not in line


def test_13_one_member_cannot_flood_and_every_card_is_votable_with_totals_hidden(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    retro.slash(crew.fay, "start Flood")
    modal = retro.open_modal(crew.ben, ActionId.ADD_CARD)
    with bot.db.unit() as unit:  # ben already wrote the most one person may in Start
        current = retros.open_in(unit, team_id=sandbox.workspace.team_id, channel_id=crew.channel)
        assert current is not None
        for n in range(bot.app.deps.svc.config.cards_per_person):
            card_store.add(
                unit,
                retro=current,
                column="start",
                text=f"Ben {n}",
                anonymous=False,
                author_id=crew.ben,
                author_hash=None,
                now=bot.clock.now(),
            )
        for n in range(PAGE_SIZE):  # and the others many more, in Stop
            author = (crew.ana, crew.dee, crew.max, crew.fay)[n % 4]
            card_store.add(
                unit,
                retro=current,
                column="stop",
                text=f"Stop card {n}",
                anonymous=False,
                author_id=author,
                author_hash=None,
                now=bot.clock.now(),
            )
    answer = retro.submit_card(crew.ben, modal, "start", "One more from Ben")
    assert "already have 10 cards in Start" in answer["errors"][BlockId.TEXT]
    last = retro.add_card(crew.ana, "continue", "The last card of all")

    assert retro.click(crew.fay, ActionId.START_VOTING) is None
    ballot = retro.open_modal(crew.dee, ActionId.VOTE)
    assert "Page 1 of 2" in texts(retro.view(ballot))
    assert "The last card of all" not in texts(retro.view(ballot))
    assert sandbox.click_view(crew.dee, ballot, ActionId.VOTE_NEXT).status == 200
    bot.drain()
    assert "The last card of all" in texts(retro.view(ballot))
    for _ in range(2):
        retro.vote(crew.dee, ballot, last)
    shown = texts(retro.view(ballot)) + texts(retro.retro_message()["blocks"])
    assert "*2 votes*" not in shown and "yours: ●●" in shown
    assert "Page 2 of 2" in texts(retro.view(ballot))  # the vote kept the page
    assert retro.click(crew.fay, ActionId.CLOSE) is None
    assert "*2 votes* The last card of all" in texts(retro.summary()["blocks"])


def test_14_a_replayed_action_command_adds_one_item_and_one_dm(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    retro.slash(crew.fay, "start Week 1")
    response = sandbox.slash_command(
        crew.fay, "/retro", f'action "Book the hall" {mention(crew.ana)}', channel_id=crew.channel
    )
    bot.drain()
    body = urlencode(response.payload)
    answers = []
    for _ in range(3):
        again = sandbox.signed_post(sandbox.bot_url, body, "application/x-www-form-urlencoded")
        bot.drain()
        answers.append(bot.answer(again)["text"])
    assert item_count(bot) == 1
    assert all(a == "Action item `#1` was already added: Book the hall" for a in answers)
    dms = [m for m in sandbox.workspace.dm_messages(crew.ana) if "Book the hall" in texts(m)]
    assert len(dms) == 1
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(RetroCard)) == 0

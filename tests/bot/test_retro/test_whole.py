"""A whole retro: start, cards, anonymous card, voting, close, summary, action items."""

from __future__ import annotations

from typing import Any

from bot.views.retro import ActionId, BlockId
from tests.bot.test_retro.driver import (
    Crew,
    RetroDriver,
    buttons,
    mention,
    snapshot,
    texts,
    the_retro,
)
from tests.conftest import RunningBot


def test_a_whole_retro(bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver) -> None:
    ws = sandbox.workspace
    answer = retro.slash(crew.fay, "start creative-quality votes 3 Opening week")
    assert "Creative quality retro “Opening week” is open" in answer
    message = retro.retro_message()
    shown = texts(message["blocks"])
    for column in ("Raised quality* — 0 cards", "Hurt quality* — 0 cards", "Try next* — 0 cards"):
        assert column in shown
    assert "What raised quality on set this week?" in shown
    assert f"facilitated by <@{crew.fay}>" in shown and "3 dot votes each" in shown
    assert buttons(message) == [
        ActionId.ADD_CARD,
        ActionId.MY_CARDS,
        ActionId.START_VOTING,
        ActionId.CLOSE,
    ]
    assert len(sandbox.calls_to("chat.postMessage")) == 1
    assert the_retro(bot).message_ts == message["ts"]

    # cards from several members, one anonymous: the message shows counts only
    night = "Lighting and camera blocked the night scene together"
    generator = "Generator noise ruined two takes of the finale"
    costume = "Costume changes got five minutes because the call sheet was wrong"
    draft = "Share the call sheet draft with every department by 4pm"
    rehearsal = "Rehearsal on the actual set before the shoot day"
    c1 = retro.add_card(crew.ana, "raised", night)
    c2 = retro.add_card(crew.ben, "hurt", generator)
    c3 = retro.add_card(crew.dee, "hurt", costume, anonymous=True)
    c4 = retro.add_card(crew.max, "try", draft)
    c5 = retro.add_card(crew.fay, "raised", rehearsal)
    shown = texts(retro.retro_message()["blocks"])
    assert "Raised quality* — 2 cards" in shown
    assert "Hurt quality* — 2 cards" in shown
    assert "Try next* — 1 card\n" in shown
    for text in (night, generator, costume, draft, rehearsal):
        assert text not in shown

    # My cards: the anonymous author finds and edits their card; others don't see it
    mine = retro.open_modal(crew.dee, ActionId.MY_CARDS)
    assert costume in texts(retro.view(mine))
    sandbox.click_view(crew.dee, mine, ActionId.EDIT_CARD, value=str(c3))
    bot.drain()
    editing = retro.top_view(crew.dee)
    assert editing != mine
    costume = "Costume changes got five minutes: the call sheet was wrong"
    assert retro.submit_card(crew.dee, editing, "hurt", costume, anonymous=True) is None
    bot.drain()
    assert costume in texts(retro.view(mine))
    assert retro.card_id(costume) == c3
    theirs = texts(retro.view(retro.open_modal(crew.ana, ActionId.MY_CARDS)))
    assert night in theirs and costume not in theirs and generator not in theirs

    # only the facilitator or a manager starts voting
    before = snapshot(bot)
    refusal = retro.click(crew.ana, ActionId.START_VOTING)
    assert refusal == (
        f"Only the facilitator (<@{crew.fay}>) or a manager can start voting on "
        "the retro “Opening week”."
    )
    assert snapshot(bot) == before
    assert retro.click(crew.fay, ActionId.START_VOTING) is None
    message = retro.retro_message()
    shown = texts(message["blocks"])
    for text in (night, generator, costume, draft, rehearsal):
        assert text in shown
    assert f"{night} — <@{crew.ana}>" in shown
    assert f"{costume} — anonymous" in shown
    assert buttons(message) == [ActionId.VOTE, ActionId.CLOSE]

    # dot votes, three each, spent and taken back in the Vote modal
    views = {
        user: retro.open_modal(user, ActionId.VOTE)
        for user in (crew.ana, crew.ben, crew.max, crew.fay)
    }
    plan = {crew.ana: [c5, c5, c3], crew.ben: [c3, c3, c2], crew.max: [c5, c4], crew.fay: [c1]}
    for user, cards in plan.items():
        for card in cards:
            retro.vote(user, views[user], card)
    assert "*0 of 3 votes left.*" in texts(retro.view(views[crew.ana]))
    assert "*1 of 3 votes left.*" in texts(retro.view(views[crew.max]))

    before, updates = snapshot(bot), len(sandbox.calls_to("chat.update"))
    retro.vote(crew.ana, views[crew.ana], c4)
    assert len(sandbox.calls_to("chat.update")) == updates  # the retro message is untouched
    refused = retro.view(views[crew.ana])
    assert refused["blocks"][0]["block_id"] == BlockId.NOTICE
    assert "You have used all 3 of your votes. Take one back with − on another card" in texts(
        refused["blocks"][0]
    )
    assert snapshot(bot) == before

    retro.vote(crew.ana, views[crew.ana], c5, take_back=True)
    retro.vote(crew.ana, views[crew.ana], c4)
    assert "*0 of 3 votes left.*" in texts(retro.view(views[crew.ana]))
    shown = texts(retro.retro_message()["blocks"])
    assert f"• {costume} — anonymous" in shown  # no card's total until the retro closes
    assert "votes" not in shown.replace("dot votes each", "").replace("Votes stay hidden", "")
    assert "voting: 9 dots from 4 people" in shown
    for ballot in views.values():
        assert " vote*" not in texts(retro.view(ballot)) and "votes*" not in texts(
            retro.view(ballot)["blocks"][2:]
        )

    # close: refused to a member, done by a manager with the button
    before = snapshot(bot)
    assert retro.slash(crew.ana, "close") == (
        f"Only the facilitator (<@{crew.fay}>) or a manager can close the retro “Opening week”."
    )
    assert snapshot(bot) == before
    assert retro.click(crew.max, ActionId.CLOSE) is None
    summary = texts(retro.summary()["blocks"])
    order = [summary.index(t) for t in (rehearsal, night, costume, generator, draft)]
    assert order == sorted(order)  # raised: 2 votes, 1 vote; hurt: 3, 1; try: 2
    assert f"*2 votes* {rehearsal} — <@{crew.fay}>" in summary
    assert f"*3 votes* {costume} — anonymous" in summary
    assert "9 dots from 4 people" in summary
    assert buttons(retro.retro_message()) == []
    assert the_retro(bot).status == "closed"

    # action items with owners, DMs, listing, done
    answer = retro.slash(
        crew.fay, f'action "Call sheet draft to all departments by 4pm" {mention(crew.ana)}'
    )
    assert answer == (
        f"Added action item `#1` for <@{crew.ana}>: Call sheet draft to all departments by 4pm"
    )
    retro.slash(crew.max, f"action “Two generators, one in the far lot” {mention(crew.ben)}")
    dm = texts(ws.dm_messages(crew.ana))
    assert "Call sheet draft to all departments by 4pm" in dm
    assert f"<@{crew.fay}> gave you a retro action item in <#{crew.channel}>" in dm
    assert "Two generators" in texts(ws.dm_messages(crew.ben))
    summary = texts(retro.summary()["blocks"])
    assert f"`#1` Call sheet draft to all departments by 4pm — <@{crew.ana}>" in summary
    assert f"`#2` Two generators, one in the far lot — <@{crew.ben}>" in summary

    listing = retro.slash(crew.ben, "actions")
    assert f"`#1` Call sheet draft to all departments by 4pm — <@{crew.ana}>" in listing
    assert f"`#2` Two generators, one in the far lot — <@{crew.ben}>" in listing
    assert retro.slash(crew.ana, "done 1") == (
        "Marked `#1` done: Call sheet draft to all departments by 4pm"
    )
    assert "#1" not in retro.slash(crew.ben, "actions")

    # the next retro lists the channel's open items until they are done
    retro.slash(crew.fay, "start mad-sad-glad Week 2")
    shown = texts(retro.retro_message()["blocks"])
    assert "Open action items from earlier retros" in shown
    assert f"`#2` Two generators, one in the far lot — <@{crew.ben}>" in shown
    assert "Call sheet draft" not in shown
    assert "Mad · Sad · Glad" in shown
    assert retro.slash(crew.ben, "done #2").startswith("Marked `#2` done")
    shown = texts(retro.retro_message()["blocks"])
    assert "Two generators" not in shown
    assert len(retro.messages("Retro: ")) == 2

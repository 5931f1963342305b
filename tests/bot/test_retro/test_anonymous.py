"""The anonymous author appears nowhere; posting the retro message; help."""

from __future__ import annotations

from typing import Any

from bot.views.retro import ActionId
from storage.models import RetroCard
from tests.bot.crew_flows import every_value
from tests.bot.test_retro.driver import (
    Crew,
    RetroDriver,
    mention,
    slack_received,
    snapshot,
    texts,
    the_retro,
)
from tests.conftest import RunningBot


def test_the_anonymous_author_appears_nowhere(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    from rituals.retro import author_hash

    secret_text = "The wardrobe van keeps getting blocked in by the catering truck"
    retro.slash(crew.fay, "start mad-sad-glad Wrap week")
    retro.add_card(crew.ana, "glad", "The sound team lent us their spare cart")
    card_id = retro.add_card(crew.dee, "mad", secret_text, anonymous=True)

    # while collecting, only the keyed hash links the card to its author
    with bot.db.session() as session:
        card = session.get(RetroCard, card_id)
        current = the_retro(bot)
        assert card is not None and card.author_id is None and current.secret
        assert card.author_hash == author_hash(current.secret, crew.dee)
    assert not [v for v in every_value(bot) if crew.dee in v[2]]

    # the author still finds and edits the card
    mine = retro.open_modal(crew.dee, ActionId.MY_CARDS)
    sandbox.click_view(crew.dee, mine, ActionId.EDIT_CARD, value=str(card_id))
    bot.drain()
    secret_text += " at 6am"
    edit = retro.top_view(crew.dee)
    assert retro.submit_card(crew.dee, edit, "mad", secret_text, anonymous=True) is None
    bot.drain()

    assert retro.click(crew.fay, ActionId.START_VOTING) is None
    with bot.db.session() as session:
        card = session.get(RetroCard, card_id)
        assert card is not None and card.author_hash is None and card.author_id is None
        assert the_retro(bot).secret is None

    for voter in (crew.ana, crew.ben):
        view_id = retro.open_modal(voter, ActionId.VOTE)
        retro.vote(voter, view_id, card_id)
    retro.slash(crew.max, "close")
    retro.slash(crew.fay, f'action "Park the wardrobe van first" {mention(crew.ana)}')

    shown = texts(retro.summary()["blocks"])
    assert f"*2 votes* {secret_text} — anonymous" in shown
    leaks = [v for v in every_value(bot) if crew.dee in v[2]]
    assert leaks == []
    assert crew.dee not in slack_received(sandbox)
    assert crew.ana in slack_received(sandbox)  # the check does see user ids


# posting the retro message -----------------------------------------------------------------------


def test_a_slow_slack_still_gets_exactly_one_retro_message(
    bot: RunningBot, sandbox: Any, crew: Crew, retro: RetroDriver
) -> None:
    sandbox.faults.latency("chat.postMessage", 2.5, count=1)
    sandbox.faults.rate_limit("chat.update", count=1, retry_after=1)
    response = sandbox.slash_command(
        crew.fay, "/retro", "start Night shoot", channel_id=crew.channel
    )
    assert response.status == 200
    assert response.json() is None  # answered later, through the response_url
    bot.drain()
    assert sandbox.responses[-1]["text"].startswith("Your Start · Stop · Continue retro")
    assert len(retro.messages("Retro: ")) == 1
    assert len(sandbox.calls_to("chat.postMessage")) == 1
    assert the_retro(bot).message_ts == retro.retro_message()["ts"]
    retro.add_card(crew.ana, "start", "Hot meals after midnight")  # the update is retried
    assert "Start* — 1 card\n" in texts(retro.retro_message()["blocks"])


def test_a_channel_the_bot_is_not_in(bot: RunningBot, sandbox: Any, crew: Crew) -> None:
    ws = sandbox.workspace
    hidden = ws.add_channel("art-dept", members=[crew.fay, crew.ana], bot_member=False)
    driver = RetroDriver(bot, sandbox, hidden)
    answer = driver.slash(crew.fay, "start Set build")
    assert answer.startswith(f"I can't post in <#{hidden}> (not_in_channel). Invite me with")
    assert snapshot(bot)["counts"]["retros"] == 0
    ws.join(ws.bot_user_id, hidden)
    assert "is open" in driver.slash(crew.fay, "start Set build")
    assert snapshot(bot)["counts"]["retros"] == 1


def test_help_lists_the_retro_commands(retro: RetroDriver, crew: Crew) -> None:
    listing = retro.slash(crew.ana, "help")
    for usage in (
        "/retro start [format] [votes N] [title]",
        "Formats: start-stop-continue (default), 4ls, mad-sad-glad, creative-quality, sailboat, "
        "starfish;",
        "/retro close",
        '/retro action "<text>" @owner',
        "/retro actions",
        "/retro done <id>",
    ):
        assert usage in listing

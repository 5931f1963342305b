"""``/retro`` end to end: the real bot over HTTP, the Slack sandbox, SQLite or PostgreSQL.

A whole retro (start, cards, anonymous card, voting with its allowance, close,
summary by votes, action items shown again at the next start), every refusal,
and the anonymous author's id absent from everything Slack receives and from
every database column once voting has started.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import MetaData, func, select

from bot.views.retro import ActionId, BlockId
from storage.models import ActionItem, Retro, RetroCard, RetroVote
from tests.conftest import RunningBot


@dataclass
class Crew:
    """A production crew in one channel: a facilitator, members, a manager, an outsider."""

    channel: str
    fay: str  # facilitator (director)
    ana: str  # lighting
    ben: str  # sound
    dee: str  # costume: writes the anonymous card
    max: str  # producer, a workspace admin (manager)
    eve: str  # camera, not in the retro's channel


def make_crew(sandbox: Any) -> Crew:
    ws = sandbox.workspace
    fay = ws.add_user("fay", "Fay Director", title="Director")
    ana = ws.add_user("ana", "Ana Lighting", title="Gaffer")
    ben = ws.add_user("ben", "Ben Sound", title="Sound mixer")
    dee = ws.add_user("dee", "Dee Costume", title="Costume designer")
    max_ = ws.add_user("max", "Max Producer", is_admin=True, title="Producer")
    eve = ws.add_user("eve", "Eve Camera", title="DoP")
    channel = ws.add_channel("crew", members=[fay, ana, ben, dee, max_])
    ws.add_channel("other-unit", members=[fay, ana, eve])
    return Crew(channel, fay, ana, ben, dee, max_, eve)


class RetroDriver:
    """Slash commands, clicks and modal submissions against the running bot."""

    def __init__(self, bot: RunningBot, sandbox: Any, channel: str) -> None:
        self.bot = bot
        self.sb = sandbox
        self.ws = sandbox.workspace
        self.channel = channel
        self.clicks: dict[tuple[str, str], dict[str, Any]] = {}

    # slash commands -----------------------------------------------------------------
    def slash(self, user: str, text: str, channel: str | None = None) -> str:
        """Type ``/retro text``; the ephemeral answer (from the ack or the response_url)."""
        before = len(self.sb.responses)
        response = self.sb.slash_command(user, "/retro", text, channel_id=channel or self.channel)
        assert response.status == 200, response.text
        self.bot.drain()
        body = response.json()
        if body and body.get("text"):
            assert body.get("response_type") == "ephemeral"
            return str(body["text"])
        late = self.sb.responses[before:]
        assert late, "the command answered nothing"
        return str(late[-1]["text"])

    # the retro message --------------------------------------------------------------
    def messages(self, prefix: str) -> list[dict[str, Any]]:
        found = []
        for message in self.ws.messages(self.channel):
            blocks = message.get("blocks") or []
            header = blocks[0] if blocks and blocks[0].get("type") == "header" else None
            if header and header["text"]["text"].startswith(prefix):
                found.append(message)
        return found

    def retro_message(self) -> dict[str, Any]:
        messages = self.messages("Retro: ")
        assert messages, "no retro message in the channel"
        return messages[-1]

    def summary(self) -> dict[str, Any]:
        messages = self.messages("Retro summary: ")
        assert len(messages) == 1, f"{len(messages)} summaries"
        return messages[0]

    def click(self, user: str, action_id: str, message: dict[str, Any] | None = None) -> str | None:
        """Click a button of the retro message; the ephemeral answer if one came back."""
        before = len(self.sb.responses)
        response = self.sb.click(user, message or self.retro_message(), action_id)
        assert response.status == 200, response.text
        self.clicks[(user, action_id)] = response.payload
        return self._answer(before)

    def replay(self, user: str, action_id: str) -> str | None:
        """Send ``user``'s last click on ``action_id`` again, as a double click or a stale
        client would (the button may be gone from the message by now)."""
        before = len(self.sb.responses)
        payload = self.clicks[(user, action_id)]
        body = urlencode({"payload": json.dumps(payload)})
        response = self.sb.signed_post(self.sb.bot_url, body, "application/x-www-form-urlencoded")
        assert response.status == 200, response.text
        return self._answer(before)

    def _answer(self, before: int) -> str | None:
        self.bot.drain()
        late = self.sb.responses[before:]
        if late:
            assert late[-1].get("response_type") == "ephemeral"
            assert late[-1].get("replace_original") is False
            return str(late[-1]["text"])
        return None

    def top_view(self, user: str) -> str:
        stack = self.ws.view_stacks.get(user) or []
        assert stack, f"{user} has no modal open"
        return stack[-1]

    def view(self, view_id: str) -> dict[str, Any]:
        return dict(self.ws.views[view_id])

    def open_modal(self, user: str, action_id: str) -> str:
        answer = self.click(user, action_id)
        assert answer is None, answer
        return self.top_view(user)

    # cards ---------------------------------------------------------------------------
    def submit_card(
        self, user: str, view_id: str, column: str, text: str, *, anonymous: bool = False
    ) -> Any:
        inputs: dict[str, Any] = {ActionId.COLUMN: column, ActionId.TEXT: text}
        if anonymous:
            inputs[ActionId.ANONYMOUS] = ["anonymous"]
        response = self.sb.fill_view(user, view_id, inputs)
        assert response.status == 200, response.text
        return response.json()

    def add_card(self, user: str, column: str, text: str, *, anonymous: bool = False) -> int:
        view_id = self.open_modal(user, ActionId.ADD_CARD)
        answer = self.submit_card(user, view_id, column, text, anonymous=anonymous)
        assert answer is None, answer
        self.bot.drain()
        return self.card_id(text)

    def card_id(self, text: str) -> int:
        with self.bot.db.session() as session:
            found = session.scalar(select(RetroCard.id).where(RetroCard.text == text))
        assert found is not None, f"no card {text!r}"
        return int(found)

    # votes ---------------------------------------------------------------------------
    def vote(self, user: str, view_id: str, card_id: int, *, take_back: bool = False) -> None:
        action = ActionId.VOTE_REMOVE if take_back else ActionId.VOTE_ADD
        response = self.sb.click_view(user, view_id, action, value=str(card_id))
        assert response.status == 200, response.text
        self.bot.drain()


def texts(payload: Any) -> str:
    """Every string inside a JSON-like payload, joined (for "appears nowhere" checks)."""
    if isinstance(payload, dict):
        return "\n".join(texts(v) for v in payload.values()) + "\n" + "\n".join(payload)
    if isinstance(payload, list | tuple):
        return "\n".join(texts(v) for v in payload)
    return "" if payload is None else str(payload)


# fixtures and checks ------------------------------------------------------------------------------


@pytest.fixture
def crew(sandbox: Any) -> Crew:
    return make_crew(sandbox)


@pytest.fixture
def retro(bot: RunningBot, sandbox: Any, crew: Crew) -> RetroDriver:
    return RetroDriver(bot, sandbox, crew.channel)


def mention(user_id: str) -> str:
    """How Slack escapes a mention in command text."""
    return f"<@{user_id}|someone>"


def snapshot(bot: RunningBot) -> dict[str, Any]:
    """Rows that a refused request must not change."""
    with bot.db.session() as session:
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Retro, RetroCard, RetroVote, ActionItem)
        }
        retros = [
            (r.id, r.status, r.secret is None, r.message_ts, r.summary_ts)
            for r in session.scalars(select(Retro).order_by(Retro.id))
        ]
        cards = [(c.id, c.column, c.text) for c in session.scalars(select(RetroCard))]
        items = [(i.id, i.status) for i in session.scalars(select(ActionItem))]
    return {"counts": counts, "retros": retros, "cards": cards, "items": items}


def the_retro(bot: RunningBot) -> Retro:
    with bot.db.session() as session:
        found = session.scalar(select(Retro).order_by(Retro.id.desc()).limit(1))
    assert found is not None
    return found


def buttons(message: dict[str, Any]) -> list[str]:
    return [
        element["action_id"]
        for block in message.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
    ]


# the whole retro ----------------------------------------------------------------------------------


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
    assert f"*3 votes* {costume} — anonymous" in shown
    assert "voting: 9 dots from 4 people" in shown

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


# refusals: a specific ephemeral answer, nothing changed -------------------------------------------


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
        "`start-stop-continue`, `4ls`, `mad-sad-glad`, `creative-quality`.",
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


# the anonymous author -----------------------------------------------------------------------------


def every_value(bot: RunningBot) -> list[tuple[str, str, str]]:
    """(table, column, value) for every non-null value in every table of the database."""
    metadata = MetaData()
    metadata.reflect(bot.db.engine)
    found = []
    with bot.db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(table.select()):
                for column, value in row._mapping.items():
                    if value is not None:
                        found.append((table.name, str(column), str(value)))
    return found


def slack_received(sandbox: Any) -> str:
    """Everything the bot sent to Slack: Web API arguments and answers, response_url posts,
    views, messages and ephemerals of every conversation."""
    ws = sandbox.workspace
    parts = [texts(call.args) + texts(call.response) for call in sandbox.calls]
    parts.append(texts(sandbox.responses))
    parts.append(texts(list(ws.views.values())))
    parts += [texts(ws.messages(channel)) for channel in ws.channels]
    return "\n".join(parts)


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
        "Formats: start-stop-continue (default), 4ls, mad-sad-glad, creative-quality;",
        "/retro close",
        '/retro action "<text>" @owner',
        "/retro actions",
        "/retro done <id>",
    ):
        assert usage in listing

"""Retro Block Kit as pure functions: what each state shows, ids, limits, escaping."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.views import retro as views
from bot.views.retro import ActionId
from rituals import retro

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def info(status: retro.Status = retro.Status.COLLECTING, fmt: str = "4ls") -> retro.RetroInfo:
    return retro.RetroInfo(
        id=7,
        channel_id="CCREW",
        title="Opening week",
        format=retro.FORMATS[fmt],
        status=status,
        facilitator_id="UFAC",
        votes_per_person=3,
        created_at=T0,
    )


def card(
    card_id: int,
    column: str,
    text: str,
    votes: int = 0,
    author: str | None = "UANA",
    minute: int = 0,
) -> retro.Card:
    return retro.Card(
        id=card_id,
        column=column,
        text=text,
        anonymous=author is None,
        author_id=author,
        created_at=T0 + timedelta(minutes=minute),
        votes=votes,
    )


CARDS = (
    card(1, "liked", "The lighting crew stayed for the pickup shots", votes=1, minute=1),
    card(2, "lacked", "Call sheets arrived at midnight", votes=4, author=None, minute=2),
    card(3, "liked", "Costume fittings ran early", votes=2, author="UBEN", minute=3),
)


def all_text(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    found = []
    for block in blocks:
        if block["type"] == "actions":
            found += [e["action_id"] for e in block["elements"]]
        if "accessory" in block:
            found.append(block["accessory"]["action_id"])
    return found


# the retro message ---------------------------------------------------------------------------


def test_collecting_shows_counts_prompts_facilitator_and_buttons_never_text() -> None:
    message = views.retro_message(retro.Board(info(), cards=CARDS))
    text = all_text(message.blocks)
    assert "Retro: Opening week" in text
    assert "4 Ls" in text and "<@UFAC>" in text and "3 dot votes each" in text
    assert "Liked* — 2 cards" in text and "Lacked* — 1 card\\n" in text
    assert "Learned* — 0 cards" in text and "Longed for* — 0 cards" in text
    assert "What did you learn from another department?" in text
    for c in CARDS:
        assert c.text not in text
    assert "UANA" not in text and "UBEN" not in text
    assert action_ids(message.blocks) == [
        ActionId.ADD_CARD,
        ActionId.MY_CARDS,
        ActionId.START_VOTING,
        ActionId.CLOSE,
    ]
    assert all(
        e["value"] == "7" for b in message.blocks if b["type"] == "actions" for e in b["elements"]
    )
    assert "3 cards so far" in message.text


def test_voting_reveals_cards_and_named_authors_but_no_totals() -> None:
    board = retro.Board(info(retro.Status.VOTING), cards=CARDS, voters=2, dots=7)
    message = views.retro_message(board)
    text = all_text(message.blocks)
    for c in CARDS:
        assert c.text in text
    assert "• Call sheets arrived at midnight — anonymous" in text
    assert "votes*" not in text  # no card's total until the retro closes
    assert "— <@UANA>" in text and "— <@UBEN>" in text
    assert "voting: 7 dots from 2 people" in text
    assert action_ids(message.blocks) == [ActionId.VOTE, ActionId.CLOSE]
    liked = text.index("The lighting crew")
    assert liked < text.index("Costume fittings")  # writing order while voting


def test_closed_message_has_no_buttons() -> None:
    message = views.retro_message(retro.Board(info(retro.Status.CLOSED), cards=CARDS))
    assert action_ids(message.blocks) == []
    assert "summary is below" in all_text(message.blocks)


def test_earlier_action_items_are_listed_with_ids_and_owners() -> None:
    item = retro.ActionItem(
        id=12,
        text="Send call sheets by 6pm",
        owner_id="UPRO",
        created_by="UFAC",
        status="open",
        created_at=T0,
        retro_title="Week 1",
    )
    text = all_text(views.retro_message(retro.Board(info(), earlier_items=(item,))).blocks)
    assert "Open action items from earlier retros" in text
    assert "`#12` Send call sheets by 6pm — <@UPRO> _(from “Week 1”)_" in text
    assert "/retro done <id>" in text


def test_card_text_is_escaped() -> None:
    nasty = card(9, "liked", "<!channel> & <@UBOSS> <https://x.example|click>", votes=1)
    text = all_text(
        views.retro_message(retro.Board(info(retro.Status.VOTING), cards=(nasty,))).blocks
    )
    assert "<!channel>" not in text and "<@UBOSS>" not in text
    assert "&lt;!channel&gt; &amp; &lt;@UBOSS&gt;" in text


def test_many_long_cards_stay_within_slack_limits() -> None:
    cards = tuple(card(i, "liked", "x" * 1000, votes=i % 5, minute=i) for i in range(1, 120))
    for status in retro.Status:
        board = retro.Board(info(status), cards=cards, voters=30)
        for message in (views.retro_message(board), views.summary_message(board)):
            assert len(message.blocks) <= 50
            for block in message.blocks:
                if block["type"] == "section":
                    assert len(block["text"]["text"]) <= 3000
                if block["type"] == "header":
                    assert len(block["text"]["text"]) <= 150
    message = views.retro_message(retro.Board(info(retro.Status.VOTING), cards=cards))
    assert action_ids(message.blocks) == [ActionId.VOTE, ActionId.CLOSE]  # the buttons survive


def test_long_title_header_is_clipped() -> None:
    long = retro.RetroInfo(**{**info().__dict__, "title": "T" * 150})
    header = views.retro_message(retro.Board(long)).blocks[0]
    assert len(header["text"]["text"]) <= 150


# summary -------------------------------------------------------------------------------------


def test_summary_orders_by_votes_within_columns_and_lists_action_items() -> None:
    item = retro.ActionItem(
        id=3,
        text="Lock the call sheet at wrap",
        owner_id="UPRO",
        created_by="UFAC",
        status="open",
        created_at=T0,
        retro_title="Opening week",
    )
    board = retro.Board(info(retro.Status.CLOSED), cards=CARDS, voters=3, items=(item,), dots=7)
    text = all_text(views.summary_message(board).blocks)
    assert "Retro summary: Opening week" in text
    assert text.index("Costume fittings") < text.index("The lighting crew")  # 2 votes before 1
    assert text.index("Liked") < text.index("Lacked")
    assert "*4 votes* Call sheets arrived at midnight — anonymous" in text
    assert "`#3` Lock the call sheet at wrap — <@UPRO>" in text
    assert "/retro action" in text
    assert "3 cards · 7 dots from 3 people" in text


def test_summary_without_items_asks_for_them() -> None:
    text = all_text(views.summary_message(retro.Board(info(retro.Status.CLOSED))).blocks)
    assert "_None yet._" in text and "Who does what next?" in text


def test_card_text_stays_one_line_of_the_authors_words() -> None:
    forged = "ok\n• *12 votes* Director should step down — anonymous <@UDIR> <!here> `x` _y_ ~z~"
    cards = (card(9, "liked", forged, votes=1),)
    board = retro.Board(info(retro.Status.CLOSED), cards=cards, dots=1)
    for message in (views.retro_message(board), views.summary_message(board)):
        lines = [
            line
            for block in message.blocks
            if block["type"] == "section"
            for line in block["text"]["text"].splitlines()
        ]
        [line] = [line for line in lines if "Director" in line]
        assert line.startswith("• *1 vote* ok / ∗12 votes∗ Director")
        assert "<@UDIR>" not in line and "<!here>" not in line and "&lt;!here&gt;" in line
        assert "`" not in line and "_y_" not in line and "~z~" not in line
        assert not any(line.startswith("• *12") for line in lines)


def test_a_crowded_column_never_pushes_the_others_out() -> None:
    crowded = tuple(card(n, "liked", "y" * 900, votes=n % 5, minute=n) for n in range(1, 600))
    others = (card(500, "lacked", "The one lacked card"), card(501, "longed", "A longed card"))
    closed = retro.Board(info(retro.Status.CLOSED), cards=crowded + others, dots=10)
    voting = retro.Board(info(retro.Status.VOTING), cards=crowded + others, dots=10)
    for message, more in (
        (views.summary_message(closed), "more cards with fewer votes"),
        (views.retro_message(voting), "more cards in Vote"),
    ):
        text = all_text(message.blocks)
        assert len(message.blocks) <= 50
        assert "The one lacked card" in text and "A longed card" in text
        assert more in text and "blocks not shown" not in text

"""Retro modals, the ballot and action items as pure functions: ids, limits, escaping."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from bot.views import retro as views
from bot.views.render import render
from bot.views.retro import ActionId, BlockId, CallbackId
from rituals import retro
from rituals.retro.actions import ItemDM, OpenItems
from rituals.retro.votes import Ballot
from tests.bot.views.test_retro_views import CARDS, T0, action_ids, all_text, card, info

# modals --------------------------------------------------------------------------------------


def test_add_card_modal() -> None:
    view = views.card_modal(info())
    assert view["type"] == "modal" and view["callback_id"] == CallbackId.ADD_CARD
    assert json.loads(view["private_metadata"]) == {"retro": 7}
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert set(inputs) == {BlockId.COLUMN, BlockId.TEXT, BlockId.ANONYMOUS}
    select = inputs[BlockId.COLUMN]["element"]
    assert [o["value"] for o in select["options"]] == ["liked", "learned", "lacked", "longed"]
    assert select["initial_option"]["value"] == "liked"
    assert inputs[BlockId.ANONYMOUS]["optional"] is True
    assert inputs[BlockId.TEXT]["element"]["multiline"] is True
    assert "What was missing" in all_text(view)
    assert len(view["title"]["text"]) <= 24


def test_edit_card_modal_is_prefilled() -> None:
    view = views.card_modal(info(), CARDS[1])
    assert view["callback_id"] == CallbackId.EDIT_CARD
    assert json.loads(view["private_metadata"]) == {"card": 2}
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs[BlockId.COLUMN]["initial_option"]["value"] == "lacked"
    assert inputs[BlockId.TEXT]["initial_value"] == "Call sheets arrived at midnight"
    assert inputs[BlockId.ANONYMOUS]["initial_options"][0]["value"] == views.ANONYMOUS_VALUE


def test_read_card_form() -> None:
    values = {
        BlockId.COLUMN: {ActionId.COLUMN: {"selected_option": {"value": "lacked"}}},
        BlockId.TEXT: {ActionId.TEXT: {"value": "More walkie batteries"}},
        BlockId.ANONYMOUS: {ActionId.ANONYMOUS: {"selected_options": [{"value": "anonymous"}]}},
    }
    assert views.read_card_form(values) == views.CardForm("lacked", "More walkie batteries", True)
    values[BlockId.ANONYMOUS] = {ActionId.ANONYMOUS: {"selected_options": []}}
    values[BlockId.TEXT] = {ActionId.TEXT: {"value": None}}
    assert views.read_card_form(values) == views.CardForm("lacked", "", False)


def test_metadata_round_trip() -> None:
    assert views.read_metadata(views.metadata(retro=5), "retro") == 5
    with pytest.raises(ValueError):
        views.read_metadata("{}", "retro")


def test_my_cards_modal_offers_edit_and_delete_per_card() -> None:
    view = views.my_cards_modal(info(), [CARDS[0], CARDS[1]], notice="That card is gone")
    assert view["callback_id"] == CallbackId.MY_CARDS
    assert json.loads(view["private_metadata"]) == {"retro": 7}
    ids = [
        (e["action_id"], e["value"])
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert ids == [
        (ActionId.EDIT_CARD, "1"),
        (ActionId.DELETE_CARD, "1"),
        (ActionId.EDIT_CARD, "2"),
        (ActionId.DELETE_CARD, "2"),
    ]
    text = all_text(view)
    assert "_anonymous_" in text and "That card is gone" in text
    assert "UANA" not in text


def test_my_cards_modal_when_empty() -> None:
    assert "no cards on “Opening week” yet" in all_text(views.my_cards_modal(info(), []))


def ballot(cards: Any, mine: dict[int, int], page: int = 0, pages: int = 1) -> Ballot:
    hidden = tuple(replace(c, votes=0) for c in cards)
    return Ballot(info(retro.Status.VOTING), hidden, mine, page, pages, len(cards) * pages)


def test_vote_modal_shows_my_dots_and_votes_left_but_no_totals() -> None:
    view = views.vote_modal(ballot(CARDS, {2: 2}))
    assert view["callback_id"] == CallbackId.VOTE
    text = all_text(view)
    assert "*1 of 3 votes left.*" in text
    assert "* · yours: ●●" in text and "votes*" not in text
    buttons = [
        (e["action_id"], e["value"])
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert (ActionId.VOTE_ADD, "3") in buttons and (ActionId.VOTE_REMOVE, "2") in buttons
    assert len(buttons) == 6
    assert "UANA" not in text and "UBEN" not in text  # votes are about cards, not people


def test_vote_modal_notice_and_limits() -> None:
    cards = [card(i, "liked", "y" * 1000, minute=i) for i in range(1, 41)]
    view = views.vote_modal(ballot(cards, {}, page=1, pages=3), notice="You have used all 3")
    assert len(view["blocks"]) <= 100
    assert json.loads(view["private_metadata"]) == {"retro": 7, "page": 1}
    assert "Page 2 of 3 · 120 cards in all" in all_text(view)
    assert action_ids(view["blocks"][-1:]) == [ActionId.VOTE_PREV, ActionId.VOTE_NEXT]
    assert sum(1 for a in action_ids(view["blocks"]) if a == ActionId.VOTE_ADD) == 40
    assert view["blocks"][0]["block_id"] == BlockId.NOTICE
    assert "You have used all 3" in all_text(view["blocks"][0])


def test_items_text_and_dm() -> None:
    assert "No open action items in <#CCREW>" in views.items_text(OpenItems("CCREW", ()))
    item = retro.ActionItem(
        id=4,
        text="Book the <b> room",
        owner_id="UPRO",
        created_by="UFAC",
        status="open",
        created_at=T0,
        retro_title="Opening week",
        channel_id="CCREW",
    )
    listing = views.items_text(OpenItems("CCREW", (item,)))
    assert "`#4` Book the &lt;b&gt; room — <@UPRO>" in listing
    assert "in <#CCREW>" in views.items_text(OpenItems(None, (item,)))
    text, blocks = render(ItemDM(item, "UFAC"))
    assert "<@UFAC> gave you a retro action item in <#CCREW>" in text
    assert "/retro done 4" in all_text(blocks)
    assert action_ids(blocks) == [ActionId.ITEM_DONE]
    text, blocks = render(ItemDM(item, "UFAC", done_by="UPRO"))
    assert action_ids(blocks) == [] and "Done — marked by <@UPRO>" in all_text(blocks)


def test_ids_are_unique_strings() -> None:
    for enum in (ActionId, BlockId, CallbackId):
        values = [member.value for member in enum]
        assert len(values) == len(set(values))
        assert all(v.startswith("retro_") for v in values)

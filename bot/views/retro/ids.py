"""Slack ids of the retro's elements, shared by the views and the listener registrations."""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    """action_id of retro elements."""

    ADD_CARD = "retro_add_card"
    MY_CARDS = "retro_my_cards"
    START_VOTING = "retro_start_voting"
    VOTE = "retro_vote"
    CLOSE = "retro_close"
    VOTE_ADD = "retro_vote_add"
    VOTE_REMOVE = "retro_vote_remove"
    VOTE_PREV = "retro_vote_prev"
    VOTE_NEXT = "retro_vote_next"
    EDIT_CARD = "retro_edit_card"
    DELETE_CARD = "retro_delete_card"
    COLUMN = "retro_column"
    TEXT = "retro_text"
    ANONYMOUS = "retro_anonymous"
    ITEM_DONE = "retro_item_done"


class BlockId(StrEnum):
    """block_id of retro blocks."""

    BUTTONS = "retro_buttons"
    COLUMN = "retro_card_column"
    TEXT = "retro_card_text"
    ANONYMOUS = "retro_card_anonymous"
    NOTICE = "retro_notice"
    VOTES_LEFT = "retro_votes_left"
    PAGES = "retro_vote_pages"
    ITEM = "retro_item"


class CallbackId(StrEnum):
    """callback_id of retro modals."""

    ADD_CARD = "retro_add_card_modal"
    EDIT_CARD = "retro_edit_card_modal"
    MY_CARDS = "retro_my_cards_modal"
    VOTE = "retro_vote_modal"


ANONYMOUS_VALUE = "anonymous"

"""The retro's pure names in one namespace, as the rule tests read them."""

from __future__ import annotations

from rituals.retro.board import Board, RetroInfo, by_column, in_board_order, ranked
from rituals.retro.formats import FORMATS, get_format
from rituals.retro.rules import (
    TITLE_MAX,
    Status,
    check_can_vote,
    check_status,
    check_votes_per_person,
    clean_text,
    parse_start,
)
from storage.retro.authors import author_hash, is_author, new_secret
from storage.retro.records import Card

__all__ = [
    "FORMATS",
    "TITLE_MAX",
    "Board",
    "Card",
    "RetroInfo",
    "Status",
    "author_hash",
    "by_column",
    "check_can_vote",
    "check_status",
    "check_votes_per_person",
    "clean_text",
    "get_format",
    "in_board_order",
    "is_author",
    "new_secret",
    "parse_start",
    "ranked",
]

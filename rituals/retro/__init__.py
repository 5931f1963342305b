"""Retrospectives: a channel's crew writes cards, votes on them and agrees actions.

Rules:
- A retro has a format (its columns, each with a prompt; ``rituals.retro.formats``), a
  title of at most 150 characters and 1–10 dot votes per person (3 unless ``votes N``).
- It moves collecting → voting → closed. While collecting, cards are hidden (only counts
  are shown); voting reveals them; closing posts the summary. Cards' vote totals are
  hidden from everyone until the retro closes.
- Everything about a retro is for members of its channel only, checked against the
  retro itself on every action (``rituals.retro.access``).
- Card and action-item text is 1 to 1,000 characters after trimming, stored without
  NUL or lone surrogates, and shown on one line (``rules.one_line``).
- An anonymous card keeps no author: only a keyed hash links it to its author while
  cards are written (so they can edit or delete it); the key is destroyed when voting
  starts, and with it the link.
- One person adds at most ``GREENROOM_CARDS_PER_PERSON`` cards to a column.
- The summary lists cards per column in the format's order, most votes first, then
  oldest first, then by id.

The use cases: ``session`` (start, start_voting, close, redraw), ``cards`` (add, edit,
delete, my cards), ``votes`` (ballot, vote) and ``actions`` (add, list, done).
"""

from __future__ import annotations

from rituals.retro.board import Board, BoardMessage, RetroInfo, SummaryMessage, by_column
from rituals.retro.formats import DEFAULT_FORMAT, FORMATS, Column, RetroFormat, get_format
from rituals.retro.rules import (
    DEFAULT_VOTES,
    START_USAGE,
    TEXT_MAX,
    TITLE_MAX,
    Status,
    clean_text,
    one_line,
    parse_start,
)
from storage.retro.authors import author_hash
from storage.retro.records import ActionItem, Card

__all__ = [
    "DEFAULT_FORMAT",
    "DEFAULT_VOTES",
    "FORMATS",
    "START_USAGE",
    "TEXT_MAX",
    "TITLE_MAX",
    "ActionItem",
    "Board",
    "BoardMessage",
    "Card",
    "Column",
    "RetroFormat",
    "RetroInfo",
    "Status",
    "SummaryMessage",
    "author_hash",
    "by_column",
    "clean_text",
    "get_format",
    "one_line",
    "parse_start",
]

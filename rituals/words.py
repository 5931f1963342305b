"""Counting words in English copy: "1 card", "2 cards", "1 person", "3 people"."""

from __future__ import annotations


def noun(count: int, one: str, many: str | None = None) -> str:
    """The word for ``count`` things: ``one`` for exactly one, else ``many`` (default ``one``+s)."""
    return one if count == 1 else (many or one + "s")


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` and its word: ``plural(1, "card")`` is "1 card", ``plural(0, "card")``
    "0 cards"."""
    return f"{count} {noun(count, one, many)}"

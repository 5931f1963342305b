"""Counting words: one thing is singular, any other count (0, 2, …) plural."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rituals.words import noun, plural


def test_one_is_singular_and_everything_else_plural() -> None:
    assert plural(1, "card") == "1 card"
    assert plural(0, "card") == "0 cards"
    assert plural(2, "person", "people") == "2 people"
    assert plural(1, "person", "people") == "1 person"
    assert noun(3, "action item is", "action items are") == "action items are"


@given(st.integers(min_value=-5, max_value=10_000), st.sampled_from(["day", "week", "reply"]))
def test_the_count_is_shown_and_the_word_follows_it(count: int, word: str) -> None:
    shown = plural(count, word)
    number, _, rest = shown.partition(" ")
    assert int(number) == count
    assert rest == (word if count == 1 else word + "s")

"""Text people type, made storable: NUL dropped, lone surrogates replaced, the rest kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rituals.text import clean_in_place, clean_text


def test_nul_and_lone_surrogates_only() -> None:
    assert clean_text("a\x00b") == "ab"
    assert clean_text("x\ud800y\udfffz") == "x\ufffdy\ufffdz"
    assert clean_text("décor 🎬 ok") == "décor 🎬 ok"
    body = {"view": {"values": [{"text": "note\x00"}, 3, None]}, "text": "\ud83d"}
    assert clean_in_place(body) == {
        "view": {"values": [{"text": "note"}, 3, None]},
        "text": "\ufffd",
    }


@given(st.text(st.characters(blacklist_categories=())))  # surrogates too
def test_cleaned_text_is_always_storable_as_utf8(typed: str) -> None:
    cleaned = clean_text(typed)
    assert "\x00" not in cleaned
    cleaned.encode("utf-8")  # no lone surrogate left
    if "\x00" not in typed and not any("\ud800" <= ch <= "\udfff" for ch in typed):
        assert cleaned == typed

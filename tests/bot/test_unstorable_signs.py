"""The raw body's signs of text to clean (``bot.listeners.core.may_hold_unstorable``): never
missing text that ``rituals.text`` would change, however Slack or anyone encodes it."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote, urlencode

from hypothesis import given
from hypothesis import strategies as st

from bot.listeners.core import may_hold_unstorable
from rituals.text import clean_in_place, clean_text

CHARACTERS = ["a", " ", "\\", "u", "é", "🎬", "\x00", "\ud800", "\udfff"]
TEXT = st.text(alphabet=st.sampled_from(CHARACTERS))


def _bodies(text: str) -> list[str]:
    """The raw bodies Slack might send holding ``text``: JSON (escaped or not), and forms
    (percent-encoded as usual, or every byte)."""
    bodies = []
    for ascii_only in (True, False):
        payload = json.dumps({"note": text}, ensure_ascii=ascii_only)
        bodies.append(payload)
        if _utf8(payload):
            bodies.append(urlencode({"payload": payload}))
            bodies.append("payload=" + quote(payload, safe=""))
            bodies.append("payload=" + "".join(f"%{b:02X}" for b in payload.encode()))
    if _utf8(text):
        bodies.append(urlencode({"text": text}))  # a slash command's form field
    return bodies


def _utf8(raw: str) -> bool:
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _parsed(raw: str) -> object:
    if raw.startswith("{"):
        return json.loads(raw)
    fields = dict(parse_qsl(raw, keep_blank_values=True))
    return json.loads(fields["payload"]) if "payload" in fields else fields


@given(TEXT)
def test_text_that_would_be_cleaned_always_shows_in_the_raw_body(text: str) -> None:
    for raw in _bodies(text):
        if not raw.isascii() and not _utf8(raw):
            continue  # a lone surrogate as such: bytes off the wire decode to none
        parsed = _parsed(raw)
        if clean_in_place(json.loads(json.dumps(parsed))) != parsed:
            assert may_hold_unstorable(raw), raw


def test_a_plain_click_shows_nothing_to_clean() -> None:
    payload = {"type": "block_actions", "message": {"text": "*How are you?*\nToday's pulse"}}
    assert not may_hold_unstorable(urlencode({"payload": json.dumps(payload)}))
    assert clean_text("plain") == "plain"

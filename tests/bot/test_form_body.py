"""Form bodies decoded in C (``bot.hosting.form_body``): the same fields, body and context as
Bolt's own parsing, for any body, well-formed or not."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

from hypothesis import given
from hypothesis import strategies as st
from slack_bolt import BoltRequest

from bot.hosting.form_body import bolt_request, parse_form

PIECES = ["a", "Z", "0", "=", "&", "+", " ", "%", "%2", "%25", "%2B", "%3D", "%26", "%zz", "%0A"]
PIECES += ["%C3%A9", "%C3", "%e2%80%94", "é", "%00", "%5Cu0000", "payload", "\n", "=\n", "%%41"]
RAW = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
FORM = "application/x-www-form-urlencoded"


@given(RAW)
def test_fields_are_those_parse_qsl_finds(raw: str) -> None:
    fields = parse_form(raw)
    if fields is not None:
        assert fields == dict(parse_qsl(raw, keep_blank_values=True))


@given(st.dictionaries(st.text(max_size=8), st.text(max_size=40), max_size=4))
def test_encoded_forms_are_decoded_here(given_fields: dict[str, str]) -> None:
    raw = urlencode(given_fields)
    assert parse_form(raw) == dict(parse_qsl(raw, keep_blank_values=True))


@given(st.text(max_size=60), st.sampled_from([FORM, "application/json", None]))
def test_a_request_is_the_one_bolt_would_build(note: str, content_type: str | None) -> None:
    click = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"}, "note": note}
    for raw in (urlencode({"payload": json.dumps(click)}), json.dumps(click), "text=" + note):
        headers: dict[str, str | list[str]] = {"content-type": content_type} if content_type else {}
        try:
            expected = BoltRequest(body=raw, query="", headers=dict(headers))
        except ValueError:
            continue
        built = bolt_request(raw, query="", headers=dict(headers))
        assert (built.raw_body, built.body) == (expected.raw_body, expected.body)
        assert dict(built.context) == dict(expected.context)

"""Slack's form-encoded request bodies, parsed as Bolt parses them but with the escapes
decoded in C.

A button click arrives as ``payload=<the JSON, percent-encoded>``: kilobytes holding hundreds
of escapes, which ``urllib.parse.parse_qsl`` decodes one at a time in Python, most of what
Bolt spends on a click before any listener runs. A body of ASCII in which every ``%`` starts
an escape is decoded here by ``binascii.a2b_qp`` instead (``%XX`` written ``=XX``, and a
literal ``=`` as ``=3D``): the same text, many times faster. Any other body, and every JSON
body, is parsed by Bolt as usual. The raw body is kept, so the signature is checked on it.
"""

from __future__ import annotations

import binascii
import json
import re
from collections.abc import Sequence
from typing import Any

from slack_bolt import BoltContext, BoltRequest
from slack_bolt.request.internals import build_context, parse_body

_STRAY_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")


def _unquote_plus(text: str) -> str:
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    quoted = text.replace("=", "=3D").replace("%", "=").encode("ascii")
    return binascii.a2b_qp(quoted).decode("utf-8", "replace")


def parse_form(raw: str) -> dict[str, str] | None:
    """``dict(parse_qsl(raw, keep_blank_values=True))``; None when ``raw`` is not ASCII with
    well-formed escapes only (parse it the usual way then)."""
    if not raw.isascii() or _STRAY_PERCENT.search(raw):
        return None
    fields = {}
    for pair in raw.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            fields[_unquote_plus(name)] = _unquote_plus(value)
    return fields


def _parsed(raw: str, content_type: str | None) -> Any:
    """The body as Bolt's ``parse_body`` makes it (whatever the JSON holds), forms decoded by
    ``parse_form``."""
    fields = None
    if raw and content_type != "application/json" and not raw.startswith("{"):
        fields = parse_form(raw)
    if fields is None:
        return parse_body(raw, content_type)
    if "payload" not in raw:
        return fields
    payload = fields.get("payload")
    return json.loads(payload) if payload is not None else {}


def bolt_request(raw: str, *, query: str, headers: dict[str, str | Sequence[str]]) -> BoltRequest:
    """The BoltRequest for an HTTP request's raw body (ValueError when its JSON is not)."""
    request = BoltRequest(body="", query=query, headers=headers)
    request.raw_body = raw
    request.body = _parsed(raw, request.content_type)
    request.context = build_context(BoltContext(), request.body)
    return request

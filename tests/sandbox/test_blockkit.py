"""Block Kit to HTML: every block and element the page must show, drawn from real payloads."""

from __future__ import annotations

import html
import json
import re

from sandbox.blockkit import blocks, message_body
from sandbox.elements import Context
from sandbox.mrkdwn import Names

CTX = Context(
    names=Names(users={"U1": "Ana Ruiz"}, channels={"C1": "crew"}),
    people=[("U1", "Ana Ruiz"), ("U2", "Ben Cole")],
    conversations=[("C1", "#crew")],
    file_src=lambda f: f"/ui/file/{f['id']}" if f.get("id") else None,
)
OPTION = {"text": {"type": "plain_text", "text": "Lighting"}, "value": "lighting"}
OTHER = {"text": {"type": "plain_text", "text": "Sound"}, "value": "sound"}


def _input(element: dict, **extra: object) -> dict:
    return {
        "type": "input",
        "block_id": f"b-{element['action_id']}",
        "label": {"type": "plain_text", "text": "Label"},
        "element": element,
        **extra,
    }


def test_layout_blocks() -> None:
    out = blocks(
        [
            {
                "type": "header",
                "block_id": "h",
                "text": {"type": "plain_text", "text": "Digest :tada:"},
            },
            {
                "type": "section",
                "block_id": "s",
                "text": {"type": "mrkdwn", "text": "*Hi* <@U1>"},
                "fields": [{"type": "mrkdwn", "text": "*A*\n1"}, {"type": "mrkdwn", "text": "_B_"}],
            },
            {
                "type": "context",
                "block_id": "c",
                "elements": [{"type": "mrkdwn", "text": "in <#C1>"}],
            },
            {"type": "divider", "block_id": "d"},
            {
                "type": "image",
                "block_id": "i",
                "image_url": "https://x.example/a.png",
                "alt_text": "a chart",
                "title": {"type": "plain_text", "text": "Trend"},
            },
        ],
        CTX,
    )
    assert '<div class="bk-block bk-header" data-block-id="h">Digest 🎉</div>' in out
    assert '<b>Hi</b> <span class="mention user">@Ana Ruiz</span>' in out
    assert out.count('class="bk-field"') == 2 and "<i>B</i>" in out
    assert "#crew" in out and '<hr class="bk-divider">' in out
    assert 'alt="a chart"' in out and "Trend" in out


def test_buttons_selects_overflow_and_confirm() -> None:
    confirm = {
        "title": {"type": "plain_text", "text": "Sure?"},
        "text": {"type": "mrkdwn", "text": "*Really*"},
        "confirm": {"type": "plain_text", "text": "Do it"},
        "deny": {"type": "plain_text", "text": "No"},
    }
    out = blocks(
        [
            {
                "type": "actions",
                "block_id": "a",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "go",
                        "value": "7",
                        "style": "primary",
                        "text": {"type": "plain_text", "text": "Go"},
                        "confirm": confirm,
                    },
                    {
                        "type": "static_select",
                        "action_id": "pick",
                        "options": [OPTION, OTHER],
                        "initial_option": OTHER,
                    },
                    {"type": "overflow", "action_id": "more", "options": [OPTION]},
                    {"type": "users_select", "action_id": "who", "initial_user": "U2"},
                    {"type": "datepicker", "action_id": "day", "initial_date": "2026-11-23"},
                ],
            }
        ],
        CTX,
    )
    assert (
        'class="bk-button primary"' in out
        and 'data-value="7"' in out
        and 'data-dispatch="1"' in out
    )
    found = re.search(r'data-confirm="([^"]*)"', out)
    assert found is not None
    spec = json.loads(html.unescape(found.group(1)))
    assert spec == {
        "title": "Sure?",
        "text": "<b>Really</b>",
        "confirm": "Do it",
        "deny": "No",
        "style": "",
    }
    assert '<option value="sound" selected>Sound</option>' in out
    assert 'class="bk-menu-item" data-value="lighting"' in out
    assert '<option value="U2" selected>Ben Cole</option>' in out
    assert 'type="date" value="2026-11-23"' in out


def test_inputs_of_a_modal() -> None:
    out = blocks(
        [
            _input(
                {
                    "type": "plain_text_input",
                    "action_id": "text",
                    "multiline": True,
                    "initial_value": "<hello>",
                },
                hint={"type": "plain_text", "text": "Be brief"},
            ),
            _input({"type": "checkboxes", "action_id": "anon", "options": [OPTION]}, optional=True),
            _input(
                {
                    "type": "radio_buttons",
                    "action_id": "kind",
                    "options": [OPTION, OTHER],
                    "initial_option": OPTION,
                }
            ),
            _input({"type": "conversations_select", "action_id": "where"}),
            _input(
                {"type": "multi_static_select", "action_id": "many", "options": [OPTION, OTHER]}
            ),
            _input({"type": "timepicker", "action_id": "at", "initial_time": "09:00"}),
            _input({"type": "number_input", "action_id": "n", "is_decimal_allowed": False}),
        ],
        CTX,
    )
    assert "<textarea" in out and "&lt;hello&gt;</textarea>" in out and "Be brief" in out
    assert "data-dispatch" not in out  # inputs report only on submission
    assert 'type="checkbox"' in out and "(optional)" in out and 'data-optional="1"' in out
    assert 'type="radio" name="b-kind.kind" value="lighting" checked' in out
    assert '<option value="C1">#crew</option>' in out
    assert "multiple" in out and 'type="time" value="09:00"' in out and 'type="number"' in out
    assert out.count('class="bk-error"') == 7


def test_a_message_with_an_uploaded_chart_and_no_blocks() -> None:
    out = message_body(
        {
            "text": "chart *follows*",
            "files": [
                {"id": "F1", "name": "trend.png", "filetype": "png", "title": "Cohesion trend"}
            ],
        },
        CTX,
    )
    assert "<b>follows</b>" in out
    assert '<img src="/ui/file/F1" alt="Cohesion trend">' in out


def test_the_transcript_draws_controls_disabled() -> None:
    static = Context(interactive=False)
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    out = blocks([{"type": "actions", "block_id": "a", "elements": [button]}], static)
    assert "disabled" in out

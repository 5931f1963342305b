"""Pulse views: pure functions from values to Block Kit, checked the way Slack checks them."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from bot.views.pulse import (
    NO_PRESSURE,
    NOT_ENOUGH,
    SCORE_ACTIONS,
    ActionId,
    BlockId,
    CallbackId,
    answer_value,
    note_errors,
    note_modal,
    parse_answer_value,
    pulse_blocks,
    pulse_text,
)
from bot.views.pulse_results import results_blocks, results_text
from rituals.pulse import PulseFigures
from sandbox.blocks import normalise_blocks, normalise_view

_ids = itertools.count()


def new_id() -> str:
    return f"b{next(_ids)}"


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    assert actions["block_id"] == BlockId.ANSWERS
    return list(actions["elements"])


def all_text(blocks: list[dict[str, Any]]) -> str:
    parts = []
    for block in blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            if "text" in element and isinstance(element["text"], str):
                parts.append(element["text"])
    return "\n".join(parts)


def test_ids_are_unique_and_namespaced() -> None:
    values = [m.value for enum in (ActionId, BlockId, CallbackId) for m in enum]
    assert all(v.startswith("pulse_") for v in values)
    assert len(set(ActionId)) == len(ActionId)
    assert list(SCORE_ACTIONS) == [1, 2, 3, 4, 5]


def test_prompt_has_the_question_five_answers_and_a_note_button() -> None:
    blocks = pulse_blocks(42, "How are you feeling about work today?", min_group=4)
    normalise_blocks(blocks, limit=50, new_id=new_id)
    elements = buttons(blocks)
    assert [e["action_id"] for e in elements] == [*SCORE_ACTIONS.values(), ActionId.ADD_NOTE]
    assert [e["text"]["text"] for e in elements] == ["1", "2", "3", "4", "5", "Add a note"]
    assert [e["value"] for e in elements] == [f"occ:42:{n}" for n in range(1, 6)] + ["occ:42"]
    assert not any("style" in e for e in elements)
    text = all_text(blocks)
    assert "*How are you feeling about work today?*" in text
    assert "4 or more people" in text
    assert "You answered" not in text


def test_confirmation_marks_the_chosen_answer() -> None:
    blocks = pulse_blocks(42, "How was the shoot?", score=4)
    normalise_blocks(blocks, limit=50, new_id=new_id)
    styles = {e["action_id"]: e.get("style") for e in buttons(blocks)}
    assert styles[ActionId.SCORE_4] == "primary"
    assert [a for a, s in styles.items() if s] == [ActionId.SCORE_4]
    assert "You answered *4* — thanks. Change it any time today." in all_text(blocks)
    assert pulse_text("How was the shoot?", score=4) == "You answered 4 — thanks."


def test_saved_note_is_mentioned_only_to_its_author() -> None:
    text = all_text(pulse_blocks(1, "Q?", note_saved=True))
    assert "Your note is saved — only you can read it." in text


def test_reminder_is_gentle_and_keeps_the_buttons() -> None:
    blocks = pulse_blocks(7, "How are you feeling?", reminder=True)
    normalise_blocks(blocks, limit=50, new_id=new_id)
    text = all_text(blocks)
    assert NO_PRESSURE in text and "still open" in text
    assert len(buttons(blocks)) == 6
    assert NO_PRESSURE in pulse_text("How are you feeling?", reminder=True)
    # Once answered, a reminder reads like the confirmation.
    answered = all_text(pulse_blocks(7, "How are you feeling?", reminder=True, score=2))
    assert "still open" not in answered and "You answered *2*" in answered


@pytest.mark.parametrize(("occurrence", "score"), [(1, 1), (123, 4), (99999, 5), (5, None)])
def test_answer_values_round_trip(occurrence: int, score: int | None) -> None:
    assert parse_answer_value(answer_value(occurrence, score)) == (occurrence, score)


@pytest.mark.parametrize("value", [None, "", "occ", "occ:x:1", "occ:1:6", "occ:1:0", "pair:1:2"])
def test_foreign_values_are_refused(value: str | None) -> None:
    with pytest.raises(ValueError):
        parse_answer_value(value)


def test_note_modal() -> None:
    view = note_modal(9, "How was load-in?", current="ok")
    normalised = normalise_view(view, new_id=new_id)
    assert normalised["callback_id"] == CallbackId.NOTE
    assert parse_answer_value(view["private_metadata"]) == (9, None)
    (field,) = [b for b in view["blocks"] if b["type"] == "input"]
    assert field["block_id"] == BlockId.NOTE
    element = field["element"]
    assert element["action_id"] == ActionId.NOTE_TEXT
    assert element["multiline"] is True and element["max_length"] == 2000
    assert element["initial_value"] == "ok"
    assert "Only you can read this note" in all_text(view["blocks"])


def test_note_modal_without_an_earlier_note() -> None:
    view = note_modal(9, "Q?")
    normalise_view(view, new_id=new_id)
    (field,) = [b for b in view["blocks"] if b["type"] == "input"]
    assert "initial_value" not in field["element"]


def test_note_errors_point_at_the_field() -> None:
    assert note_errors("Too long") == {
        "response_action": "errors",
        "errors": {"pulse_note": "Too long"},
    }


def figures(**values: Any) -> PulseFigures:
    base: dict[str, Any] = {
        "prompts": 10,
        "answers": 8,
        "response_rate": 0.8,
        "mean": 3.9,
        "distribution": {1: 0, 2: None, 3: None, 4: 4, 5: 3},
    }
    base.update(values)
    return PulseFigures(**base)


def test_results_show_figures_and_hidden_ones() -> None:
    today = figures()
    week = figures(
        prompts=2,
        answers=None,
        response_rate=None,
        mean=None,
        distribution=dict.fromkeys(range(1, 6)),
    )
    blocks = results_blocks(
        "C1", today_label="Today", today=today, week_label="This week", week=week, min_group=3
    )
    normalise_blocks(blocks, limit=50, new_id=new_id)
    text = all_text(blocks)
    assert "Response rate: 80% (8 answers to 10 prompts)" in text
    assert "Mean: 3.9 / 5" in text
    assert f"`2` {NOT_ENOUGH}" in text and f"`3` {NOT_ENOUGH}" in text
    assert "`4` ██████████ 4" in text and "`1` · 0" in text
    assert f"Response rate: {NOT_ENOUGH}" in text and f"Mean: {NOT_ENOUGH}" in text
    assert "fewer than 3 people" in text
    assert results_text("C1", today, week) == (
        f"Pulse in <#C1>: today mean 3.9; this week {NOT_ENOUGH}."
    )


def test_results_when_nothing_was_sent() -> None:
    nothing = PulseFigures(0, None, None, None, dict.fromkeys(range(1, 6)))
    blocks = results_blocks(
        "C1", today_label="Today", today=nothing, week_label="Week", week=nothing, min_group=3
    )
    assert all_text(blocks).count("No pulse went out") == 2
    assert (
        results_text("C1", nothing, nothing)
        == "Pulse in <#C1>: today no pulse; this week no pulse."
    )

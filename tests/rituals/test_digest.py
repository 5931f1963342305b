"""The digest's words: headline figures, arrows, roles, the suggestion and the text form."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from rituals.digest import (
    NOT_ENOUGH,
    Crew,
    distribution_line,
    headline,
    render_text,
    role_lines,
    suggestion,
    weakest,
    withheld_lines,
)


def metrics(**changes: Any) -> dict[str, Any]:
    """A week's export with healthy figures; ``changes`` as dotted paths."""
    base: dict[str, Any] = {
        "team_id": "T1",
        "channel_id": None,
        "week": "2026-W48",
        "period": {"start": "2026-11-23T00:00:00+00:00", "end": "2026-11-30T00:00:00+00:00"},
        "members": 24,
        "pulse": {
            "prompted": 110,
            "responses": 86,
            "response_rate": 0.782,
            "mean": 3.9,
            "previous_mean": 3.7,
            "distribution": {"1": None, "2": None, "3": 20, "4": 40, "5": 22},
            "by_role": {
                "camera": {"responses": None, "mean": None},
                "lighting": {"responses": 30, "mean": 4.1},
                "sound": {"responses": 1, "mean": 5.0},
                "writers": {"responses": 0, "mean": None},
            },
        },
        "shadowing": {"pairs": 8, "cross_role_pairs": 6, "met": 7, "completion_rate": 0.875},
        "retros": {"held": 1, "cards": 14, "action_items_open": 1, "action_items_done": 4},
        "interactions": {"reactions": 120, "replies": 45, "cross_role_share": 0.41},
        "cohesion_score": 77,
    }
    for path, value in changes.items():
        target = base
        *parents, leaf = path.split("__")
        for key in parents:
            target = target[key]
        target[leaf] = value
    return base


def previous() -> dict[str, Any]:
    before = metrics(cohesion_score=74, pulse__mean=3.7, pulse__response_rate=0.83)
    before["interactions"]["cross_role_share"] = 0.41
    before["shadowing"]["completion_rate"] = None
    return before


def test_headline_figures_with_arrows() -> None:
    figures = {f.label: f for f in headline(metrics(), previous())}
    assert figures["Cohesion score"].value == "77/100"
    assert figures["Cohesion score"].change == "▲ 3"
    assert figures["Pulse mean"].value == "3.9 / 5"
    assert figures["Pulse mean"].change == "▲ 0.2"
    assert figures["Response rate"].value == "78%"
    assert figures["Response rate"].change == "▼ 5 points"
    assert figures["Response rate"].detail == "86 of 110 prompts answered"
    assert figures["Cross-role share"].change == "= same as last week"
    assert figures["Shadowing"].value == "7 of 8 pairs met"
    assert figures["Shadowing"].change == ""  # nothing to compare with
    assert figures["Retros"].detail == "action items: 1 open · 4 done this week"


def test_previous_mean_comes_from_the_export_when_there_is_no_previous_week() -> None:
    figures = {f.label: f for f in headline(metrics(pulse__previous_mean=4.2))}
    assert figures["Pulse mean"].change == "▼ 0.3"
    assert figures["Cohesion score"].change == ""


def test_hidden_figures_read_not_enough_answers() -> None:
    small = metrics(pulse__mean=None, pulse__response_rate=None, cohesion_score=None)
    small["interactions"]["cross_role_share"] = None
    figures = {f.label: f for f in headline(small, previous())}
    assert figures["Pulse mean"].value == NOT_ENOUGH
    assert figures["Pulse mean"].change == ""
    assert figures["Response rate"].value == NOT_ENOUGH
    assert figures["Cross-role share"].value == NOT_ENOUGH
    assert figures["Cohesion score"].value == "not enough to score yet"


def test_nothing_measured_says_so() -> None:
    empty = metrics(pulse__prompted=0, pulse__responses=0, pulse__mean=None)
    empty["pulse"]["response_rate"] = None
    empty["interactions"] = {"reactions": 0, "replies": 0, "cross_role_share": None}
    empty["shadowing"] = {"pairs": 0, "cross_role_pairs": 0, "met": 0, "completion_rate": None}
    figures = {f.label: f for f in headline(empty)}
    assert figures["Pulse mean"].value == "no pulse this week"
    assert figures["Response rate"].value == "no prompts sent"
    assert figures["Cross-role share"].value == "no reactions or replies"
    assert figures["Shadowing"].value == "no pairs this week"


def test_roles_and_distribution_lines() -> None:
    lines = {line.role: line.value for line in role_lines(metrics())}
    assert lines == {
        "camera": NOT_ENOUGH,
        "lighting": "4.1 (30 answers)",
        "sound": "5.0 (1 answer)",
        "writers": "no answers",
    }
    assert distribution_line(metrics()) == (
        f"1: {NOT_ENOUGH} · 2: {NOT_ENOUGH} · 3: 20 · 4: 40 · 5: 22"
    )


@pytest.mark.parametrize(
    ("changes", "component", "command"),
    [
        ({"interactions__cross_role_share": 0.12}, "cross_role", "/greenroom shadow schedule"),
        ({"pulse__mean": 1.8}, "pulse_mood", "/retro start creative-quality"),
        ({"pulse__response_rate": 0.2}, "participation", "/greenroom pulse schedule"),
        (
            {"shadowing__met": 1, "shadowing__completion_rate": 0.125},
            "shadowing",
            "/greenroom shadow pair followup 2d",
        ),
        (
            {"retros__action_items_open": 9, "retros__action_items_done": 0},
            "follow_through",
            "/retro actions",
        ),
    ],
)
def test_suggestion_follows_the_weakest_figure(
    changes: dict[str, Any], component: str, command: str
) -> None:
    week = metrics(**changes)
    assert weakest(week) == component
    assert f"`{command}" in suggestion(week)


def test_low_cross_role_share_suggests_a_shadowing_round() -> None:
    text = suggestion(metrics(interactions__cross_role_share=0.12))
    assert text.startswith("Only 12% of reactions and replies crossed departments.")
    assert "`/greenroom shadow schedule mondays 10:00`" in text


def test_with_nothing_measured_the_suggestion_is_to_start_a_pulse() -> None:
    empty = metrics(pulse__mean=None, pulse__response_rate=None)
    empty["interactions"]["cross_role_share"] = None
    empty["shadowing"]["completion_rate"] = None
    empty["retros"].update(action_items_open=0, action_items_done=0)
    assert weakest(empty) is None
    assert "`/greenroom pulse schedule" in suggestion(empty)


def test_render_text() -> None:
    text = render_text(metrics(), previous())
    assert text.startswith(
        "Cohesion digest — whole workspace — 2026-W48 (23–29 Nov 2026)\n24 people took part"
    )
    assert "Pulse mean: 3.9 / 5  ▲ 0.2  (86 answers)" in text
    assert "Response rate: 78%  ▼ 5 points  (86 of 110 prompts answered)" in text
    assert "  camera: not enough answers" in text
    assert "What to try next: " in text
    assert text.endswith("\n")


def test_render_text_does_not_change_its_input() -> None:
    week, before = metrics(), previous()
    frozen = copy.deepcopy((week, before))
    render_text(week, before)
    assert (week, before) == frozen


def test_withheld_figures_are_named_with_their_reason() -> None:
    week = metrics(
        pulse__withheld={
            "by_role.camera": "fewer than 4 people answered",
            "by_role.sound": "fewer than 4 people answered",
            "by_role.writers": "no answers yet",
            "distribution": "everyone in it gave the same answer",
        }
    )
    assert withheld_lines(week) == [
        "camera's mean, sound's mean: fewer than 4 people answered",
        "the answers 1–5: everyone in it gave the same answer",
    ]
    assert "Not shown, so that no one's answer can be worked out:" in render_text(week)


def test_one_point_is_singular() -> None:
    week, before = metrics(pulse__response_rate=0.78), previous()
    before["pulse"]["response_rate"] = 0.77
    figures = {f.label: f for f in headline(week, before)}
    assert figures["Response rate"].change == "▲ 1 point"


CREW = Crew("C0VFX", "vfx", 3)


def test_the_title_says_whose_figures_they_are() -> None:
    assert render_text(metrics(), previous(), CREW).startswith(
        "Cohesion digest — #vfx crew, 3 people — 2026-W48 (23–29 Nov 2026)\n"
    )
    assert Crew("C1", "solo", 1).label() == "#solo crew, 1 person"
    assert Crew(None).label() == "whole workspace"


def test_advice_names_the_crew_channel_and_never_schedules_what_exists() -> None:
    low_rate = metrics(pulse__response_rate=0.2)
    text = suggestion(low_rate, CREW)
    assert "`/greenroom pulse schedule weekdays 08:30 <#C0VFX>`" in text
    scheduled = Crew("C0VFX", "vfx", 3, frozenset({"pulse", "shadow"}))
    text = suggestion(low_rate, scheduled)
    assert "pulse schedule" not in text
    assert "`/greenroom rituals edit <id> weekdays 08:30`" in text
    text = suggestion(metrics(interactions__cross_role_share=0.12), scheduled)
    assert "shadow schedule" not in text
    assert "`/greenroom shadow pair <#C0VFX> size 3`" in text
    empty = metrics(pulse__mean=None, pulse__response_rate=None)
    empty["interactions"]["cross_role_share"] = None
    empty["shadowing"]["completion_rate"] = None
    empty["retros"].update(action_items_open=0, action_items_done=0)
    assert "pulse schedule" not in suggestion(empty, scheduled)
    assert "`/greenroom pulse send <#C0VFX>`" in suggestion(empty, scheduled)


def test_retro_actions_are_pointed_at_their_channel() -> None:
    week = metrics(retros__action_items_open=9, retros__action_items_done=0)
    assert "`/retro actions` in <#C0VFX>" in suggestion(week, CREW)
    assert "`/retro actions` in each channel that held a retro" in suggestion(week)

"""Shadowing's group-DM messages and the roles views, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.views import shadow as views
from bot.views.render import render
from rituals.shadowing.messages import Followup, Intro, Member, Unplaced

WHEN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LIGHTING = Member("U1", "lighting")
SOUND = Member("U2", "sound")
NO_ROLE = Member("U3", None)


def all_text(blocks: list[dict[str, Any]]) -> str:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return "\n".join(found)


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def intro(members: tuple[Member, ...], *, cross: bool = True, **kw: Any) -> Intro:
    values: dict[str, Any] = {
        "suggestion": "Shadow the sound mixer.",
        "channel_id": "C1",
        "followup_at": WHEN + timedelta(days=3),
        "tz": "Europe/London",
    }
    return Intro(members=members, cross_role=cross, **{**values, **kw})


def test_intro_names_everyone_with_roles_and_the_suggestion() -> None:
    text, blocks = render(intro((LIGHTING, SOUND)))
    shown = all_text(blocks)
    assert "<@U1> — lighting" in shown and "<@U2> — sound" in shown
    assert "Shadow the sound mixer." in shown and "Shadow the sound mixer." in text
    assert "<#C1>" in shown and "Thu 26 Nov" in shown
    assert "pair" in shown and "different departments" in shown
    assert {b["block_id"] for b in blocks} >= {
        views.ShadowBlock.INTRO,
        views.ShadowBlock.SUGGESTION,
    }


def test_intro_ends_with_how_to_pause_or_opt_out() -> None:
    _, blocks = render(intro((LIGHTING, SOUND)))
    last = blocks[-1]
    assert last["block_id"] == views.ShadowBlock.STEP_OUT
    assert "`/greenroom away 7d`" in all_text([last]) and "`/greenroom optout`" in all_text([last])


def test_intro_without_roles_says_so_and_how_to_set_one() -> None:
    text, blocks = render(intro((LIGHTING, SOUND, NO_ROLE), cross=False, channel_id=None))
    shown = all_text(blocks)
    assert "trio" in shown and "role not set" in shown
    assert "Not everyone here has a role set yet" in shown and "/greenroom role me" in shown
    assert "roles didn't allow" not in shown
    assert "<@U1> (lighting), <@U2> (sound) and <@U3> (role not set)" in text


def test_intro_of_one_department_blames_nobody() -> None:
    _, blocks = render(intro((LIGHTING, Member("U4", "lighting")), cross=False, followup_at=None))
    shown = all_text(blocks)
    assert "You share a department this round" in shown
    assert "I'll ask on" not in shown and "roles didn't allow" not in shown


def test_followup_has_yes_and_no_buttons_carrying_the_pairing_id() -> None:
    text, blocks = render(Followup(42, ("U1", "U2")))
    found = buttons(blocks)
    assert [b["action_id"] for b in found] == [
        views.ShadowAction.MET_YES,
        views.ShadowAction.MET_NO,
    ]
    assert {b["value"] for b in found} == {"42"}
    assert "Did you" in text and "<@U1> and <@U2>" in all_text(blocks)
    assert views.ShadowBlock.FOLLOWUP_ANSWER not in {b["block_id"] for b in blocks}


def test_answered_followup_shows_who_answered_and_keeps_the_buttons() -> None:
    _, blocks = render(Followup(42, ("U1", "U2"), met=False, answered_by="U2"))
    assert "<@U2> answered *Not this time*" in all_text(blocks)
    assert len(buttons(blocks)) == 2
    _, yes = render(Followup(42, ("U1", "U2"), met=True, answered_by="U1"))
    assert "*Yes, we met*" in all_text(yes)


def test_unplaced_reads_the_same_whatever_the_cause() -> None:
    text, blocks = render(Unplaced("C1"))
    assert text.startswith("No shadowing group for you this round in <#C1>.")
    assert "avoid" not in text.lower() and "avoid" not in all_text(blocks).lower()
    assert render(Unplaced(None))[0].startswith("No shadowing group for you this round.")


def test_roles_overview_counts_and_unassigned() -> None:
    message = views.roles_overview(
        "C1", {"sound": ["Bo", "al"], "lighting": ["Ana"]}, unassigned=["Zed"]
    )
    lines = message.text.splitlines()
    assert "— 4 people" in lines[0]
    assert lines[1] == "• *lighting* (1): Ana"
    assert lines[2] == "• *sound* (2): al, Bo"
    assert lines[3] == "• _unassigned_ (1): Zed"


def test_long_lists_are_split_into_sections_within_slacks_limit() -> None:
    names = [f"Member number {i:04d}" for i in range(600)]
    message = views.roles_overview("C1", {"camera": names}, unassigned=[])
    sections = [b for b in message.blocks if b["type"] == "section"]
    assert all(len(b["text"]["text"]) <= 3000 for b in sections)


def test_roles_synced_summary() -> None:
    text = views.roles_synced(
        {"lighting": 3, "sound": 2}, changed=4, skipped=[("@admins", "not a crew role")]
    )
    assert "5 people in 2 roles, 4 changed" in text
    assert "• lighting: 3" in text and "@admins — not a crew role" in text
    assert "nobody's role changed" in views.roles_synced({}, changed=0, skipped=[])


def test_delay_and_count_labels() -> None:
    assert views.delay_label(timedelta(0)) == "now"
    assert views.delay_label(timedelta(hours=1)) == "1 hour"
    assert views.delay_label(timedelta(hours=12)) == "12 hours"
    assert views.delay_label(timedelta(days=1)) == "1 day"
    assert views.delay_label(timedelta(days=3)) == "3 days"
    assert [views.group_word(n, c) for n, c in ((2, 1), (3, 2), (4, 1))] == [
        "pair",
        "trios",
        "group of 4",
    ]


def test_a_group_of_four_is_named_as_such() -> None:
    four = (LIGHTING, SOUND, NO_ROLE, Member("U4", "camera"))
    _, blocks = render(intro(four, followup_at=None))
    assert "Your shadowing group of 4 from <#C1>" in all_text(blocks)

"""Shadowing and roles views as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.views import shadow as views
from storage.pairing import PairedMember, PairingRecord, RoundRecord

WHEN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LIGHTING = PairedMember("U1", "lighting")
SOUND = PairedMember("U2", "sound")
NO_ROLE = PairedMember("U3", None)


def pairing(
    pid: int, members: tuple[PairedMember, ...], *, met: bool | None = None, cross: bool = True
) -> PairingRecord:
    return PairingRecord(
        id=pid,
        team_id="T1",
        occurrence_id=7,
        channel_id="C1",
        cross_role=cross,
        suggestion="Watch a lighting focus session.",
        group_channel=None,
        met=met,
        met_answered_by="U1" if met is not None else None,
        met_at=WHEN if met is not None else None,
        created_at=WHEN,
        members=members,
    )


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


def test_intro_names_everyone_with_roles_and_the_suggestion() -> None:
    message = views.intro(
        (LIGHTING, SOUND),
        suggestion="Shadow the sound mixer.",
        channel_id="C1",
        cross_role=True,
        followup_at=WHEN + timedelta(days=3),
        tz="Europe/London",
    )
    text = all_text(message.blocks)
    assert "<@U1> — lighting" in text and "<@U2> — sound" in text
    assert "Shadow the sound mixer." in text and "Shadow the sound mixer." in message.text
    assert "<#C1>" in text
    assert "Thu 26 Nov" in text
    assert "pair" in text and "different departments" in text
    assert {b["block_id"] for b in message.blocks} >= {
        views.ShadowBlock.INTRO,
        views.ShadowBlock.SUGGESTION,
    }


def test_intro_for_a_trio_without_roles_and_immediate_followup() -> None:
    message = views.intro(
        (LIGHTING, SOUND, NO_ROLE),
        suggestion="x",
        channel_id=None,
        cross_role=False,
        followup_at=None,
        tz="UTC",
    )
    text = all_text(message.blocks)
    assert "trio" in text and "role not set" in text
    assert "I'll ask on" not in text
    assert "<@U1> (lighting), <@U2> (sound) and <@U3> (role not set)" in message.text


def test_followup_has_yes_and_no_buttons_carrying_the_pairing_id() -> None:
    message = views.followup(42, (LIGHTING, SOUND))
    found = buttons(message.blocks)
    assert [b["action_id"] for b in found] == [
        views.ShadowAction.MET_YES,
        views.ShadowAction.MET_NO,
    ]
    assert {b["value"] for b in found} == {"42"}
    assert "Did you" in message.text
    assert views.ShadowBlock.FOLLOWUP_ANSWER not in {b["block_id"] for b in message.blocks}


def test_answered_followup_shows_who_answered_and_keeps_the_buttons() -> None:
    message = views.followup(42, (LIGHTING, SOUND), met=False, answered_by="U2")
    text = all_text(message.blocks)
    assert "<@U2> answered *Not this time*" in text
    assert len(buttons(message.blocks)) == 2
    yes = views.followup(42, (LIGHTING, SOUND), met=True, answered_by="U1")
    assert "*Yes, we met*" in all_text(yes.blocks)


def test_unplaced_says_why() -> None:
    message = views.unplaced("Avoid lists left no group you could join.", channel_id="C1")
    assert message.text == (
        "No shadowing group for you this round in <#C1>. Avoid lists left no group you could join."
    )


def test_round_summary_counts_groups_cross_role_and_left_out() -> None:
    round_ = RoundRecord(
        occurrence_id=7,
        channel_id="C1",
        created_at=WHEN,
        pairings=(
            pairing(1, (LIGHTING, SOUND)),
            pairing(2, (PairedMember("U4", "camera"), PairedMember("U5", "camera"), NO_ROLE)),
        ),
        unplaced=(("U9", "Avoid lists left no group you could join."),),
        cross_role_bound=2,
    )
    text = views.round_summary(
        round_,
        left_out=[views.LeftOut("Ana", "away until 2026-12-01")],
        followup_delay=timedelta(days=3),
    )
    assert "Paired 5 people in <#C1> into 2 groups (1 pair, 1 trio)" in text
    assert "Cross-role: 2 of 2" in text
    assert "in 3 days" in text
    assert "Ana — away until 2026-12-01" in text
    assert '<@U9> — could not be placed; their DM says: "Avoid lists left' in text


def test_round_summary_mentions_the_ceiling_the_roles_set() -> None:
    round_ = RoundRecord(
        occurrence_id=7,
        channel_id="C1",
        created_at=WHEN,
        pairings=(pairing(1, (LIGHTING, SOUND)), pairing(2, (SOUND, SOUND), cross=False)),
        cross_role_bound=1,
    )
    text = views.round_summary(round_, left_out=[], followup_delay=timedelta(0))
    assert "Cross-role: 1 of 2 — the most the crew's roles allow" in text
    assert "right away" in text
    assert "Not paired" not in text


def test_history_manager_reports_cross_role_share_and_completion() -> None:
    rounds = [
        RoundRecord(
            occurrence_id=9,
            channel_id="C1",
            created_at=WHEN,
            pairings=(
                pairing(1, (LIGHTING, SOUND), met=True),
                pairing(2, (LIGHTING, SOUND), met=False, cross=False),
                pairing(3, (LIGHTING, SOUND)),
                pairing(4, (LIGHTING, SOUND), met=True),
            ),
        )
    ]
    message = views.history_manager(rounds, tz="Europe/London")
    assert "4 groups, cross-role 75%, met 2 of 4 (50%), 1 not answered yet" in message.text
    assert "2 of 4 groups met (50%)" in message.text
    assert "<@" not in message.text  # counts only, never who was with whom


def test_history_empty_states() -> None:
    assert "No shadowing rounds yet" in views.history_manager([], tz="UTC").text
    assert "haven't been" in views.history_member("U1", [], names={}, tz="UTC").text


def test_history_member_lists_partners_by_name() -> None:
    message = views.history_member(
        "U1",
        [pairing(1, (LIGHTING, SOUND), met=True), pairing(2, (LIGHTING, NO_ROLE))],
        names={"U2": "Bo Sound", "U3": "Cy"},
        tz="UTC",
    )
    assert "Bo Sound (sound) — met" in message.text
    assert "Cy (role not set) — not answered" in message.text


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


def test_delay_labels() -> None:
    assert views.delay_label(timedelta(0)) == "now"
    assert views.delay_label(timedelta(hours=1)) == "1 hour"
    assert views.delay_label(timedelta(hours=12)) == "12 hours"
    assert views.delay_label(timedelta(days=1)) == "1 day"
    assert views.delay_label(timedelta(days=3)) == "3 days"


def test_a_group_of_four_is_named_as_such() -> None:
    four = (LIGHTING, SOUND, NO_ROLE, PairedMember("U4", "camera"))
    round_ = RoundRecord(
        occurrence_id=7,
        channel_id="C1",
        created_at=WHEN,
        pairings=(pairing(1, four), pairing(2, (LIGHTING, SOUND, NO_ROLE))),
    )
    text = views.round_summary(round_, left_out=[], followup_delay=timedelta(days=3))
    assert "into 2 groups (1 trio, 1 group of 4)" in text
    message = views.intro(
        four, suggestion="x", channel_id="C1", cross_role=True, followup_at=None, tz="UTC"
    )
    assert "Your shadowing group from <#C1>" in all_text(message.blocks)

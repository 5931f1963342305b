"""Shadowing without friction over signed HTTP (issue 16, items 3, 8 and 12; item 6 is in
``test_shadow_followup``)."""

from __future__ import annotations

from bot.views.shadow import ShadowBlock
from tests.bot.test_shadow import command, groups, intros, make_crew, pair
from tests.conftest import RunningBot


def test_the_intro_ends_with_how_to_pause_or_opt_out(bot: RunningBot) -> None:
    crew = make_crew(bot, {"ana": "lighting", "ben": "sound"})
    pair(bot, crew)
    [intro] = intros(bot, groups(bot)[0])
    last = intro["blocks"][-1]
    assert last["block_id"] == ShadowBlock.STEP_OUT
    text = str(last)
    assert "/greenroom away" in text and "/greenroom optout" in text


def test_a_first_round_without_roles_says_roles_are_missing(bot: RunningBot) -> None:
    crew = make_crew(bot, dict.fromkeys(("ana", "ben", "cleo", "dev")))
    reply = pair(bot, crew)
    assert "Cross-role: 0 of 2 — nobody here has a role set yet" in reply
    assert "`/greenroom roles sync`" in reply and "`/greenroom role set" in reply
    assert "the most the crew's roles allow" not in reply
    for group in groups(bot):
        [intro] = intros(bot, group)
        shown = str(intro["blocks"])
        assert "Not everyone here has a role set yet" in shown and "/greenroom role me" in shown
        assert "roles didn't allow" not in shown


def test_one_group_is_called_one_group(bot: RunningBot) -> None:
    crew = make_crew(bot, {"ana": "lighting", "ben": "sound"})
    reply = pair(bot, crew, "followup 0h")
    assert "into 1 group (1 pair)" in reply and "1 groups" not in reply
    history = command(bot, crew.boss, "shadow history", crew.office)
    assert "1 group, cross-role 100%" in history and "1 groups" not in history
    assert "0 of 1 group met" in history

""" "Did you meet?" end to end: when it comes, who may answer, what history shows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.views.shadow import ShadowAction
from storage.models import Pairing, PairingMember
from tests.bot.test_shadow import (
    ROLES,
    Crew,
    command,
    crew,
    followups,
    group_dm,
    groups,
    intros,
    pair,
)
from tests.conftest import RunningBot

__all__ = ["crew"]  # the fixture


def test_followup_comes_after_the_delay_and_records_answers(bot: RunningBot, crew: Crew) -> None:
    pair(bot, crew)
    [first, *_] = groups(bot)
    assert followups(bot, first) == []
    bot.clock.advance(timedelta(days=3) - timedelta(minutes=1))
    bot.drain()
    assert followups(bot, first) == []
    bot.clock.advance(timedelta(minutes=1))
    bot.drain()
    for group in groups(bot):
        assert len(followups(bot, group)) == 1
    [question] = followups(bot, first)
    someone, other = sorted(first)
    bot.sandbox.click(someone, question, ShadowAction.MET_NO)
    bot.settle()
    bot.sandbox.click(other, question, ShadowAction.MET_YES)
    bot.settle()
    with bot.db.session() as session:
        pairing = session.scalars(
            select(Pairing).join(PairingMember).where(PairingMember.user_id == someone)
        ).one()
    assert (pairing.met, pairing.met_answered_by) == (True, other)  # the later answer replaces
    assert pairing.met_at == bot.clock.now()
    [updated] = followups(bot, first)
    assert f"<@{other}> answered *Yes, we met*" in str(updated["blocks"])


def test_followup_zero_hours_asks_at_once(bot: RunningBot, crew: Crew) -> None:
    reply = pair(bot, crew, "followup 0h")
    assert "right away" in reply
    for group in groups(bot):
        messages = group_dm(bot, group)
        assert [m in intros(bot, group) for m in messages] == [True, False]
        assert len(followups(bot, group)) == 1


def test_someone_outside_the_pairing_cannot_answer(bot: RunningBot, crew: Crew) -> None:
    pair(bot, crew, "followup 1h")
    bot.clock.advance(timedelta(hours=1))
    bot.drain()
    first = groups(bot)[0]
    outsider = next(uid for uid in crew.ids.values() if uid not in first)
    ws = bot.sandbox.workspace
    [question] = followups(bot, first)
    # Slack turns a group DM someone is added to into a private channel; the button still shows.
    ws.channel(ws.mpim_with(first)).members.append(outsider)
    bot.sandbox.click(outsider, question, ShadowAction.MET_YES)
    bot.settle()
    assert "Only the people in this shadowing pairing" in bot.sandbox.responses[-1]["text"]
    with bot.db.session() as session:
        assert all(p.met is None for p in session.scalars(select(Pairing)))
    [unchanged] = followups(bot, first)
    assert "answered" not in str(unchanged["blocks"])


def test_history_for_a_manager_and_for_a_member(bot: RunningBot, crew: Crew) -> None:
    pair(bot, crew, "followup 0h")
    first = groups(bot)[0]
    someone = sorted(first)[0]
    partner = sorted(first)[1]
    [question] = followups(bot, first)
    bot.sandbox.click(someone, question, ShadowAction.MET_YES)
    bot.settle()
    managers = command(bot, crew.boss, "shadow history", crew.office)
    assert "3 groups, cross-role 100%, met 1 of 3 (33%)" in managers
    assert "<@" not in managers
    mine = command(bot, someone, "shadow history", crew.crew)
    names = {uid: name.title() for name, uid in crew.ids.items()}
    assert f"{names[partner]} ({ROLES[partner_name(crew, partner)]}) — met" in mine
    others = [names[uid] for group in groups(bot) if someone not in group for uid in group]
    assert not any(name in mine for name in others)


def partner_name(crew: Crew, uid: str) -> str:
    return next(name for name, value in crew.ids.items() if value == uid)


def test_the_intro_comes_first_even_when_the_engine_runs_later(bot: RunningBot, crew: Crew) -> None:
    """With ``followup 0h`` and the engine planning the round a minute after it was made,
    each group DM still gets its intro before "Did you meet?"."""
    response = bot.sandbox.slash_command(
        crew.boss, "/greenroom", f"shadow pair <#{crew.crew}> followup 0h", channel_id=crew.office
    )
    assert response.status == 200
    bot.settle()
    bot.clock.advance(timedelta(minutes=1))
    bot.drain()
    assert len(groups(bot)) == 3
    for group in groups(bot):
        messages = group_dm(bot, group)
        assert [m in intros(bot, group) for m in messages] == [True, False]
        assert messages[1] in followups(bot, group)

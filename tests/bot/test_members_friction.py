"""Living with Greenroom as a member (issue 16, items 2–5, 8–10), end to end over signed HTTP."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.views.members import MemberAction
from sandbox import clientside
from storage.models import Member, PulseAnswer
from tests.bot import crew_flows as flows
from tests.conftest import RunningBot


def _crew(bot: RunningBot, size: int = 3) -> flows.Crew:
    return flows.make_crew(bot.sandbox.workspace, size)


def _answered(bot: RunningBot, crew: flows.Crew, user: str) -> None:
    flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    flows.answer_pulse(bot, crew, user, 4)


def _answers(bot: RunningBot, user: str) -> int:
    with bot.db.session() as session:
        return len(session.scalars(select(PulseAnswer).where(PulseAnswer.user_id == user)).all())


# 2. forget-me asks first ---------------------------------------------------------------------


def test_forget_me_says_what_it_erases_and_waits_for_the_button(bot: RunningBot) -> None:
    crew = _crew(bot)
    ana = crew.members[0]
    _answered(bot, crew, ana)
    sb: Any = bot.sandbox
    clientside.run_command(sb, ana, "/greenroom", "forget-me", crew.channel)
    bot.settle()
    (asked,) = [e for e in crew.ws.ephemerals_for(ana) if "forget-me" in e.get("command", "")]
    assert "This erases: 1 pulse answer" in asked["text"]
    assert "forget-me confirm" in asked["text"]
    assert _answers(bot, ana) == 1  # nothing erased yet

    response = sb.click(ana, asked, MemberAction.FORGET_CONFIRM)
    assert response.status == 200
    bot.settle()
    assert _answers(bot, ana) == 0
    assert any("Greenroom has forgotten you" in (r.get("text") or "") for r in sb.responses), (
        sb.responses
    )


def test_forget_me_confirm_keeps_an_opt_out_and_says_so(bot: RunningBot) -> None:
    crew = _crew(bot)
    ana = crew.members[0]
    _answered(bot, crew, ana)
    flows.command(bot, ana, "optout", crew.channel)
    asked = flows.command(bot, ana, "forget-me", crew.channel)
    assert "You stay opted out" in asked
    done = flows.command(bot, ana, "forget-me confirm", crew.channel)
    assert done.startswith("Done — Greenroom has forgotten you") and "stay opted out" in done
    with bot.db.session() as session:
        kept = session.scalar(select(Member).where(Member.user_id == ana))
    assert kept is not None and kept.opted_out and kept.role is None
    # and the next pulse leaves them out
    flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    assert flows.pulse_prompts(crew, ana)[-1:] == flows.pulse_prompts(crew, ana)[:1]


def test_forget_me_warns_a_manager_they_lose_their_rights(bot: RunningBot) -> None:
    crew = _crew(bot)
    ana = crew.members[0]
    flows.command(bot, crew.manager, f"manager add <@{ana}>", crew.channel)
    assert "lose your Greenroom manager rights" in flows.command(
        bot, ana, "forget-me", crew.channel
    )
    assert "lost your Greenroom manager rights" in flows.command(
        bot, ana, "forget-me confirm", crew.channel
    )
    assert not bot.app.svc.people.is_manager(crew.team_id, ana)


# 3. every pulse DM says how to step out ------------------------------------------------------


def test_the_pulse_dm_ends_with_how_to_pause_or_opt_out(bot: RunningBot) -> None:
    crew = _crew(bot)
    flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    prompt = flows.pulse_prompts(crew, crew.members[0])[-1]
    last = prompt["blocks"][-1]
    said = " ".join(str(e.get("text")) for e in last.get("elements") or [])
    assert "/greenroom away" in said and "/greenroom optout" in said


# 4. a welcome, once, in channels with rituals ------------------------------------------------


def _welcomes(crew: flows.Crew, user: str) -> list[str]:
    return [m["text"] for m in crew.ws.dm_messages(user) if "Welcome to" in (m.get("text") or "")]


def test_joining_a_channel_with_rituals_brings_one_welcome(bot: RunningBot) -> None:
    crew = _crew(bot)
    flows.command(
        bot, crew.manager, f'pulse schedule "weekdays 09:00" <#{crew.channel}>', crew.channel
    )
    quiet = crew.ws.add_channel("quiet", [crew.manager])
    newcomer = crew.ws.add_user("nina", "Nina New", tz="Europe/London")
    crew.ws.join(newcomer, quiet)
    bot.settle()
    assert _welcomes(crew, newcomer) == []  # no rituals there

    crew.ws.join(newcomer, crew.channel)
    bot.settle()
    (welcome,) = _welcomes(crew, newcomer)
    assert f"<#{crew.channel}>" in welcome and "pulse" in welcome
    assert "/greenroom optout" in welcome and "/greenroom away" in welcome

    crew.ws.channels[crew.channel].members.remove(newcomer)  # leaves, comes back
    crew.ws.join(newcomer, crew.channel)
    bot.settle()
    assert len(_welcomes(crew, newcomer)) == 1


# 5. a DM to the bot is answered --------------------------------------------------------------


def test_a_direct_message_gets_a_short_help(bot: RunningBot) -> None:
    crew = _crew(bot)
    ana = crew.members[0]
    sb: Any = bot.sandbox
    channel = crew.ws.open_im(ana)
    event = {"type": "message", "channel": channel, "channel_type": "im", "user": ana}
    response = sb.send_event(crew.team_id, {**event, "text": "hi?", "ts": "1795430001.000100"})
    assert response.status == 200
    bot.settle()
    replies = [m for m in crew.ws.dm_messages(ana) if "/greenroom help" in (m.get("text") or "")]
    assert len(replies) == 1
    # the bot's own message in the DM gets no answer (no loop)
    sb.send_event(
        crew.team_id, {**event, "user": "U0BOT", "bot_id": "B1", "text": "x", "ts": "1795430001.2"}
    )
    bot.settle()
    assert len([m for m in crew.ws.dm_messages(ana) if "/greenroom help" in m.get("text", "")]) == 1


# 8, 9. roles ---------------------------------------------------------------------------------


def test_roles_without_any_role_say_so_and_point_to_sync(bot: RunningBot) -> None:
    crew = _crew(bot)
    text = flows.command(bot, crew.manager, "roles", crew.channel)
    assert "Nobody in" in text and "has a role yet" in text
    assert "/greenroom roles sync" in text and "/greenroom role set" in text


def test_role_names_are_normalised_and_close_ones_questioned(bot: RunningBot) -> None:
    crew = _crew(bot, 4)
    ana, ben, cat, dan = crew.members
    first = flows.command(bot, ana, "role me Lighting Dept", crew.channel)
    assert "now in *lighting*" in first and "new department" in first
    assert "now in *lighting*" in flows.command(bot, ben, "role me LIGHTING", crew.channel)
    assert "new department" not in flows.command(bot, ben, "role me lighting", crew.channel)
    made_up = flows.command(bot, cat, "role me Costume & Make-up", crew.channel)
    assert "now in *costume-and-make-up*" in made_up
    gaffer = flows.command(bot, dan, "role me gaffer", crew.channel)
    assert "new department" in gaffer and "Did you mean *lighting*?" in gaffer
    assert "`/greenroom role me lighting`" in gaffer
    listed = flows.command(bot, crew.manager, "roles", crew.channel)
    assert "*lighting* (2)" in listed and "*gaffer* (1)" in listed


# 10. typos -----------------------------------------------------------------------------------


def test_a_typo_gets_did_you_mean_with_one_usage_line(bot: RunningBot) -> None:
    crew = _crew(bot)
    for typed in ("pulse sned", "pluse send"):
        text = flows.command(bot, crew.manager, typed, crew.channel)
        assert "Did you mean `/greenroom pulse send`?" in text
        assert "Usage: `/greenroom pulse send [#channel]" in text
        assert len(text.splitlines()) == 2
    listed = flows.command(bot, crew.manager, "manager list", crew.channel)
    assert "manager add" in listed and "manager remove" in listed and "pulse" not in listed
    assert "retro start" in flows.command(bot, crew.manager, "retro strat", crew.channel)
    nonsense = flows.command(bot, crew.manager, "xyzzy plugh", crew.channel)
    assert "`/greenroom help`" in nonsense and len(nonsense.splitlines()) == 1


def test_help_lists_the_rituals_first_and_mentions_retro(bot: RunningBot) -> None:
    crew = _crew(bot)
    text = flows.command(bot, crew.members[0], "help", crew.channel)
    lines = text.splitlines()
    first_ritual = next(i for i, line in enumerate(lines) if "/greenroom pulse send" in line)
    first_setting = next(i for i, line in enumerate(lines) if "/greenroom manager add" in line)
    assert first_ritual < first_setting
    assert "`/retro help`" in text

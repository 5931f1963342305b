"""Issue 14's attacks on figures over signed HTTP: commands, clicks, App Home and the export
all show only what the privacy gate released, and the ledger passes the auditor."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from tests.bot.crew_flows import Crew, answer_pulse, command, greenroom, make_crew
from tests.bot.test_digest import digest_posts
from tests.bot.test_home import open_home, text_of
from tests.conftest import RunningBot
from tests.rituals.figures.seed import audit, truth

NEXT_MONDAY = timedelta(days=7, hours=2)


def crew_with_roles(bot: RunningBot, roles: dict[str, int], *, prefix: str = "crew") -> Crew:
    """A manager and members in #<prefix>, each taking a role with ``role me``."""
    crew = make_crew(bot.sandbox.workspace, size=sum(roles.values()), prefix=prefix)
    names = [role for role, size in roles.items() for _ in range(size)]
    for user, role in zip(crew.members, names, strict=True):
        command(bot, user, f"role me {role}", crew.channel)
    return crew


def pulse(bot: RunningBot, crew: Crew, scores: list[int]) -> None:
    """Send the pulse and have the first members answer ``scores``."""
    command(bot, crew.manager, f"pulse send <#{crew.channel}|{crew.channel}>", crew.channel)
    bot.drain()
    for user, score in zip(crew.members, scores, strict=False):
        answer_pulse(bot, crew, user, score)


def results(bot: RunningBot, crew: Crew, channel: str) -> str:
    """What ``pulse results #channel`` shows the manager (its sections' text)."""
    response = bot.sandbox.slash_command(
        crew.manager, "/greenroom", f"pulse results <#{channel}|x>", channel_id=crew.channel
    )
    body = bot.answer(response)
    return "\n".join(b["text"]["text"] for b in body["blocks"] if b["type"] == "section")


def figures_of(post: dict[str, Any]) -> str:
    return json.dumps(post["blocks"])


def test_1_digest_never_uses_an_empty_role_as_cover(bot: RunningBot) -> None:
    crew = crew_with_roles(bot, {"lighting": 4, "sound": 4, "costume": 1, "props": 1})
    pulse(bot, crew, [4, 5, 3, 4, 2, 4, 4, 3, 1])  # props does not answer
    bot.clock.set(bot.clock.now() + NEXT_MONDAY)
    command(bot, crew.manager, f"digest send <#{crew.channel}|crew>", crew.channel)
    bot.drain()
    [post] = digest_posts(crew, crew.channel)  # type: ignore[arg-type]
    text = figures_of(post)
    assert "*costume*\\nnot enough answers yet" in text
    assert "*props*\\nno answers" in text
    shown = [r for r in ("lighting", "sound") if f"*{r}*\\nnot enough" not in text]
    assert len(shown) < 2  # total − lighting − sound would be costume's answer
    assert audit(bot.db, truth(bot.db, crew.team_id), crew.team_id) == []


def test_2_team_minus_channel(bot: RunningBot) -> None:
    big = crew_with_roles(bot, {"camera": 4}, prefix="big")
    ws = bot.sandbox.workspace
    tiny_member = ws.add_user("tiny0", "Tiny Member", tz="Europe/London")
    tiny = Crew(ws, big.manager, [tiny_member], ws.add_channel("tiny", [big.manager, tiny_member]))
    pulse(bot, big, [5, 4, 4, 4])
    pulse(bot, tiny, [1])
    assert "Mean: 4.3 / 5" in results(bot, big, big.channel)
    home = text_of(open_home(bot, big.manager))
    assert "Team this week" in home  # the manager's Home shows the week, as the gate released it
    assert "mean 4.3" not in home and "mean 3.6" not in home  # 18 − 17 = #tiny's answer
    assert audit(bot.db, truth(bot.db, big.team_id), big.team_id) == []


def test_4_one_early_answer_does_not_move_the_results(bot: RunningBot) -> None:
    crew = crew_with_roles(bot, {"camera": 6})
    pulse(bot, crew, [4, 4, 5, 3, 4])
    assert "Mean: 4.0 / 5" in results(bot, crew, crew.channel)
    bot.clock.set(bot.clock.now() + timedelta(days=1))
    command(bot, crew.manager, f"pulse send <#{crew.channel}|crew>", crew.channel)
    bot.drain()
    answer_pulse(bot, crew, crew.members[5], 1)
    week = results(bot, crew, crew.channel).split("This week")[1]
    assert "Mean: 4.0 / 5 _(as of 5 answers" in week  # not 3.5: 21 − 20 would be the answer
    assert audit(bot.db, truth(bot.db, crew.team_id), crew.team_id) == []


def test_5_a_viewers_own_answer_does_not_count(bot: RunningBot) -> None:
    crew = crew_with_roles(bot, {"writers": 1, "costume": 1})  # an accomplice and the victim
    pulse(bot, crew, [4, 1])
    answer_pulse(bot, crew, crew.manager, 3)
    shown = results(bot, crew, crew.channel)
    assert "Mean: not enough answers yet _(fewer than 4 people answered)_" in shown
    assert "2.7" not in shown
    assert audit(bot.db, truth(bot.db, crew.team_id), crew.team_id) == []


def test_6_forget_me_then_export_shows_the_same_week(bot: RunningBot) -> None:
    crew = crew_with_roles(bot, {"lighting": 5, "sound": 5})
    pulse(bot, crew, [4, 5, 3, 4, 2, 2, 3, 5, 1, 3])
    bot.clock.set(bot.clock.now() + NEXT_MONDAY)
    args = ("export", "--week", "2026-W48", "--team", crew.team_id)
    first = greenroom(*args, database_url=bot.db.url)
    assert first.returncode == 0, first.stderr
    reply = command(bot, crew.members[1], "forget-me", crew.channel)
    if "confirm" in reply.lower():  # forget-me may ask first
        command(bot, crew.members[1], "forget-me confirm", crew.channel)
    assert all(person != crew.members[1] for person, _ in truth(bot.db, crew.team_id).values())
    second = greenroom(*args, database_url=bot.db.url)
    assert second.returncode == 0, second.stderr
    before, after = json.loads(first.stdout)["pulse"], json.loads(second.stdout)["pulse"]
    assert before["mean"] is not None
    for name in ("responses", "mean", "distribution", "by_role"):
        assert after[name] == before[name], name

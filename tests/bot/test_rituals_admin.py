"""``/greenroom rituals``, ``pause``, ``resume`` and ``delete`` end to end through the sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Occurrence, Ritual, Workspace
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"


def ask(bot: RunningBot, user: str, text: str, *, channel: str | None = None) -> str:
    """Type ``/greenroom text`` as ``user``; the ephemeral answer (ack body or response_url)."""
    sb: Any = bot.sandbox
    command, _, rest = text.partition(" ") if text.startswith("/") else ("/greenroom", "", text)
    response = sb.slash_command(user, command, rest, channel_id=channel)
    assert response.status == 200, response.text
    body = response.json() or {}
    if body.get("text"):
        assert body.get("response_type") == "ephemeral", body
        return str(body["text"])
    bot.settle()
    later = sb.responses_for(response.payload["response_url"])
    assert later, f"no answer to {text!r}"
    assert later[-1].get("response_type", "ephemeral") == "ephemeral", later[-1]
    return str(later[-1]["text"])


@dataclass
class Crew:
    boss: str
    ana: str
    crew: str


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    ws: Any = bot.sandbox.workspace
    boss = ws.add_user("mo", "Mo Daniels", tz="Europe/London", is_admin=True, title="Producer")
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", title="Gaffer")
    return Crew(boss, ana, ws.add_channel("crew", [boss, ana]))


def add_ritual(
    bot: RunningBot,
    *,
    kind: str = "pulse",
    cron: str = "0 9 * * 1-5",
    channel: str | None = "C0FAKE",
    team: str = TEAM,
    config: dict[str, Any] | None = None,
    next_run_at: datetime | None = None,
) -> int:
    now = bot.clock.now()
    with bot.db.session() as session:
        ritual = Ritual(
            team_id=team,
            kind=kind,
            channel_id=channel,
            cron=cron,
            tz="Europe/London",
            config=config if config is not None else {"question": "How's the shoot going?"},
            paused=False,
            next_run_at=next_run_at or datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
            created_by="U0SOMEONE",
            created_at=now,
        )
        session.add(ritual)
        session.flush()
        return ritual.id


def ritual(bot: RunningBot, ritual_id: int) -> Ritual | None:
    with bot.db.session() as session:
        return session.get(Ritual, ritual_id)


# listing ----------------------------------------------------------------------------------


def test_rituals_lists_schedule_next_run_in_team_zone_and_what_it_does(
    bot: RunningBot, crew: Crew
) -> None:
    pulse = add_ritual(bot, channel=crew.crew)
    shadow = add_ritual(
        bot,
        kind="shadow",
        cron="0 10 * * 1",
        channel=crew.crew,
        config={"size": 3, "followup_minutes": 3 * 24 * 60},
        next_run_at=datetime(2026, 11, 30, 10, 0, tzinfo=UTC),
    )
    with bot.db.session() as session:
        session.get(Ritual, shadow).paused = True  # type: ignore[union-attr]
    text = ask(bot, crew.ana, "rituals")  # anyone may list
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(f"*#{pulse}*"))
    assert f"Daily pulse in <#{crew.crew}>" in lines[first]
    assert "weekdays at 09:00, Europe/London · next Mon 23 Nov 09:00" in lines[first]
    assert "0 9 * * 1-5" not in text
    assert "How's the shoot going?" in lines[first + 1]
    paused = next(line for line in lines if line.startswith(f"*#{shadow}*"))
    assert "paused" in paused and "next:" not in paused
    assert "threes" in text and "3 days" in text


def test_timezone_moves_the_rituals_that_follow_the_team(bot: RunningBot, crew: Crew) -> None:
    follows = add_ritual(bot, channel=crew.crew)
    own = add_ritual(
        bot, kind="checkin", cron="0 10 * * 5", channel=crew.crew, config={"own_zone": True}
    )
    assert "*Europe/London*" in ask(bot, crew.ana, "timezone")
    assert "Only managers" in ask(bot, crew.ana, "timezone America/New_York")
    text = ask(bot, crew.boss, "timezone america/new_york")
    assert "now *America/New_York* (was Europe/London)" in text and "1 ritual now run" in text
    assert "1 keep a zone of their own" in text
    row = ritual(bot, follows)
    assert row is not None and row.tz == "America/New_York"
    assert row.next_run_at == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 09:00 in New York
    assert ritual(bot, own).tz == "Europe/London"  # type: ignore[union-attr]
    listed = ask(bot, crew.ana, "rituals")
    assert "the team's is America/New_York" in listed
    assert "weekdays at 09:00, America/New_York · next Mon 23 Nov 09:00" in listed
    with bot.db.session() as session:
        assert session.get(Workspace, TEAM).tz == "America/New_York"  # type: ignore[union-attr]
    assert "Mars/Olympus" in ask(bot, crew.boss, "timezone Mars/Olympus")


def test_rituals_when_there_are_none_says_how_to_start(bot: RunningBot, crew: Crew) -> None:
    assert "pulse schedule" in ask(bot, crew.ana, "rituals")


def test_rituals_never_shows_another_workspace(bot: RunningBot, crew: Crew) -> None:
    add_ritual(bot, team="T0OTHER", config={"question": "Secret question elsewhere"})
    text = ask(bot, crew.ana, "rituals")
    assert "Secret question" not in text and "No rituals" in text


# pause / resume / delete ------------------------------------------------------------------


def test_pause_stops_the_ritual_and_resume_does_not_catch_up(bot: RunningBot, crew: Crew) -> None:
    fired: list[int] = []
    engine = bot.app.engine
    engine.register_planner("admintest", lambda ctx: fired.append(ctx.occurrence.id) or [])
    rid = add_ritual(bot, kind="admintest", cron="0 9 * * *", channel=None, config={})
    assert "Paused ritual" in ask(bot, crew.boss, f"pause {rid}")
    assert ritual(bot, rid).paused  # type: ignore[union-attr]

    bot.clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))  # two 09:00 runs pass
    bot.drain()
    assert fired == []

    text = ask(bot, crew.boss, f"resume #{rid}")
    assert "Resumed" in text and "Next run: Thu 26 Nov 09:00 (Europe/London)" in text
    row = ritual(bot, rid)
    assert row is not None and not row.paused
    assert row.next_run_at == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    bot.drain()
    with bot.db.session() as session:
        assert session.scalars(select(Occurrence).where(Occurrence.ritual_id == rid)).all() == []
    bot.clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    bot.drain()
    assert len(fired) == 1


def test_pause_twice_and_resume_when_running_say_so(bot: RunningBot, crew: Crew) -> None:
    rid = add_ritual(bot, channel=crew.crew)
    assert "isn't paused" in ask(bot, crew.boss, f"resume {rid}")
    ask(bot, crew.boss, f"pause {rid}")
    assert "already paused" in ask(bot, crew.boss, f"pause {rid}")


def test_delete_removes_the_ritual_and_keeps_its_history(bot: RunningBot, crew: Crew) -> None:
    rid = add_ritual(bot, kind="admintest", cron="0 9 * * *", channel=None, config={})
    bot.app.engine.register_planner("admintest", lambda ctx: [])
    bot.clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    bot.drain()
    text = ask(bot, crew.boss, f"delete {rid}")
    assert f"Deleted ritual #{rid}" in text
    assert ritual(bot, rid) is None
    with bot.db.session() as session:
        kept = session.scalars(select(Occurrence)).all()
    assert [(o.kind, o.ritual_id) for o in kept] == [("admintest", None)]
    assert f"No ritual #{rid} here" in ask(bot, crew.boss, f"pause {rid}")


@pytest.mark.parametrize("verb", ["pause", "resume", "delete"])
def test_only_managers_change_rituals(bot: RunningBot, crew: Crew, verb: str) -> None:
    rid = add_ritual(bot, channel=crew.crew)
    text = ask(bot, crew.ana, f"{verb} {rid}")
    assert f"Only managers can use `/greenroom {verb}`" in text
    row = ritual(bot, rid)
    assert row is not None and not row.paused


@pytest.mark.parametrize("verb", ["pause", "resume", "delete"])
def test_unknown_and_foreign_ids_are_not_found(bot: RunningBot, crew: Crew, verb: str) -> None:
    foreign = add_ritual(bot, team="T0OTHER")
    assert ask(bot, crew.boss, f"{verb} 42") == (
        "No ritual #42 here. Type `/greenroom rituals` to see ids."
    )
    assert f"No ritual #{foreign} here" in ask(bot, crew.boss, f"{verb} {foreign}")
    row = ritual(bot, foreign)
    assert row is not None and not row.paused


@pytest.mark.parametrize("args", ["", "abc", "3x", "-1", "1 2"])
def test_bad_ids_get_usage_with_an_example(bot: RunningBot, crew: Crew, args: str) -> None:
    text = ask(bot, crew.boss, f"pause {args}".strip())
    assert "`/greenroom pause 3`" in text or "Usage: `/greenroom pause <id>`" in text


def test_manager_added_with_manager_add_may_pause(bot: RunningBot, crew: Crew) -> None:
    rid = add_ritual(bot, channel=crew.crew)
    ask(bot, crew.boss, f"manager add <@{crew.ana}|ana>")
    assert "Paused" in ask(bot, crew.ana, f"pause {rid}")


def test_a_resumed_pulse_ritual_describes_itself(bot: RunningBot, crew: Crew) -> None:
    rid = add_ritual(bot, channel=crew.crew, config={"question": "Energy on set?"})
    ask(bot, crew.boss, f"pause {rid}")
    bot.clock.advance(timedelta(days=1))
    assert "asks “Energy on set?”" in ask(bot, crew.boss, f"resume {rid}")


def test_rituals_list_next_runs_across_daylight_saving_in_two_zones(
    bot: RunningBot, crew: Crew
) -> None:
    from zoneinfo import ZoneInfo

    bot.clock.set(datetime(2027, 3, 27, 12, 0, tzinfo=UTC))  # Sat; London springs on Sun 28th
    ask(bot, crew.boss, f"pulse schedule weekdays 09:00 <#{crew.crew}|crew>")
    ask(bot, crew.boss, f"shadow schedule sundays 09:00 <#{crew.crew}|crew> tz America/New_York")
    pulse, shadow = (ritual(bot, n) for n in (1, 2))
    monday = datetime(2027, 3, 29, 9, 0, tzinfo=ZoneInfo("Europe/London"))  # BST from Sunday
    sunday = datetime(2027, 3, 28, 9, 0, tzinfo=ZoneInfo("America/New_York"))  # EDT since 14th
    assert (monday.weekday(), sunday.weekday()) == (0, 6)
    assert pulse.next_run_at == monday.astimezone(UTC) == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # type: ignore[union-attr]
    assert shadow.next_run_at == sunday.astimezone(UTC)  # type: ignore[union-attr]
    text = ask(bot, crew.ana, "rituals")
    assert "weekdays at 09:00, Europe/London · next Mon 29 Mar 09:00" in text
    assert "Sundays at 10:00" not in text
    assert "Sundays at 09:00, America/New_York · next Sun 28 Mar 09:00" in text

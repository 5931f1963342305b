"""Roles end to end: role set / role me / roles / roles sync over signed HTTP and the sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from sandbox import web_api
from storage.models import Member
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"


@dataclass
class Crew:
    boss: str  # a workspace admin, so a manager
    ana: str
    ben: str
    cleo: str
    dev: str
    crew: str


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    ws = bot.sandbox.workspace
    boss = ws.add_user("boss", "Pat Boss", tz="Europe/London", is_admin=True)
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", title="Gaffer")
    ben = ws.add_user("ben", "Ben Cole", tz="Europe/London", title="Sound Mixer")
    cleo = ws.add_user("cleo", "Cleo Park", tz="Europe/Madrid", title="Editor")
    dev = ws.add_user("dev", "Dev Shah", tz="Europe/London")
    channel = ws.add_channel("crew", [boss, ana, ben, cleo, dev])
    return Crew(boss, ana, ben, cleo, dev, channel)


def command(bot: RunningBot, user: str, text: str, channel: str | None = None) -> str:
    response = bot.sandbox.slash_command(user, "/greenroom", text, channel_id=channel)
    assert response.status == 200
    body = response.json() if response.body else {}
    if body.get("text"):
        return str(body["text"])
    bot.settle()
    return str(bot.sandbox.responses[-1]["text"])


def roles(bot: RunningBot) -> dict[str, str | None]:
    with bot.db.session() as session:
        return {m.user_id: m.role for m in session.scalars(select(Member))}


def test_a_manager_sets_a_role_normalised(bot: RunningBot, crew: Crew) -> None:
    reply = command(bot, crew.boss, f"role set <@{crew.ana}|ana>   Art  and SET ", crew.crew)
    assert "Ana Ruiz is now in *art-and-set*" in reply
    assert roles(bot)[crew.ana] == "art-and-set"
    reply = command(bot, crew.boss, f"role set <@{crew.ana}|ana> unassigned", crew.crew)
    assert "unassigned" in reply
    assert roles(bot)[crew.ana] is None


def test_members_cannot_set_someone_elses_role(bot: RunningBot, crew: Crew) -> None:
    reply = command(bot, crew.ana, f"role set <@{crew.ben}|ben> sound", crew.crew)
    assert "Only managers" in reply
    assert roles(bot).get(crew.ben) is None


def test_role_me_and_its_validation(bot: RunningBot, crew: Crew) -> None:
    assert "You are now in *lighting*" in command(bot, crew.ana, "role me LIGHTING", crew.crew)
    assert roles(bot)[crew.ana] == "lighting"
    bad = command(bot, crew.ana, "role me art + set", crew.crew)
    assert "`+`" in bad
    too_long = command(bot, crew.ana, "role me " + "x" * 41, crew.crew)
    assert "40" in too_long
    assert "Name the role" in command(bot, crew.ana, "role me", crew.crew)
    assert roles(bot)[crew.ana] == "lighting"  # nothing half-done
    assert "Name someone" in command(bot, crew.boss, "role set sound", crew.crew)
    # `&` reads as "and" (issue 16)
    said = command(bot, crew.ana, "role me Costume & Make-up", crew.crew)
    assert "You are now in *costume-and-make-up*" in said


def test_roles_lists_counts_and_unassigned_by_name(bot: RunningBot, crew: Crew) -> None:
    command(bot, crew.ana, "role me lighting", crew.crew)
    command(bot, crew.cleo, "role me lighting", crew.crew)
    command(bot, crew.ben, "role me sound", crew.crew)
    reply = command(bot, crew.dev, f"roles <#{crew.crew}|crew>")
    assert "— 5 people" in reply
    assert "• *lighting* (2): Ana Ruiz, Cleo Park" in reply
    assert "• *sound* (1): Ben Cole" in reply
    assert "• _unassigned_ (2): Dev Shah, Pat Boss" in reply
    assert "Greenroom" not in reply.splitlines()[3]  # the bot is not a crew member
    assert "Name the channel" in command(bot, crew.dev, "roles")  # typed in a DM


def test_roles_sync_from_user_groups(bot: RunningBot, crew: Crew) -> None:
    ws = bot.sandbox.workspace
    command(bot, crew.dev, "role me writers", crew.crew)
    ws.add_usergroup("lighting", "Lighting Dept", [crew.ana, crew.cleo, crew.ben])
    ws.add_usergroup("gaffers", "Gaffers", [crew.ana])  # smaller group: more specific
    ws.add_usergroup("sound-team", "Sound", [crew.ben])
    ws.add_usergroup("!!", "★★", [crew.cleo])  # no usable role name
    reply = command(bot, crew.boss, "roles sync", crew.crew)
    found = roles(bot)
    assert found[crew.ana] == "gaffers"
    assert found[crew.ben] == "sound"  # "team" says nothing about the department
    assert found[crew.cleo] == "lighting"
    assert found[crew.dev] == "writers"  # in no group: unchanged
    assert "3 people in 3 roles, 3 changed" in reply
    assert "@!!" in reply
    again = command(bot, crew.boss, "roles sync", crew.crew)
    assert "0 changed" in again


def test_roles_sync_reads_members_per_group_when_the_list_has_none(
    bot: RunningBot, crew: Crew, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = bot.sandbox.workspace
    ws.add_usergroup("camera", "Camera", [crew.ana, crew.ben])
    original = web_api.HANDLERS["usergroups.list"]

    def without_users(req: Any) -> dict[str, Any]:
        result = original(req)
        for group in result["usergroups"]:
            group.pop("users", None)
        return result

    monkeypatch.setitem(web_api.HANDLERS, "usergroups.list", without_users)
    reply = command(bot, crew.boss, "roles sync", crew.crew)
    assert "2 people in 1 role," in reply
    assert roles(bot)[crew.ana] == roles(bot)[crew.ben] == "camera"
    assert bot.sandbox.calls_to("usergroups.users.list")


def test_roles_sync_is_for_managers_and_explains_missing_features(
    bot: RunningBot, crew: Crew
) -> None:
    assert "Only managers" in command(bot, crew.ana, "roles sync", crew.crew)
    bot.sandbox.faults.error("usergroups.list", "plan_upgrade_required")
    assert "no user groups" in command(bot, crew.boss, "roles sync", crew.crew)
    bot.sandbox.faults.error("usergroups.list", "missing_scope")
    assert "usergroups:read" in command(bot, crew.boss, "roles sync", crew.crew)

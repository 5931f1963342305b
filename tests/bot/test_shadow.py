"""Shadowing end to end: `shadow pair` over signed HTTP, the engine, group DMs in the sandbox.

The helpers here serve the other ``test_shadow_*`` files too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.views.shadow import ShadowBlock
from storage.models import AvoidPair, Delivery, Occurrence, Pairing, PairingMember
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"
ROLES = {
    "ana": "lighting",
    "ben": "sound",
    "cleo": "lighting",
    "dev": "sound",
    "eli": "camera",
    "fay": "camera",
}


@dataclass
class Crew:
    boss: str  # a workspace admin (a manager), not in #crew
    ids: dict[str, str]
    crew: str
    office: str

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def make_crew(bot: RunningBot, roles: dict[str, str | None]) -> Crew:
    ws = bot.sandbox.workspace
    boss = ws.add_user("boss", "Pat Boss", tz="Europe/London", is_admin=True)
    ids = {name: ws.add_user(name, name.title(), tz="Europe/London") for name in roles}
    crew = ws.add_channel("crew", list(ids.values()))
    office = ws.add_channel("office", [boss])
    directory = bot.app.deps.svc.people
    for name, role in roles.items():
        directory.update(TEAM, ids[name], role=role)
    return Crew(boss, ids, crew, office)


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    return make_crew(bot, ROLES)


def command(bot: RunningBot, user: str, text: str, channel: str | None = None) -> str:
    response = bot.sandbox.slash_command(user, "/greenroom", text, channel_id=channel)
    assert response.status == 200
    return str(bot.answer(response)["text"])


def groups(bot: RunningBot) -> list[set[str]]:
    """Every stored group's members, in creation order."""
    with bot.db.session() as session:
        rows = session.execute(
            select(PairingMember.pairing_id, PairingMember.user_id).order_by(
                PairingMember.pairing_id
            )
        ).all()
    found: dict[int, set[str]] = {}
    for pairing_id, user_id in rows:
        found.setdefault(pairing_id, set()).add(user_id)
    return list(found.values())


def group_dm(bot: RunningBot, members: Iterable[str]) -> list[dict[str, Any]]:
    ws = bot.sandbox.workspace
    channel = ws.mpim_with(list(members))
    return ws.messages(channel) if channel else []


def intros(bot: RunningBot, members: Iterable[str]) -> list[dict[str, Any]]:
    return [
        m
        for m in group_dm(bot, members)
        if any(b.get("block_id") == ShadowBlock.INTRO for b in m.get("blocks") or [])
    ]


def followups(bot: RunningBot, members: Iterable[str]) -> list[dict[str, Any]]:
    return [
        m
        for m in group_dm(bot, members)
        if any(b.get("block_id") == ShadowBlock.FOLLOWUP for b in m.get("blocks") or [])
    ]


def pair(bot: RunningBot, crew: Crew, extra: str = "") -> str:
    reply = command(bot, crew.boss, f"shadow pair <#{crew.crew}|crew> {extra}", crew.office)
    bot.drain()
    return reply


def test_pair_opens_one_group_dm_per_pair_with_an_intro(bot: RunningBot, crew: Crew) -> None:
    reply = pair(bot, crew)
    assert "Paired 6 people" in reply and "into 3 groups" in reply
    assert "Cross-role: 3 of 3" in reply
    found = groups(bot)
    members = [uid for group in found for uid in group]
    assert sorted(members) == sorted(crew.ids.values())  # everyone exactly once
    assert all(len(group) == 2 for group in found)
    roles = {crew[name]: role for name, role in ROLES.items()}
    assert all(len({roles[uid] for uid in group}) == 2 for group in found)  # all cross-role
    for group in found:
        [intro] = intros(bot, group)
        text = str(intro["blocks"])
        for uid in group:
            assert f"<@{uid}> — {roles[uid]}" in text
        assert "Try this:" in text
        assert intro["blocks"][-1]["block_id"] == ShadowBlock.STEP_OUT  # how to step out, last
    opens = bot.sandbox.calls_to("conversations.open")
    assert sorted(sorted(c.args["users"].split(",")) for c in opens) == sorted(
        sorted(g) for g in found
    )
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Pairing)) == 3
        assert all(p.group_channel for p in session.scalars(select(Pairing)))
        assert all(p.cross_role and p.suggestion for p in session.scalars(select(Pairing)))


def test_a_member_who_is_not_a_manager_cannot_start_a_round(bot: RunningBot, crew: Crew) -> None:
    reply = command(bot, crew["ana"], "shadow pair", crew.crew)
    assert "Only managers" in reply
    assert groups(bot) == []


def test_opted_out_and_away_members_are_never_paired(bot: RunningBot, crew: Crew) -> None:
    directory = bot.app.deps.svc.people
    directory.update(TEAM, crew["ben"], opted_out=True)
    directory.update(TEAM, crew["dev"], away_until=date(2026, 12, 4))
    reply = pair(bot, crew)
    assert "Ben — opted out" in reply
    assert "Dev — away until 2026-12-04" in reply
    members = {uid for group in groups(bot) for uid in group}
    assert members == {crew[n] for n in ("ana", "cleo", "eli", "fay")}
    ws = bot.sandbox.workspace
    assert ws.dm_messages(crew["ben"]) == [] and ws.dm_messages(crew["dev"]) == []


def test_an_odd_count_gives_one_trio(bot: RunningBot) -> None:
    crew = make_crew(
        bot, {"ana": "lighting", "ben": "sound", "cleo": "camera", "dev": "sound", "eli": None}
    )
    reply = pair(bot, crew)
    sizes = sorted(len(group) for group in groups(bot))
    assert sizes == [2, 3]
    assert "1 pair, 1 trio" in reply
    assert all(len(intros(bot, group)) == 1 for group in groups(bot))


def test_size_three_makes_trios(bot: RunningBot, crew: Crew) -> None:
    reply = pair(bot, crew, "size 3")
    assert sorted(len(group) for group in groups(bot)) == [3, 3]
    assert "2 trios" in reply


def test_bad_arguments_change_nothing(bot: RunningBot, crew: Crew) -> None:
    assert "can be `2` or `3`" in command(bot, crew.boss, f"shadow pair <#{crew.crew}> size 4")
    assert "followup" in command(bot, crew.boss, f"shadow pair <#{crew.crew}> followup soon")
    assert "don't understand `quickly`" in command(
        bot, crew.boss, f"shadow pair <#{crew.crew}> quickly"
    )
    assert "name one" in command(bot, crew.boss, "shadow pair")  # typed in a DM
    bot.drain()
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Occurrence)) == 0


def test_a_channel_with_fewer_than_two_available_members_is_refused(bot: RunningBot) -> None:
    crew = make_crew(bot, {"ana": "lighting", "ben": "sound"})
    bot.app.deps.svc.people.update(TEAM, crew["ben"], opted_out=True)
    reply = command(bot, crew.boss, f"shadow pair <#{crew.crew}>", crew.office)
    assert "Only 1 member" in reply and "Ben (opted out)" in reply
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Occurrence)) == 0


def test_avoid_is_private_and_respected(bot: RunningBot) -> None:
    crew = make_crew(bot, {"ana": "lighting", "ben": "sound", "cleo": "lighting", "dev": "sound"})
    for _ in range(2):
        reply = command(bot, crew["ana"], f"shadow avoid <@{crew['ben']}|ben>", crew.crew)
    assert "Ben" in reply and "not told" in reply
    assert "never paired with: Ben" in command(bot, crew["ana"], "shadow avoid", crew.crew)
    assert "empty" in command(bot, crew["ben"], "shadow avoid", crew.crew)
    bot.drain()
    ws = bot.sandbox.workspace
    assert ws.dm_messages(crew["ben"]) == []
    assert bot.sandbox.calls_to("chat.postMessage") == []
    for _ in range(3):
        pair(bot, crew)
    assert {crew["ana"], crew["ben"]} not in groups(bot)
    assert "That's you" in command(bot, crew["ana"], f"shadow avoid <@{crew['ana']}>", crew.crew)
    reply = command(bot, crew["ana"], f"shadow unavoid <@{crew['ben']}|ben>", crew.crew)
    assert "can be paired with you again" in reply
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(AvoidPair)) == 0
    reply = command(bot, crew["ana"], f"shadow unavoid <@{crew['ben']}|ben>", crew.crew)
    assert "wasn't on your avoid list" in reply


def test_rate_limits_on_open_and_post_do_not_duplicate(bot: RunningBot, crew: Crew) -> None:
    faults = bot.sandbox.faults
    faults.rate_limit("conversations.open", count=1, retry_after=1)
    faults.rate_limit("chat.postMessage", count=2, retry_after=1)
    pair(bot, crew, "followup 0h")
    for group in groups(bot):
        assert len(intros(bot, group)) == 1
        assert len(followups(bot, group)) == 1
    posted = [
        c
        for c in bot.sandbox.calls_to("chat.postMessage")
        if c.status == 200  # type: ignore[attr-defined]
    ]
    assert len(posted) == 6
    with bot.db.session() as session:
        assert {d.status for d in session.scalars(select(Delivery))} == {"sent"}


def test_a_new_member_is_in_the_next_scheduled_round(bot: RunningBot, crew: Crew) -> None:
    reply = command(
        bot, crew.boss, f'shadow schedule "0 9 * * 1" <#{crew.crew}> followup 2d', crew.office
    )
    assert "Scheduled shadowing pairings" in reply and "2 days after each round" in reply
    bot.drain()
    assert groups(bot) == []
    bot.clock.advance(timedelta(hours=1))  # 09:00 London on Monday 23 November
    bot.drain()
    first_round = groups(bot)
    assert len(first_round) == 3
    ws = bot.sandbox.workspace
    gus = ws.add_user("gus", "Gus", tz="America/New_York")
    ws.join(gus, crew.crew)
    bot.clock.advance(timedelta(days=7))
    bot.drain()
    second_round = groups(bot)[3:]
    assert gus in {uid for group in second_round for uid in group}
    assert sorted(len(g) for g in second_round) == [2, 2, 3]
    assert not any(group in first_round for group in second_round)  # nobody meets again
    for group in second_round:
        assert len(intros(bot, group)) == 1

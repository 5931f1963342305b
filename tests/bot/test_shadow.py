"""Shadowing end to end: `shadow pair` over signed HTTP, the engine, group DMs in the sandbox."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.listeners import shadow
from bot.views.shadow import ShadowAction, ShadowBlock
from rituals.people import Person
from storage.models import AvoidPair, Delivery, Occurrence, Pairing, PairingMember
from storage.pairing import PairedMember, PairingRecord, RoundRecord
from tests.conftest import START, RunningBot

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
    ws = bot.sandbox.workspace  # type: ignore[attr-defined]
    boss = ws.add_user("boss", "Pat Boss", tz="Europe/London", is_admin=True)
    ids = {name: ws.add_user(name, name.title(), tz="Europe/London") for name in roles}
    crew = ws.add_channel("crew", list(ids.values()))
    office = ws.add_channel("office", [boss])
    directory = bot.app.deps.directory
    for name, role in roles.items():
        directory.update(TEAM, ids[name], role=role)
    return Crew(boss, ids, crew, office)


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    return make_crew(bot, ROLES)


def command(bot: RunningBot, user: str, text: str, channel: str | None = None) -> str:
    response = bot.sandbox.slash_command(user, "/greenroom", text, channel_id=channel)  # type: ignore[attr-defined]
    assert response.status == 200
    body = response.json() if response.body else {}
    if body.get("text"):
        return str(body["text"])
    bot.settle()  # answered late, through the response_url
    return str(bot.sandbox.responses[-1]["text"])  # type: ignore[attr-defined]


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
    ws = bot.sandbox.workspace  # type: ignore[attr-defined]
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
    opens = bot.sandbox.calls_to("conversations.open")  # type: ignore[attr-defined]
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
    directory = bot.app.deps.directory
    directory.update(TEAM, crew["ben"], opted_out=True)
    directory.update(TEAM, crew["dev"], away_until=date(2026, 12, 4))
    reply = pair(bot, crew)
    assert "Ben — opted out" in reply
    assert "Dev — away until 2026-12-04" in reply
    members = {uid for group in groups(bot) for uid in group}
    assert members == {crew[n] for n in ("ana", "cleo", "eli", "fay")}
    ws = bot.sandbox.workspace  # type: ignore[attr-defined]
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
    assert "size 2 or 3" in command(bot, crew.boss, f"shadow pair <#{crew.crew}> size 4")
    assert "not a duration" in command(bot, crew.boss, f"shadow pair <#{crew.crew}> followup soon")
    assert "didn't understand" in command(bot, crew.boss, f"shadow pair <#{crew.crew}> quickly")
    assert "name one" in command(bot, crew.boss, "shadow pair")  # typed in a DM
    bot.drain()
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Occurrence)) == 0


def test_a_channel_with_fewer_than_two_available_members_is_refused(bot: RunningBot) -> None:
    crew = make_crew(bot, {"ana": "lighting", "ben": "sound"})
    bot.app.deps.directory.update(TEAM, crew["ben"], opted_out=True)
    reply = command(bot, crew.boss, f"shadow pair <#{crew.crew}>", crew.office)
    assert "Only 1 member" in reply and "Ben (opted out)" in reply
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Occurrence)) == 0


def test_avoid_is_private_and_respected(bot: RunningBot) -> None:
    crew = make_crew(bot, {"ana": "lighting", "ben": "sound", "cleo": "lighting", "dev": "sound"})
    for _ in range(2):
        reply = command(bot, crew["ana"], f"shadow avoid <@{crew['ben']}|ben>", crew.crew)
    assert "Ben" in reply and "not told" in reply
    bot.drain()
    ws = bot.sandbox.workspace  # type: ignore[attr-defined]
    assert ws.dm_messages(crew["ben"]) == []
    assert bot.sandbox.calls_to("chat.postMessage") == []  # type: ignore[attr-defined]
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


def test_someone_who_cannot_be_placed_is_told_why(bot: RunningBot) -> None:
    crew = make_crew(bot, {"ana": "lighting", "ben": "sound", "cleo": "camera"})
    command(bot, crew["ana"], f"shadow avoid <@{crew['ben']}>", crew.crew)
    command(bot, crew["cleo"], f"shadow avoid <@{crew['ana']}>", crew.crew)
    reply = pair(bot, crew)
    assert groups(bot) == [{crew["ben"], crew["cleo"]}]
    assert f"<@{crew['ana']}> — could not be placed" in reply
    ws = bot.sandbox.workspace  # type: ignore[attr-defined]
    [dm] = ws.dm_messages(crew["ana"])
    assert dm["text"].startswith(f"No shadowing group for you this round in <#{crew.crew}>.")
    assert "Avoid lists" in dm["text"]
    assert ws.dm_messages(crew["ben"]) == [] and ws.dm_messages(crew["cleo"]) == []


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
    bot.sandbox.click(someone, question, ShadowAction.MET_NO)  # type: ignore[attr-defined]
    bot.settle()
    bot.sandbox.click(other, question, ShadowAction.MET_YES)  # type: ignore[attr-defined]
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
    ws = bot.sandbox.workspace  # type: ignore[attr-defined]
    [question] = followups(bot, first)
    # Slack turns a group DM someone is added to into a private channel; the button still shows.
    ws.channel(ws.mpim_with(first)).members.append(outsider)
    bot.sandbox.click(outsider, question, ShadowAction.MET_YES)  # type: ignore[attr-defined]
    bot.settle()
    assert "Only the people in this shadowing pairing" in bot.sandbox.responses[-1]["text"]  # type: ignore[attr-defined]
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
    bot.sandbox.click(someone, question, ShadowAction.MET_YES)  # type: ignore[attr-defined]
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


def test_rate_limits_on_open_and_post_do_not_duplicate(bot: RunningBot, crew: Crew) -> None:
    faults = bot.sandbox.faults  # type: ignore[attr-defined]
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
    ws = bot.sandbox.workspace  # type: ignore[attr-defined]
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


def person(user_id: str, role: str | None, tz: str | None = "Europe/London") -> Person:
    return Person(
        user_id=user_id,
        name=user_id.lower(),
        real_name=user_id,
        tz=tz,
        role=role,
        is_admin=False,
        is_owner=False,
        is_bot=False,
        deleted=False,
        is_manager=False,
        opted_out=False,
        away_until=None,
    )


def stored(pid: int, occurrence: int, members: tuple[str, ...], met: bool | None) -> PairingRecord:
    return PairingRecord(
        id=pid,
        team_id=TEAM,
        occurrence_id=occurrence,
        channel_id="C1",
        cross_role=True,
        suggestion="",
        group_channel=None,
        met=met,
        met_answered_by=None,
        met_at=None,
        created_at=START,
        members=tuple(PairedMember(uid, None) for uid in members),
    )


def test_candidates_carry_zone_offsets_last_meeting_and_last_trio() -> None:
    last = RoundRecord(2, "C1", START, (stored(3, 2, ("A", "B", "C"), False),))
    older = RoundRecord(
        1, "C1", START, (stored(1, 1, ("A", "D"), True), stored(2, 1, ("E", "F"), True))
    )
    people = [
        person("A", "lighting"),
        person("D", "sound", tz="America/New_York"),
        person("G", None, tz=None),
        person("E", "camera", tz="Not/AZone"),
    ]
    found = {c.user_id: c for c in shadow.candidates(people, [last, older], START)}
    assert [c.user_id for c in shadow.candidates(people, [last, older], START)] == [
        "A",
        "D",
        "E",
        "G",
    ]
    assert (found["A"].last_met, found["A"].was_in_triple_last_round) == (False, True)
    assert (found["D"].last_met, found["D"].was_in_triple_last_round) == (True, False)
    assert found["G"].last_met is None and found["G"].role is None
    assert found["A"].utc_offset_minutes == 0
    assert found["D"].utc_offset_minutes == -300
    assert found["E"].utc_offset_minutes == 0 and found["G"].utc_offset_minutes == 0


def test_round_options_survive_a_config_round_trip() -> None:
    options = shadow.RoundOptions(size=3, followup=timedelta(hours=12))
    assert shadow.RoundOptions.from_config(options.as_config()) == options
    assert shadow.RoundOptions.from_config({}) == shadow.RoundOptions()
    assert shadow.RoundOptions.from_config({"size": 9, "followup_minutes": "x"}).size == 2

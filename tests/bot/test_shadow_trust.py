"""Shadowing's trust guarantees over signed HTTP (issue 14, items 10 and 11).

- A "Did you meet?" click can only ever change its own group's answer and message:
  a forged ``container`` naming another bot message is never overwritten.
- Avoid lists never show through what the bot says, to the person avoided, to the one
  left out, or to the manager.
"""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from bot.views.shadow import ShadowAction
from sandbox import payloads
from storage.models import Pairing
from tests.bot.test_shadow import Crew, command, crew, followups, groups, intros, make_crew, pair
from tests.conftest import RunningBot

__all__ = ["crew"]  # the fixture
FORM = "application/x-www-form-urlencoded"


def forged_click(
    bot: RunningBot, user: str, message: dict[str, Any], action: str, *, target: dict[str, Any]
) -> int:
    """``user`` clicks ``action`` in ``message``, with the payload's container rewritten to
    point at ``target`` (another message, in a conversation ``user`` may not even see)."""
    sb: Any = bot.sandbox
    ws = sb.workspace
    payload = payloads.message_action(sb, ws, user, message, action, None, None)
    channel = ws.store.channel_of(target["ts"])
    payload["container"] = {
        **payload["container"],
        "channel_id": channel,
        "message_ts": target["ts"],
    }
    payload["channel"] = {"id": channel}
    response = sb.signed_post(sb.bot_url, urlencode({"payload": json.dumps(payload)}), FORM)
    bot.settle()
    return int(response.status)


def asked(bot: RunningBot, crew: Crew) -> tuple[list[set[str]], Any]:
    pair(bot, crew, "followup 0h")
    return groups(bot), bot.sandbox.workspace


def test_a_forged_container_never_gets_another_message_overwritten(
    bot: RunningBot, crew: Crew
) -> None:
    found, ws = asked(bot, crew)
    mine, theirs = found[0], found[1]
    [question] = followups(bot, mine)
    [target] = intros(bot, theirs)  # a bot message in a group DM the clicker is not in
    before = copy.deepcopy(ws.store.get(ws.store.channel_of(target["ts"]), target["ts"]))
    member = sorted(mine)[0]
    assert forged_click(bot, member, question, ShadowAction.MET_YES, target=target) == 200
    after = ws.store.get(ws.store.channel_of(target["ts"]), target["ts"])
    assert after["blocks"] == before["blocks"] and after["text"] == before["text"]
    updates = bot.sandbox.calls_to("chat.update")
    assert [c.args["ts"] for c in updates] == [question["ts"]]  # only the group's own question
    [redrawn] = followups(bot, mine)
    assert f"<@{member}> answered *Yes, we met*" in str(redrawn["blocks"])


def test_a_forged_click_from_outside_the_group_changes_nothing(bot: RunningBot, crew: Crew) -> None:
    found, ws = asked(bot, crew)
    mine, theirs = found[0], found[1]
    [question] = followups(bot, theirs)
    [target] = intros(bot, mine)
    outsider = sorted(mine)[0]
    # The outsider takes the other group's button (its value names their pairing) and
    # points the click at a message of their own group.
    ws.channel(ws.mpim_with(theirs)).members.append(outsider)
    assert forged_click(bot, outsider, question, ShadowAction.MET_NO, target=target) == 200
    assert bot.sandbox.calls_to("chat.update") == []
    assert "Only the people in this shadowing pairing" in bot.sandbox.responses[-1]["text"]
    with bot.db.session() as session:
        assert all(p.met is None for p in session.scalars(select(Pairing)))


def test_left_without_a_group_never_hears_of_avoid_lists(bot: RunningBot) -> None:
    crew = make_crew(bot, {"ana": "lighting", "ben": "sound", "cleo": "camera"})
    command(bot, crew["ana"], f"shadow avoid <@{crew['ben']}>", crew.crew)
    command(bot, crew["cleo"], f"shadow avoid <@{crew['ana']}>", crew.crew)
    reply = pair(bot, crew)
    assert groups(bot) == [{crew["ben"], crew["cleo"]}]
    assert "• 1 person I couldn't fit into a group this time; I've let them know" in reply
    assert crew["ana"] not in reply  # not even who: that could hint at whose list it was
    ws = bot.sandbox.workspace
    [dm] = ws.dm_messages(crew["ana"])
    assert dm["text"].startswith(f"No shadowing group for you this round in <#{crew.crew}>.")
    said = [reply, dm["text"], str(dm.get("blocks"))]
    said += [str(m) for g in groups(bot) for m in intros(bot, g)]
    assert not any("avoid" in text.lower() for text in said)


def test_in_a_channel_of_two_the_avoided_one_cannot_tell(bot: RunningBot) -> None:
    """A avoids B; B hears exactly what B hears when A is merely away."""
    crew = make_crew(bot, {"ana": "lighting", "ben": "sound"})
    command(bot, crew["ana"], f"shadow avoid <@{crew['ben']}>", crew.crew)
    reply = pair(bot, crew)
    assert groups(bot) == [] and "avoid" not in reply.lower()
    ws = bot.sandbox.workspace
    [avoided] = ws.dm_messages(crew["ben"])
    assert "avoid" not in avoided["text"].lower()

    command(bot, crew["ana"], f"shadow unavoid <@{crew['ben']}>", crew.crew)
    command(bot, crew["ana"], "away 7d", crew.crew)
    command(bot, crew.boss, f'shadow schedule "0 9 * * *" <#{crew.crew}>', crew.office)
    bot.clock.advance(timedelta(days=1, hours=1))
    bot.drain()
    [_, away] = ws.dm_messages(crew["ben"])
    assert away["text"] == avoided["text"] and away["blocks"] == avoided["blocks"]

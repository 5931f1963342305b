"""People's data stays theirs: forget-me leaves no trace, and nobody reads another's answers."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from bot.views.pulse import ActionId as PulseAction
from storage.models import PulseAnswer, RetroCard
from tests.bot import crew_flows as flows
from tests.bot.test_security import CARD, NOTE, OTHER_NOTE, REPLY
from tests.conftest import RunningBot


def test_forget_me_leaves_the_member_in_no_table(bot: RunningBot) -> None:
    sb: Any = bot.sandbox
    crew = flows.make_crew(sb.workspace, 4)
    me, other = crew.members[0], crew.members[1]
    flows.command(bot, crew.manager, f"manager add <@{me}>", crew.channel)
    flows.command(bot, me, f"pulse send <#{crew.channel}>", crew.channel)
    flows.command(bot, me, f'pulse schedule "0 9 * * 1-5" <#{crew.channel}>', crew.channel)
    flows.answer_pulse(bot, crew, me, 3)
    flows.add_note(bot, crew, me, NOTE)
    flows.answer_pulse(bot, crew, other, 4)
    flows.command(bot, me, "start Wrap", crew.channel, slash="/retro")
    flows.add_card(bot, crew, me, "start", CARD)
    flows.add_card(bot, crew, other, "stop", "Stop the late call sheets")
    flows.command(bot, crew.manager, f'action "Fix the van" <@{me}>', crew.channel, slash="/retro")
    flows.command(bot, me, f'action "Book the hall" <@{other}>', crew.channel, slash="/retro")
    flows.command(bot, crew.manager, f"shadow pair <#{crew.channel}> followup 0h", crew.channel)
    bot.drain()
    flows.command(bot, me, f"shadow avoid <@{other}>", crew.channel)
    flows.command(bot, other, f"shadow avoid <@{me}>", crew.channel)
    retro = flows.retro_message(crew)
    crew.ws.react(me, crew.channel, retro["ts"], "tada")
    crew.ws.post_as(me, crew.channel, REPLY, thread_ts=retro["ts"])
    crew.ws.post_as(other, crew.channel, "Mine too", thread_ts=retro["ts"])
    bot.drain()
    mine = {(table, column) for table, column, value in flows.every_value(bot) if me in value}
    assert {("pairing_members", "user_id"), ("pulse_answers", "user_id")} <= mine, mine

    reply = flows.command(bot, me, "forget-me confirm", crew.channel)
    assert reply.startswith("Done — Greenroom has forgotten you")
    left = [(table, column) for table, column, value in flows.every_value(bot) if me in value]
    assert left == [], left
    texts = [value for _, _, value in flows.every_value(bot)]
    assert not any(NOTE in t or CARD in t or REPLY in t for t in texts)
    with bot.db.session() as session:  # the others keep theirs
        assert session.scalar(select(PulseAnswer.score).where(PulseAnswer.user_id == other)) == 4
        assert session.scalar(select(func.count()).select_from(RetroCard)) == 1


def test_no_member_reads_another_members_answers_or_notes(bot: RunningBot) -> None:
    sb: Any = bot.sandbox
    crew = flows.make_crew(sb.workspace, 3)
    ana, ben, cat = crew.members
    flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    flows.answer_pulse(bot, crew, ana, 1)
    flows.add_note(bot, crew, ana, NOTE)
    flows.answer_pulse(bot, crew, ben, 5)
    flows.add_note(bot, crew, ben, OTHER_NOTE)
    private = {ana: NOTE, ben: OTHER_NOTE}

    def seen_by(user: str) -> str:
        """Everything ``user`` can get the bot to show them."""
        router = bot.app.deps.commands
        shown = []
        for slash in ("/greenroom", "/retro"):
            for words in router[slash].subcommands:
                text = " ".join(words)
                if text in ("forget-me", "optout", "back", "away"):
                    continue
                shown.append(flows.command(bot, user, text, crew.channel, slash=slash))
                shown.append(
                    flows.command(bot, user, f"{text} <#{crew.channel}>", crew.channel, slash=slash)
                )
        sb.open_home(user)
        bot.drain()
        shown.append(json.dumps(crew.ws.home_views.get(user)))
        if flows.pulse_prompts(crew, user):
            sb.click(user, flows.pulse_prompts(crew, user)[-1], PulseAction.ADD_NOTE)
            bot.settle()
            shown.append(json.dumps(crew.ws.open_views(user)))
        shown.append(json.dumps(crew.ws.ephemerals_for(user)))
        shown.append(json.dumps([m for m in crew.ws.dm_messages(user)]))
        return "\n".join(shown)

    for user in (ana, ben, cat, crew.manager):
        shown = seen_by(user)
        for owner, note in private.items():
            assert (note in shown) == (owner == user), (user, owner)
    results = flows.command(bot, crew.manager, f"pulse results <#{crew.channel}>", crew.channel)
    assert "not enough answers" in results  # two answers: no figure can point at either
    export = flows.greenroom("export", "--week", "2026-W48", database_url=bot.db.url)
    assert export.returncode == 0, export.stderr
    metrics = json.loads(export.stdout)
    assert metrics["pulse"]["mean"] is None
    assert NOTE not in export.stdout and OTHER_NOTE not in export.stdout
    preview = flows.greenroom("digest", "preview", "--week", "2026-W48", database_url=bot.db.url)
    assert NOTE not in preview.stdout and OTHER_NOTE not in preview.stdout

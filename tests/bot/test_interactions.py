"""Interaction capture end to end: reactions and replies over signed HTTP from the sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Interaction
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"


@dataclass
class Crew:
    ana: str
    ben: str
    cleo: str
    crew: str


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    ws = bot.sandbox.workspace
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", title="Gaffer")
    ben = ws.add_user("ben", "Ben Cole", tz="Europe/London", title="Sound Mixer")
    cleo = ws.add_user("cleo", "Cleo Park", tz="Europe/Madrid", title="Editor")
    return Crew(ana, ben, cleo, ws.add_channel("crew", [ana, ben, cleo]))


def rows(bot: RunningBot, team_id: str = TEAM) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, actor, target, reaction) of a workspace's interactions, oldest first."""
    bot.settle()
    with bot.db.session() as session:
        found = session.scalars(
            select(Interaction).where(Interaction.team_id == team_id).order_by(Interaction.id)
        )
        return [(i.kind, i.actor_id, i.target_id, i.reaction) for i in found]


def post(bot: RunningBot, user: str, channel: str, text: str, thread_ts: str | None = None) -> str:
    response = bot.sandbox.workspace.post_as(user, channel, text, thread_ts=thread_ts)
    assert response is not None and response.status == 200
    return str(response.ts)


def send(bot: RunningBot, event_body: dict[str, Any], **kw: Any) -> Any:
    response = bot.sandbox.send_event(TEAM, event_body, **kw)
    assert response.status == 200
    return response


# reactions -------------------------------------------------------------------------------


def test_a_reaction_is_recorded_with_who_to_whom_and_no_text(bot: RunningBot, crew: Crew) -> None:
    ts = post(bot, crew.ana, crew.crew, "Lighting plot for scene 12 is up")
    response = bot.sandbox.workspace.react(crew.ben, crew.crew, ts, "clap")
    assert response.status == 200
    assert rows(bot) == [("reaction", crew.ben, crew.ana, "clap")]
    with bot.db.session() as session:
        row = session.scalars(select(Interaction)).one()
    assert (row.channel_id, row.message_ts, row.reply_ts) == (crew.crew, ts, None)
    assert row.occurred_at.tzinfo is not None
    assert "Lighting" not in repr(vars(row))


def test_a_retry_with_the_same_event_id_is_acked_and_counted_once(
    bot: RunningBot, crew: Crew
) -> None:
    ts = post(bot, crew.ana, crew.crew, "Call time moved to 7")
    first = bot.sandbox.workspace.react(crew.ben, crew.crew, ts, "thumbsup")
    payload = first.payload
    for retry in (1, 2):
        again = send(bot, payload["event"], event_id=payload["event_id"], retry_num=retry)
        assert again.status == 200
    assert rows(bot) == [("reaction", crew.ben, crew.ana, "thumbsup")]


def test_a_redelivery_under_a_new_event_id_is_still_counted_once(
    bot: RunningBot, crew: Crew
) -> None:
    parent = post(bot, crew.ana, crew.crew, "Who has the gels?")
    reply = bot.sandbox.workspace.post_as(crew.ben, crew.crew, "On the truck", thread_ts=parent)
    reaction = bot.sandbox.workspace.react(crew.cleo, crew.crew, parent, "eyes")
    for original in (reply, reaction):
        send(bot, original.payload["event"])  # a fresh event id, as Slack may do
        send(bot, original.payload["event"], retry_num=1)
    assert rows(bot) == [
        ("reply", crew.ben, crew.ana, None),
        ("reaction", crew.cleo, crew.ana, "eyes"),
    ]


def test_reaction_removed_undoes_its_reaction_only(bot: RunningBot, crew: Crew) -> None:
    ws = bot.sandbox.workspace
    ts = post(bot, crew.ana, crew.crew, "Wrap party Friday")
    ws.react(crew.ben, crew.crew, ts, "tada")
    ws.react(crew.ben, crew.crew, ts, "heart")
    ws.react(crew.cleo, crew.crew, ts, "tada")
    removed = ws.unreact(crew.ben, crew.crew, ts, "tada")
    assert rows(bot) == [
        ("reaction", crew.ben, crew.ana, "heart"),
        ("reaction", crew.cleo, crew.ana, "tada"),
    ]
    send(bot, removed.payload["event"])  # a late duplicate removal deletes nothing more
    ws.react(crew.ben, crew.crew, ts, "tada")
    send(bot, removed.payload["event"])  # nor the same reaction added again after it
    assert sorted(rows(bot)) == sorted(
        [
            ("reaction", crew.ben, crew.ana, "heart"),
            ("reaction", crew.cleo, crew.ana, "tada"),
            ("reaction", crew.ben, crew.ana, "tada"),
        ]
    )


def test_quick_add_and_remove_are_written_in_the_order_they_arrived(
    bot: RunningBot, crew: Crew
) -> None:
    ws = bot.sandbox.workspace
    ts = post(bot, crew.ana, crew.crew, "Dailies are uploaded")
    emoji = ["clap", "eyes", "fire", "tada", "heart", "star", "rocket", "film_frames"]
    for _ in range(3):  # no waiting in between: the background pool has many threads
        for name in emoji:
            ws.react(crew.ben, crew.crew, ts, name)
            ws.unreact(crew.ben, crew.crew, ts, name)
    ws.react(crew.cleo, crew.crew, ts, "clap")
    assert rows(bot) == [("reaction", crew.cleo, crew.ana, "clap")]


def test_reacting_to_your_own_message_is_not_an_interaction(bot: RunningBot, crew: Crew) -> None:
    ts = post(bot, crew.ana, crew.crew, "Found the missing slate")
    bot.sandbox.workspace.react(crew.ana, crew.crew, ts, "sweat_smile")
    assert rows(bot) == []


# replies ---------------------------------------------------------------------------------


def test_thread_replies_are_counted_with_the_thread_author_as_target(
    bot: RunningBot, crew: Crew
) -> None:
    parent = post(bot, crew.ana, crew.crew, "Costume fitting moved to 3pm")
    post(bot, crew.ben, crew.crew, "I'll bring the lav mics", thread_ts=parent)
    post(bot, crew.cleo, crew.crew, "Noted for the edit", thread_ts=parent)
    post(bot, crew.ana, crew.crew, "Thanks both", thread_ts=parent)  # own thread: not counted
    post(bot, crew.ben, crew.crew, "Top-level message, no thread")
    assert rows(bot) == [
        ("reply", crew.ben, crew.ana, None),
        ("reply", crew.cleo, crew.ana, None),
    ]
    with bot.db.session() as session:
        first = session.scalars(select(Interaction).order_by(Interaction.id)).first()
    assert first is not None and first.message_ts == parent and first.reply_ts != parent


def test_a_thread_broadcast_counts_as_a_reply(bot: RunningBot, crew: Crew) -> None:
    parent = post(bot, crew.ana, crew.crew, "Load-in at 6")
    send(
        bot,
        {
            "type": "message",
            "subtype": "thread_broadcast",
            "channel": crew.crew,
            "channel_type": "channel",
            "user": crew.cleo,
            "text": "Also sending to channel",
            "ts": "1795430000.000100",
            "thread_ts": parent,
            "parent_user_id": crew.ana,
        },
    )
    assert rows(bot) == [("reply", crew.cleo, crew.ana, None)]


def test_edits_do_not_count_again_and_deletions_remove_the_reply(
    bot: RunningBot, crew: Crew
) -> None:
    parent = post(bot, crew.ana, crew.crew, "Blocking notes for act 2")
    reply_ts = post(bot, crew.ben, crew.crew, "Mic cue on page 40", thread_ts=parent)
    reply = {
        "type": "message",
        "user": crew.ben,
        "text": "Mic cue on page 41",
        "ts": reply_ts,
        "thread_ts": parent,
        "parent_user_id": crew.ana,
    }
    send(
        bot,
        {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "channel": crew.crew,
            "channel_type": "channel",
            "ts": "1795430001.000200",
            "message": {**reply, "edited": {"user": crew.ben, "ts": "1795430001.000200"}},
            "previous_message": reply,
        },
    )
    assert rows(bot) == [("reply", crew.ben, crew.ana, None)]
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": crew.crew,
        "channel_type": "channel",
        "ts": "1795430002.000300",
        "deleted_ts": reply_ts,
        "previous_message": reply,
    }
    send(bot, deleted)
    assert rows(bot) == []
    send(bot, deleted)  # a redelivered deletion changes nothing
    parent_deleted = {**deleted, "deleted_ts": parent, "previous_message": {"ts": parent}}
    post(bot, crew.cleo, crew.crew, "Still here", thread_ts=parent)
    send(bot, parent_deleted)  # deleting a top-level message removes no reply
    assert rows(bot) == [("reply", crew.cleo, crew.ana, None)]


# what is not captured --------------------------------------------------------------------

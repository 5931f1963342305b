"""`forget-me`: it erases the caller's data in every table, only theirs, all or nothing."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import func, select

from rituals.retro import author_hash
from storage import members as member_store
from storage.models import (
    ActionItem,
    AvoidPair,
    Delivery,
    Interaction,
    Member,
    Occurrence,
    Pairing,
    PairingMember,
    PulseAnswer,
    PulseNote,
    Retro,
    RetroCard,
    RetroVote,
    Workspace,
)
from tests.bot.test_members import OTHER, TEAM, Crew, crew
from tests.bot.test_rituals_admin import ask
from tests.conftest import RunningBot

__all__ = ["crew"]  # the fixture


def seed(bot: RunningBot, team: str, me: str, other: str) -> None:
    """Personal data of ``me`` and of ``other`` in workspace ``team``."""
    now = bot.clock.now()
    with bot.db.session() as session:
        session.merge(Workspace(team_id=team, created_at=now))
        occurrence = Occurrence(
            team_id=team, kind="pulse", channel_id="C1", scheduled_for=now, created_at=now
        )
        session.add(occurrence)
        session.flush()
        for user, score in ((me, 2), (other, 4)):
            session.add(Member(team_id=team, user_id=user, name=user, created_at=now))
            session.add(
                PulseAnswer(
                    team_id=team,
                    occurrence_id=occurrence.id,
                    user_id=user,
                    score=score,
                    answered_at=now,
                    updated_at=now,
                )
            )
            session.add(
                Delivery(
                    team_id=team,
                    occurrence_id=occurrence.id,
                    kind="pulse_prompt",
                    recipient=user,
                    not_before=now,
                    created_at=now,
                )
            )
        session.add(
            PulseNote(
                team_id=team,
                occurrence_id=occurrence.id,
                user_id=me,
                text="rough day on set",
                created_at=now,
                updated_at=now,
            )
        )
        pairing = Pairing(
            team_id=team,
            occurrence_id=occurrence.id,
            met=True,
            met_answered_by=me,
            created_at=now,
        )
        session.add(pairing)
        session.flush()
        session.add_all(
            [
                PairingMember(pairing_id=pairing.id, user_id=me, team_id=team),
                PairingMember(pairing_id=pairing.id, user_id=other, team_id=team),
            ]
        )
        for actor, target in ((me, other), (other, me), (other, other)):
            session.add(
                Interaction(
                    team_id=team,
                    channel_id="C1",
                    actor_id=actor,
                    target_id=target,
                    kind="reaction",
                    occurred_at=now,
                )
            )
        session.add_all(
            [
                AvoidPair(team_id=team, user_id=me, avoided_user_id=other, created_at=now),
                AvoidPair(team_id=team, user_id=other, avoided_user_id=me, created_at=now),
            ]
        )
        retro = Retro(
            team_id=team,
            channel_id="C1",
            title="Week 3 wrap",
            format="start-stop-continue",
            facilitator_id=other,
            secret="s3cret",
            created_at=now,
        )
        session.add(retro)
        session.flush()
        mine = RetroCard(
            team_id=team,
            retro_id=retro.id,
            column="stop",
            text="late call sheets",
            author_id=me,
            created_at=now,
            updated_at=now,
        )
        hidden = RetroCard(
            team_id=team,
            retro_id=retro.id,
            column="start",
            text="more rehearsal",
            anonymous=True,
            author_hash=author_hash("s3cret", me),
            created_at=now,
            updated_at=now,
        )
        theirs = RetroCard(
            team_id=team,
            retro_id=retro.id,
            column="continue",
            text="catering",
            author_id=other,
            created_at=now,
            updated_at=now,
        )
        session.add_all([mine, hidden, theirs])
        session.flush()
        for user in (me, other):
            session.add(
                RetroVote(
                    team_id=team, retro_id=retro.id, card_id=theirs.id, user_id=user, created_at=now
                )
            )
        for owner in (me, other):
            session.add(
                ActionItem(
                    team_id=team,
                    channel_id="C1",
                    retro_id=retro.id,
                    text=f"book the van ({owner})",
                    owner_id=owner,
                    created_by=other,
                    created_at=now,
                )
            )


def counts(bot: RunningBot, team: str, user: str) -> dict[str, int]:
    """Rows still tied to ``user`` in ``team``."""

    def n(model: Any, *conditions: Any) -> int:
        statement = select(func.count()).select_from(model).where(model.team_id == team)
        with bot.db.session() as session:
            return int(session.scalar(statement.where(*conditions)) or 0)

    return {
        "answers": n(PulseAnswer, PulseAnswer.user_id == user),
        "notes": n(PulseNote, PulseNote.user_id == user),
        "pairings": n(PairingMember, PairingMember.user_id == user),
        "met_by": n(Pairing, Pairing.met_answered_by == user),
        "interactions": n(
            Interaction, (Interaction.actor_id == user) | (Interaction.target_id == user)
        ),
        "votes": n(RetroVote, RetroVote.user_id == user),
        "cards": n(RetroCard, RetroCard.author_id == user),
        "hashed": n(RetroCard, RetroCard.author_hash == author_hash("s3cret", user)),
        "avoid": n(AvoidPair, (AvoidPair.user_id == user) | (AvoidPair.avoided_user_id == user)),
        "deliveries": n(Delivery, Delivery.recipient == user),
        "owned": n(ActionItem, ActionItem.owner_id == user),
        "member": n(Member, Member.user_id == user),
    }


def test_forget_me_erases_my_data_and_only_mine(bot: RunningBot, crew: Crew) -> None:
    seed(bot, TEAM, crew.ana, crew.ben)
    seed(bot, OTHER, crew.ana, crew.ben)  # same ids in another workspace: untouched
    before_other = counts(bot, TEAM, crew.ben)

    text = ask(bot, crew.ana, "forget-me confirm")

    assert counts(bot, TEAM, crew.ana) == dict.fromkeys(before_other, 0)
    after_other = counts(bot, TEAM, crew.ben)
    # ben keeps everything except the links he shared with ana
    assert after_other == {**before_other, "interactions": 1, "avoid": 0}
    assert counts(bot, OTHER, crew.ana)["answers"] == 1
    with bot.db.session() as session:
        items = session.scalars(select(ActionItem).where(ActionItem.team_id == TEAM)).all()
        assert sorted((i.owner_id or "-") for i in items) == sorted(["-", crew.ben])
        texts = set(session.scalars(select(RetroCard.text).where(RetroCard.team_id == TEAM)))
        assert texts == {"more rehearsal", "catering"}  # anonymous card stays, unlinked
    assert text.startswith("Done — Greenroom has forgotten you")
    for phrase in (
        "1 pulse answer,",
        "1 pulse note",
        "1 shadowing pairing",
        "2 recorded reactions and replies",
        "1 retro vote",
        "1 retro card",
        "1 anonymous retro card unlinked from you",
        "1 avoid-list entry",
        "1 record of a message sent to you",
        "1 action item no longer assigned to you",
        "your member profile",
    ):
        assert phrase in text
    assert "rough day" not in text and "late call" not in text
    assert "2 avoid" not in text  # ben avoiding ana is erased too, never shown to her


def test_forget_me_twice_finds_nothing_the_second_time(bot: RunningBot, crew: Crew) -> None:
    seed(bot, TEAM, crew.ana, crew.ben)
    ask(bot, crew.ana, "forget-me confirm")
    assert "nothing to erase" in ask(bot, crew.ana, "forget-me")


def test_forget_me_is_all_or_nothing(
    bot: RunningBot, crew: Crew, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    seed(bot, TEAM, crew.ana, crew.ben)
    before = counts(bot, TEAM, crew.ana)

    def broken(*args: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(member_store, "_unlink_anonymous_cards", broken)
    with caplog.at_level(logging.ERROR):
        text = ask(bot, crew.ana, "forget-me confirm")
    assert "Something went wrong" in text
    assert counts(bot, TEAM, crew.ana) == before
    assert any(r.levelno == logging.ERROR for r in caplog.records)


def test_forget_me_takes_no_arguments(bot: RunningBot, crew: Crew) -> None:
    seed(bot, TEAM, crew.ana, crew.ben)
    assert "didn't understand `@ben`" in ask(bot, crew.ana, "forget-me @ben")
    assert counts(bot, TEAM, crew.ana)["answers"] == 1

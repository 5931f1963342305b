"""The check-in question bank and the choice rule."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rituals.checkin import QUESTIONS, RECENT, choose_question

INTRUSIVE = ("salary", "pay ", "health", "sick", "weight", "religio", "politic", "family", "dating")


def test_bank_is_large_unique_and_light() -> None:
    assert 35 <= len(QUESTIONS) <= 60
    assert len(set(QUESTIONS)) == len(QUESTIONS)
    for question in QUESTIONS:
        assert question.endswith("?"), question
        assert len(question) <= 120, question
        assert not any(word in question.lower() for word in INTRUSIVE), question


def test_bank_sounds_like_a_production() -> None:
    text = " ".join(QUESTIONS).lower()
    for word in ("department", "crew", "set", "rehearsal", "production", "team"):
        assert word in text
    cross = [q for q in QUESTIONS if "department" in q.lower() or "team" in q.lower()]
    assert len(cross) >= 10
    assert "What's one thing another department did this week that made your job easier?" in (
        QUESTIONS
    )


@given(recent=st.lists(st.sampled_from(QUESTIONS), max_size=len(QUESTIONS) + 5), seed=st.integers())
def test_never_the_previous_question(recent: list[str], seed: int) -> None:
    chosen = choose_question(recent, random.Random(seed))
    assert chosen in QUESTIONS
    if recent:
        assert chosen != recent[0]


def test_prefers_questions_not_asked_recently() -> None:
    recent = list(QUESTIONS[:RECENT])
    for seed in range(50):
        assert choose_question(recent, random.Random(seed)) not in recent


def test_when_every_question_was_asked_recently_only_the_last_is_excluded() -> None:
    bank = ("A?", "B?", "C?")
    seen = {
        choose_question(["B?", "A?", "C?"], random.Random(seed), bank=bank) for seed in range(40)
    }
    assert seen == {"A?", "C?"}


def test_a_run_of_check_ins_never_repeats_back_to_back_and_covers_the_bank() -> None:
    rng = random.Random(7)
    asked: list[str] = []
    for _ in range(200):
        asked.insert(0, choose_question(asked, rng))
    assert all(a != b for a, b in zip(asked, asked[1:], strict=False))
    assert set(asked) == set(QUESTIONS)


def test_same_seed_same_question() -> None:
    assert choose_question([], random.Random("T1/C1/5")) == choose_question(
        [], random.Random("T1/C1/5")
    )


def test_empty_bank_is_an_error() -> None:
    with pytest.raises(ValueError):
        choose_question([], random.Random(1), bank=())

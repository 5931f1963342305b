"""Reading command text: words, quotes, mentions, durations and dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.commands.args import (
    ChannelRef,
    UserRef,
    channel_ref,
    parse_date,
    parse_duration,
    split_words,
    user_ref,
)
from rituals.errors import UsageError


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("pulse send", ["pulse", "send"]),
        ("  pulse   send  ", ["pulse", "send"]),
        ('pulse schedule "0 9 * * 1-5" #crew', ["pulse", "schedule", "0 9 * * 1-5", "#crew"]),
        ("pulse schedule “0 9 * * 1-5” #crew", ["pulse", "schedule", "0 9 * * 1-5", "#crew"]),
        ("action 'fix the rig' @ana", ["action", "fix the rig", "@ana"]),
        ("How's the crew?", ["How's", "the", "crew?"]),
        ('question "What’s one win?"', ["question", "What’s one win?"]),
        ("question „Wie läuft’s?“", ["question", "Wie läuft’s?"]),
        ("action ‘fix the rig' @ana", ["action", "fix the rig", "@ana"]),
        ('say ""', ["say", ""]),
        ('a"b c"d', ['a"b', 'c"d']),
        ("tab\tand\nnewline", ["tab", "and", "newline"]),
        ("", []),
    ],
)
def test_split_words(text: str, words: list[str]) -> None:
    assert split_words(text) == words


@pytest.mark.parametrize("text", ['pulse schedule "0 9 * * 1-5', "retro start ‘open", "'90s"])
def test_an_unclosed_quote_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="quote is not closed"):
        split_words(text)


@given(st.text())
def test_split_words_only_ever_raises_usage_errors(text: str) -> None:
    try:
        words = split_words(text)
    except UsageError:
        return
    assert all(isinstance(word, str) for word in words)


@given(st.text().filter(lambda t: not set(t) & set("\"'“”„‘’")))
def test_without_quotes_words_are_whitespace_separated(text: str) -> None:
    assert split_words(text) == text.split()


@given(st.lists(st.text(min_size=1).filter(lambda w: '"' not in w and "“" not in w)))
def test_quoted_words_come_back_whole(words: list[str]) -> None:
    words = [w for w in words if not set(w) & set("”„")]
    assert split_words(" ".join(f'"{w}"' for w in words)) == words


@pytest.mark.parametrize(
    ("word", "ref"),
    [
        ("<#C024BE91L|crew>", ChannelRef("C024BE91L", "crew")),
        ("<#C024BE91L>", ChannelRef("C024BE91L", None)),
        ("<#G00000001|private-crew>", ChannelRef("G00000001", "private-crew")),
        ("#Crew", ChannelRef(None, "crew")),
        ("C024BE91L", ChannelRef("C024BE91L", None)),
        ("CREW", None),
        ("CAMERA", None),
        ("crew", None),
        ("#", None),
        ("<#crew>", None),
    ],
)
def test_channel_ref(word: str, ref: ChannelRef | None) -> None:
    assert channel_ref(word) == ref


@pytest.mark.parametrize(
    ("word", "ref"),
    [
        ("<@U024BE7LH|ana>", UserRef("U024BE7LH", "ana")),
        ("<@U024BE7LH>", UserRef("U024BE7LH", None)),
        ("<@W0123ABCDEF>", UserRef("W0123ABCDEF", None)),
        ("@Ana", UserRef(None, "ana")),
        ("U024BE7LH", UserRef("U024BE7LH", None)),
        ("UNDO", None),
        ("WRAP", None),
        ("@", None),
        ("ana", None),
    ],
)
def test_user_ref(word: str, ref: UserRef | None) -> None:
    assert user_ref(word) == ref


@pytest.mark.parametrize(
    ("word", "delta"),
    [
        ("3d", timedelta(days=3)),
        ("12h", timedelta(hours=12)),
        ("2w", timedelta(weeks=2)),
        ("3D", timedelta(days=3)),
        (" 5d ", timedelta(days=5)),
        ("0h", timedelta(0)),
        ("9999d", timedelta(days=9999)),
    ],
)
def test_parse_duration(word: str, delta: timedelta) -> None:
    assert parse_duration(word, example="x") == delta


@pytest.mark.parametrize("word", ["", "d", "3", "3m", "-3d", "1.5d", "10000d", "three days"])
def test_bad_durations_name_the_example(word: str) -> None:
    with pytest.raises(UsageError, match="away 5d"):
        parse_duration(word, example="/greenroom away 5d")


def test_parse_date() -> None:
    assert parse_date("2026-12-24", example="x") == date(2026, 12, 24)
    for word in ("2026-02-30", "24/12/2026", "tomorrow", ""):
        with pytest.raises(UsageError, match="is not a date like 2026-12-24"):
            parse_date(word, example="away until 2026-12-24")

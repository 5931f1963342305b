"""Did you mean: typos, run-together words and the other slash command."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.commands.suggest import Suggestion, close_word, edit_distance, suggest

GREENROOM = [
    tuple(words.split())
    for words in [
        "help",
        "pulse send",
        "pulse schedule",
        "pulse results",
        "shadow pair",
        "shadow schedule",
        "shadow history",
        "shadow avoid",
        "shadow unavoid",
        "checkin send",
        "checkin schedule",
        "digest send",
        "digest schedule",
        "role set",
        "role me",
        "roles",
        "roles sync",
        "manager add",
        "manager remove",
        "rituals",
        "rituals edit",
        "pause",
        "resume",
        "delete",
        "timezone",
        "away",
        "back",
        "holidays",
        "optout",
        "optin",
        "forget-me",
    ]
]
RETRO = [("start",), ("close",), ("action",), ("actions",), ("done",)]
OTHERS = {"/retro": RETRO}


def offer(text: str) -> Suggestion | None:
    return suggest(text.split(), GREENROOM, others=OTHERS)


@pytest.mark.parametrize(
    ("typed", "choices", "used", "command"),
    [
        ("pulse sned", ["pulse send"], 2, None),
        ("pluse send", ["pulse send"], 2, None),
        ("shadow avoids @ana", ["shadow avoid"], 2, None),
        ("manager list", ["manager add", "manager remove"], 1, None),
        ("retro start sailboat", ["start"], 2, "/retro"),
        ("retro strat", ["start"], 2, "/retro"),
        ("retro", ["action", "actions", "close", "done", "start"], 1, "/retro"),
        ("actions", ["actions"], 1, "/retro"),
        ("done 4", ["done"], 1, "/retro"),
        ("send pulse", ["pulse send"], 2, None),
        ("pulsesend #crew", ["pulse send"], 1, None),
        ("opt out", ["optout"], 2, None),
        ("forget me", ["forget-me"], 2, None),
        ("forgetme", ["forget-me"], 1, None),
        ("roles sinc", ["roles sync"], 2, None),
        ("ritual", ["rituals"], 1, None),
        ("delet 4", ["delete"], 1, None),
        ("chekin send", ["checkin send"], 2, None),
        ("timezon Europe/London", ["timezone"], 1, None),
        ("pulse set", ["pulse results", "pulse schedule", "pulse send"], 1, None),
        (
            "shadow",
            [f"shadow {w}" for w in sorted(["avoid", "history", "pair", "schedule", "unavoid"])],
            1,
            None,
        ),
    ],
)
def test_suggestions(typed: str, choices: list[str], used: int, command: str | None) -> None:
    found = offer(typed)
    assert found is not None
    assert [" ".join(choice) for choice in found.choices] == choices
    assert (found.used, found.command) == (used, command)
    assert found.confident == (len(choices) == 1)


@pytest.mark.parametrize("typed", ["hello world", "x", "banana split", "12 34", "", "me", "sad"])
def test_nothing_far_fetched(typed: str) -> None:
    assert offer(typed) is None


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("send", "sned", 1), ("pulse", "pluse", 1), ("avoid", "avoids", 1), ("", "abc", 3)]
    + [("kitten", "sitting", 3), ("ca", "abc", 3)],  # swaps are not chained (OSA)
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == edit_distance(b, a) == distance


def test_close_word_refuses_ties() -> None:
    assert close_word("windw", ["window", "size"]) == "window"
    assert close_word("cat", ["bat", "hat"]) is None
    assert close_word("tz", ["to"]) is None  # two letters must be exact


WORD_KNOWN = [words for words in GREENROOM if all(len(word) >= 3 for word in words)]


@st.composite
def one_typo(draw: st.DrawFn) -> tuple[tuple[str, ...], list[str]]:
    """A registered subcommand with one letter wrong, missing, added or swapped in one word."""
    words = draw(st.sampled_from(WORD_KNOWN))
    index = draw(st.integers(0, len(words) - 1))
    word = words[index]
    at = draw(st.integers(0, len(word) - 2))
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    typo = draw(
        st.sampled_from(
            [
                word[:at] + letter + word[at + 1 :],
                word[:at] + word[at + 1 :],
                word[:at] + letter + word[at:],
                word[:at] + word[at + 1] + word[at] + word[at + 2 :],
            ]
        )
    )
    typed = list(words)
    typed[index] = typo
    return words, typed


@settings(deadline=None)  # pure, but the machine may be busy
@given(one_typo())
def test_one_typo_is_always_recognised(case: tuple[tuple[str, ...], list[str]]) -> None:
    words, typed = case
    found = suggest(typed, GREENROOM, others=OTHERS)
    assert found is not None and found.command is None
    if tuple(typed) in GREENROOM:  # the typo spelled another subcommand
        return
    assert words in found.choices or (
        len(words) > 1 and all(c[0] == words[0] for c in found.choices)
    )


@settings(deadline=None)  # pure, but the machine may be busy
@given(st.lists(st.text(alphabet="qxzjkvw", min_size=4, max_size=8), min_size=1, max_size=3))
def test_gibberish_gets_no_suggestion(typed: list[str]) -> None:
    assert suggest(typed, GREENROOM, others=OTHERS) is None


ARGUMENTS = st.lists(st.sampled_from(["#crew", "@ana", "<@U0123ABCD|ana>", "3d", "4", '"Q?"']))


@settings(deadline=None)  # pure, but the machine may be busy
@given(st.sampled_from(GREENROOM), ARGUMENTS)
def test_a_registered_subcommand_suggests_itself(words: tuple[str, ...], rest: list[str]) -> None:
    # With words for arguments (`roles me`) a longer subcommand may fit better (`role me`).
    found = suggest([*words, *rest], GREENROOM, others=OTHERS)
    assert found is not None and words in found.choices and found.used >= len(words)

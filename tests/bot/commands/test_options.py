"""Named options in any order, read from the words split_words makes."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands.args import ChannelRef, split_words
from bot.commands.options import (
    CHANNEL,
    FOLLOWUP,
    IN_CHANNEL,
    LOCAL,
    OPTIONAL_SCHEDULE,
    QUESTION,
    SCHEDULE,
    SIZE,
    TEAM,
    WINDOW,
    ZONE,
    Options,
    ZoneChoice,
)
from rituals.errors import UsageError
from rituals.schedule import WEEKDAYS, Day, parse_schedule, schedule_span

PULSE = Options(
    '/greenroom pulse schedule "<cron>"|<words> [#channel] [question "…"] [window 4h] '
    "[tz <Area/City> | local] [in-channel]",
    (SCHEDULE, CHANNEL, QUESTION, WINDOW, ZONE, IN_CHANNEL),
)
SHADOW = Options(
    "/greenroom shadow pair [#channel] [size 2|3] [followup <N>d|<N>h]", (CHANNEL, SIZE, FOLLOWUP)
)
DIGEST = Options(
    '/greenroom digest schedule ["<cron>"|<words>] [#channel] [team]',
    (OPTIONAL_SCHEDULE, CHANNEL, TEAM),
)


def parse(spec: Options, text: str) -> dict[str, Any]:
    return spec.parse(split_words(text)).as_dict()


def test_the_contract_examples() -> None:
    # The words after `/greenroom pulse schedule`, as the router hands them over.
    full = parse(
        PULSE,
        '"0 9 * * 1-5" #crew question "How rested do you feel?" window 4h tz Europe/London',
    )
    assert full == {
        "schedule": parse_schedule("0 9 * * 1-5"),
        "channel": ChannelRef(None, "crew"),
        "question": "How rested do you feel?",
        "window": timedelta(hours=4),
        "tz": ZoneChoice("Europe/London"),
    }
    assert full["schedule"].days == WEEKDAYS and full["schedule"].time == time(9)
    local = PULSE.parse(split_words("#crew weekdays 09:00 local"))
    assert local[ZONE] == LOCAL and local[SCHEDULE] == full["schedule"]
    assert local[QUESTION] is None and local.get(IN_CHANNEL, False) is False
    flagged = PULSE.parse(split_words("weekdays 09:00 #crew in-channel"))
    assert flagged[IN_CHANNEL] is True and flagged[CHANNEL] == ChannelRef(None, "crew")


def test_schedules_and_channels_in_every_form() -> None:
    assert parse(PULSE, '"0 9 * * 1-5" #crew')["schedule"].cron == "0 9 * * 1-5"
    assert parse(PULSE, '#crew "0 9 * * 1-5"')["channel"] == ChannelRef(None, "crew")
    assert parse(PULSE, "0 9 * * mon-fri <#C0123ABCD|crew>")["channel"] == ChannelRef(
        "C0123ABCD", "crew"
    )
    said = parse(PULSE, "every Monday at 9 am “How rested?”".replace("“", "question “"))
    assert said["schedule"].days == {Day.MON} and said["question"] == "How rested?"
    assert parse(PULSE, "weekdays 09:00 tz europe/london")["tz"] == ZoneChoice("Europe/London")
    assert parse(PULSE, "weekdays 09:00 tz local")["tz"] == LOCAL


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            '"0 9 * * 1-5" #general tz America/New_Yrok',
            "Unknown time zone `America/New_Yrok`. Did you mean `America/New_York`?",
        ),
        ('"0 9 * * 1-5" tz Mars/Olympus', "Unknown time zone `Mars/Olympus`."),
        (
            '"0 9 * * 1-5" #general local How rested do you feel?',
            "I don't understand `How rested do you feel?`. If that is the question, put it in "
            'quotes: `question "How rested do you feel?"`. Usage: `/greenroom pulse schedule',
        ),
        (
            'weekdays 09:00 question How rested "do you feel?"',
            "I don't understand `rested do you feel?`.",
        ),
        ("weekdays 09:00 #crew #vfx", "`#crew` and `#vfx` both set the channel; give it once."),
        ("weekdays 09:00 local tz UTC", "`local` and `tz UTC` both set the time zone"),
        ("weekdays 09:00 daily 10:00", "at most once a day"),
        ('"0 9 * * 1-5" weekdays 09:00', "both set the schedule"),
        ("#crew", "Give the schedule, e.g. `weekdays 09:00`. Usage:"),
        ("weekdays 09:00 window 30h", "`window` can be from 1h to 24h, not `30h`"),
        ("weekdays 09:00 window soon", "`soon` is not a duration"),
        ("weekdays 09:00 window", "`window` needs a value, e.g. `window 4h`"),
        ("weekdays 09:00 windw 4h", "I don't understand `windw 4h`. Did you mean `window`?"),
        ('weekdays 09:00 question ""', "`question` needs a value"),
        ("weekdays 09:00 question " + '"' + "x" * 301 + '"', "keep it to 300"),
        ("weekdays 9 #crew", "could be morning or evening"),
        ("weekdays #crew 09:00", "`weekdays` needs a time of day"),
        ('"0 9 * *" #crew', "five fields"),
        ("0 9 * * #crew", "five fields"),
        ("tz", "`tz` needs a time zone"),
    ],
)
def test_errors_name_the_word_and_say_what_to_type(text: str, says: str) -> None:
    with pytest.raises(UsageError) as caught:
        PULSE.parse(split_words(text))
    assert says in caught.value.message


def test_shadow_and_digest_options() -> None:
    assert parse(SHADOW, "size 3 #crew follow-up 12h") == {
        "size": 3,
        "channel": ChannelRef(None, "crew"),
        "followup": timedelta(hours=12),
    }
    assert parse(SHADOW, "followup 0h")["followup"] == timedelta(0)
    with pytest.raises(UsageError, match="`size` can be `2` or `3`, not `4`"):
        SHADOW.parse(["size", "4"])
    with pytest.raises(UsageError, match="from 0h to 30d"):
        SHADOW.parse(["followup", "31d"])
    assert parse(DIGEST, "team #leads") == {"team": True, "channel": ChannelRef(None, "leads")}
    assert parse(DIGEST, "") == {}
    with pytest.raises(UsageError, match="I don't understand `everyone`. Usage"):
        DIGEST.parse(["#leads", "everyone"])


def test_an_option_set_names_each_option_once() -> None:
    with pytest.raises(ValueError, match="named twice"):
        Options("x", (CHANNEL, CHANNEL))


# -- properties ----------------------------------------------------------------------------

CRONS = ['"0 9 * * 1-5"', "0 9 * * 1-5", '"30 17 * * mon,wed,fri"', '"0 10 * * 0"']
WORDS = ["weekdays 09:00", "every monday at 9 am", "Mon, Wed and Fri 5:30pm", "daily noon"]
QUESTION_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\"'“”„‘’"
    ),
    min_size=1,
    max_size=80,
).filter(lambda t: t.strip())


@st.composite
def option_groups(draw: st.DrawFn) -> tuple[list[str], dict[str, Any]]:
    """Some valid options, each as the text a person types, with the values they mean."""
    said = draw(st.sampled_from(CRONS + WORDS))
    groups = [said]
    expected: dict[str, Any] = {"schedule": parse_schedule(said.strip('"'))}
    if draw(st.booleans()):
        ref = draw(
            st.sampled_from(
                [("#crew", ChannelRef(None, "crew")), ("#Art-Dept", ChannelRef(None, "art-dept"))]
                + [("<#C0123ABCD|crew>", ChannelRef("C0123ABCD", "crew"))]
                + [("C0123ABCDE", ChannelRef("C0123ABCDE", None))]
            )
        )
        groups.append(ref[0])
        expected["channel"] = ref[1]
    if draw(st.booleans()):
        question = draw(QUESTION_TEXT)
        groups.append(f'question "{question}"')
        expected["question"] = " ".join(question.split())
    if draw(st.booleans()):
        hours = draw(st.integers(1, 24))
        groups.append(f"window {hours}h")
        expected["window"] = timedelta(hours=hours)
    if draw(st.booleans()):
        name = draw(st.sampled_from(["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"]))
        said_zone, zone = draw(
            st.sampled_from([(f"tz {name}", ZoneChoice(name)), ("local", LOCAL)])
        )
        groups.append(said_zone)
        expected["tz"] = zone
    if draw(st.booleans()):
        groups.append(draw(st.sampled_from(["in-channel", "IN-CHANNEL", "in_channel"])))
        expected["in-channel"] = True
    return groups, expected


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(option_groups(), st.randoms(use_true_random=False))
def test_any_order_means_the_same(
    given_options: tuple[list[str], dict[str, Any]], random: Any
) -> None:
    groups, expected = given_options
    random.shuffle(groups)
    assert parse(PULSE, " ".join(groups)) == expected


NOT_OPTIONS = st.one_of(
    st.sampled_from(["How", "rested", "please", "tomorrow", "crew", "everyone", "?", "soon"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz?!.", min_size=1, max_size=10),
).filter(
    # Not an option, and not a word that joins a schedule in words (`at`, `and`, `every`).
    lambda word: not PULSE._claimed([word], 0) and schedule_span([word, "mon", "9am"], 0) == 0
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(option_groups(), NOT_OPTIONS, st.data())
def test_a_word_that_is_not_an_option_is_refused_wherever_it_stands(
    given_options: tuple[list[str], dict[str, Any]], stray: str, data: st.DataObject
) -> None:
    groups, _ = given_options
    groups.insert(data.draw(st.integers(0, len(groups))), stray)
    with pytest.raises(UsageError) as caught:
        parse(PULSE, " ".join(groups))
    assert f"`{stray}" in caught.value.message or f" {stray}" in caught.value.message
    assert "Usage:" in caught.value.message

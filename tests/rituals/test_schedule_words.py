"""Schedules in words: examples, errors, and fire times against a calendar."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rituals.errors import UsageError
from rituals.schedule import (
    EVERY_DAY,
    WEEKDAYS,
    WEEKEND,
    Day,
    fire_times,
    parse_schedule,
    schedule_from_cron,
    schedule_span,
    words_for,
)

MON, TUE, WED, THU, FRI, SAT, SUN = (Day.MON, Day.TUE, Day.WED, Day.THU, Day.FRI, Day.SAT, Day.SUN)


@pytest.mark.parametrize(
    ("text", "days", "at", "cron"),
    [
        ("weekdays 09:00", WEEKDAYS, time(9), "0 9 * * 1-5"),
        ("mon,wed,fri 17:30", {MON, WED, FRI}, time(17, 30), "30 17 * * 1,3,5"),
        ("daily 10:00", EVERY_DAY, time(10), "0 10 * * *"),
        ("fridays 16:00", {FRI}, time(16), "0 16 * * 5"),
        ("weekends 10:00", WEEKEND, time(10), "0 10 * * 0,6"),
        ("mon-fri 9:30", WEEKDAYS, time(9, 30), "30 9 * * 1-5"),
        ("every monday 09:00", {MON}, time(9), "0 9 * * 1"),
        ("Every Day at 9am", EVERY_DAY, time(9), "0 9 * * *"),
        ("MONDAYS 5:30PM", {MON}, time(17, 30), "30 17 * * 1"),
        ("Tues and Thurs at 12pm", {TUE, THU}, time(12), "0 12 * * 2,4"),
        ("sunday 12am", {SUN}, time(0), "0 0 * * 0"),
        ("9 a.m. on weekdays", WEEKDAYS, time(9), "0 9 * * 1-5"),
        ("monday to thursday 8.15", {MON, TUE, WED, THU}, time(8, 15), "15 8 * * 1-4"),
        ("Monday – Friday 9h30", WEEKDAYS, time(9, 30), "30 9 * * 1-5"),
        ("fri-mon noon", {FRI, SAT, SUN, MON}, time(12), "0 12 * * 0,1,5,6"),
        ("sat, sun midnight", WEEKEND, time(0), "0 0 * * 0,6"),
        ("weekdays and saturday 07:45", WEEKDAYS | {SAT}, time(7, 45), "45 7 * * 1-6"),
    ],
)
def test_words(text: str, days: frozenset[Day], at: time, cron: str) -> None:
    schedule = parse_schedule(text)
    assert (schedule.days, schedule.time, schedule.cron) == (frozenset(days), at, cron)
    # The same schedule typed as cron is the same value: duplicates can be found by equality.
    assert schedule_from_cron(cron) == schedule


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("weekdays", "needs a time of day, e.g. `weekdays 09:00`"),
        ("09:00", "needs days, e.g. `daily 09:00`"),
        ("weekdays 9", "could be morning or evening: write `09:00` or `9am`"),
        ("weekdays 17", "write it as `17:00`"),
        ("weekdays 25:00", "`25:00` is not a time of day"),
        ("daily 13pm", "`13pm` is not a time of day"),
        ("wendesday 9am", "Did you mean `wednesday`?"),
        ("every other day 9am", "`other` is not part of a schedule. Write"),
        ("weekdays 9am and 5pm", "at most once a day, and `9am` and `5pm` are 2 times"),
        ("to friday 9am", "`to` goes between two days"),
        ("", "Give a schedule"),
        ("0 9 * *", "five fields"),
        ("0 9 * * 1-5 2026", "five fields"),
        ("0 9 31 2 *", "never fires"),
        ("0 9 * * mon-fry", "not a valid cron"),
    ],
)
def test_errors_say_what_is_wrong_with_an_example(text: str, says: str) -> None:
    with pytest.raises(UsageError, match="(?i)e\\.g\\.|example|write") as caught:
        parse_schedule(text)
    assert says in caught.value.message


@pytest.mark.parametrize(
    ("words", "start", "span"),
    [
        (["weekdays", "09:00", "#crew"], 0, 2),
        (["#crew", "every", "monday", "at", "9", "am", "local"], 1, 5),
        (["mon,", "wed", "and", "fri", "5:30pm"], 0, 5),
        (["weekdays 09:00"], 0, 1),  # quoted
        (["How", "rested"], 0, 0),
        (["at", "ease"], 0, 0),  # filler alone is not a schedule
        (["and", "#crew"], 0, 0),
        (["weekdays", "9"], 0, 2),  # taken, so that parsing says why `9` is not a time
        (["How are you today?"], 0, 0),
    ],
)
def test_schedule_span(words: list[str], start: int, span: int) -> None:
    assert schedule_span(words, start) == span


# -- against a calendar --------------------------------------------------------------------

ZONES = ["Europe/London", "America/New_York"]
# Days around the 2026 daylight-saving changes in both zones, and a quiet week.
CHANGES = [
    datetime(2026, 3, 5, tzinfo=UTC),  # New York springs forward on 8 March
    datetime(2026, 3, 26, tzinfo=UTC),  # London on 29 March
    datetime(2026, 10, 22, tzinfo=UTC),  # London falls back on 25 October
    datetime(2026, 10, 29, tzinfo=UTC),  # New York on 1 November
    datetime(2026, 6, 10, tzinfo=UTC),
]
SHORT = {MON: "mon", TUE: "tue", WED: "wed", THU: "thu", FRI: "fri", SAT: "sat", SUN: "sun"}
OTHER = {TUE: "tues", WED: "weds", THU: "thurs"}


def calendar_fires(days: set[str], at: time, tz: str, start: datetime, end: datetime) -> list:
    """Minutes in (start, end] whose first-occurring local time is ``at`` on one of ``days``.

    ``days`` are abbreviations as strftime writes them, so no weekday numbering is shared
    with the code under test.
    """
    zone = ZoneInfo(tz)
    found = []
    minute = start + timedelta(minutes=1)
    while minute <= end:
        wall = minute.astimezone(zone)
        repeated = wall.fold == 1 and wall.replace(fold=0).utcoffset() != wall.utcoffset()
        if not repeated and wall.strftime("%a") in days and wall.time() == at:
            found.append(minute)
        minute += timedelta(minutes=1)
    return found


@st.composite
def day_words(draw: st.DrawFn) -> tuple[frozenset[Day], str]:
    """A non-empty set of days, written one of the ways people write it."""
    days = frozenset(draw(st.sets(st.sampled_from(list(Day)), min_size=1)))
    groups = {EVERY_DAY: ["daily", "every day", "everyday"], WEEKDAYS: ["weekdays", "mon-fri"]}
    groups[WEEKEND] = ["weekends", "sat-sun"]
    if days in groups and draw(st.booleans()):
        return days, draw(st.sampled_from(groups[days]))

    def name(day: Day) -> str:
        forms = [SHORT[day], day.full, day.full + "s"] + ([OTHER[day]] if day in OTHER else [])
        word = draw(st.sampled_from(forms))
        return draw(st.sampled_from([word, word.upper(), word.title()]))

    ordered = draw(st.permutations(sorted(days)))
    separators = st.sampled_from([",", ", ", " ", " and ", " & "])
    text = name(ordered[0])
    for day in ordered[1:]:
        text += draw(separators) + name(day)
    return days, draw(st.sampled_from(["", "every ", "on "])) + text


@st.composite
def time_words(draw: st.DrawFn) -> tuple[time, str]:
    at = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 0, 15, 30, 45, 59])))
    forms = [f"{at:%H:%M}", f"{at.hour}:{at.minute:02d}", f"{at:%H.%M}"]
    twelve = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    forms.append(f"{twelve}:{at.minute:02d}{suffix}")
    if at.minute == 0:
        forms += [f"{twelve}{suffix}", f"{twelve} {suffix.upper()}"]
    if at in (time(12), time(0)):
        forms.append("noon" if at.hour == 12 else "midnight")
    return at, draw(st.sampled_from(forms))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    days=day_words(),
    at=time_words(),
    days_first=st.booleans(),
    tz=st.sampled_from(ZONES),
    start=st.sampled_from(CHANGES),
    shift=st.integers(0, 48 * 60),
)
def test_words_fire_as_a_calendar_says(
    days: tuple[frozenset[Day], str],
    at: tuple[time, str],
    days_first: bool,
    tz: str,
    start: datetime,
    shift: int,
) -> None:
    (chosen, said_days), (when, said_time) = days, at
    text = f"{said_days} at {said_time}" if days_first else f"{said_time} {said_days}"
    schedule = parse_schedule(text)
    assert (schedule.days, schedule.time) == (chosen, when)
    begin = start + timedelta(minutes=shift)
    end = begin + timedelta(days=8)
    names = {day.short for day in chosen}
    expected = calendar_fires(names, when, tz, begin, end)
    assert list(fire_times(schedule.trigger(tz), begin, end)) == expected
    assert len(expected) >= len(chosen) - 1  # a whole week shows each day (less a skipped hour)


@settings(deadline=None)  # pure, but the machine may be busy
@given(days=st.sets(st.sampled_from(list(Day)), min_size=1), hour=st.integers(0, 23))
def test_words_for_reads_back(days: set[Day], hour: int) -> None:
    schedule = parse_schedule(f"{','.join(d.short for d in days)} {hour:02d}:07")
    said = words_for(schedule)
    assert said is not None
    assert parse_schedule(said) == schedule


def test_words_for_is_none_beyond_days_and_one_time() -> None:
    assert words_for(parse_schedule("0 9,17 * * *")) is None
    assert words_for(parse_schedule("0 9 1 * *")) is None
    assert words_for(parse_schedule("0 9 * * 1-5")) == "weekdays 09:00"

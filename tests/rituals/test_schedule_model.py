"""Schedules as values: canonical cron, the modal's days and time, words for listings,
and the once-a-day rule."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rituals.errors import UsageError
from rituals.schedule import (
    EVERY_DAY,
    WEEK,
    WEEKDAYS,
    Day,
    check_once_a_day,
    day_phrase,
    days_and_time,
    describe,
    fire_times,
    next_fire,
    parse_cron,
    parse_schedule,
    schedule_from_cron,
    schedule_from_days,
    times_a_day,
)
from tests.rituals.test_schedule import CRONS, ORDER, ZONES, Invalid, brute_force, expand

MON, TUE, WED, THU, FRI, SAT, SUN = WEEK


def test_day_numbering_is_cron_s() -> None:
    # 2026-11-29 is a Sunday; Python's weekday() calls it 6, cron calls it 0.
    assert Day.of(datetime(2026, 11, 29).date()) == SUN == 0
    assert Day.of(datetime(2026, 11, 30).date()) == MON == 1
    assert (MON.short, MON.full) == ("Mon", "Monday")


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("0 9 * * mon-fri", "0 9 * * 1-5"),
        ("00 09 * * 1,2,3,4,5", "0 9 * * 1-5"),
        ("0 9 * * 7", "0 9 * * 0"),
        ("0 9 * * sun,sat", "0 9 * * 0,6"),
        ("0 9 * * 0-7", "0 9 * * *"),
        ("*/1 * * * *", "* * * * *"),
        ("0,15,30,45 9 * * *", "*/15 9 * * *"),
        ("0 9 1 jan-dec *", "0 9 1 * *"),
        ("0 9 1 DEC *", "0 9 1 12 *"),
        ("0 9 last * *", "0 9 last * *"),
    ],
)
def test_equal_schedules_have_one_cron(typed: str, canonical: str) -> None:
    assert schedule_from_cron(typed).cron == canonical
    assert schedule_from_cron(typed) == schedule_from_cron(canonical)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cron=CRONS, tz=ZONES, start=st.sampled_from([datetime(2026, 3, 5, tzinfo=UTC)]))
def test_canonical_cron_fires_like_the_cron_typed(cron: str, tz: str, start: datetime) -> None:
    try:
        schedule = schedule_from_cron(cron)
    except UsageError:
        return
    fields = dict(zip(ORDER, cron.split(), strict=True))
    try:
        days = expand("dow", fields["dow"])[0]
    except Invalid:  # accepted by cron but not the reference matcher: nothing to compare
        return
    assert {int(day) for day in schedule.days} == days
    minutes, hours = expand("minute", fields["minute"])[0], expand("hour", fields["hour"])[0]
    single = len(minutes) == len(hours) == 1
    assert (schedule.time is not None) == single
    assert times_a_day(schedule) == len(minutes) * len(hours)
    end = start + timedelta(days=3)
    expected = brute_force(cron, tz, start, end)[:200]
    got = list(fire_times(schedule.trigger(tz), start, end))[:200]
    assert got == expected


def test_a_schedule_that_never_fires_is_refused() -> None:
    with pytest.raises(UsageError, match="never fires"):
        schedule_from_cron("0 9 30 2 *")
    assert schedule_from_cron("0 9 29 2 *").cron == "0 9 29 2 *"  # leap years


# -- the modal's days and time ---------------------------------------------------------------


@settings(deadline=None)  # pure, but the machine may be busy
@given(days=st.sets(st.sampled_from(list(Day)), min_size=1), hour=st.integers(0, 23))
def test_days_and_time_round_trip(days: set[Day], hour: int) -> None:
    at = time(hour, 30)
    schedule = schedule_from_days(days, f"{hour:02d}:30")
    assert days_and_time(schedule) == (frozenset(days), at)
    assert schedule == schedule_from_days(days, at) == schedule_from_cron(schedule.cron)
    # Every listed day fires at that time, and no other day does.
    week = list(fire_times(parse_cron(schedule.cron, "UTC"), START, START + timedelta(days=7)))
    assert sorted(Day.of(when.date()) for when in week) == sorted(days)
    assert {when.time() for when in week} == {at}


START = datetime(2026, 11, 29, tzinfo=UTC)  # a Sunday


def test_days_and_time_refuses_what_a_modal_cannot_show() -> None:
    assert days_and_time(parse_schedule("0 9,17 * * *")) is None
    assert days_and_time(parse_schedule("0 9 1 * *")) is None
    assert days_and_time(parse_schedule("0 9 * 12 *")) is None
    with pytest.raises(UsageError, match="at least one day"):
        schedule_from_days([], "09:00")
    with pytest.raises(UsageError, match="not a time like 09:00"):
        schedule_from_days([MON], "9am")


# -- in words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("0 9 * * 1-5", "weekdays at 09:00"),
        ("30 17 * * 1,3,5", "Mon, Wed and Fri at 17:30"),
        ("0 10 * * *", "every day at 10:00"),
        ("0 16 * * 5", "Fridays at 16:00"),
        ("0 10 * * 6,0", "weekends at 10:00"),
        ("0 9 * * 1-4", "Mon to Thu at 09:00"),
        ("0 8 * * 5-7,1", "Fri to Mon at 08:00"),
        ("0 9 * * 0,1", "Mon and Sun at 09:00"),
        ("0 9,15 * * 1-5", "at 09:00 and 15:00 on weekdays"),
        ("0 9,17 * * *", "at 09:00 and 17:00 every day"),
        ("0,30 9 * * 5", "at 09:00 and 09:30 on Fridays"),
        ("*/15 * * * *", "every 15 minutes"),
        ("* * * * *", "every minute"),
        ("* 9 * * *", "every minute from 09:00 to 09:59"),
        ("30 * * * 1-5", "every hour at :30 on weekdays"),
        ("0 8-17 * * *", "every hour from 08:00 to 17:00"),
        ("0 9 1 * *", "on the 1st of each month at 09:00"),
        ("0 9 1,15 * *", "on the 1st and 15th of each month at 09:00"),
        ("0 9 22 1,7 *", "on the 22nd of January and July at 09:00"),
        ("0 16 * 12 5", "Fridays in December at 16:00"),
        ("0 9 last * *", "cron `0 9 last * *`"),
        ("7 8-17/3 * * *", "at 08:07, 11:07, 14:07 and 17:07 every day"),
        ("7 8-18/2 * * *", "cron `7 8,10,12,14,16,18 * * *`"),
    ],
)
def test_describe(typed: str, said: str) -> None:
    assert describe(parse_schedule(typed)) == said


def test_describe_says_where_the_time_is() -> None:
    weekdays = parse_schedule("weekdays 09:00")
    assert describe(weekdays, tz="Europe/London") == "weekdays at 09:00, Europe/London"
    assert describe(weekdays, member_local=True) == "weekdays at 09:00 in each member's zone"


@settings(deadline=None)  # pure, but the machine may be busy
@given(st.sets(st.sampled_from(list(Day)), min_size=1))
def test_day_phrase_names_exactly_the_days(days: set[Day]) -> None:
    said = day_phrase(frozenset(days))
    if frozenset(days) in (EVERY_DAY, WEEKDAYS):
        return
    named = set()
    for part in said.replace(" and ", ", ").split(", "):
        first, _, last = part.partition(" to ")
        if part in ("weekends",):
            named |= {SAT, SUN}
        elif last:
            start, end = WEEK.index(Day[first.upper()]), WEEK.index(Day[last.upper()])
            named |= {WEEK[(start + n) % 7] for n in range((end - start) % 7 + 1)}
        else:
            named.add(Day[part.upper()[:3]])
    assert named == days


# -- once a day ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "count", "instead"),
    [
        ("*/1 * * * *", "1,440 times", "daily 09:00"),
        ("0 9,17 * * *", "twice", "daily 09:00"),
        ("* 9 * * *", "60 times", "daily 09:00"),
        ("0 9,15 * * 1-5", "twice", "weekdays 09:00"),
        ("30 * * * 5", "24 times", "fridays 09:30"),
        ("0 8,20 1 * *", "twice", '"0 8 1 * *"'),
    ],
)
def test_more_than_once_a_day_is_refused_with_what_to_type(
    typed: str, count: str, instead: str
) -> None:
    with pytest.raises(UsageError) as caught:
        check_once_a_day(parse_schedule(typed), ritual="a pulse")
    message = caught.value.message
    assert f"runs {count} a day" in message
    assert "a pulse runs at most once a day" in message
    assert f"e.g. `{instead}`" in message
    parse_schedule(instead.strip('"'))  # the suggestion is itself a valid schedule


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cron=CRONS)
def test_once_a_day_rule_matches_the_fire_times_of_a_day(cron: str) -> None:
    try:
        schedule = schedule_from_cron(cron)
    except UsageError:
        return
    first = next_fire(schedule.trigger("UTC"), START)
    assert first is not None
    day_start = first.replace(hour=0, minute=0)
    on_that_day = brute_force(
        cron, "UTC", day_start - timedelta(minutes=1), day_start.replace(hour=23, minute=59)
    )
    assert len(on_that_day) == times_a_day(schedule)
    if len(on_that_day) == 1:
        check_once_a_day(schedule, ritual="shadowing")
    else:
        with pytest.raises(UsageError, match="shadowing runs at most once a day"):
            check_once_a_day(schedule, ritual="shadowing")

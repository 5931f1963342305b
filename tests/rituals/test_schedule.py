"""Cron schedules against a calendar, and against a brute-force cron matcher."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings

from rituals.errors import UsageError
from rituals.schedule import find_zone, fire_times, next_fire, parse_cron, validate_cron
from tests.rituals.cron_oracle import (
    CRONS,
    LONDON,
    MAX_COMPARED,
    ORDER,
    STARTS,
    ZONES,
    Invalid,
    brute_force,
    expand,
)


def fires(cron: str, start: datetime, end: datetime, tz: str = LONDON) -> list[datetime]:
    """Fire times of ``cron`` in (start, end], as local times in ``tz``."""
    zone = ZoneInfo(tz)
    return [when.astimezone(zone) for when in fire_times(parse_cron(cron, tz), start, end)]


def local(day: date, hour: int, minute: int = 0, tz: str = LONDON) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(tz))


def weekdays_between(first: date, last: date) -> list[date]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if d.weekday() < 5]


# -- calendar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "change"),
    [
        (date(2026, 3, 23), date(2026, 4, 5), date(2026, 3, 29)),  # BST starts
        (date(2026, 10, 19), date(2026, 11, 1), date(2026, 10, 25)),  # BST ends
    ],
)
def test_weekdays_at_nine_across_daylight_saving(first: date, last: date, change: date) -> None:
    start = local(first, 0)
    end = local(last, 23, 59)
    got = fires("0 9 * * 1-5", start, end)
    assert got == [local(day, 9) for day in weekdays_between(first, last)]
    assert all(when.hour == 9 and when.minute == 0 for when in got)
    utc_hours = {when.date(): when.astimezone(UTC).hour for when in got}
    before = {h for d, h in utc_hours.items() if d < change}
    after = {h for d, h in utc_hours.items() if d > change}
    assert before != after  # the UTC instant moved with the clocks
    assert before | after == {8, 9}


@pytest.mark.parametrize(
    ("tz", "first", "last"),
    [
        ("America/New_York", date(2026, 3, 6), date(2026, 3, 11)),  # 23-hour day on 8 March
        ("America/New_York", date(2026, 10, 30), date(2026, 11, 4)),  # 25-hour day on 1 November
        (LONDON, date(2026, 3, 27), date(2026, 4, 1)),
    ],
)
def test_midnight_every_day_across_daylight_saving(tz: str, first: date, last: date) -> None:
    # APScheduler 3.x alone skips the midnight after New York springs forward.
    got = fires("0 0 * * *", local(first, 0, tz=tz), local(last, 23, tz=tz), tz=tz)
    days = [first + timedelta(days=n) for n in range(1, (last - first).days + 1)]
    assert got == [local(day, 0, tz=tz) for day in days]


def test_next_fire_is_strictly_after_and_in_utc() -> None:
    trigger = parse_cron("0 9 * * 1-5", LONDON)
    monday_nine = local(date(2026, 11, 23), 9)
    upcoming = next_fire(trigger, monday_nine)
    assert upcoming == local(date(2026, 11, 24), 9)
    assert upcoming is not None and upcoming.tzinfo == UTC
    assert next_fire(trigger, monday_nine - timedelta(seconds=1)) == monday_nine


def test_friday_evening_next_fire_is_monday() -> None:
    friday = local(date(2026, 11, 27), 18)
    assert validate_cron("0 9 * * 1-5", LONDON, now=friday) == local(date(2026, 11, 30), 9)


@pytest.mark.parametrize("dow", ["0", "7", "sun", "SUN", "7-7", "0,7", "7/3"])
def test_sunday_is_zero_and_seven(dow: str) -> None:
    got = fires(f"0 10 * * {dow}", local(date(2026, 11, 1), 0), local(date(2026, 11, 30), 23))
    assert [when.date() for when in got] == [date(2026, 11, d) for d in (1, 8, 15, 22, 29)]


def test_range_ending_on_seven_includes_sunday() -> None:
    got = fires("0 10 * * 5-7", local(date(2026, 11, 23), 0), local(date(2026, 11, 29), 23))
    assert [when.strftime("%a") for when in got] == ["Fri", "Sat", "Sun"]


@pytest.mark.parametrize(
    ("named", "numbered"),
    [
        ("0 9 * * mon-fri", "0 9 * * 1-5"),
        ("0 9 * * Sat,Sun", "0 9 * * 6,0"),
        ("0 9 * * tue/2", "0 9 * * 2,4,6"),
        ("0 9 1 jan-jun/2 *", "0 9 1 1,3,5 *"),
        ("0 9 1 DEC *", "0 9 1 12 *"),
    ],
)
def test_names_mean_their_numbers(named: str, numbered: str) -> None:
    start, end = local(date(2026, 1, 1), 0), local(date(2026, 12, 31), 23)
    assert fires(named, start, end) == fires(numbered, start, end)


@pytest.mark.parametrize(
    ("cron", "expected"),
    [
        ("*/15 9 * * *", [(9, 0), (9, 15), (9, 30), (9, 45)]),
        ("5/20 9 * * *", [(9, 5), (9, 25), (9, 45)]),
        ("0 8-17/3 * * *", [(8, 0), (11, 0), (14, 0), (17, 0)]),
        ("30 9,13 * * *", [(9, 30), (13, 30)]),
    ],
)
def test_steps_ranges_and_lists(cron: str, expected: list[tuple[int, int]]) -> None:
    day = date(2026, 11, 24)
    got = fires(cron, local(day, 0), local(day, 23, 59))
    assert [(when.hour, when.minute) for when in got] == expected


def test_day_of_month_step() -> None:
    got = fires("0 9 */10 * *", local(date(2026, 12, 1), 0), local(date(2026, 12, 31), 23))
    assert [when.day for when in got] == [1, 11, 21, 31]


def test_repeated_hour_fires_once_and_skipped_hour_not_at_all() -> None:
    autumn = fires("30 1 * * *", local(date(2026, 10, 24), 12), local(date(2026, 10, 25), 12))
    assert [(w.date(), w.hour, w.minute) for w in autumn] == [(date(2026, 10, 25), 1, 30)]
    spring = fires("30 1 * * *", local(date(2026, 3, 28), 12), local(date(2026, 3, 30), 12))
    assert [w.date() for w in spring] == [date(2026, 3, 30)]


def test_every_hour_keeps_going_through_the_changes() -> None:
    spring = fires("0 * * * *", local(date(2026, 3, 29), 0), local(date(2026, 3, 29), 4))
    assert [w.hour for w in spring] == [2, 3, 4]  # 00:00 excluded; 01:00 does not exist
    assert len(fires("0 * * * *", local(date(2026, 10, 25), 0), local(date(2026, 10, 26), 0))) == 24


def test_never_firing_schedule_is_refused_when_validated() -> None:
    assert next_fire(parse_cron("0 9 31 2 *", LONDON), local(date(2026, 1, 1), 0)) is None
    with pytest.raises(UsageError, match="never fires"):
        validate_cron("0 9 31 2 *", LONDON, now=local(date(2026, 1, 1), 0))


@pytest.mark.parametrize(
    ("cron", "says"),
    [
        ("0 9 * *", "five fields"),
        ("0 9 * * 1-5 2026", "five fields"),
        ("61 9 * * *", "not a valid cron"),
        ("0 24 * * *", "not a valid cron"),
        ("0 9 0 * *", "not a valid cron"),
        ("0 9 * 13 *", "not a valid cron"),
        ("0 9 * * 8", "not a valid cron"),
        ("0 9 * * 5-1", "not a valid cron"),
        ("*/0 9 * * *", "not a valid cron"),
        ("0 9 * foo *", "not a valid cron"),
        ("0 9 ? * *", "characters cron does not use"),
        ("0 9 1 * 1", "both a day of the month"),
    ],
)
def test_malformed_schedules_say_what_is_wrong(cron: str, says: str) -> None:
    with pytest.raises(UsageError, match=says) as caught:
        parse_cron(cron, LONDON)
    assert "0 9 * * 1-5" in caught.value.message  # always an example to copy


def test_unknown_zone_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="Mars/Olympus"):
        parse_cron("0 9 * * *", "Mars/Olympus")


# -- brute force ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cron=CRONS, tz=ZONES, start=STARTS)
def test_fire_times_match_a_brute_force_matcher(cron: str, tz: str, start: datetime) -> None:
    fields = cron.split()
    try:
        refusable = any(expand(n, f)[1] for n, f in zip(ORDER, fields, strict=True))
        refusable = refusable or (fields[2] != "*" and fields[4] != "*")
        valid = True
    except Invalid:
        valid, refusable = False, True
    try:
        trigger = parse_cron(cron, tz)
    except UsageError:
        assert refusable, f"{cron!r} is valid cron but was refused"
        return
    assert valid, f"{cron!r} is not valid cron but was accepted"
    end = start + timedelta(days=7)
    expected = brute_force(cron, tz, start, end)
    if len(expected) > MAX_COMPARED:
        end = expected[MAX_COMPARED - 1]
        expected = expected[:MAX_COMPARED]
    assert list(fire_times(trigger, start, end)) == expected


def test_zone_names_in_any_case_and_close_matches() -> None:
    assert find_zone("europe/london") == "Europe/London"
    assert find_zone(" UTC ") == "UTC"
    with pytest.raises(UsageError, match="Did you mean `America/New_York`"):
        find_zone("America/New_Yrok")
    with pytest.raises(UsageError, match="Unknown time zone `localtime`"):
        find_zone("localtime")  # the server's zone is not a name a team can rely on

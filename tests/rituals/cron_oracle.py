"""A brute-force cron matcher and hypothesis strategies to check rituals.schedule against."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

LONDON = "Europe/London"

LIMITS = {"minute": (0, 59), "hour": (0, 23), "day": (1, 31), "month": (1, 12), "dow": (0, 7)}
NAMES = {
    "month": ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    "dow": ["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
}
ORDER = ("minute", "hour", "day", "month", "dow")


class Invalid(Exception):
    """The reference matcher does not accept the expression."""


def _value(field: str, token: str) -> int:
    names = NAMES.get(field, [])
    if token.isdigit():
        value = int(token)
    elif token.lower() in names:
        value = names.index(token.lower()) + (1 if field == "month" else 0)
    else:
        raise Invalid(token)
    low, high = LIMITS[field]
    if not low <= value <= high:
        raise Invalid(token)
    return value


def expand(field: str, text: str) -> tuple[set[int], bool]:
    """The values a field selects, and whether an implementation may refuse it.

    ``N/S`` steps from N to the field's end (Saturday for weekdays); weekday 7 is
    Sunday. A step wider than its range may be refused (it selects one value).
    """
    low, high = LIMITS[field]
    open_high = 6 if field == "dow" else high
    values: set[int] = set()
    refusable = False
    for part in text.split(","):
        body, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise Invalid(part)
            step = int(step_text)
        if body == "*":
            first, last = low, open_high
        elif "-" in body:
            first, last = (_value(field, bound) for bound in body.split("-", 1))
            if first > last:
                raise Invalid(part)
        else:
            first = _value(field, body)
            last = max(first, open_high) if slash else first
        values |= set(range(first, last + 1, step))
        if slash and field != "dow" and step > last - first:
            refusable = True
    if field == "dow":
        values = {v % 7 for v in values}
    return values, refusable


def brute_force(cron: str, tz: str, start: datetime, end: datetime) -> list[datetime]:
    """Every minute in (start, end] whose first-occurring local wall time matches ``cron``."""
    fields = cron.split()
    sets = {name: expand(name, text)[0] for name, text in zip(ORDER, fields, strict=True)}
    zone = ZoneInfo(tz)
    minute = start.replace(second=0, microsecond=0) + timedelta(minutes=1)
    found = []
    while minute <= end:
        wall = minute.astimezone(zone)
        repeated = wall.fold == 1 and wall.replace(fold=0).utcoffset() != wall.utcoffset()
        if (
            not repeated
            and wall.minute in sets["minute"]
            and wall.hour in sets["hour"]
            and wall.day in sets["day"]
            and wall.month in sets["month"]
            and (wall.weekday() + 1) % 7 in sets["dow"]
        ):
            found.append(minute)
        minute += timedelta(minutes=1)
    return found


RARELY = st.sampled_from([False] * 24 + [True])


def _sometimes(
    usual: st.SearchStrategy[str], odd: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    return st.tuples(RARELY, usual, odd).map(lambda t: t[2] if t[0] else t[1])


def _field(name: str) -> st.SearchStrategy[str]:
    """Mostly valid field text, rarely out of range, backwards or with a zero step."""
    low, high = LIMITS[name]
    good = st.integers(min_value=low, max_value=high)
    number = _sometimes(good.map(str), st.sampled_from([str(low - 1), str(high + 1)]))
    names = NAMES.get(name)
    value = st.one_of(number, st.sampled_from(names)) if names else number
    ordered = st.tuples(good, good).map(lambda t: f"{min(t)}-{max(t)}")
    span = _sometimes(ordered, st.tuples(value, value).map("-".join))
    step = _sometimes(st.integers(min_value=1, max_value=12).map(str), st.just("0"))
    part = st.one_of(
        st.just("*"),
        value,
        span,
        st.tuples(st.just("*"), step).map("/".join),
        st.tuples(value, step).map("/".join),
        st.tuples(span, step).map("/".join),
    )
    return st.lists(part, min_size=1, max_size=3).map(",".join)


CRONS = st.tuples(
    _field("minute"),
    _field("hour"),
    _sometimes(st.just("*"), _field("day")),
    _field("month"),
    st.one_of(st.just("*"), _field("dow")),
).map(" ".join)
ZONES = st.sampled_from([LONDON, "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"])
STARTS = st.one_of(
    st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    # weeks around daylight-saving changes in the zones above
    st.sampled_from(
        [
            datetime(2026, 3, 26, 7, 13, tzinfo=UTC),
            datetime(2026, 10, 22, 23, 59, 30, tzinfo=UTC),
            datetime(2026, 3, 6, 12, tzinfo=UTC),
            datetime(2026, 10, 30, 12, tzinfo=UTC),
            datetime(2026, 4, 1, 12, tzinfo=UTC),
            datetime(2026, 9, 30, 12, tzinfo=UTC),
        ]
    ),
)
MAX_COMPARED = 300  # dense schedules are compared over their first fire times

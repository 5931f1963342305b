"""Cron fields as sets of values, and back; weekdays in cron's numbering.

Rules:
- Weekdays use cron's numbering: 0 (or 7) = Sunday, 1 = Monday … 6 = Saturday.
  Python's ``date.weekday()`` counts from Monday = 0 and APScheduler 3.x does
  too; :meth:`Day.of` is the one place that converts.
- ``N/S`` steps from N to the field's end, which for weekdays is Saturday.
- A field is written back (:func:`compress`) in one canonical form, so two
  fields that select the same values read the same: ``*`` for every value,
  ``*/S`` for a step over the whole field (not for weekdays), otherwise runs of
  three or more as ``a-b`` and the rest as a list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum


class Day(IntEnum):
    """A weekday numbered as in cron (0 = Sunday)."""

    SUN = 0
    MON = 1
    TUE = 2
    WED = 3
    THU = 4
    FRI = 5
    SAT = 6

    @classmethod
    def of(cls, day: date) -> Day:
        """The weekday of ``day`` (Python counts from Monday = 0, cron from Sunday = 0)."""
        return cls((day.weekday() + 1) % 7)

    @property
    def short(self) -> str:
        """``Mon``."""
        return self.name.title()

    @property
    def full(self) -> str:
        """``Monday``."""
        return _FULL_NAMES[self.value]


_FULL_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
WEEK: tuple[Day, ...] = (Day.MON, Day.TUE, Day.WED, Day.THU, Day.FRI, Day.SAT, Day.SUN)
EVERY_DAY: frozenset[Day] = frozenset(Day)
WEEKDAYS: frozenset[Day] = frozenset(WEEK[:5])
WEEKEND: frozenset[Day] = frozenset(WEEK[5:])

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Field:
    """The values one cron field may take."""

    low: int
    high: int
    open_high: int  # where ``*`` and ``N/S`` stop (Saturday for weekdays, not 7)
    names: dict[str, int]
    steps: bool = True  # whether compress may write ``*/S``


MINUTE = Field(0, 59, 59, {})
HOUR = Field(0, 23, 23, {})
DAY_OF_MONTH = Field(1, 31, 31, {})
MONTH = Field(1, 12, 12, {name: n for n, name in enumerate(MONTH_NAMES, start=1)})
DAY_OF_WEEK = Field(
    0,
    7,
    6,
    {name: n for n, name in enumerate(DAY_NAMES)}
    | {full.lower(): n for n, full in enumerate(_FULL_NAMES)},
    steps=False,
)


def _value(token: str, field: Field) -> int:
    lowered = token.lower()
    if lowered in field.names:
        return field.names[lowered]
    if not token.isdigit():
        raise ValueError(f"`{token}` is not a value this field takes")
    value = int(token)
    if not field.low <= value <= field.high:
        raise ValueError(f"`{token}` is outside {field.low}-{field.high}")
    return value


def _part(part: str, field: Field) -> range:
    body, slash, step_text = part.partition("/")
    step = 1
    if slash:
        if not step_text.isdigit() or int(step_text) == 0:
            raise ValueError(f"`{step_text}` is not a step")
        step = int(step_text)
    if body == "*":
        first, last = field.low, field.open_high
    elif "-" in body:
        low, high = body.split("-", 1)
        first, last = _value(low, field), _value(high, field)
        if last < first:
            raise ValueError(f"`{body}` runs backwards")
    else:
        first = _value(body, field)
        last = max(first, field.open_high) if slash else first
    return range(first, last + 1, step)


def expand(text: str, field: Field) -> frozenset[int]:
    """The values a cron field selects (weekday 7 folded into 0); ValueError if malformed."""
    values = {value for part in text.split(",") for value in _part(part, field)}
    if field is DAY_OF_WEEK:
        values = {value % 7 for value in values}
    return frozenset(values)


def _runs(values: list[int]) -> Iterable[tuple[int, int]]:
    start = previous = values[0]
    for value in values[1:]:
        if value != previous + 1:
            yield start, previous
            start = value
        previous = value
    yield start, previous


def compress(values: Iterable[int], field: Field) -> str:
    """The canonical cron text for a non-empty set of values."""
    ordered = sorted(set(values))
    if ordered == list(range(field.low, field.open_high + 1)):
        return "*"
    if field.steps and len(ordered) >= 3 and ordered[0] == field.low:
        step = ordered[1] - ordered[0]
        if ordered == list(range(field.low, field.open_high + 1, step)):
            return f"*/{step}"
    parts: list[str] = []
    for first, last in _runs(ordered):
        if last - first >= 2:
            parts.append(f"{first}-{last}")
        else:
            parts.extend(str(value) for value in range(first, last + 1))
    return ",".join(parts)

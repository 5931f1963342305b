"""``greenroom export``: the digest figures of one week or a range, as JSON or long CSV.

JSON keeps the export schema of PRODUCT.md: one week object for ``--week`` (or the
default, the last complete week in the team's zone), a list of week objects for a
``--from``/``--to`` range. CSV is long — one row per figure, with the columns
``team_id, channel_id, week, metric, group, value`` — so its columns never change
with the crew's roles; it starts with a UTF-8 byte order mark so spreadsheets read
accents (``décor``) right. ``null`` (nothing to measure, or withheld by the privacy
rule) is an empty cell.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TextIO

from bot.reports import report, week_metrics
from bot.settings import Settings
from rituals.clock import Clock, SystemClock
from rituals.errors import UsageError
from rituals.scope import resolve, weeks
from storage.db import Database

COLUMNS = ("team_id", "channel_id", "week", "metric", "group", "value")
IDENTITY = COLUMNS[:3]  # columns of every row, taken from the week object itself
# Sections whose keys are data (a score bucket, a role), not the schema's names:
# each key is a row's group, and what lies below it names the metric.
GROUPED = frozenset({"distribution", "by_role"})
FORMATS = ("json", "csv")
BOM = "\ufeff"


def long_rows(export: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
    """Every figure of one week object as ``(team_id, channel_id, week, metric, group, value)``."""
    identity = tuple(export.get(name) for name in IDENTITY)
    for metric, group, value in _figures(export, (), ""):
        if metric not in IDENTITY:
            yield (*identity, metric, group, value)


def _figures(
    node: Mapping[str, Any], path: tuple[str, ...], group: str
) -> Iterator[tuple[str, str, Any]]:
    for key, value in node.items():
        if isinstance(value, Mapping) and key in GROUPED:
            for member, below in value.items():
                if isinstance(below, Mapping):
                    yield from _figures(below, (*path, key), str(member))
                else:
                    yield ".".join((*path, key)), str(member), below
        elif isinstance(value, Mapping):
            yield from _figures(value, (*path, key), group)
        else:
            yield ".".join((*path, key)), group, value


def to_csv(exports: Sequence[Mapping[str, Any]]) -> str:
    """The week objects as long CSV, with a BOM and CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for export in exports:
        writer.writerows(tuple("" if v is None else v for v in row) for row in long_rows(export))
    return BOM + buffer.getvalue()


def to_json(exports: Sequence[Mapping[str, Any]], *, one: bool) -> str:
    """One week object, or a list of them for a range."""
    return json.dumps(exports[0] if one else list(exports), indent=2, ensure_ascii=False) + "\n"


def export_command(
    settings: Settings,
    *,
    week: str | None = None,
    first: str | None = None,
    last: str | None = None,
    team: str | None = None,
    channel: str | None = None,
    fmt: str = "json",
    out: TextIO | None = None,
    err: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    """``greenroom export``: 0 with the figures on ``out``, 2 with one line on ``err``."""

    def make(db: Database) -> str:
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt} is not known: use json or csv.")
        scope = resolve(db, team=team, channel=channel, default_tz=settings.tz)
        now = (clock or SystemClock()).now()
        chosen = weeks(week=week, first=first, last=last, now=now, tz=scope.tz)
        exports = [week_metrics(db, settings, scope, iso) for iso in chosen]
        return to_csv(exports) if fmt == "csv" else to_json(exports, one=first is None)

    return report(settings, out, err, make)

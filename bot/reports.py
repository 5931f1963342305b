"""``greenroom digest preview``, the digest it and the bot build, and one week's export
figures (``greenroom export`` writes them out: ``bot.cli.export``).

The command-line functions write to the given streams (stdout/stderr by
default) and return the exit code: 0 on success, 2 when the input was wrong
(the message says what to type instead).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.settings import Settings
from rituals.clock import Clock, SystemClock
from rituals.digest import render_text
from rituals.errors import GreenroomError
from rituals.figures.reports import compute_week, digest_report
from rituals.metrics import IsoWeek
from rituals.scope import Scope, resolve, weeks
from storage.db import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Digest:
    """One week's digest content: its metrics, the week before, and the trend points."""

    metrics: dict[str, Any]
    previous: dict[str, Any]
    points: list[dict[str, Any]]

    def text(self) -> str:
        """The digest as plain text."""
        return render_text(self.metrics, self.previous)


def build_digest(
    db: Database,
    *,
    team_id: str,
    week: IsoWeek,
    tz: str,
    min_group: int,
    channel_id: str | None = None,
    now: datetime | None = None,
) -> Digest:
    """The week, the week before and the 8-week trend, figures released through the gate."""
    report = digest_report(
        db,
        team_id=team_id,
        week=week,
        tz=tz,
        min_group=min_group,
        now=now or SystemClock().now(),
        channel_id=channel_id,
    )
    return Digest(report.metrics, report.previous or {}, list(report.points))


def week_metrics(db: Database, settings: Settings, scope: Scope, week: IsoWeek) -> dict[str, Any]:
    """One week's figures in the export schema, for ``greenroom export``."""
    return compute_week(
        db,
        team_id=scope.team_id,
        week=week,
        channel_id=scope.channel_id,
        min_group=settings.min_group,
        tz=scope.tz,
    )


def fail(err: TextIO, message: str) -> int:
    """Say what was wrong on ``err``; the exit code of a wrong input (2)."""
    err.write(f"greenroom: {message}\n")
    return 2


def run_reporting(err: TextIO, work: Any) -> int:
    """Run a report; a domain error or a database without tables becomes one line and 2."""
    try:
        return int(work())
    except GreenroomError as exc:
        return fail(err, exc.message)
    except (OperationalError, ProgrammingError):
        logger.debug("database not ready", exc_info=True)
        return fail(
            err,
            "the database has no Greenroom tables yet (or cannot be reached): "
            "check DATABASE_URL and run `greenroom db upgrade`.",
        )


def write_utf8(out: TextIO, text: str) -> None:
    """UTF-8 whatever the terminal's locale: bytes when the stream has a buffer."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def report(
    settings: Settings, out: TextIO | None, err: TextIO | None, make: Callable[[Database], str]
) -> int:
    """Build a report's text on the database and print it: 0, or 2 with one line on ``err``."""

    def work() -> int:
        db = Database(settings.database_url)
        try:
            text = make(db)
        finally:
            db.dispose()
        write_utf8(out or sys.stdout, text)
        return 0

    return run_reporting(err or sys.stderr, work)


def digest_preview_command(
    settings: Settings,
    *,
    week: str | None = None,
    team: str | None = None,
    channel: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    """``greenroom digest preview``: the digest as text (default: the last complete week)."""

    def make(db: Database) -> str:
        scope = resolve(db, team=team, channel=channel, default_tz=settings.tz)
        now = (clock or SystemClock()).now()
        [chosen] = weeks(week=week, first=None, last=None, now=now, tz=scope.tz)
        return build_digest(
            db,
            team_id=scope.team_id,
            week=chosen,
            tz=scope.tz,
            min_group=settings.min_group,
            channel_id=scope.channel_id,
            now=now,
        ).text()

    return report(settings, out, err, make)

"""``greenroom export``, ``greenroom digest preview``, and the digest they and the bot build.

The command-line functions write to the given streams (stdout/stderr by
default) and return the exit code: 0 on success, 2 when the input was wrong
(the message says what to type instead).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.settings import Settings
from rituals.clock import Clock, SystemClock
from rituals.digest import render_text
from rituals.errors import GreenroomError, NotFound, UsageError
from rituals.figures.reports import compute_week, digest_report
from rituals.metrics import IsoWeek, last_complete_week, parse_week
from rituals.teams import zone_in
from storage.db import Database
from storage.models import Workspace

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


def zone_of(db: Database, settings: Settings, team_id: str) -> str:
    """The team's zone: set on the workspace, else GREENROOM_TZ."""
    with db.unit() as unit:
        return zone_in(unit, team_id, default=settings.tz)


def choose_team(db: Database, team: str | None) -> str:
    """The workspace to report on; with several in the database, ``team`` must name one."""
    with db.session() as session:
        rows = session.execute(
            select(Workspace.team_id, Workspace.name).order_by(Workspace.team_id)
        )
        known = {str(team_id): str(name or "") for team_id, name in rows}
    choices = ", ".join(f"{tid} ({name})" if name else tid for tid, name in known.items())
    if team:
        if team not in known:
            raise NotFound(
                f"No workspace {team} in this database"
                + (f"; it has {choices}." if known else ", which has no workspace yet.")
            )
        return team
    if not known:
        raise NotFound(
            "This database has no workspace yet: install the app in Slack "
            "(or run `greenroom demo`) and try again."
        )
    if len(known) > 1:
        raise UsageError(
            f"This database has several workspaces: {choices}. "
            f"Pick one with --team, e.g. --team {next(iter(known))}."
        )
    return next(iter(known))


def flatten(value: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts as one level with dotted keys (``pulse.by_role.sound.mean``)."""
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping):
            flat.update(flatten(item, f"{name}."))
        else:
            flat[name] = item
    return flat


def to_csv(metrics: Mapping[str, Any]) -> str:
    """The metrics as CSV: a header of dotted column names and one row (null → empty)."""
    flat = flatten(metrics)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(flat.keys())
    writer.writerow(["" if v is None else v for v in flat.values()])
    return buffer.getvalue()


def _fail(err: TextIO, message: str) -> int:
    err.write(f"greenroom: {message}\n")
    return 2


def _run(err: TextIO, work: Any) -> int:
    try:
        return int(work())
    except GreenroomError as exc:
        return _fail(err, exc.message)
    except (OperationalError, ProgrammingError):
        logger.debug("database not ready", exc_info=True)
        return _fail(
            err,
            "the database has no Greenroom tables yet (or cannot be reached): "
            "check DATABASE_URL and run `greenroom db upgrade`.",
        )


def export_command(
    settings: Settings,
    *,
    week: str,
    team: str | None = None,
    channel: str | None = None,
    fmt: str = "json",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """``greenroom export``: one week's metrics as JSON (the export schema) or one CSV row."""
    out, err = out or sys.stdout, err or sys.stderr

    def work() -> int:
        iso = parse_week(week)
        if fmt not in ("json", "csv"):
            raise UsageError(f"--format {fmt} is not known: use json or csv.")
        db = Database(settings.database_url)
        try:
            team_id = choose_team(db, team)
            metrics = compute_week(
                db,
                team_id=team_id,
                week=iso,
                channel_id=channel or None,
                min_group=settings.min_group,
                tz=zone_of(db, settings, team_id),
            )
        finally:
            db.dispose()
        if fmt == "csv":
            out.write(to_csv(metrics))
        else:
            out.write(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")
        return 0

    return _run(err, work)


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
    out, err = out or sys.stdout, err or sys.stderr

    def work() -> int:
        iso = parse_week(week) if week else None
        db = Database(settings.database_url)
        try:
            team_id = choose_team(db, team)
            tz = zone_of(db, settings, team_id)
            now = (clock or SystemClock()).now()
            chosen = iso or last_complete_week(now, tz)
            digest = build_digest(
                db,
                team_id=team_id,
                week=chosen,
                tz=tz,
                min_group=settings.min_group,
                channel_id=channel or None,
                now=now,
            )
        finally:
            db.dispose()
        out.write(digest.text())
        return 0

    return _run(err, work)

"""Text of the admin replies: the rituals list.

Pure functions of their inputs: no database, no client, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.scheduling import local_time

SCHEDULE_EXAMPLE = '`/greenroom pulse schedule "0 9 * * 1-5" #crew`'


@dataclass(frozen=True)
class RitualRow:
    """A ritual as the list shows it."""

    id: int
    kind: str
    channel_id: str | None
    cron: str
    tz: str
    paused: bool
    next_run_at: datetime | None
    config: dict[str, Any]


def _hours(minutes: int) -> str:
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} day" + ("s" if days != 1 else "")
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes} min"


def describe(kind: str, config: dict[str, Any]) -> str:
    """What a ritual of ``kind`` with ``config`` does, in one line."""
    if kind == "pulse":
        text = f"asks “{config.get('question') or 'the daily pulse question'}”"
        if config.get("window_hours"):
            text += f", answers open for {config['window_hours']}h"
        if config.get("local_time"):
            text += ", at each member's own local time"
        return text
    if kind == "shadow":
        size = config.get("size") or 2
        text = "pairs members across roles" if size == 2 else "groups members in threes"
        minutes = config.get("followup_minutes")
        if isinstance(minutes, int) and minutes > 0:
            text += f"; asks “Did you meet?” after {_hours(minutes)}"
        elif minutes == 0:
            text += "; asks “Did you meet?” at once"
        return text
    if kind == "checkin":
        return "posts an informal check-in question from the bank"
    if kind == "digest":
        return "posts the weekly cohesion digest"
    return f"runs {kind}"


def ritual_line(row: RitualRow, team_tz: str) -> str:
    """One ritual: id, kind, channel, cron, zone, next run or paused, and what it does."""
    where = f" in <#{row.channel_id}>" if row.channel_id else ""
    if row.paused:
        when = f"*paused* — `/greenroom resume {row.id}` to restart"
    elif row.next_run_at is None:
        when = "no further runs"
    else:
        when = f"next: {local_time(row.next_run_at, team_tz)}"
    return (
        f"*#{row.id}* {row.kind}{where} · `{row.cron}` ({row.tz}) · {when}\n"
        f"      {describe(row.kind, row.config)}"
    )


def rituals_text(rows: list[RitualRow], team_tz: str) -> str:
    """The ``/greenroom rituals`` reply."""
    if not rows:
        return f"No rituals are scheduled here yet. Start one with {SCHEDULE_EXAMPLE}."
    lines = [f"*Rituals* ({len(rows)}) — times in {team_tz}:"]
    lines += [ritual_line(row, team_tz) for row in rows]
    lines.append("Managers: `/greenroom pause <id>` · `resume <id>` · `delete <id>`")
    return "\n".join(lines)

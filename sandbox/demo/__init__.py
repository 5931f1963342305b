"""``greenroom demo``: a simulated crew's weeks of rituals against the Slack sandbox.

Writes to ``--out``: ``export-<week>.json`` per week, ``trend.png`` (the
8-week chart), ``transcript.html`` (what the bot posted, per channel) and the
SQLite database the bot used; prints the last digest.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bot.chart import render_trend
from rituals.metrics import parse_week
from sandbox.demo.driver import TEAM_TZ, Demo, DemoResult
from sandbox.demo.transcript import render
from storage.db import Database
from storage.metrics import compute_week, trend

logger = logging.getLogger(__name__)


def write_outputs(demo: Demo, result: DemoResult) -> str:
    """Exports, chart and transcript into ``result.out``; returns the last digest as text."""
    from bot.reports import build_digest

    db = Database(f"sqlite:///{result.out / 'greenroom-demo.db'}")
    try:
        for week in result.weeks:
            metrics = compute_week(db, team_id=result.team_id, week=week, tz=TEAM_TZ)
            (result.out / f"export-{week}.json").write_text(
                json.dumps(metrics, indent=2, sort_keys=True) + "\n"
            )
        last = parse_week(result.weeks[-1])
        points = trend(db, team_id=result.team_id, end_week=last, weeks=8, tz=TEAM_TZ)
        (result.out / "trend.png").write_bytes(render_trend(points))
        digest = build_digest(db, team_id=result.team_id, week=last, tz=TEAM_TZ, min_group=3)
    finally:
        db.dispose()
    ws = demo.ws
    names = {uid: user.real_name for uid, user in ws.users.items()}
    channels = [
        (
            f"#{ch.name}" if ch.kind in ("public", "private") else _dm_label(ch, names),
            ws.messages(cid),
        )
        for cid, ch in sorted(ws.channels.items(), key=lambda item: (item[1].kind, item[0]))
    ]
    page = render("Greenroom demo transcript", channels, names)
    (result.out / "transcript.html").write_text(page)
    return digest.text()


def _dm_label(channel: object, names: dict[str, str]) -> str:
    members = sorted(getattr(channel, "members", ()))
    people = ", ".join(names.get(m, m) for m in members if names.get(m) != "Greenroom")
    return f"DM: {people}"


def run_demo(*, members: int, weeks: int, seed: int, out: str | Path) -> int:
    """Run the demo and print the last digest; returns the exit code."""
    console = Console()
    if members < 4 or weeks < 1:
        console.print("greenroom demo needs --members 4 or more and --weeks 1 or more")
        return 2
    out_dir = Path(out).resolve()
    logging.getLogger().setLevel(logging.WARNING)
    with Progress(
        TextColumn("[bold]Simulating[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=weeks * 7)

        def advance(day: str) -> None:
            progress.update(task, description=day, advance=1)

        demo = Demo(members=members, weeks=weeks, seed=seed, out=out_dir, progress=advance)
        result = demo.run()
    text = write_outputs(demo, result)
    console.rule("Weekly cohesion digest")
    console.print(text, markup=False, highlight=False)
    console.rule()
    done = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(result.actions.items()))
    console.print(f"Simulated {members} people over {weeks} weeks: {done}.")
    console.print(
        f"Wrote {out_dir}/: export-<week>.json ×{len(result.weeks)}, trend.png, transcript.html"
    )
    return 0

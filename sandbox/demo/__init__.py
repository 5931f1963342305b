"""``greenroom demo``: a simulated crew's weeks of rituals against the Slack sandbox.

Writes to ``--out``: ``export-<week>.json`` per week, ``trend.png`` (the
8-week chart), ``transcript.html`` (what the bot posted, per channel) and the
SQLite database the bot used; prints the last digest.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from rituals.digest.chart import render_trend
from rituals.figures.reports import compute_week
from rituals.metrics import parse_week
from rituals.words import plural
from sandbox.demo.driver import TEAM_TZ, Demo, DemoResult
from sandbox.demo.transcript import render
from storage.db import Database

logger = logging.getLogger(__name__)


def write_outputs(demo: Demo, result: DemoResult) -> str:
    """Exports, chart and transcript into ``result.out``; returns the last digest as text."""
    from bot.reports import build_digest

    db = Database(f"sqlite:///{result.out / 'greenroom-demo.db'}")
    now = demo.clock.now()
    try:
        for week in result.weeks:
            metrics = compute_week(db, team_id=result.team_id, week=week, tz=TEAM_TZ, now=now)
            (result.out / f"export-{week}.json").write_text(
                json.dumps(metrics, indent=2, sort_keys=True) + "\n"
            )
        last = parse_week(result.weeks[-1])
        digest = build_digest(
            db, team_id=result.team_id, week=last, tz=TEAM_TZ, min_group=3, now=now
        )
        (result.out / "trend.png").write_bytes(render_trend(digest.points))
    finally:
        db.dispose()
    if demo.bot is not None:
        from sandbox.demo.serve import open_homes

        open_homes(demo)
    page = render(demo.ws, title="Greenroom demo transcript", tz=TEAM_TZ)
    (result.out / "transcript.html").write_text(page)
    return digest.text()


def run_demo(
    *,
    members: int,
    weeks: int,
    seed: int,
    out: str | Path,
    serve_port: int | None = None,
    wait: Callable[[], None] = lambda: None,
) -> int:
    """Run the demo and print the last digest; returns the exit code.

    With ``serve_port`` the sandbox's page stays open on the final state until ``wait``
    returns (Ctrl-C).
    """
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
        # Kept open so the transcript can show App Home as people open it, after the figures.
        result = demo.run(keep_open=True)
    try:
        text = write_outputs(demo, result)
        _report(console, demo, result, text)
        if serve_port is not None:
            _serve(console, demo, serve_port, wait)
    finally:
        demo.close()
    return 0


def _serve(console: Console, demo: Demo, port: int, wait: Callable[[], None]) -> None:
    from sandbox.demo.serve import serve

    served = serve(demo, port)
    try:
        console.print(
            f"The demo's final state is open at {served.url} — act as anyone, move the clock. "
            "Ctrl-C to stop."
        )
        wait()
    finally:
        served.close()


def _report(console: Console, demo: Demo, result: DemoResult, text: str) -> None:
    console.rule("Weekly cohesion digest")
    console.print(text, markup=False, highlight=False)
    console.rule()
    done = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(result.actions.items()))
    console.print(
        f"Simulated {plural(demo.members, 'person', 'people')} over "
        f"{plural(demo.weeks, 'week')}: {done}."
    )
    console.print(
        f"Wrote {result.out}/: export-<week>.json ×{len(result.weeks)}, trend.png, transcript.html"
    )

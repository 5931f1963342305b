"""What each ``greenroom`` subcommand does, given the settings and its parsed arguments."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable

from bot.settings import Settings

Command = Callable[[Settings, argparse.Namespace], int]


def run(settings: Settings, _args: argparse.Namespace) -> int:
    """Run the bot (HTTP on PORT, or Socket Mode when SLACK_APP_TOKEN is set)."""
    from bot.hosting.health import check_credentials
    from bot.hosting.run import run as serve

    settings.require_slack()
    check_credentials(settings)  # one line naming a refused token, before anything starts
    return serve(settings)


def db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    """Apply pending migrations, and say so in one line."""
    from storage.db import Database

    if settings.log_level != "DEBUG":  # Alembic announces every plugin and step at INFO
        logging.getLogger("alembic").setLevel(logging.WARNING)
    db = Database(settings.database_url)
    try:
        before = db.revision()
        db.upgrade()
        after = db.revision()
    finally:
        db.dispose()
    if before == after:
        print(f"database is up to date (migration {after})")
    else:
        print(f"database upgraded from migration {before or 'none'} to {after}")
    return 0


def sandbox(settings: Settings, args: argparse.Namespace) -> int:
    """Run the Slack sandbox with its web page, and the bot unless --bot-url names one."""
    from sandbox.runner import start

    tz = settings.tz if os.environ.get("GREENROOM_TZ") else "Europe/London"
    try:
        running = start(port=args.port, bot_url=args.bot_url, tz=tz)
    except OSError as exc:
        print(f"greenroom: cannot serve on port {args.port} ({exc}); try --port", file=sys.stderr)
        return 2
    print(running.sandbox.describe())
    print()
    print(f"Open {running.url} in your browser. Ctrl-C to stop.")
    wait_for_stop()
    running.close()
    return 0


def wait_for_stop() -> None:
    """Block until Ctrl-C or SIGTERM."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()


def demo(_settings: Settings, args: argparse.Namespace) -> int:
    """Run the demo."""
    from sandbox.demo import run_demo

    return run_demo(
        members=args.members,
        weeks=args.weeks,
        seed=args.seed,
        out=args.out,
        serve_port=args.port if args.serve else None,
        wait=wait_for_stop,
    )


def export(settings: Settings, args: argparse.Namespace) -> int:
    """Print the digest figures."""
    from bot.cli.export import export_command

    return export_command(
        settings,
        week=args.week,
        first=args.first,
        last=args.last,
        team=args.team,
        channel=args.channel,
        fmt=args.format,
    )


def digest_preview(settings: Settings, args: argparse.Namespace) -> int:
    """Print the digest as text."""
    from bot.reports import digest_preview_command

    return digest_preview_command(settings, week=args.week, team=args.team, channel=args.channel)


def purge(settings: Settings, args: argparse.Namespace) -> int:
    """Erase one workspace's data (only with --yes)."""
    from bot.reports import fail, run_reporting
    from rituals.purge import erase_workspace
    from storage.db import Database

    if not args.yes:
        return fail(
            sys.stderr, f"this erases everything stored for {args.team}. Add --yes to do it."
        )

    def work() -> int:
        db = Database(settings.database_url)
        try:
            erased = erase_workspace(db, args.team)
        finally:
            db.dispose()
        print(f"erased {erased.total} rows of {erased.team_id}")
        return 0

    return run_reporting(sys.stderr, work)


COMMANDS: dict[str, Command] = {
    "run": run,
    "db_upgrade": db_upgrade,
    "sandbox": sandbox,
    "demo": demo,
    "export": export,
    "digest_preview": digest_preview,
    "purge": purge,
}

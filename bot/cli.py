"""The ``greenroom`` command line: the only place that reads ``.env`` and prints."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from bot.settings import Settings, SettingsError, load_settings

logger = logging.getLogger("greenroom")


def _settings() -> Settings:
    from dotenv import load_dotenv

    load_dotenv(os.environ.get("GREENROOM_ENV_FILE", ".env"), override=False)
    return load_settings(os.environ)


def _logging(level: str) -> None:
    from bot.hosting.redaction import install

    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    install()  # no tokens or message text in the log, whatever the level


def cmd_run(settings: Settings, _args: argparse.Namespace) -> int:
    """Run the bot (HTTP on PORT, or Socket Mode when SLACK_APP_TOKEN is set)."""
    from bot.hosting.run import run

    settings.require_slack()
    return run(settings)


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """Apply migrations."""
    from storage.db import Database

    db = Database(settings.database_url)
    db.upgrade()
    print("database is up to date")
    return 0


def cmd_sandbox(settings: Settings, args: argparse.Namespace) -> int:
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
    _wait_for_stop()
    running.close()
    return 0


def _wait_for_stop() -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Run the demo."""
    from sandbox.demo import run_demo

    return run_demo(
        members=args.members,
        weeks=args.weeks,
        seed=args.seed,
        out=args.out,
        serve_port=args.port if args.serve else None,
        wait=_wait_for_stop,
    )


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    """Print the digest metrics."""
    from bot.reports import export_command

    return export_command(
        settings, week=args.week, team=args.team, channel=args.channel, fmt=args.format
    )


def cmd_digest(settings: Settings, args: argparse.Namespace) -> int:
    """Print the digest as text."""
    from bot.reports import digest_preview_command

    return digest_preview_command(settings, week=args.week, team=args.team, channel=args.channel)


def cmd_purge(settings: Settings, args: argparse.Namespace) -> int:
    """Erase one workspace's data."""
    from bot.purge import purge_team
    from storage.db import Database

    if not args.yes:
        print(
            f"This erases everything stored for {args.team}. Add --yes to do it.", file=sys.stderr
        )
        return 2
    counts = purge_team(Database(settings.database_url), args.team)
    print(f"erased {sum(counts.values())} rows of {args.team}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``greenroom``."""
    parser = argparse.ArgumentParser(
        prog="greenroom", description="Community rituals for production teams, in Slack."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="run the bot").set_defaults(func=cmd_run)

    demo = sub.add_parser(
        "demo", help="simulated weeks of rituals against the built-in Slack sandbox"
    )
    demo.add_argument("--members", type=int, default=40)
    demo.add_argument("--weeks", type=int, default=4)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--out", default="greenroom-demo")
    demo.add_argument(
        "--serve", action="store_true", help="then keep the sandbox's page open on the final state"
    )
    demo.add_argument("--port", type=int, default=3010, help="the page's port with --serve")
    demo.set_defaults(func=cmd_demo)

    db = sub.add_parser("db", help="database tasks")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply migrations").set_defaults(func=cmd_db)

    export = sub.add_parser("export", help="digest metrics for one ISO week")
    export.add_argument("--week", required=True, help="ISO week, e.g. 2026-W48")
    export.add_argument("--team")
    export.add_argument("--channel")
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.set_defaults(func=cmd_export)

    digest = sub.add_parser("digest", help="digest tasks")
    digest_sub = digest.add_subparsers(dest="digest_command", required=True)
    preview = digest_sub.add_parser("preview", help="the digest as text, without posting")
    preview.add_argument("--week")
    preview.add_argument("--team")
    preview.add_argument("--channel")
    preview.set_defaults(func=cmd_digest)

    purge = sub.add_parser("purge", help="erase everything stored for one workspace")
    purge.add_argument("--team", required=True)
    purge.add_argument("--yes", action="store_true", help="really erase")
    purge.set_defaults(func=cmd_purge)

    sandbox = sub.add_parser(
        "sandbox", help="a Slack-like page at http://127.0.0.1:PORT/ with the bot behind it"
    )
    sandbox.add_argument("--port", type=int, default=3010)
    sandbox.add_argument(
        "--bot-url", help="send events, commands and clicks to this bot instead of starting one"
    )
    sandbox.set_defaults(func=cmd_sandbox)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``greenroom`` console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = _settings()
        _logging(settings.log_level)
        result: Any = args.func(settings, args)
    except SettingsError as exc:
        print(f"greenroom: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(main())

"""The arguments of ``greenroom``: every option says what it does and its default."""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version

DESCRIPTION = "Community rituals for production teams, in Slack."
SETTINGS_NOTE = (
    "Settings come from the environment and from a .env file in the current directory "
    "(see .env.example): DATABASE_URL, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, "
    "SLACK_APP_TOKEN, SLACK_CLIENT_ID/SLACK_CLIENT_SECRET, PORT, GREENROOM_TZ, "
    "GREENROOM_MIN_GROUP, GREENROOM_LOG_LEVEL."
)


class _Help(argparse.HelpFormatter):
    """Each option's default after its help, unless the help already says it."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if not action.option_strings or "default" in text or action.default is argparse.SUPPRESS:
            return text
        if action.default is False:
            return f"{text} (default: off)"
        if action.default is None:
            return text
        return f"{text} (default: %(default)s)"


def package_version() -> str:
    """The installed version of Greenroom."""
    try:
        return version("greenroom")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, **kw: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=kw.get("description", summary),
        formatter_class=_Help,
        epilog=kw.get("epilog"),
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``greenroom``."""
    parser = argparse.ArgumentParser(
        prog="greenroom", description=DESCRIPTION, epilog=SETTINGS_NOTE, formatter_class=_Help
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"greenroom {package_version()}",
        help="print the version and exit",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _command(
        sub,
        "run",
        "run the bot",
        description="Run the bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT "
        "(POST /slack/events, GET /healthz). Applies pending migrations first.",
        epilog=SETTINGS_NOTE,
    ).set_defaults(func="run")
    _demo(sub)
    db = _command(sub, "db", "database tasks")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="TASK")
    _command(
        db_sub, "upgrade", "apply pending migrations to DATABASE_URL", epilog=SETTINGS_NOTE
    ).set_defaults(func="db_upgrade")
    _export(sub)
    _digest(sub)
    purge = _command(
        sub,
        "purge",
        "erase everything stored for one workspace",
        description="Erase every row of one workspace (its people, answers, rituals, retros, "
        "installation). Exits 2 without --yes, or when the database has no such workspace.",
    )
    purge.add_argument(
        "--team", required=True, metavar="T…", help="the workspace's team id (required)"
    )
    purge.add_argument(
        "--yes", action="store_true", help="really erase; without it nothing is done"
    )
    purge.set_defaults(func="purge")
    sandbox = _command(
        sub, "sandbox", "a Slack-like page at http://127.0.0.1:PORT/ with the bot behind it"
    )
    sandbox.add_argument("--port", type=int, default=3010, help="the page's port on 127.0.0.1")
    sandbox.add_argument(
        "--bot-url",
        metavar="URL",
        help="send events, commands and clicks to this bot instead of starting one "
        "(default: start one on an embedded database)",
    )
    sandbox.set_defaults(func="sandbox")
    return parser


def _demo(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = _command(sub, "demo", "simulated weeks of rituals against the built-in Slack sandbox")
    demo.add_argument(
        "--members", type=int, default=40, help="how many people the simulated crew has"
    )
    demo.add_argument("--weeks", type=int, default=4, help="how many weeks of rituals to simulate")
    demo.add_argument(
        "--seed", type=int, default=1, help="random seed: the same seed, the same run"
    )
    demo.add_argument(
        "--out",
        default="greenroom-demo",
        metavar="DIR",
        help="where the digest chart and transcript go",
    )
    demo.add_argument(
        "--serve", action="store_true", help="then keep the sandbox's page open on the final state"
    )
    demo.add_argument("--port", type=int, default=3010, help="the page's port with --serve")
    demo.set_defaults(func="demo")


def _scope(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--team",
        metavar="T…",
        help="the workspace's team id (default: the database's only workspace)",
    )
    command.add_argument(
        "--channel",
        metavar="C…",
        help="one channel's crew, by channel id (default: the whole workspace)",
    )


def _export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = _command(
        sub,
        "export",
        "the digest figures of a week or a range of weeks",
        description="Print the digest figures. JSON: one week object in the export schema, or "
        "a list of them for --from/--to. CSV: one row per figure (team_id, channel_id, week, "
        "metric, group, value), UTF-8 with a byte order mark; empty where withheld.",
    )
    weeks = export.add_mutually_exclusive_group()
    weeks.add_argument(
        "--week",
        metavar="YYYY-Www",
        help="one ISO week, e.g. 2026-W48 (default: the last complete week in the team's zone)",
    )
    weeks.add_argument(
        "--from",
        dest="first",
        metavar="YYYY-Www",
        help="the first week of a range, e.g. 2026-W40 (default: no range, one week)",
    )
    export.add_argument(
        "--to",
        dest="last",
        metavar="YYYY-Www",
        help="the last week of a range (with --from; default: the last complete week)",
    )
    _scope(export)
    export.add_argument("--format", choices=["json", "csv"], default="json", help="what to print")
    export.set_defaults(func="export")


def _digest(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    digest = _command(sub, "digest", "digest tasks")
    digest_sub = digest.add_subparsers(dest="digest_command", required=True, metavar="TASK")
    preview = _command(digest_sub, "preview", "the digest as text, without posting")
    preview.add_argument(
        "--week",
        metavar="YYYY-Www",
        help="ISO week, e.g. 2026-W48 (default: the last complete week in the team's zone)",
    )
    _scope(preview)
    preview.set_defaults(func="digest_preview")

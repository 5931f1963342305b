"""The command line explains itself: help and a default for every option, --version, one
line from ``db upgrade``, and ``purge`` of a workspace the database does not hold refused."""

from __future__ import annotations

import argparse
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.cli.parser import package_version
from storage.db import Database
from tests.bot.test_export_cli import GREENROOM


def run(
    *args: str, database_url: str = "sqlite://", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GREENROOM_", "SLACK_", "DATABASE"))
    }
    environ.update(DATABASE_URL=database_url, GREENROOM_ENV_FILE=os.devnull)
    return subprocess.run(
        [str(GREENROOM), *args], capture_output=True, text=True, env=environ, cwd=cwd, timeout=120
    )


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every (sub)command's words and parser."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


def test_every_option_has_help_and_says_its_default() -> None:
    checked = 0
    for path, parser in commands(build_parser()):
        formatter = parser._get_formatter()
        for action in parser._actions:
            if not action.option_strings or action.dest in ("help", "version"):
                continue
            said = formatter._get_help_string(action) or ""  # what --help prints, unexpanded
            assert action.help, (path, action.option_strings)
            assert "default" in said or "required" in said, (path, action.option_strings, said)
            checked += 1
    assert checked >= 19


def test_help_and_version_from_the_console_script() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"greenroom {package_version()}"
    assert package_version()[0].isdigit()
    run_help = run("run", "--help")
    assert run_help.returncode == 0 and ".env" in run_help.stdout
    assert "SLACK_BOT_TOKEN" in run_help.stdout
    export = run("export", "--help").stdout
    for option in ("--week", "--from", "--to", "--team", "--channel", "--format"):
        assert option in export
    assert "(default: json)" in export


def test_db_upgrade_says_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    first = run("db", "upgrade", database_url=url)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    [line] = first.stdout.splitlines()
    assert line.startswith("database upgraded from migration none to ")
    again = run("db", "upgrade", database_url=url)
    assert again.stderr == "" and again.stdout.startswith("database is up to date (migration ")
    assert len(again.stdout.splitlines()) == 1


def test_purge_of_an_unknown_workspace_fails(db: Database, tmp_path: Path) -> None:
    result = run("purge", "--team", "T404", "--yes", database_url=db.url, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        "greenroom: No workspace T404 in this database, which has no workspace yet."
    )
    unsure = run("purge", "--team", "T404", database_url=db.url, cwd=tmp_path)
    assert unsure.returncode == 2 and "--yes" in unsure.stderr


@pytest.mark.parametrize(
    "args", [("export", "--week", "2026-W48", "--from", "2026-W40"), ("nope",)]
)
def test_wrong_arguments_exit_2(args: tuple[str, ...]) -> None:
    assert run(*args).returncode == 2

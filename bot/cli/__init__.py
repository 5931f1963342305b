"""The ``greenroom`` command line: the only place that reads ``.env`` and prints.

``parser`` holds the arguments (each with its help and default), ``commands`` what each
subcommand does, ``export`` the export's formats.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from bot.cli.commands import COMMANDS
from bot.cli.parser import build_parser
from bot.settings import Settings, SettingsError, load_settings

__all__ = ["build_parser", "main"]


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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``greenroom`` console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = _settings()
        _logging(settings.log_level)
        return int(COMMANDS[args.func](settings, args) or 0)
    except SettingsError as exc:
        print(f"greenroom: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130

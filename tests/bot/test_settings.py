"""Settings: defaults, validation, and the one-line error at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


def test_defaults_match_the_contract() -> None:
    settings = load_settings({})
    assert settings.database_url == "sqlite:///greenroom.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.port == 3000
    assert settings.tz == "UTC"
    assert settings.min_group == 3
    assert settings.log_level == "INFO"
    assert not settings.oauth_enabled and not settings.socket_mode


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"PORT": "abc"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"GREENROOM_TZ": "Mars/Olympus"}, "GREENROOM_TZ"),
        ({"GREENROOM_MIN_GROUP": "2"}, "GREENROOM_MIN_GROUP"),
        ({"GREENROOM_LOG_LEVEL": "LOUD"}, "GREENROOM_LOG_LEVEL"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN"),
        ({"SLACK_API_URL": "ftp://x"}, "SLACK_API_URL"),
    ],
)
def test_malformed_settings_name_themselves(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(env)
    assert named in str(error.value)
    assert "\n" not in str(error.value)


def test_postgres_scheme_is_normalised_to_psycopg() -> None:
    settings = load_settings({"DATABASE_URL": "postgresql://u@h/db"})
    assert settings.database_url == "postgresql+psycopg://u@h/db"


def test_run_needs_slack_credentials() -> None:
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        load_settings({"SLACK_BOT_TOKEN": "xoxb-1"}).require_slack()
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN"):
        load_settings({"SLACK_SIGNING_SECRET": "s"}).require_slack()
    load_settings({"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1", "SLACK_CLIENT_SECRET": "2"})


@pytest.mark.parametrize(
    ("given", "missing"),
    [("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"), ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID")],
)
def test_half_an_oauth_pair_names_the_missing_half(given: str, missing: str) -> None:
    settings = load_settings({"SLACK_SIGNING_SECRET": "s", given: "x"})
    with pytest.raises(SettingsError, match=f"^{given} is set but {missing} is not"):
        settings.require_slack()


@pytest.mark.parametrize(
    ("env", "named"),
    [({"PORT": "abc"}, "PORT"), ({}, "SLACK_SIGNING_SECRET")],
)
def test_bad_setting_stops_start_up_with_one_line(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GREENROOM_"))}
    clean.update(env, DATABASE_URL=f"sqlite:///{tmp_path / 'g.db'}", SLACK_BOT_TOKEN="xoxb-1")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]
    assert "Traceback" not in result.stderr

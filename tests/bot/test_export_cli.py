"""`greenroom export` and `greenroom digest preview` as a user runs them, on a real database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.cli.export import export_command
from bot.reports import digest_preview_command
from bot.settings import Settings
from rituals.clock import FakeClock
from storage.db import Database
from tests.storage.test_metrics import CREW, seed_scripted_week, seed_second_workspace

GREENROOM = Path(sys.executable).with_name("greenroom")

NULLABLE_NUMBER = {"type": ["number", "null"]}
COUNT = {"type": "integer", "minimum": 0}
EXPORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "team_id",
        "channel_id",
        "week",
        "period",
        "members",
        "pulse",
        "shadowing",
        "retros",
        "interactions",
        "cohesion_score",
    ],
    "properties": {
        "team_id": {"type": "string", "pattern": "^T"},
        "channel_id": {"type": ["string", "null"]},
        "week": {"type": "string", "pattern": r"^\d{4}-W\d{2}$"},
        "period": {
            "type": "object",
            "required": ["start", "end"],
            "properties": {"start": {"type": "string"}, "end": {"type": "string"}},
        },
        "members": COUNT,
        "pulse": {
            "type": "object",
            "required": [
                "prompted",
                "responses",
                "response_rate",
                "mean",
                "previous_mean",
                "distribution",
                "by_role",
            ],
            "properties": {
                "prompted": COUNT,
                "responses": COUNT,
                "response_rate": NULLABLE_NUMBER,
                "mean": NULLABLE_NUMBER,
                "previous_mean": NULLABLE_NUMBER,
                "distribution": {
                    "type": "object",
                    "required": ["1", "2", "3", "4", "5"],
                    "additionalProperties": False,
                    "patternProperties": {"^[1-5]$": {"type": ["integer", "null"]}},
                },
                "by_role": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["responses", "mean"],
                        "properties": {
                            "responses": {"type": ["integer", "null"]},
                            "mean": NULLABLE_NUMBER,
                        },
                    },
                },
            },
        },
        "shadowing": {
            "type": "object",
            "required": ["pairs", "cross_role_pairs", "met", "completion_rate"],
            "properties": {
                "pairs": COUNT,
                "cross_role_pairs": COUNT,
                "met": COUNT,
                "completion_rate": NULLABLE_NUMBER,
            },
        },
        "retros": {
            "type": "object",
            "required": ["held", "cards", "action_items_open", "action_items_done"],
            "properties": {
                "held": COUNT,
                "cards": COUNT,
                "action_items_open": COUNT,
                "action_items_done": COUNT,
            },
        },
        "interactions": {
            "type": "object",
            "required": ["reactions", "replies", "cross_role_share"],
            "properties": {
                "reactions": COUNT,
                "replies": COUNT,
                "cross_role_share": NULLABLE_NUMBER,
            },
        },
        "cohesion_score": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
    },
}


def greenroom(
    db: Database, tmp_path: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the console script against ``db`` from an empty directory (no .env)."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GREENROOM_", "SLACK_", "DATABASE_"))
    }
    environ.update(DATABASE_URL=db.url, GREENROOM_ENV_FILE=str(tmp_path / "none.env"), **env)
    return subprocess.run(
        [str(GREENROOM), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environ,
        timeout=120,
        check=False,
    )


@pytest.fixture
def one_team(db: Database) -> Database:
    with db.session() as session:
        seed_scripted_week(session)
    return db


@pytest.fixture
def two_teams(one_team: Database) -> Database:
    with one_team.session() as session:
        seed_second_workspace(session)
    return one_team


def test_export_prints_the_schema_as_json(one_team: Database, tmp_path: Path) -> None:
    result = greenroom(one_team, tmp_path, "export", "--week", "2026-W48", "--channel", CREW)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, EXPORT_SCHEMA)
    assert (data["team_id"], data["channel_id"], data["week"]) == ("T1", CREW, "2026-W48")
    assert data["pulse"]["responses"] == 11
    # no answer follows from the distribution of 11 answers by 9 people: shown whole
    assert data["pulse"]["distribution"] == {"1": 1, "2": 0, "3": 3, "4": 4, "5": 3}
    # sound has 3 people: a role's mean needs more than min_group (the viewer's own answer
    # never counts), so it is null, with the reason
    assert data["pulse"]["by_role"]["sound"] == {"responses": 3, "mean": None}
    assert data["pulse"]["withheld"]["by_role.sound"] == "fewer than 4 people answered"
    assert data["shadowing"]["pairs"] == 3
    assert data["cohesion_score"] == 58


def test_several_workspaces_need_team(two_teams: Database, tmp_path: Path) -> None:
    result = greenroom(two_teams, tmp_path, "export", "--week", "2026-W48")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "several workspaces: T1 (T1), T2 (T2)" in result.stderr
    assert "--team" in result.stderr

    result = greenroom(two_teams, tmp_path, "export", "--week", "2026-W48", "--team", "T7")
    assert result.returncode == 2
    assert "No workspace T7 in this database; it has T1 (T1), T2 (T2)." in result.stderr


def test_bad_week_is_explained(one_team: Database, tmp_path: Path) -> None:
    result = greenroom(one_team, tmp_path, "export", "--week", "2025-W53")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "greenroom: `2025-W53`: weeks of 2025 run from W01 to W52 (2025 has no week 53)."
    )


def test_min_group_comes_from_the_environment(one_team: Database, tmp_path: Path) -> None:
    result = greenroom(
        one_team,
        tmp_path,
        "export",
        "--week",
        "2026-W48",
        "--channel",
        CREW,
        GREENROOM_MIN_GROUP="4",
    )
    assert result.returncode == 0, result.stderr
    pulse = json.loads(result.stdout)["pulse"]
    assert pulse["distribution"] == {"1": 1, "2": 0, "3": 3, "4": 4, "5": 3}  # 9 people
    assert pulse["by_role"]["lighting"] == {"responses": 6, "mean": None}  # 4 people, not 5
    assert pulse["withheld"]["by_role.lighting"] == "fewer than 5 people answered"


def test_digest_preview_prints_text(two_teams: Database, tmp_path: Path) -> None:
    result = greenroom(
        two_teams, tmp_path, "digest", "preview", "--week", "2026-W48", "--team", "T1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Cohesion digest — whole workspace — 2026-W48 (23–29 Nov 2026)\n"
    )
    assert "Pulse mean: 3.5 / 5" in result.stdout
    assert "camera: not enough answers" in result.stdout
    assert "What to try next: " in result.stdout


def test_digest_preview_defaults_to_the_last_complete_week(one_team: Database) -> None:
    out, err = io.StringIO(), io.StringIO()
    # Monday 30 Nov 03:00 UTC is still Sunday in New York (the team zone): W47 is the last.
    clock = FakeClock(datetime(2026, 11, 30, 3, tzinfo=UTC))
    settings = Settings(database_url=one_team.url)
    assert digest_preview_command(settings, out=out, err=err, clock=clock) == 0
    assert out.getvalue().startswith("Cohesion digest — whole workspace — 2026-W47 ")
    clock.set(datetime(2026, 11, 30, 6, tzinfo=UTC))
    out = io.StringIO()
    assert digest_preview_command(settings, out=out, err=err, clock=clock) == 0
    assert out.getvalue().startswith("Cohesion digest — whole workspace — 2026-W48 ")
    assert err.getvalue() == ""


def test_empty_or_unmigrated_databases_are_explained(db: Database, tmp_path: Path) -> None:
    err = io.StringIO()
    settings = Settings(database_url=db.url)
    assert export_command(settings, week="2026-W48", out=io.StringIO(), err=err) == 2
    assert "no workspace yet" in err.getvalue()

    bare = Settings(database_url=f"sqlite:///{tmp_path / 'bare.db'}")
    err = io.StringIO()
    assert export_command(bare, week="2026-W48", out=io.StringIO(), err=err) == 2
    assert "run `greenroom db upgrade`" in err.getvalue()

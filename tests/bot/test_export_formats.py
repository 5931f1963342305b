"""`greenroom export` files that open cleanly: long CSV with a BOM (read back with Python's
csv module and with LibreOffice), week ranges, the default week, the team's zone, and
unknown channels or teams refused."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sqlalchemy import update

from bot.cli.export import COLUMNS, export_command, long_rows
from bot.settings import Settings
from rituals.clock import FakeClock
from storage.db import Database
from storage.models import Member
from tests.bot.test_export_cli import EXPORT_SCHEMA, GREENROOM
from tests.storage.test_metrics import CREW, seed_scripted_week, seed_second_workspace


def greenroom(db: Database, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The console script as an operator runs it, its output kept as bytes."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GREENROOM_", "SLACK_", "DATABASE"))
    }
    environ.update(DATABASE_URL=db.url, GREENROOM_ENV_FILE=os.devnull)
    return subprocess.run(
        [str(GREENROOM), *args], capture_output=True, cwd=tmp_path, env=environ, timeout=120
    )


@pytest.fixture
def crews(db: Database) -> Database:
    """Two workspaces; T1's lighting department is called "décor" (to check the encoding)."""
    with db.session() as session:
        seed_scripted_week(session)
        seed_second_workspace(session)
        session.execute(
            update(Member)
            .where(Member.team_id == "T1", Member.role == "lighting")
            .values(role="décor")
        )
    return db


def csv_export(db: Database, tmp_path: Path, *args: str) -> bytes:
    result = greenroom(db, tmp_path, "export", "--team", "T1", "--format", "csv", *args)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def test_csv_is_long_utf8_with_a_bom_and_matches_the_json(crews: Database, tmp_path: Path) -> None:
    raw = csv_export(crews, tmp_path, "--week", "2026-W48")
    assert raw.startswith(b"\xef\xbb\xbfteam_id,channel_id,week,metric,group,value\r\n")
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(header) == COLUMNS
    assert {len(row) for row in rows} == {6}
    by_key = {(r[3], r[4]): r for r in rows}
    assert {r[:3] for r in map(tuple, rows)} == {("T1", "", "2026-W48")}  # channel: whole team
    assert by_key[("pulse.prompted", "")][5] == "49"
    assert by_key[("pulse.distribution", "3")][5] == "3"
    assert by_key[("pulse.distribution", "1")][5] == "1"  # nobody's answer follows from it
    assert by_key[("pulse.by_role.mean", "décor")][5] == str(round(29 / 8, 1))
    assert by_key[("pulse.by_role.responses", "camera")][5] == "2"
    assert by_key[("pulse.by_role.mean", "camera")][5] == ""  # two people: withheld, empty
    assert by_key[("interactions.cross_role_share", "")][5] == str(round(4 / 7, 3))
    assert by_key[("period.tz", "")][5] == "America/New_York"
    # one row per figure of the JSON export, whatever roles the crew has
    week = json.loads(
        greenroom(crews, tmp_path, "export", "--week", "2026-W48", "--team", "T1").stdout
    )
    assert len(rows) == len(list(long_rows(week)))
    assert len({(r[3], r[4]) for r in rows}) == len(rows)


def test_libreoffice_opens_the_csv_with_the_same_cells(crews: Database, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (Debian's libreoffice-calc-nogui) is not installed here")
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "export.csv"
    path.write_bytes(csv_export(crews, tmp_path, "--week", "2026-W48"))
    # Headless conversion does not sniff the charset (the import dialog does, from the BOM):
    # name UTF-8 as a person would pick it, and check that the BOM does not leak into a cell.
    converted = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=180,
    )
    assert converted.returncode == 0, converted.stderr
    sheet = openpyxl.load_workbook(tmp_path / "export.xlsx").active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    written = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    assert len(cells) == len(written) and cells[0] == list(COLUMNS)

    def typed(text: str) -> Any:
        if text == "":
            return None
        try:
            return float(text)
        except ValueError:
            return text

    for got, want in zip(cells[1:], written[1:], strict=True):
        assert [typed(str(v)) if v is not None else None for v in got] == [typed(w) for w in want]
    assert any(row[4] == "décor" for row in cells)
    assert any(isinstance(row[5], int | float) for row in cells)  # figures are numbers


def test_a_range_is_a_list_of_weeks_in_json_and_rows_in_csv(
    crews: Database, tmp_path: Path
) -> None:
    result = greenroom(
        crews, tmp_path, "export", "--team", "T1", "--from", "2026-W46", "--to", "2026-W48"
    )
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert [week["week"] for week in data] == ["2026-W46", "2026-W47", "2026-W48"]
    for week in data:
        jsonschema.validate(week, EXPORT_SCHEMA)
    raw = csv_export(crews, tmp_path, "--from", "2026-W47", "--to", "2026-W48")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {row["week"] for row in rows} == {"2026-W47", "2026-W48"}
    across_years = greenroom(
        crews, tmp_path, "export", "--team", "T2", "--from", "2026-W52", "--to", "2027-W02"
    )
    assert [w["week"] for w in json.loads(across_years.stdout)] == [
        "2026-W52",
        "2026-W53",
        "2027-W01",
        "2027-W02",
    ]


def test_the_default_week_is_the_last_complete_one_in_the_workspace_zone(crews: Database) -> None:
    # Monday 30 Nov 03:00 UTC: already Monday in Tokyo (GREENROOM_TZ), still Sunday in
    # New York (T1's own zone): the week of 23 Nov is not complete there yet.
    settings = Settings(database_url=crews.url, tz="Asia/Tokyo")
    clock = FakeClock(datetime(2026, 11, 30, 3, tzinfo=UTC))
    out, err = io.StringIO(), io.StringIO()
    assert export_command(settings, team="T1", out=out, err=err, clock=clock) == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert data["week"] == "2026-W47"
    assert data["period"] == {
        "start": "2026-11-16T00:00:00-05:00",
        "end": "2026-11-23T00:00:00-05:00",
        "tz": "America/New_York",
    }
    clock.set(datetime(2026, 11, 30, 6, tzinfo=UTC))
    out = io.StringIO()
    assert export_command(settings, team="T1", out=out, err=err, clock=clock) == 0
    assert json.loads(out.getvalue())["week"] == "2026-W48"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--channel", "C404"), "No channel C404 in the data of T1; it has "),
        (("--week", "2026-W48", "--to", "2026-W49"), "either --week or --from/--to"),
        (("--to", "2026-W48"), "--to needs --from"),
        (("--from", "2026-W48", "--to", "2026-W40"), "--from 2026-W48 is after --to 2026-W40"),
        (("--from", "2000-W01", "--to", "2026-W48"), "more than 260 weeks"),
    ],
)
def test_wrong_scopes_are_refused_in_one_line(
    crews: Database, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    result = greenroom(crews, tmp_path, "export", "--team", "T1", *args)
    assert result.returncode == 2 and result.stdout == b""
    [line] = result.stderr.decode().splitlines()
    assert line.startswith("greenroom: ") and said in line


def test_a_known_channel_is_exported(crews: Database, tmp_path: Path) -> None:
    result = greenroom(
        crews, tmp_path, "export", "--team", "T1", "--week", "2026-W48", "--channel", CREW
    )
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["channel_id"] == CREW

"""``python -m benchmarks --quick`` runs every benchmark and prints one JSON document.

Shapes only, never speed: the quick run happens once, on SQLite, in a child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="the quick benchmark runs on its own SQLite files; the SQLite pass covers it",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--no-postgres", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    printed = json.loads(child.stdout)
    assert json.loads(out.read_text()) == printed
    return dict(printed)


def test_every_section_ran_without_error(report: dict[str, Any]) -> None:
    assert report["quick"] is True
    for name in ("footprint", "ack", "fanout", "channel_pulse", "restart", "pairing", "digest"):
        assert isinstance(report[name], dict), name
        assert "error" not in report[name], report[name].get("error")
        assert report[name]["benchmark_seconds"] >= 0
    assert isinstance(report["total_seconds"], float)


def test_machine_says_what_it_ran_on(report: dict[str, Any]) -> None:
    machine = report["machine"]
    assert isinstance(machine["cpu_count"], int) and machine["cpu_count"] >= 1
    assert isinstance(machine["cpu_model"], str) and machine["cpu_model"]
    assert machine["python"].startswith("CPython") or machine["python"]
    assert len(machine["load_average_at_start"]) == 3
    assert set(machine["packages"]) >= {"gunicorn", "slack_bolt", "SQLAlchemy"}


def test_footprint_shape(report: dict[str, Any]) -> None:
    footprint = report["footprint"]
    started = footprint["seconds_to_healthy"]
    assert started["first_start_with_migrations"] > 0 and started["restart_median"] > 0
    memory = footprint["idle_memory_mb"]
    assert memory["processes"] == 1  # one worker serves in process: no gunicorn master
    assert memory["rss_mb"] > 0 and memory["pss_mb"] > 0
    assert set(footprint["target_met"]) == {"rss", "start"}


def test_ack_compares_greenroom_with_bare_bolt_on_valid_clicks(report: dict[str, Any]) -> None:
    ack = report["ack"]
    assert ack["concurrency"] == 16 and ack["offered_rate"] == 200.0
    result = ack["databases"]["sqlite"]
    for server in ("greenroom", "bare_bolt", "bare_bolt_response_url"):
        for mode in ("closed", "open"):
            run = result[server][mode]
            assert run["requests"] > 0 and run["errors"] == 0
            assert run["statuses"] == {"200": run["requests"]}
            assert isinstance(run["latency_ms"]["p99"], float)
            assert isinstance(run["requests_per_second"], float)
    assert isinstance(result["ratio_to_bare_bolt"], float)
    assert isinstance(result["ratio_to_bare_bolt_response_url"], float)
    assert isinstance(result["p99_ms_at_200_rps"], float)
    assert result["answers_stored"] == result["members_clicking"] > 0
    assert isinstance(result["target_met"], bool)


@pytest.mark.parametrize(
    ("case", "prompts", "bound"), [("300_per_minute", 60, 12.0), ("100_per_second", 500, 5.0)]
)
def test_fanout_reaches_everyone_once(
    report: dict[str, Any], case: str, prompts: int, bound: float
) -> None:
    fanout = report["fanout"]
    assert fanout["limits"]["chat.postMessage_workspace_per_second"][case] == prompts / bound
    result = fanout["databases"]["sqlite"][case]
    assert result["prompts"] == prompts
    assert result["duplicates"] == 0 and result["misses"] == 0
    assert result["deliveries_by_status"] == {"sent": prompts}
    assert isinstance(result["rate_limited_429"], int)
    assert result["wall_seconds"] > 0 and result["lower_bound_seconds"] == bound
    assert isinstance(result["ratio_to_bound"], float)


def test_restart_takes_over_and_prompts_everyone_once(report: dict[str, Any]) -> None:
    restart = report["restart"]["databases"]["sqlite"]["restart"]
    assert restart["duplicates"] == 0 and restart["misses"] == 0
    assert isinstance(restart["takeover_seconds"], float)
    assert restart["restart_seconds_to_healthy"] > 0


def test_digest_and_pairing_sections(report: dict[str, Any]) -> None:
    digest = report["digest"]["databases"]["sqlite"]
    assert digest["quick"] is True and "compute_week_seconds" in digest
    assert report["pairing"]["benchmark"] == "pairing"


def test_the_readme_section_is_generated_from_the_report(report: dict[str, Any]) -> None:
    from benchmarks.readme import HEADING, replace_section, section

    text = section(report, "benchmarks/results/quick.json")
    assert text.startswith(HEADING) and "| What | SQLite | PostgreSQL | Target |" in text
    assert "load average" in text and "(met)" in text or "(**missed**)" in text
    readme = f"# Greenroom\n\n{HEADING}\n\nold figures\n\n## Next\n\nkept\n"
    replaced = replace_section(readme, text)
    assert "old figures" not in replaced and replaced.endswith("## Next\n\nkept\n")

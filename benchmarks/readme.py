"""``python -m benchmarks.readme RESULTS.json [--readme README.md]``: the README's Performance
section, regenerated from a results file of ``python -m benchmarks``.

Everything in the section comes from the file: the machine and the load average during the
run, each figure per database, its target and whether it was met — a miss is written as a
miss — and what the figures mean for a team of 50, 500 and 10,000.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.readme_rows import (
    ack_rows,
    channel_rows,
    digest_rows,
    fanout_rows,
    number,
    restart_rows,
    row,
    verdict,
)
from benchmarks.readme_text import meaning, notes, rerun

HEADING = "## Performance"


def _other_rows(report: dict[str, Any]) -> list[str]:
    rows = []
    pairing = report.get("pairing") or {}
    if pairing.get("results"):
        cells = " / ".join(f"{number(r['seconds'], 3, 's')}" for r in pairing["results"])
        sizes = " / ".join(f"{r['members']:,}" for r in pairing["results"])
        rows.append(row(f"**Pairing** {sizes} members, 52 rounds of history", [cells, ""], "≤ 2 s"))
    footprint = report.get("footprint") or {}
    if "seconds_to_healthy" in footprint:
        started, memory, target = (
            footprint["seconds_to_healthy"],
            footprint["idle_memory_mb"],
            footprint["target"],
        )
        rows.append(
            row(
                "**Start-up**: `greenroom run` to `/healthz` 200 (the CPU time it took)",
                [
                    f"{number(started['restart_median'], 2, 's')}"
                    f"{verdict(footprint['target_met']['start'])} "
                    f"(CPU {number(started.get('cpu_seconds_restart_median'), 2, 's')})",
                    "",
                ],
                f"≤ {target['seconds_to_healthy']:g} s",
            )
        )
        rows.append(
            row(
                f"idle memory, {memory['processes']} process(es): RSS / PSS",
                [
                    f"{memory['rss_mb']:.0f} MB{verdict(footprint['target_met']['rss'])}"
                    f" / {memory['pss_mb']:.0f} MB",
                    "",
                ],
                f"≤ {target['rss_mb']:g} MB RSS",
            )
        )
    return rows


def machine_text(report: dict[str, Any]) -> str:
    """The machine and how busy it was."""
    m = report["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    start, end = m["load_average_at_start"], m.get("load_average_at_end") or ["?"] * 3
    return (
        f"**Machine.** {m['cpu_count']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB RAM, "
        f"{m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql'] or '–'} on the same "
        f"host; {packages}. The server under test, the Slack sandbox and the load generator share "
        f"the CPUs, and other work ran on the machine during the run: load average (1, 5, 15 min) "
        f"{', '.join(map(str, start))} at the start and {', '.join(map(str, end))} at the end "
        f'(`uptime`: "{m.get("uptime_at_start", "?")}" / "{m.get("uptime_at_end", "?")}"), '
        "on 2 CPUs. Treat absolute figures as a floor; the ratios to baselines measured in the "
        "same run and the CPU time per request are the comparable ones."
    )


def section(report: dict[str, Any], results_path: str) -> str:
    """The whole Performance section as Markdown."""
    rows = [
        "| What | SQLite | PostgreSQL | Target |",
        "|---|---|---|---|",
        *ack_rows(report.get("ack")),
        *fanout_rows(report.get("fanout")),
        *channel_rows(report.get("channel_pulse")),
        *restart_rows(report.get("restart")),
        *digest_rows(report.get("digest")),
        *_other_rows(report),
    ]
    intro = (
        "`python -m benchmarks` measures the bot the way it runs in production and prints one "
        "JSON document; every compared figure is a ratio against a baseline measured in the same "
        f"run. The figures below are [`{results_path}`]({results_path}), and this section is "
        f"generated from it (`python -m benchmarks.readme {results_path}`)."
    )
    parts = [
        HEADING,
        intro,
        machine_text(report),
        "\n".join(rows),
        notes(report),
        rerun(),
        meaning(report),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def replace_section(readme: str, new: str) -> str:
    """``readme`` with its Performance section (up to the next ``## `` heading) replaced."""
    found = re.search(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", readme, flags=re.S | re.M)
    if found is None:
        return readme.rstrip("\n") + "\n\n" + new
    tail = readme[found.end() :]
    return readme[: found.start()] + new + ("\n" + tail if tail else "")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.readme", description=__doc__)
    parser.add_argument("results", type=Path)
    parser.add_argument("--readme", type=Path, default=Path("README.md"))
    args = parser.parse_args(argv)
    import json

    report = json.loads(args.results.read_text(encoding="utf-8"))
    text = args.readme.read_text(encoding="utf-8")
    args.readme.write_text(
        replace_section(text, section(report, args.results.as_posix())), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

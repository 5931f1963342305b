"""The prose of the README's Performance section, with its numbers taken from a results file."""

from __future__ import annotations

from typing import Any


def _get(report: dict[str, Any], *path: str) -> Any:
    value: Any = report
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes < 60 else f"{minutes / 60:.1f} h"


def _click_capacity(report: dict[str, Any]) -> float | None:
    found = [
        r["greenroom"]["closed"]["requests_per_second"]
        for r in (_get(report, "ack", "databases") or {}).values()
    ]
    return min(found) if found else None


def notes(report: dict[str, Any]) -> str:
    """What the click figures are made of, and what was missed."""
    ack = _get(report, "ack", "databases") or {}
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    missed = [names.get(name, name) for name, r in ack.items() if not r.get("target_met")]
    lines = [
        "**The click.** Greenroom checks the signature, decodes the form body in C, runs one "
        "middleware (workspace, text when the raw body shows any to clean, repeated events), "
        "matches the answer buttons with the first listener it tries, and stores the answer: "
        "on PostgreSQL in one statement that reads the member's pulse messages, writes and "
        "commits by itself (no BEGIN or COMMIT round trip), on SQLite with one read and one "
        "upsert in a transaction; then it acks. "
        "The DM's confirmation (`chat.update`) follows on a thread of its own, paced at 50 a "
        "second after a burst of 50: the clicks of one person waiting there become one update, "
        "so a burst costs fewer calls, and the confirmations catch up after it (the row "
        "above). The bare Bolt baseline that confirms through `response_url` shows what a "
        "confirmation costs by itself."
    ]
    if missed:
        lines.append(
            f"Missed on {', '.join(missed)}: a click still costs more CPU than bare Bolt's "
            "(the answer's read and write with its commit, and the confirmations), and on "
            "PostgreSQL the database server shares the two CPUs with the bot, the sandbox and "
            "the load generator; bare Bolt does no database work at all."
        )
    again, first = _get(report, "ack", "run_separately"), _get(report, "ack", "first_attempt")
    if again and first:
        before = "; ".join(
            f"{name}: {r['ratio_to_bare_bolt']:.2f}× bare Bolt, p99 "
            f"{r['p99_ms_at_200_rps']:.0f} ms at 200/s "
            f"(bare Bolt {r['bare_bolt_p99_ms_at_200_rps']:.0f} ms)"
            for name, r in first["databases"].items()
        )
        lines.append(
            "**The click figures** come from that section run alone right after the full run, "
            f"at a load average of {', '.join(map(str, again['load_average_at_start']))} "
            f"(end: {', '.join(map(str, again['load_average_at_end']))}). In the full run, at "
            f"{', '.join(map(str, first['load_average_at_start_of_full_run']))}, they were "
            f"{before}; both are in the results file."
        )
    separately = _get(report, "fanout", "run_separately")
    if separately:
        lines.append(
            f"**The fan-out** figures come from a run of that section alone right after the full "
            f"run ({separately['reason']}); load average "
            f"{', '.join(map(str, separately['load_average_at_start']))} at its start and "
            f"{', '.join(map(str, separately['load_average_at_end']))} at its end."
        )
    started = _get(report, "footprint", "seconds_to_healthy")
    if started and started.get("cpu_seconds_restart_median") is not None:
        lines.append(
            f"**Start-up** took {started['cpu_seconds_restart_median']:.2f} s of CPU time (the "
            "migration child's included); the wall-clock time also depends on what else the "
            "machine is doing. One process serves: migrations run in a forked child while the "
            "app imports, and no gunicorn master holds a second copy of the interpreter."
        )
    digest = _get(report, "digest")
    if digest:
        notes = [
            f"{entry['note']}."
            for entry in (_get(report, "digest", "databases") or {}).values()
            if isinstance(entry, dict) and entry.get("note")
        ]
        lines.append(
            " ".join(
                [
                    "**The digest** releases every pulse figure through the privacy gate, which "
                    "checks it against everything shown before (the week's ledger). The first "
                    "time a week's figures are asked for, the gate decides each of them and "
                    "stores what it released (the ledger keeps a week's answers packed in a few "
                    "rows and each answer set in one); later asks read a closed week's figures "
                    "back. A weekly digest meets one new week at a time, so it costs about the "
                    "first week's figures plus the rest of a steady digest; the first full "
                    "digest row decides all eight weeks of the trend at once.",
                    *notes,
                ]
            )
        )
    return "\n\n".join(lines)


def rerun() -> str:
    """How to run it again."""
    return (
        "**Rerun.**\n```\n"
        "python -m benchmarks --out benchmarks/results/$(date +%F).json   # full, both databases\n"
        "python -m benchmarks.readme benchmarks/results/$(date +%F).json  # this section\n"
        "python -m benchmarks --quick                                     # about two minutes\n"
        "python -m benchmarks --no-postgres                               # SQLite only\n"
        "```"
    )


def meaning(report: dict[str, Any]) -> str:
    """What the figures mean for a team of 50, 500 and 10,000."""
    ratio = _get(report, "fanout", "databases", "sqlite", "300_per_minute", "ratio_to_bound") or 1.0
    per_second = 5.0  # a workspace ceiling of 300 chat.postMessage a minute

    def dms(people: int) -> str:
        return _duration(people / per_second * ratio)

    capacity = _click_capacity(report)
    clicks = f"{capacity:,.0f}" if capacity else "?"
    channel = _get(report, "channel_pulse", "databases", "sqlite") or {}
    full_digest = [
        r["digest_render_seconds"]["median"]
        for r in (_get(report, "digest", "databases") or {}).values()
        if isinstance(r, dict) and "digest_render_seconds" in r
    ]
    digest = f"{min(full_digest):.1f}–{max(full_digest):.1f} seconds" if full_digest else "seconds"
    lines = [
        "**What it means for a team.** Slack lets a workspace post about one message a second "
        "per channel and several hundred a minute overall; at 300 a minute:",
        f"- **50 people.** The pulse DMs reach everyone in about {dms(50)}; a whole crew "
        "clicking at once is a fraction of a second of server time; the digest and pairings take "
        "milliseconds.",
        f"- **500 people.** The DMs take about {dms(500)} — Slack's pace, not the bot's. All 500 "
        f"answering in the same minute is 8 clicks a second against the {clicks} a second one "
        "worker took here.",
        f"- **10,000 people.** DMs one by one take about {dms(10_000)} at that ceiling; "
        "`pulse send #crew in-channel` asks everyone with one post instead"
        + (
            f" ({channel['members']:,} members asked in {channel['asked_seconds']:.1f} s, their "
            f"clicks stored in {channel['clicks_stored_seconds']:.0f} s here), each click "
            "confirmed to the person alone through its `response_url`."
            if channel.get("members")
            else "."
        )
        + " In a DM pulse the confirmations go through `chat.update` (Slack's Tier 3), so at a "
        "peak the buttons turn green after the answer is stored. A directory older than 6 hours "
        f"is refreshed first through `users.list`. The weekly digest takes {digest}. Use "
        "PostgreSQL to run several processes.",
    ]
    return "\n".join(lines)

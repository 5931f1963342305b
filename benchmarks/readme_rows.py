"""The rows of the README's Performance table, one helper per benchmark section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

DATABASES = ("sqlite", "postgresql")


def number(value: Any, digits: int = 0, unit: str = "") -> str:
    if not isinstance(value, int | float):
        return "–"
    text = f"{value:,.{digits}f}"
    return f"{text} {unit}".strip() if unit else text


def verdict(ok: bool | None) -> str:
    return "" if ok is None else (" (met)" if ok else " (**missed**)")


def per_db(section: dict[str, Any] | None, pick: Any) -> list[str]:
    """One cell per database: ``pick(result)`` or a dash where it did not run."""
    cells = []
    for name in DATABASES:
        result = ((section or {}).get("databases") or {}).get(name)
        try:
            cells.append(pick(result) if result else "–")
        except (KeyError, TypeError):
            cells.append("–")
    return cells


def row(what: str, cells: Sequence[str], target: str = "") -> str:
    return f"| {what} | {' | '.join(cells)} | {target} |"


def ack_rows(ack: dict[str, Any] | None) -> list[str]:
    if not ack or "error" in ack:
        return [row("**Pulse click**", ["failed", "failed"], (ack or {}).get("error", ""))]
    target = ack["target"]

    def rps(server: str) -> Any:
        return lambda r: number(r[server]["closed"]["requests_per_second"], unit="req/s")

    def p(server: str, mode: str, key: str) -> Any:
        return lambda r: number(r[server][mode]["latency_ms"][key], 1)

    def ratio(r: dict[str, Any]) -> str:
        value = r["ratio_to_bare_bolt"]
        return f"**{value:.2f}×**{verdict(value >= target['ratio_to_bare_bolt'])}"

    def p99(r: dict[str, Any]) -> str:
        value = r["p99_ms_at_200_rps"]
        ok = value is not None and value <= target["p99_ms_at_200_rps"]
        bare = p("bare_bolt", "open", "p99")(r)
        return f"**{number(value, 1, 'ms')}**{verdict(ok)} (bare Bolt {bare})"

    def cpu(r: dict[str, Any]) -> str:
        ours = r["greenroom"]["closed"]["server_cpu_ms_per_request"]
        bare = r["bare_bolt"]["closed"]["server_cpu_ms_per_request"]
        respond = r["bare_bolt_response_url"]["closed"]["server_cpu_ms_per_request"]
        return f"{number(ours, 2)} ms ({number(bare, 2)} / {number(respond, 2)})"

    return [
        row(
            "**Pulse click** through `greenroom run` (1 worker × 8 threads), 16 concurrent "
            "keep-alive clients; answer committed before the ack",
            per_db(ack, rps("greenroom")),
        ),
        row("bare Bolt that only acks, same server, same run", per_db(ack, rps("bare_bolt"))),
        row(
            "bare Bolt that acks, then confirms through `response_url` on a background thread",
            per_db(ack, rps("bare_bolt_response_url")),
        ),
        row(
            "ratio to bare Bolt",
            per_db(ack, ratio),
            f"≥ {target['ratio_to_bare_bolt']}×",
        ),
        row(
            "ratio to bare Bolt confirming through `response_url`",
            per_db(ack, lambda r: f"{r['ratio_to_bare_bolt_response_url']:.2f}×"),
        ),
        row(
            "latency p50 / p99 at concurrency 16 (bare Bolt)",
            per_db(
                ack,
                lambda r: (
                    f"{p('greenroom', 'closed', 'p50')(r)} / "
                    f"{p('greenroom', 'closed', 'p99')(r)} ms ({p('bare_bolt', 'closed', 'p50')(r)}"
                    f" / {p('bare_bolt', 'closed', 'p99')(r)})"
                ),
            ),
        ),
        row(
            "p99 at a steady 200 clicks/s",
            per_db(ack, p99),
            f"≤ {target['p99_ms_at_200_rps']:g} ms",
        ),
        row(
            "server CPU per click, incl. the confirmation after the ack (bare Bolt / bare Bolt "
            "with `response_url`)",
            per_db(ack, cpu),
        ),
        row(
            "confirmations caught up after the closed loop",
            per_db(
                ack, lambda r: number(r["greenroom"]["closed"]["background_drain_seconds"], 1, "s")
            ),
        ),
    ]


def fanout_rows(fanout: dict[str, Any] | None) -> list[str]:
    if not fanout or "error" in fanout:
        return [row("**Fan-out**", ["failed", "failed"], (fanout or {}).get("error", ""))]
    rows = []
    for case, label in (("300_per_minute", "300 a minute"), ("100_per_second", "100 a second")):

        def wall(r: dict[str, Any], case: str = case) -> str:
            c = r[case]
            ok = c["ratio_to_bound"] <= fanout["target"]["ratio_to_bound"]
            return (
                f"{c['prompts']:,} DMs in {number(c['wall_seconds'], 1, 's')} (bound "
                f"{number(c['lower_bound_seconds'], 0, 's')}): **{c['ratio_to_bound']:.2f}×**"
                f"{verdict(ok)}"
            )

        def faults(r: dict[str, Any], case: str = case) -> str:
            c = r[case]
            return f"{c['rate_limited_429']} / {c['duplicates']} / {c['misses']}"

        rows.append(
            row(
                f"**Fan-out** of pulse DMs at a workspace ceiling of {label} (1 per s per "
                "channel, tiers for the rest)",
                per_db(fanout, wall),
                f"≤ {fanout['target']['ratio_to_bound']}× the bound",
            )
        )
        rows.append(
            row("HTTP 429 received / duplicates / misses", per_db(fanout, faults), "– / 0 / 0")
        )
    return rows


def channel_rows(channel: dict[str, Any] | None) -> list[str]:
    if not channel or "error" in channel:
        return [row("**Channel pulse**", ["failed", "failed"], (channel or {}).get("error", ""))]
    return [
        row(
            "**Channel pulse**: members asked with one post",
            per_db(
                channel,
                lambda r: (
                    f"{r['members']:,} in {number(r['asked_seconds'], 1, 's')} ({r['posts']} post)"
                ),
            ),
        ),
        row(
            "their clicks stored (each confirmed to the person alone)",
            per_db(
                channel,
                lambda r: (
                    f"{r['clicks']:,} in {number(r['clicks_stored_seconds'], 1, 's')} "
                    f"({number(r['clicks_per_second'], 0)}/s)"
                ),
            ),
        ),
    ]


def restart_rows(restart: dict[str, Any] | None) -> list[str]:
    if not restart or "error" in restart:
        return [row("**Takeover**", ["failed", "failed"], (restart or {}).get("error", ""))]

    def case(name: str) -> Any:
        def cell(r: dict[str, Any]) -> str:
            c = r[name]
            took = c["takeover_seconds"]
            ok = took is not None and took <= 15
            return (
                f"{number(took, 1, 's')}{verdict(ok)}; "
                f"{c['duplicates']} duplicates, {c['misses']} misses"
            )

        return cell

    return [
        row(
            "**Takeover**: `greenroom run` SIGKILLed mid fan-out, started again: first held prompt "
            "after the restart is healthy",
            per_db(restart, case("restart")),
            "≤ 15 s, 0 / 0",
        ),
        row(
            "two replicas, one SIGKILLed: the survivor's first held prompt after the kill",
            per_db(restart, lambda r: case("replica")(r) if "replica" in r else "– (one process)"),
            "≤ 15 s, 0 / 0",
        ),
    ]


def digest_rows(digest: dict[str, Any] | None) -> list[str]:
    if not digest or "error" in digest:
        return [row("**Digest**", ["failed", "failed"], (digest or {}).get("error", ""))]

    def week(r: dict[str, Any]) -> str:
        value = r["compute_week_seconds"]["median"]
        return f"{number(value, 2, 's')}{verdict(value <= 0.3)}"

    def full(r: dict[str, Any]) -> str:
        value = r["digest_render_seconds"]["median"]
        return f"{number(value, 1, 's')}{verdict(value <= 1.5)}"

    def first(r: dict[str, Any]) -> str:
        week_first, full_first = (
            r["compute_week_seconds"]["first"],
            r["digest_render_seconds"]["first"],
        )
        return f"{number(week_first, 1, 's')} / {number(full_first, 1, 's')}"

    sizes = per_db(digest, lambda r: f"{r['members']:,} × {r['weeks']}")
    return [
        row(
            f"**Digest**, members × weeks {sizes[0]}: one week's figures",
            per_db(digest, week),
            "≤ 0.3 s",
        ),
        row(
            "the full digest (two weeks, 8-week trend, blocks, text, PNG chart)",
            per_db(digest, full),
            "≤ 1.5 s",
        ),
        row(
            "the first of each after the data is loaded (it writes those weeks' ledger): "
            "week / full digest",
            per_db(digest, first),
            "",
        ),
    ]

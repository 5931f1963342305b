"""Ack path: the pulse button click through ``greenroom run``, against bare Bolt on the same server.

Every server is a real child process served the way ``greenroom run`` serves (gunicorn's
gthread worker, one worker in process, ``bot.hosting.server``). The clicks are real: a
manager sends today's pulse in the sandbox, the bot DMs every member, and the load generator
replays signed ``block_actions`` for the buttons of those DMs (each member pressing 1…5, so
answers are inserted and then replaced). Greenroom checks the signature, parses, finds the
member's prompt, stores the answer, commits and acks; the ``chat.update`` confirming the
answer follows the ack on the redraw pool (several clicks of one member coalesce), and the
time it needs to catch up after the load is reported (``background_drain_seconds``).

Two baselines on the same server: bare Bolt that only acks, and bare Bolt that acks and then
confirms each click through its ``response_url`` on a background thread (as many threads as
Greenroom's redraw pool), so the cost of a confirmation itself is visible.

Closed loop at concurrency 16 gives requests/s and latency; the compared figure is the ratio
to bare Bolt measured in the same run. An open loop at 200 requests/s gives p99 at a fixed
offered rate. Each is run in rounds, alternating the servers, and the round least disturbed
by other work on the machine is reported (highest throughput, lowest p99); every round's
figure is listed too. ``server_cpu_ms_per_request`` is the CPU time the server's process used
per request, including the confirmations that follow the acks: a figure that depends much
less on what else the machine is doing.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks import servers, stage
from benchmarks.ack_load import CONCURRENCY, Confirmations, best, least_disturbed, load

logger = logging.getLogger(__name__)

OFFERED_RATE = 200.0
TARGET = {"ratio_to_bare_bolt": 0.5, "p99_ms_at_200_rps": 50.0}
SERVERS = ("greenroom", "bare_bolt", "bare_bolt_response_url")


@dataclass(frozen=True)
class Plan:
    """How much load: crew size, seconds per closed-loop round, rounds, open-loop seconds."""

    members: int
    seconds: float
    rounds: int
    open_seconds: float
    warmup: int

    @classmethod
    def for_mode(cls, quick: bool) -> Plan:
        """The quick (about 30 s) or full plan."""
        if quick:
            return cls(members=50, seconds=2.0, rounds=1, open_seconds=2.0, warmup=50)
        return cls(members=400, seconds=12.0, rounds=2, open_seconds=15.0, warmup=200)


def measure(
    database_url: str, plan: Plan, workdir: Path, placement: servers.Placement | None
) -> dict[str, Any]:
    """Every server, one database: closed-loop rounds, then the open loop."""
    with servers.driver_on(placement):
        return _measure(database_url, plan, workdir, placement)


def _start(name: str, command: list[str], env: dict[str, str], workdir: Path, cpus: Any) -> Any:
    port = servers.free_port()
    return servers.start(
        name,
        command,
        servers.bot_environment(**env, port=port),
        workdir=workdir,
        port=port,
        cpus=cpus,
    )


def _measure(
    database_url: str, plan: Plan, workdir: Path, placement: servers.Placement | None
) -> dict[str, Any]:
    stage.fresh_database(database_url)
    cpus = set(placement.server) if placement else None
    crew = stage.make_crew(plan.members)
    sb = crew.sandbox
    started: dict[str, servers.Served] = {}
    try:
        env = {
            "database_url": database_url,
            "api_url": sb.base_url,
            "bot_token": sb.workspace.bot_token,
            "signing_secret": stage.SIGNING_SECRET,
        }
        greenroom = started["greenroom"] = _start(
            "greenroom", servers.greenroom_command(), env, workdir, cpus
        )
        sb.bot_url = greenroom.events_url
        stage.send_pulse(crew)
        expected = len(crew.members) + 1  # the manager is in #crew too
        stage.wait_until(
            lambda: stage.count_deliveries(database_url, "pulse_prompt", ("sent",)) >= expected,
            timeout=120,
            what=f"{expected} pulse prompts sent",
        )
        bodies = stage.click_bodies(crew)
        started["bare_bolt"] = _start("bare-bolt", servers.bare_command(), env, workdir, cpus)
        started["bare_bolt_response_url"] = _start(
            "bare-bolt-respond", servers.bare_command(respond=True), env, workdir, cpus
        )
        settle = {
            "greenroom": Confirmations(sb).wait,
            "bare_bolt": None,
            "bare_bolt_response_url": Confirmations(sb, via_response_url=True).wait,
        }
        closed = {"seconds": plan.seconds, "warmup": plan.warmup, "rate": None}
        offered = {"seconds": plan.open_seconds, "warmup": 0, "rate": OFFERED_RATE}
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in SERVERS}
        open_runs: dict[str, list[dict[str, Any]]] = {name: [] for name in SERVERS}
        for round_ in range(plan.rounds):
            order = SERVERS if round_ % 2 == 0 else SERVERS[::-1]
            for name in order:
                runs[name].append(
                    load(started[name], bodies, workdir, **closed, settle=settle[name])
                )
        for round_ in range(plan.rounds):
            order = SERVERS if round_ % 2 == 0 else SERVERS[::-1]
            for name in order:
                open_runs[name].append(
                    load(started[name], bodies, workdir, **offered, settle=settle[name])
                )
        memory = greenroom.memory()
    finally:
        for server in started.values():
            server.stop()
        sb.stop()
    return _summary(runs, open_runs, memory, database_url, len(crew.members))


def _summary(
    runs: dict[str, list[dict[str, Any]]],
    open_runs: dict[str, list[dict[str, Any]]],
    memory: dict[str, Any],
    database_url: str,
    members: int,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in SERVERS:
        result[name] = {
            "closed": best(runs[name]),
            "open": least_disturbed(open_runs[name]),
            "rounds_requests_per_second": [r["requests_per_second"] for r in runs[name]],
            "rounds_open_p99_ms": [r["latency_ms"]["p99"] for r in open_runs[name]],
        }
    result["greenroom"]["memory_after_load"] = memory
    greenroom = result["greenroom"]["closed"]

    def ratio(baseline: str, key: str, inverse: bool = False) -> float:
        ours, theirs = greenroom[key], result[baseline]["closed"][key]
        return round((theirs / max(ours, 1e-9)) if inverse else (ours / max(theirs, 1e-9)), 3)

    rps, cpu = "requests_per_second", "server_cpu_ms_per_request"
    p99 = result["greenroom"]["open"]["latency_ms"]["p99"]
    ratio_bare = ratio("bare_bolt", rps)
    result.update(
        ratio_to_bare_bolt=ratio_bare,
        cpu_ratio_to_bare_bolt=ratio("bare_bolt", cpu, inverse=True),
        ratio_to_bare_bolt_response_url=ratio("bare_bolt_response_url", rps),
        cpu_ratio_to_bare_bolt_response_url=ratio("bare_bolt_response_url", cpu, inverse=True),
        p99_ms_at_200_rps=p99,
        answers_stored=stage.count_answers(database_url),
        members_clicking=members,
        target_met=ratio_bare >= TARGET["ratio_to_bare_bolt"]
        and p99 is not None
        and p99 <= TARGET["p99_ms_at_200_rps"],
    )
    return result


def run(
    quick: bool,
    database_urls: dict[str, str] | None = None,
    workdir: Path | None = None,
    *,
    pin: bool = False,
) -> dict[str, Any]:
    """The ack benchmark on each database (default: a SQLite file); the JSON section."""
    plan = Plan.for_mode(quick)
    with tempfile.TemporaryDirectory(prefix="greenroom-ack-") as scratch:
        folder = workdir or Path(scratch)
        urls = database_urls or {"sqlite": f"sqlite:///{folder / 'ack.db'}"}
        placement = servers.Placement.split() if pin else None
        results = {name: measure(url, plan, folder, placement) for name, url in urls.items()}
    return {
        "benchmark": "ack",
        "quick": quick,
        "plan": asdict(plan),
        "concurrency": CONCURRENCY,
        "offered_rate": OFFERED_RATE,
        "server": "`greenroom run`'s: gunicorn gthread, one worker in process (bot.hosting.server)",
        "placement": placement.describe() if placement else "everything on the same CPUs",
        "target": TARGET,
        "databases": results,
    }

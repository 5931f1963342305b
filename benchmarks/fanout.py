"""Fan-out: today's pulse to a very large channel, against Slack's documented rate limits.

The sandbox enforces ``RateLimits``: chat.postMessage at 1 message/s per channel with a
workspace-wide ceiling, every other method on its documented tier (conversations.open and
conversations.info on Tier 3, conversations.members on Tier 4, users.list on Tier 2). Slack
documents the workspace ceiling as "several hundred messages per minute" without a number,
so two ceilings are measured: 300 a minute (what Slack's words allow; a 10,000-person DM
pulse then takes 33 minutes, which is why large crews have the channel pulse) and 100 a
second (a ceiling far above Slack's, to show what the bot itself can do).
``greenroom run`` runs as a child process; a manager types ``/greenroom pulse send #crew``
and the benchmark watches the sandbox until every member has their DM.

Those limits put a floor under the wall time: ``prompts / CEILING`` seconds. Reported: the
wall time from the command to the last prompt, its ratio to that floor, the 429 answers the
bot received, and duplicates and misses (both must be 0). The members' directory is warm
(synced earlier the way the bot keeps it), so planning reads it from the database; a cold
directory would first page through users.list on Tier 2.
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks import servers, stage
from bot.slack.directory import slack_user
from rituals.clock import SystemClock
from rituals.people import profile
from sandbox import RateLimits, Sandbox
from storage import people
from storage.db import Database

logger = logging.getLogger(__name__)

# chat.postMessage per second per workspace, enforced by the sandbox, and the prompts sent
# at each (quick, full): the full runs take about 5 minutes and 100 seconds of sending.
CEILINGS = {
    "300_per_minute": (5.0, (60, 1_500)),
    "100_per_second": (100.0, (500, 10_000)),
}
TARGET_RATIO = 1.1


@dataclass
class _Watch:
    """Reads the sandbox's call log incrementally (called under the sandbox lock)."""

    sandbox: Sandbox
    members: set[str]
    index: int = 0
    first_post: datetime | None = None
    last_post: datetime | None = None

    def __post_init__(self) -> None:
        self.posts: dict[str, int] = {}
        self.rate_limited: dict[str, int] = {}
        self.member_pages: list[datetime] = []
        self.post_times: list[datetime] = []

    def scan(self) -> None:
        calls = self.sandbox.calls
        for call in calls[self.index :]:
            if call.method == "conversations.members":
                self.member_pages.append(call.at)
            if call.status == 429:
                self.rate_limited[call.method] = self.rate_limited.get(call.method, 0) + 1
            elif call.method == "chat.postMessage" and call.response.get("ok"):
                recipient = str(call.args.get("channel"))
                if recipient in self.members:
                    self.posts[recipient] = self.posts.get(recipient, 0) + 1
                    self.first_post = self.first_post or call.at
                    self.post_times.append(call.at)
                    self.last_post = call.at
        self.index = len(calls)

    def steady_rate(self) -> float:
        """Posts per second between the 10th and the 90th percentile of the sending."""
        times = sorted(self.post_times)
        low, high = times[len(times) // 10], times[len(times) * 9 // 10]
        seconds = (high - low).total_seconds()
        return round((len(times) * 8 // 10) / seconds, 1) if seconds > 0 else 0.0

    def done(self) -> bool:
        self.scan()
        return len(self.posts) >= len(self.members)


def _warm_directory(database_url: str, sandbox: Sandbox) -> None:
    """Store every member in the bot's directory as a recent sync would have."""
    database = Database(database_url)
    database.upgrade()
    ws = sandbox.workspace
    with sandbox.lock:
        users = [user.to_slack(sandbox.now()) for user in ws.users.values()]
    profiles = [profile(slack_user(user)) for user in users]
    with database.unit() as unit:
        people.store_profiles(unit, team_id=ws.team_id, profiles=profiles, now=SystemClock().now())
    database.dispose()


def _paced_rates(log_path: Path) -> list[float]:
    """The rates the bot's pacer settled on, from its log."""
    found = re.findall(r"pacing posts in \S+ at ([0-9.]+)/s", log_path.read_text(errors="replace"))
    return [float(rate) for rate in found]


def measure(database_url: str, prompts: int, workdir: Path, ceiling: float) -> dict[str, Any]:
    """One fan-out of ``prompts`` DMs (``prompts - 1`` members plus the manager) under a
    workspace ceiling of ``ceiling`` posts a second."""
    stage.fresh_database(database_url)
    sandbox = Sandbox(signing_secret=stage.SIGNING_SECRET)
    crew = stage.make_crew(prompts - 1, sandbox=sandbox)
    limits = RateLimits(workspace_post_per_second=ceiling)
    _warm_directory(database_url, sandbox)
    watch = _Watch(sandbox, {crew.manager, *crew.members})
    server = None
    try:
        server = servers.start_greenroom(
            "greenroom-fanout",
            sandbox,
            database_url,
            workdir=workdir,
            signing_secret=stage.SIGNING_SECRET,
            extra={"GREENROOM_LOG_LEVEL": "INFO"},
        )
        log_path = server.log_path
        sandbox.bot_url = server.events_url
        sandbox.rate_limits = limits
        began = SystemClock().now()
        clock = time.perf_counter()
        stage.send_pulse(crew)
        bound = prompts / ceiling
        sandbox.wait_for(watch.done, timeout=max(120.0, 3 * bound))
        wall = time.perf_counter() - clock
        stage.wait_until(
            lambda: stage.count_deliveries(database_url, "pulse_prompt", ("sent",)) >= prompts,
            timeout=60,
            what="every prompt recorded as sent",
        )
        with sandbox.lock:
            watch.scan()
        recorded = {
            status: stage.count_deliveries(database_url, "pulse_prompt", (status,))
            for status in ("sent", "failed", "skipped", "pending", "claimed", "sending")
        }
        memory = server.memory()
    finally:
        if server is not None:
            server.stop()
        sandbox.stop()
    assert watch.first_post is not None and watch.last_post is not None
    duplicates = sum(count - 1 for count in watch.posts.values() if count > 1)
    misses = len(watch.members) - len(watch.posts)
    return {
        "prompts": prompts,
        "workspace_ceiling_per_second": ceiling,
        "wall_seconds": round(wall, 2),
        "first_post_after_seconds": round((watch.first_post - began).total_seconds(), 2),
        "channel_member_pages": len(watch.member_pages),
        "channel_members_read_after_seconds": round(
            (max(watch.member_pages) - began).total_seconds(), 2
        )
        if watch.member_pages
        else None,
        "sending_seconds": round((watch.last_post - watch.first_post).total_seconds(), 2),
        "lower_bound_seconds": round(bound, 2),
        "ratio_to_bound": round(wall / bound, 3),
        "messages_per_second": round(prompts / wall, 1),
        "steady_messages_per_second": watch.steady_rate(),
        "paced_at_per_second": _paced_rates(log_path),
        "rate_limited_429": sum(watch.rate_limited.values()),
        "rate_limited_by_method": watch.rate_limited,
        "duplicates": duplicates,
        "misses": misses,
        "deliveries_by_status": {k: v for k, v in recorded.items() if v},
        "memory_after": memory,
        "target_met": wall / bound <= TARGET_RATIO and duplicates == 0 and misses == 0,
    }


def run(
    quick: bool, database_urls: dict[str, str] | None = None, workdir: Path | None = None
) -> dict[str, Any]:
    """The fan-out at each ceiling on each database (default: a SQLite file); the JSON section."""
    with tempfile.TemporaryDirectory(prefix="greenroom-fanout-") as scratch:
        folder = workdir or Path(scratch)
        urls = database_urls or {"sqlite": f"sqlite:///{folder / 'fanout.db'}"}
        results = {
            name: {
                case: measure(url, sizes[0] if quick else sizes[1], folder, ceiling)
                for case, (ceiling, sizes) in CEILINGS.items()
            }
            for name, url in urls.items()
        }
    return {
        "benchmark": "fanout",
        "quick": quick,
        "limits": {
            "chat.postMessage_per_channel_per_second": 1.0,
            "chat.postMessage_workspace_per_second": {
                case: ceiling for case, (ceiling, _) in CEILINGS.items()
            },
            "other_methods": "documented tiers per minute: t1 1, t2 20, t3 50, t4 100",
        },
        "target": {"ratio_to_bound": TARGET_RATIO, "duplicates": 0, "misses": 0},
        "databases": results,
    }

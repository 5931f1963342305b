"""Channel pulse: a very large crew asked with one post, side by side with the DM fan-out.

``greenroom run`` runs as a child process against the sandbox with Slack's limits on (the
workspace ceiling at 300 posts a minute, as in the fan-out benchmark). A manager types
``/greenroom pulse send #crew in-channel``; reported: the seconds until the post is out and
every member is recorded as asked, and the seconds the load generator needs to get every
member's click on that post stored (each member clicks once, 16 at a time, through the real
signed-request path). Beside them: the least time the same crew would take to reach by DM
under the same ceiling (members / 5 per second).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks import servers, stage
from benchmarks.ack_load import generate
from benchmarks.fanout import CEILINGS, _warm_directory
from bot.views.pulse import SCORE_ACTIONS
from sandbox import RateLimits, Sandbox, payloads

CONCURRENCY = 16
CEILING = CEILINGS["300_per_minute"][0]


def _click_bodies(crew: stage.Crew, post: dict[str, Any]) -> list[str]:
    """Each member presses one score on the channel's post."""
    sb, ws = crew.sandbox, crew.sandbox.workspace
    bodies = []
    for index, member in enumerate(crew.members):
        action = SCORE_ACTIONS[1 + index % 5]
        with sb.lock:
            payload = payloads.message_action(sb, ws, member, post, str(action), None, None)
        bodies.append(urlencode({"payload": json.dumps(payload)}))
    return bodies


def measure(database_url: str, members: int, workdir: Path) -> dict[str, Any]:
    """One channel pulse to ``members`` people, then one click from each."""
    stage.fresh_database(database_url)
    sandbox = Sandbox(signing_secret=stage.SIGNING_SECRET)
    crew = stage.make_crew(members, sandbox=sandbox)
    _warm_directory(database_url, sandbox)
    server = None
    try:
        port = servers.free_port()
        server = servers.start(
            "greenroom-channel-pulse",
            servers.greenroom_command(),
            servers.bot_environment(
                database_url=database_url,
                api_url=sandbox.base_url,
                bot_token=sandbox.workspace.bot_token,
                signing_secret=stage.SIGNING_SECRET,
                port=port,
            ),
            workdir=workdir,
            port=port,
        )
        sandbox.bot_url = server.events_url
        sandbox.rate_limits = RateLimits(workspace_post_per_second=CEILING)
        began = time.perf_counter()
        reply = sandbox.slash_command(
            crew.manager, "/greenroom", f"pulse send <#{crew.channel}> in-channel", crew.channel
        )
        if reply.status != 200:
            raise RuntimeError(f"pulse send in-channel was refused: {reply.status}")
        asked = members + 1  # the manager is in #crew too
        stage.wait_until(
            lambda: stage.count_deliveries(database_url, "pulse_prompt", ("sent",)) >= asked,
            timeout=300,
            what=f"{asked} members asked",
        )
        asked_seconds = time.perf_counter() - began
        posts = [c for c in sandbox.calls if c.method == "chat.postMessage" and c.status == 200]
        with sandbox.lock:
            post = sandbox.workspace.messages(crew.channel)[-1]
        spec = {
            "url": server.events_url,
            "requests": stage.signed_requests(_click_bodies(crew, post)),
            "concurrency": CONCURRENCY,
            "duration": 3600.0,
            "max_requests": members,
            "rate": None,
            "warmup": 0,
        }
        clicking = time.perf_counter()
        load = generate(spec, workdir / "channel-clicks.json")
        stored = stage.wait_until(
            lambda: stage.count_answers(database_url) >= members, timeout=300, what="answers"
        )
        click_seconds = time.perf_counter() - clicking
    finally:
        if server is not None:
            server.stop()
        sandbox.stop()
    return {
        "members": asked,
        "asked_seconds": round(asked_seconds, 2),
        "posts": len(posts),
        "clicks": members,
        "clicks_stored_seconds": round(click_seconds, 2),
        "clicks_per_second": load["requests_per_second"],
        "click_latency_ms": load["latency_ms"],
        "stored_after_load_seconds": round(stored, 2),
        "dm_fanout_bound_seconds": round(asked / CEILING, 1),
    }


def run(
    quick: bool, database_urls: dict[str, str] | None = None, workdir: Path | None = None
) -> dict[str, Any]:
    """The channel pulse on each database (default: a SQLite file); the JSON section."""
    members = 500 if quick else 10_000
    with tempfile.TemporaryDirectory(prefix="greenroom-channel-") as scratch:
        folder = workdir or Path(scratch)
        urls = database_urls or {"sqlite": f"sqlite:///{folder / 'channel.db'}"}
        results = {name: measure(url, members, folder) for name, url in urls.items()}
    return {
        "benchmark": "channel_pulse",
        "quick": quick,
        "workspace_ceiling_per_second": CEILING,
        "databases": results,
    }

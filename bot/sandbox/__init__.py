"""A local stand-in for Slack: Web API, interactivity and Events API on loopback.

Used by the test suite, ``greenroom sandbox`` and ``greenroom demo``::

    sb = Sandbox(signing_secret="s3cret", clock=clock)
    uid = sb.workspace.add_user("ana", "Ana Ruiz", tz="Europe/London")
    sb.start()                      # -> "http://127.0.0.1:<port>/api/"
    WebClient(token=sb.workspace.bot_token, base_url=sb.base_url)
"""

from __future__ import annotations

from bot.sandbox.actor import ActorResponse
from bot.sandbox.faults import Fault, Faults
from bot.sandbox.ratelimit import RateLimits
from bot.sandbox.sandbox import Sandbox
from bot.sandbox.standalone import seed_crew, serve
from bot.sandbox.state import Workspace
from bot.sandbox.web_api import Call

__all__ = [
    "ActorResponse",
    "Call",
    "Fault",
    "Faults",
    "RateLimits",
    "Sandbox",
    "Workspace",
    "seed_crew",
    "serve",
]

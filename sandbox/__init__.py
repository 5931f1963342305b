"""A local stand-in for Slack: Web API, interactivity and Events API on loopback.

Used by the test suite, ``greenroom sandbox`` and ``greenroom demo``::

    sb = Sandbox(signing_secret="s3cret", clock=clock)
    uid = sb.workspace.add_user("ana", "Ana Ruiz", tz="Europe/London")
    sb.start()                      # -> "http://127.0.0.1:<port>/api/"
    WebClient(token=sb.workspace.bot_token, base_url=sb.base_url)
"""

from __future__ import annotations

from sandbox.actor import ActorResponse
from sandbox.faults import Fault, Faults
from sandbox.ratelimit import RateLimits
from sandbox.sandbox import Sandbox
from sandbox.standalone import seed_crew, serve
from sandbox.state import Workspace
from sandbox.web_api import Call

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

"""The :class:`Sandbox`: a local stand-in for Slack, on loopback, for tests, dev and the demo."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from rituals.clock import Clock, SystemClock
from sandbox.actor import ActorResponse, SlackSide
from sandbox.api_base import ApiError
from sandbox.faults import Faults
from sandbox.hooks import Hooks, ResponseTarget, apply_response
from sandbox.ids import IdSequence, TsSource
from sandbox.ratelimit import RateLimiter, RateLimits
from sandbox.server import SandboxHTTPServer
from sandbox.standalone import describe
from sandbox.state import Workspace
from sandbox.tokens import TokenRegistry
from sandbox.web_api import Call

T = TypeVar("T")
DEFAULT_SCOPES = (
    "commands",
    "chat:write",
    "channels:history",
    "channels:read",
    "groups:history",
    "groups:read",
    "im:history",
    "im:read",
    "im:write",
    "mpim:history",
    "mpim:read",
    "mpim:write",
    "reactions:read",
    "reactions:write",
    "files:write",
    "team:read",
    "usergroups:read",
    "users:read",
)


class Sandbox(SlackSide):
    """Slack's Web API, interactivity and Events API for one app, in process.

    State lives in workspaces (``sb.workspace`` is the default one); every Web API call is
    recorded in ``sb.calls`` and wakes ``sb.wait_for``. Nothing listens until ``start()``.
    Requests from "Slack" to the bot (commands, clicks, events) come from :class:`SlackSide`.
    """

    def __init__(
        self,
        signing_secret: str = "s3cret",
        clock: Clock | None = None,
        *,
        app_id: str = "A0SANDBOX",
        client_id: str = "sandbox-client-id",
        client_secret: str = "sandbox-client-secret",
        verification_token: str = "sandbox-verification-token",
    ) -> None:
        self.signing_secret = signing_secret
        self.clock: Clock = clock or SystemClock()
        self.app_id = app_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.verification_token = verification_token
        self.redirect_uri: str | None = None
        self.scopes: list[str] = list(DEFAULT_SCOPES)
        self.token_rotation = False
        self.token_expires_in = 43200
        self.trigger_ttl: float | None = 3.0
        self.app_token: str | None = None
        self.bot_url: str | None = None
        self.faults = Faults()
        self.rate_limiter: RateLimiter | None = None
        self.calls: list[Call] = []
        self.version = 0  # bumped on every change, so a page can wait for the next one
        self.page: Any = None  # the web page (``sandbox.page.Page``) served on this port
        self.lock = threading.RLock()
        self._condition = threading.Condition(self.lock)
        self._stopping = threading.Event()
        self.ids = IdSequence()
        self._ts = TsSource()
        self.tokens = TokenRegistry()
        self.hooks = Hooks()
        self.workspaces: dict[str, Workspace] = {}
        self._server: SandboxHTTPServer | None = None
        self.workspace = self.add_workspace(
            team_id="T0SANDBOX",
            name="Sandbox Crew",
            bot_token="xoxb-sandbox-T0SANDBOX",
            bot_user_id="U0BOT",
            bot_id="B0BOT",
        )

    # -- workspaces -----------------------------------------------------------------------

    def add_workspace(
        self,
        team_id: str,
        name: str,
        bot_token: str,
        *,
        bot_user_id: str | None = None,
        bot_id: str | None = None,
    ) -> Workspace:
        """Add a workspace where the app is installed with ``bot_token``."""
        with self.lock:
            if team_id in self.workspaces:
                raise ValueError(f"workspace {team_id} already exists")
            n = len(self.workspaces) + 1
            ws = Workspace(
                self,
                team_id=team_id,
                name=name,
                bot_token=bot_token,
                bot_user_id=bot_user_id or f"U0BOT{n}",
                bot_id=bot_id or f"B0BOT{n}",
            )
            self.workspaces[team_id] = ws
            self.tokens.add(bot_token, team_id)
            return ws

    def workspace_of_user(self, user_id: str) -> Workspace:
        """The workspace a (human) member belongs to."""
        with self.lock:
            found = [ws for ws in self.workspaces.values() if user_id in ws.users]
        if len(found) != 1:
            raise KeyError(f"{user_id} is in {len(found)} workspaces; pass team_id")
        return found[0]

    # -- server ---------------------------------------------------------------------------

    def start(self, port: int = 0) -> str:
        """Serve on 127.0.0.1 (``port=0``: any free port); return the Web API base URL."""
        if self._server is None:
            self._stopping.clear()
            self._server = SandboxHTTPServer(self, port=port)
            self._server.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving (injected latencies end at once)."""
        self._stopping.set()
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The server root, ``http://127.0.0.1:<port>/``."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def base_url(self) -> str:
        """The Web API base URL for ``WebClient(base_url=…)`` / ``SLACK_API_URL``."""
        return f"{self.url}api/"

    # -- rate limits ----------------------------------------------------------------------

    @property
    def rate_limits(self) -> RateLimits | None:
        """Realistic limits in force (None: off, the default)."""
        return self.rate_limiter.limits if self.rate_limiter else None

    @rate_limits.setter
    def rate_limits(self, limits: RateLimits | None) -> None:
        with self.lock:
            self.rate_limiter = RateLimiter(limits) if limits else None

    # -- plumbing shared by the modules ---------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def next_ts(self) -> str:
        with self.lock:
            return self._ts.next(self.now())

    def new_block_id(self) -> str:
        return self.ids.next("b", width=5)

    def new_view_hash(self) -> str:
        return f"{int(self.now().timestamp())}.{self.ids.next('', width=8)}"

    def changed(self) -> None:
        """Wake everyone in :meth:`wait_for`."""
        with self._condition:
            self.version += 1
            self._condition.notify_all()

    def pause(self, seconds: float) -> None:
        """Hold a response back (latency fault); returns early when the sandbox stops."""
        self._stopping.wait(seconds)

    def record(self, call: Call) -> None:
        with self._condition:
            self.calls.append(call)
            self.version += 1
            self._condition.notify_all()

    def deliver(self, team_id: str, event: dict[str, Any]) -> ActorResponse | None:
        """Send an event the bot should see, if a ``bot_url`` is set."""
        return self.send_event(team_id, event) if self.bot_url else None

    # -- inspection -----------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls of one Web API method, in order."""
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Block until ``predicate()`` is truthy (re-checked on every recorded change).

        Returns its value; raises TimeoutError when ``timeout`` seconds pass first. The
        predicate runs under the sandbox lock: read state in it, never call the Web API.
        """
        with self._condition:
            result = self._condition.wait_for(predicate, timeout)
        if not result:
            raise TimeoutError(f"sandbox condition not met within {timeout}s")
        return result

    @property
    def responses(self) -> list[dict[str, Any]]:
        """Payloads the bot POSTed to response URLs, in order."""
        with self.lock:
            return [payload for _, payload in self.hooks.log]

    def responses_for(self, response_url: str) -> list[dict[str, Any]]:
        """Payloads POSTed to one response URL."""
        with self.lock:
            return [payload for url, payload in self.hooks.log if url == response_url]

    # -- OAuth, triggers, response URLs ---------------------------------------------------

    def issue_oauth_code(self, team_id: str, installer_user_id: str) -> str:
        """A code for ``oauth.v2.access``, as Slack sends to the redirect URL."""
        with self.lock:
            if team_id not in self.workspaces:
                raise KeyError(team_id)
            return self.tokens.issue_code(team_id, installer_user_id)

    def issue_trigger(self, team_id: str, user_id: str) -> str:
        with self.lock:
            return self.hooks.issue_trigger(team_id, user_id)

    def use_trigger(self, trigger_id: str, team_id: str) -> str:
        with self.lock:
            return self.hooks.use_trigger(trigger_id, team_id, self.trigger_ttl)

    def issue_response_url(
        self,
        team_id: str,
        user_id: str,
        channel_id: str,
        *,
        message_ts: str | None = None,
        ephemeral: bool = False,
    ) -> str:
        target = ResponseTarget(team_id, user_id, channel_id, message_ts, ephemeral)
        with self.lock:
            return self.hooks.issue_response_url(self.url, target)

    def receive_response(self, key: str, payload: dict[str, Any]) -> tuple[int, str | None]:
        """Handle a POST to a response URL; ``(status, error)``."""
        with self._condition:
            target = self.hooks.targets.get(key)
            if target is None:
                return 404, "no_active_hooks"
            self.hooks.log.append((f"{self.url}response/{key}", payload))
            try:
                apply_response(self.workspaces[target.team_id], target, payload, self.new_block_id)
            except ApiError as exc:
                return 400, exc.error
            finally:
                self.version += 1
                self._condition.notify_all()
            return 200, None

    def describe(self) -> str:
        """What a developer needs to point a bot here: URLs, token, secret, people, channels."""
        return describe(self)

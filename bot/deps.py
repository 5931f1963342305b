"""What listeners, planners and senders share: built once per app by the factory."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from bot.commands.router import CommandRouter
from bot.settings import Settings
from bot.slack.client import make_client
from rituals.clock import Clock
from storage.db import Database

if TYPE_CHECKING:
    from bot.directory import Directory
    from bot.engine import Engine

logger = logging.getLogger(__name__)

TokenLookup = Callable[[str], "str | None"]


@dataclass
class Deps:
    """Settings, database, clock and Slack clients of one running app."""

    settings: Settings
    db: Database
    clock: Clock
    default_client: WebClient | None = None
    token_for: TokenLookup | None = None
    commands: dict[str, CommandRouter] = field(default_factory=dict)
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(
            max_workers=16, thread_name_prefix="greenroom-bg"
        )
    )
    urgent: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=4, thread_name_prefix="greenroom-ui")
    )
    directory: Directory = field(init=False)
    engine: Engine = field(init=False)
    _clients: dict[str, WebClient] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pending: set[Future[Any]] = field(default_factory=set)
    _idle: threading.Condition = field(default_factory=threading.Condition)

    def client_for(self, team_id: str) -> WebClient:
        """The Web API client acting for the bot in ``team_id``."""
        if self.token_for is None:
            if self.default_client is None:
                raise RuntimeError("no Slack client configured")
            return self.default_client
        token = self.token_for(team_id)
        if token is None:
            raise LookupError(f"no installation for team {team_id}")
        with self._lock:
            client = self._clients.get(team_id)
            if client is None or client.token != token:
                client = make_client(token, base_url=self.settings.slack_api_url)
                self._clients[team_id] = client
            return client

    def after_ack(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``work`` off the request path; failures are logged with their traceback."""
        return self.submit(_guarded(work, args, kwargs))

    def open_soon(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Like ``after_ack``, on a pool of its own: for opening modals, whose trigger_id
        expires 3 s after the click, so they must not queue behind message updates."""
        return self.submit(_guarded(work, args, kwargs), pool=self.urgent)

    def submit(
        self, work: Callable[..., Any], *args: Any, pool: ThreadPoolExecutor | None = None
    ) -> Future[Any]:
        """Run ``work`` on a background pool, tracked so ``wait_idle`` can wait for it."""
        future = (pool or self.executor).submit(work, *args)
        with self._idle:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._idle:
            self._pending.discard(future)
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until all background work has finished (tests, the demo)."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._pending, timeout=timeout)


def _guarded(work: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    def guarded() -> Any:
        try:
            return work(*args, **kwargs)
        except Exception:
            logger.exception("background work %s failed", getattr(work, "__name__", work))
            return None

    return guarded

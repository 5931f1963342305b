"""Work after the acknowledgement: background pools whose failures reach the error boundary.

``after_ack`` runs Web API work (message updates, DMs) once Slack has its answer;
``open_soon`` runs on a pool of its own for opening modals, whose trigger_id expires
3 s after the click, so they never queue behind message updates. ``Keyed`` runs work
one at a time per key: coalescing (only the latest request of a key still to run is
run — a redraw) or in order (every request, in arrival order — event capture).

Redraws (a pulse DM confirming a click, a channel post's count) run on a pool of their own
with few threads: a burst of clicks is stored and acknowledged at full speed while their
confirmations follow at the pace those threads allow, several clicks of one person becoming
one update, instead of sixteen threads of Web API calls competing with the requests for
the interpreter. The number of keys waiting is bounded. Confirmations of pulse answers run
on a thread of their own at a pace (``bot.hosting.pace``): under a burst of clicks they
wait their turn, so more of a member's clicks coalesce, and the other redraws (a retro's
ballot, a shadow pairing) never queue behind them.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from bot.errors import report
from bot.hosting.pace import Pace

logger = logging.getLogger(__name__)

REDRAW_THREADS = 1
MAX_WAITING_KEYS = 50_000


class Tasks:
    """Greenroom's background pools, tracked so tests and the demo can wait for them."""

    def __init__(
        self, *, workers: int = 16, urgent: int = 4, redraws: int = REDRAW_THREADS
    ) -> None:
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="greenroom-bg")
        self.urgent = ThreadPoolExecutor(max_workers=urgent, thread_name_prefix="greenroom-ui")
        self.redraws = ThreadPoolExecutor(
            max_workers=redraws, thread_name_prefix="greenroom-redraw"
        )
        self.paced = ThreadPoolExecutor(max_workers=1, thread_name_prefix="greenroom-confirm")
        self._pending: set[Future[Any]] = set()
        self._idle = threading.Condition()

    def after_ack(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``work`` off the request path; a failure goes to the error boundary."""
        return self.submit(_guarded(work, args, kwargs))

    def open_soon(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Like ``after_ack``, on the pool kept for opening modals."""
        return self.submit(_guarded(work, args, kwargs), pool=self.urgent)

    def submit(
        self, work: Callable[..., Any], *args: Any, pool: ThreadPoolExecutor | None = None
    ) -> Future[Any]:
        """Run ``work`` on a pool, tracked so ``wait_idle`` can wait for it."""
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
        """Block until all tracked work has finished (tests, the demo)."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._pending, timeout=timeout)

    def shutdown(self) -> None:
        """Finish what was submitted and stop the pools."""
        self.executor.shutdown(wait=True)
        self.urgent.shutdown(wait=True)
        self.redraws.shutdown(wait=True)
        self.paced.shutdown(wait=True)


def _guarded(work: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    def guarded() -> Any:
        try:
            return work(*args, **kwargs)
        except Exception as error:
            report(error, what=f"background work {getattr(work, '__name__', work)}")
            return None

    return guarded


class Keyed:
    """Runs work one at a time per key on a background pool (coalescing: the redraw pool).

    With a ``pace``, coalesced work runs on the paced pool, each run waiting its turn first
    (the latest work of the key is taken once the turn has come).
    """

    def __init__(
        self,
        tasks: Tasks,
        *,
        coalesce: bool,
        limit: int = MAX_WAITING_KEYS,
        pace: Pace | None = None,
    ) -> None:
        if pace is not None and not coalesce:
            raise ValueError("only coalescing work is paced")
        self.tasks = tasks
        self.coalesce = coalesce
        self.limit = limit
        self.pace = pace
        self.dropped = 0
        self._lock = threading.Lock()
        self._queues: dict[Hashable, deque[Callable[[], object]]] = {}

    def submit(self, key: Hashable, work: Callable[[], object]) -> None:
        """Queue ``work`` behind the key's running work (replacing queued work if coalescing)."""
        with self._lock:
            queue = self._queues.get(key)
            if queue is not None:
                if self.coalesce:
                    queue.clear()
                queue.append(work)
                return
            if self.coalesce and len(self._queues) >= self.limit:
                self.dropped += 1
                logger.warning(
                    "background queue full (%s keys): work for %r dropped", self.limit, key
                )
                return
            self._queues[key] = deque([work])
        pool = None
        if self.coalesce:
            pool = self.tasks.redraws if self.pace is None else self.tasks.paced
        self.tasks.submit(_guarded(self._drain, (key,), {}), pool=pool)

    def _drain(self, key: Hashable) -> None:
        while True:
            with self._lock:
                if not self._queues[key]:
                    del self._queues[key]
                    return
            if self.pace is not None:
                self.pace.wait_turn()  # work submitted meanwhile replaces the queued work
            with self._lock:  # only this drain takes from the key's queue: it is not empty
                work = self._queues[key].popleft()
            try:
                work()
            except Exception as error:
                report(error, what=f"background work for {key!r}")

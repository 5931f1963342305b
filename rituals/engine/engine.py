"""The engine as one object: its registered kinds, its worker id, and the loop that runs it."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from rituals.engine import firing, planning, queue, sending
from rituals.engine.types import Finisher, OccurrenceInfo, Planned, Planner, Sender
from rituals.services import Services
from storage import deliveries, occurrences, workers

logger = logging.getLogger(__name__)


class Engine:
    """Schedules, plans and sends; safe to run in several processes at once."""

    def __init__(
        self,
        svc: Services,
        *,
        planners: Mapping[str, Planner] | None = None,
        senders: Mapping[str, Sender] | None = None,
        finishers: Mapping[str, Finisher] | None = None,
    ) -> None:
        self.svc = svc
        self.planners: dict[str, Planner] = dict(planners or {})
        self.senders: dict[str, Sender] = dict(senders or {})
        self.finishers: dict[str, Finisher] = dict(finishers or {})
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self._pool: ThreadPoolExecutor | None = None
        # Announced before the first claim, not here: a bot whose database is down at start
        # still starts (and says so on /healthz) and announces itself once it is back.
        self._presence = workers.Presence(svc.db, self.worker_id)
        self._present = threading.Lock()

    def _announce(self) -> None:
        with self._present:
            if not self._presence.started:
                self._presence.start()

    def close(self) -> None:
        """This worker stops: what it still holds may be taken over at once."""
        self._presence.stop()

    def renew(self) -> None:
        """Extend the leases of the work this worker holds (it is alive and on it)."""
        until = self.svc.clock.now() + self.svc.config.lease
        with self.svc.db.unit() as unit:
            deliveries.renew(unit, worker=self.worker_id, until=until)
            occurrences.renew(unit, worker=self.worker_id, until=until)

    @property
    def lease(self) -> timedelta:
        """How long a claim holds before another process may take the work over."""
        return self.svc.config.lease

    @property
    def wake(self) -> threading.Event:
        """Set when work is due now; the loop waits on it between rounds."""
        return self.svc.work_ready

    def register_planner(self, kind: str, planner: Planner) -> None:
        """``planner`` turns occurrences of ``kind`` into deliveries."""
        self.planners[kind] = planner

    def register_sender(self, kind: str, sender: Sender) -> None:
        """``sender`` delivers rows of delivery ``kind``."""
        self.senders[kind] = sender

    # creating work ----------------------------------------------------------
    def enqueue(
        self,
        *,
        team_id: str,
        kind: str,
        channel_id: str | None,
        config: dict[str, Any] | None = None,
        created_by: str | None = None,
        when: datetime | None = None,
    ) -> int:
        """A one-off occurrence (a manual send); planned and sent off the request path."""
        return queue.enqueue(
            self.svc,
            team_id=team_id,
            kind=kind,
            channel_id=channel_id,
            config=config,
            created_by=created_by,
            when=when,
        )

    def add_deliveries(
        self, occurrence: OccurrenceInfo, planned: list[Planned], now: datetime
    ) -> int:
        """Insert delivery rows, ignoring ones that exist; how many were new."""
        return planning.add_deliveries(self.svc, occurrence, planned, now)

    # the three steps --------------------------------------------------------
    def tick(self, now: datetime | None = None) -> int:
        """Create the occurrences that are due; how many this call created."""
        return firing.tick(self.svc, now or self.svc.clock.now())

    def schedule(self, ritual_id: int) -> datetime | None:
        """Recompute a ritual's next run after it was created, changed or resumed."""
        return firing.reschedule(self.svc, ritual_id, self.svc.clock.now())

    def plan_pending(self, now: datetime | None = None) -> int:
        """Plan occurrences that are due; how many were handled."""
        self._announce()
        return planning.plan_pending(
            self.svc, self.planners, now or self.svc.clock.now(), worker=self.worker_id
        )

    def send_due(self, now: datetime | None = None) -> int:
        """Send the deliveries that are due; how many rows were handled."""
        self._announce()
        return sending.send_due(
            self.svc,
            self.senders,
            worker=self.worker_id,
            now=now or self.svc.clock.now(),
            pool=self._pool,
            finishers=self.finishers,
        )

    # running ----------------------------------------------------------------
    def drain(self, *, max_rounds: int = 10_000) -> int:
        """Tick, plan and send until nothing is due now; rows handled (tests, the demo)."""
        total = 0
        for _ in range(max_rounds):
            now = self.svc.clock.now()
            handled = self.tick(now) + self.plan_pending(now) + self.send_due(now)
            if handled == 0:
                return total
            total += handled
        return total

    @contextmanager
    def sending_in_parallel(self) -> Iterator[None]:
        """Send claimed rows on ``send_concurrency`` threads while inside."""
        self._pool = ThreadPoolExecutor(
            max_workers=self.svc.config.send_concurrency, thread_name_prefix="greenroom-send"
        )
        try:
            yield
        finally:
            self._pool.shutdown(wait=True)
            self._pool = None

    def run_forever(self, stop: threading.Event, *, idle_seconds: float = 5.0) -> None:
        """The background loop of ``greenroom run``."""
        with self.sending_in_parallel():
            while not stop.is_set():
                try:
                    busy = self.drain(max_rounds=50)
                except Exception:
                    logger.exception("engine loop failed; continuing")
                    busy = 0
                if not busy:
                    self.wake.wait(idle_seconds)
                    self.wake.clear()

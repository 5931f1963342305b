"""The shared engine every ritual runs on: schedule → occurrence → deliveries → Slack.

Rules:
- A scheduled firing is an *occurrence* keyed by (ritual, scheduled time): the
  unique key makes it happen once however many processes share the database.
  A firing missed while the bot was down is caught up within the grace window,
  or recorded as skipped.
- Planning an occurrence (who gets what) writes one *delivery* row per
  recipient before anything is sent; the unique key (occurrence, kind,
  recipient) makes planning twice a no-op.
- Sending claims due rows under a lease (``FOR UPDATE SKIP LOCKED`` on
  PostgreSQL), marks a row *sending* before the Web API call, and records the
  message ts after it. A row found *sending* after a crash is reconciled: the
  delivery id travels in the message ``metadata``, and conversations.history is
  searched for it before anything is sent again.
- Posts are paced per workspace (``bot.slack.pacing``): a 429 holds every sender of the
  workspace for Retry-After, and the ceiling learnt from the 429s spaces the rest.
  Other rate limits are waited out by the client's retry handler; transient errors
  put the row back with a backoff; permanent errors are recorded on the row.
  Each row succeeds or fails on its own.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.slack.client import is_transient
from bot.slack.pacing import PacedRetry, Pacer
from rituals.schedule import fire_times, next_fire, parse_cron
from storage import deliveries
from storage.models import Delivery, Occurrence, Ritual

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.deps import Deps

logger = logging.getLogger(__name__)

METADATA_EVENT = "greenroom_delivery"
LEASE = timedelta(minutes=2)  # the default of GREENROOM_LEASE_SECONDS
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Planned:
    """A delivery a planner wants: one message for one recipient."""

    kind: str
    recipient: str
    payload: dict[str, Any] = field(default_factory=dict)
    not_before: datetime | None = None


class SkipOccurrence(Exception):  # noqa: N818 - a signal, not a failure
    """Raised by a planner when the occurrence should not run (holiday, empty channel)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SkipDelivery(Exception):  # noqa: N818 - a signal, not a failure
    """Raised by a sender when the message is no longer needed (e.g. already answered)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OccurrenceInfo:
    """An occurrence as planners and senders see it."""

    id: int
    team_id: str
    ritual_id: int | None
    kind: str
    channel_id: str | None
    scheduled_for: datetime
    config: dict[str, Any]
    created_by: str | None


@dataclass(frozen=True)
class DeliveryInfo:
    """A delivery as senders see it."""

    id: int
    team_id: str
    occurrence_id: int
    kind: str
    recipient: str
    payload: dict[str, Any]
    attempts: int


@dataclass
class PlanContext:
    """What a planner gets."""

    deps: Deps
    occurrence: OccurrenceInfo
    now: datetime

    @property
    def client(self) -> WebClient:
        """The Web API client of the occurrence's workspace."""
        return self.deps.client_for(self.occurrence.team_id)


@dataclass
class SendContext:
    """What a sender gets; ``post`` is the only way a delivery reaches Slack."""

    engine: Engine
    deps: Deps
    delivery: DeliveryInfo
    occurrence: OccurrenceInfo
    now: datetime
    posted: dict[str, Any] | None = None

    @property
    def client(self) -> WebClient:
        """The Web API client of the delivery's workspace."""
        return self.deps.client_for(self.delivery.team_id)

    def post(
        self, channel: str, *, text: str, blocks: list[Any] | None = None, **extra: Any
    ) -> Any:
        """chat.postMessage carrying the delivery id in metadata; recorded before and after."""
        self.engine._mark_sending(self.delivery.id, channel)
        team_id, client = self.delivery.team_id, self.client
        self.engine.paced(team_id, client)
        self.engine.pacer.wait_turn(team_id, channel)
        response = client.chat_postMessage(
            channel=channel,
            text=text,
            blocks=blocks,
            metadata={
                "event_type": METADATA_EVENT,
                "event_payload": {"delivery_id": self.delivery.id},
            },
            **extra,
        )
        self.engine.pacer.delivered(team_id, channel)
        self.posted = {"channel": response["channel"], "ts": response["ts"]}
        return response


Planner = Callable[[PlanContext], list[Planned]]
Sender = Callable[[SendContext], None]
SentHook = Callable[[SendContext], None]


class Engine:
    """Schedules, plans and sends; safe to run in several processes at once."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.planners: dict[str, Planner] = {}
        self.senders: dict[str, Sender] = {}
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.wake = threading.Event()
        self.pacer = Pacer()
        self._pool: ThreadPoolExecutor | None = None
        self._paced_lock = threading.Lock()

    @property
    def lease(self) -> timedelta:
        """How long a claim holds before another process may take the work over."""
        return timedelta(seconds=self.deps.settings.lease_seconds)

    # registration -----------------------------------------------------------
    def register_planner(self, kind: str, planner: Planner) -> None:
        """``planner`` turns occurrences of ``kind`` into deliveries."""
        self.planners[kind] = planner

    def register_sender(self, kind: str, sender: Sender) -> None:
        """``sender`` delivers rows of delivery ``kind``."""
        self.senders[kind] = sender

    def paced(self, team_id: str, client: WebClient) -> None:
        """Hand the client's 429s on posts to the pacer (once per client)."""
        with self._paced_lock:
            if not any(isinstance(h, PacedRetry) for h in client.retry_handlers):
                client.retry_handlers.insert(0, PacedRetry(self.pacer, team_id))

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
        now = self.deps.clock.now()
        with self.deps.db.session() as session:
            occurrence = Occurrence(
                team_id=team_id,
                ritual_id=None,
                kind=kind,
                channel_id=channel_id,
                scheduled_for=when or now,
                status="pending",
                config=config or {},
                created_by=created_by,
                created_at=now,
            )
            session.add(occurrence)
            session.flush()
            occurrence_id = occurrence.id
        self.wake.set()
        return occurrence_id

    def add_deliveries(
        self, occurrence: OccurrenceInfo, planned: list[Planned], now: datetime
    ) -> int:
        """Insert delivery rows, ignoring ones that exist; returns how many were new."""
        if not planned:
            return 0
        rows = [
            {
                "team_id": occurrence.team_id,
                "occurrence_id": occurrence.id,
                "kind": item.kind,
                "recipient": item.recipient,
                "payload": item.payload,
                "status": "pending",
                "not_before": item.not_before or now,
                "attempts": 0,
                "created_at": now,
            }
            for item in planned
        ]
        inserted = 0
        table = Delivery.__table__
        # one compiled statement run over the rows (executemany), not a 500-row VALUES list
        # compiled anew per chunk; RETURNING, not rowcount: psycopg reports -1 for these
        statement = self._insert(table).on_conflict_do_nothing().returning(table.c.id)
        with self.deps.db.session() as session:
            for start in range(0, len(rows), 500):
                result = session.execute(statement, rows[start : start + 500])
                inserted += len(result.all())
        self.wake.set()
        return inserted

    def _insert(self, model: Any) -> Any:
        return (pg_insert if self.deps.db.dialect == "postgresql" else sqlite_insert)(model)

    # scheduling -------------------------------------------------------------
    def tick(self, now: datetime | None = None) -> int:
        """Create the occurrences that are due; returns how many this call created."""
        now = now or self.deps.clock.now()
        grace = timedelta(minutes=self.deps.settings.grace_minutes)
        created = 0
        with self.deps.db.session() as session:
            due = session.scalars(
                select(Ritual).where(Ritual.paused.is_(False), Ritual.next_run_at <= now)
            ).all()
            for ritual in due:
                created += self._fire(session, ritual, now, grace)
        if created:
            self.wake.set()
        return created

    def _fire(self, session: Any, ritual: Ritual, now: datetime, grace: timedelta) -> int:
        try:
            trigger = parse_cron(ritual.cron, ritual.tz)
        except Exception:
            logger.exception("ritual %s has an unusable schedule; pausing it", ritual.id)
            ritual.paused = True
            return 0
        assert ritual.next_run_at is not None
        times = [ritual.next_run_at]
        times += list(fire_times(trigger, ritual.next_run_at, now))[:1000]
        created = 0
        for when in times:
            missed = now - when > grace
            statement = (
                self._insert(Occurrence)
                .values(
                    team_id=ritual.team_id,
                    ritual_id=ritual.id,
                    kind=ritual.kind,
                    channel_id=ritual.channel_id,
                    scheduled_for=when,
                    status="skipped" if missed else "pending",
                    reason="missed while the bot was down" if missed else None,
                    config=ritual.config,
                    created_by=ritual.created_by,
                    created_at=now,
                )
                .on_conflict_do_nothing()
                .returning(Occurrence.id)
            )
            inserted = session.execute(statement).first() is not None
            if inserted and not missed:
                created += 1
                logger.info("occurrence due ritual=%s at=%s", ritual.id, when.isoformat())
            elif inserted:
                logger.warning(
                    "occurrence skipped ritual=%s at=%s (missed)", ritual.id, when.isoformat()
                )
        ritual.next_run_at = next_fire(trigger, now)
        return created

    def schedule(self, ritual_id: int) -> None:
        """Recompute a ritual's next run after it was created, changed or resumed."""
        now = self.deps.clock.now()
        with self.deps.db.session() as session:
            ritual = session.get(Ritual, ritual_id)
            if ritual is not None:
                ritual.next_run_at = next_fire(parse_cron(ritual.cron, ritual.tz), now)
        self.wake.set()

    # planning ---------------------------------------------------------------
    def plan_pending(self, now: datetime | None = None) -> int:
        """Plan occurrences that are due; returns how many were handled."""
        now = now or self.deps.clock.now()
        handled = 0
        for info in self._claim_occurrences(now):
            handled += 1
            self._plan_one(info, now)
        return handled

    def _claim_occurrences(self, now: datetime) -> list[OccurrenceInfo]:
        with self.deps.db.session() as session:
            rows = session.scalars(
                select(Occurrence)
                .where(
                    Occurrence.status == "pending",
                    Occurrence.scheduled_for <= now,
                    or_(Occurrence.lease_until.is_(None), Occurrence.lease_until < now),
                )
                .order_by(Occurrence.id)
                .limit(10)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                row.lease_until = now + self.lease
            return [_occurrence_info(row) for row in rows]

    def _plan_one(self, info: OccurrenceInfo, now: datetime) -> None:
        planner = self.planners.get(info.kind)
        status, reason = "planned", None
        try:
            if planner is None:
                raise SkipOccurrence(f"no planner for {info.kind}")
            planned = planner(PlanContext(self.deps, info, now))
            self.add_deliveries(info, planned, now)
        except SkipOccurrence as skip:
            status, reason = "skipped", skip.reason[:200]
        except SlackApiError as exc:
            error = exc.response.get("error")
            if is_transient(error, exc.response.status_code):
                logger.warning("planning occurrence %s hit %s; will retry", info.id, error)
                return  # the lease expires and the occurrence is planned again
            status, reason = "failed", f"slack: {error}"
        except Exception:
            logger.exception("planning occurrence %s failed", info.id)
            status, reason = "failed", "internal error while planning"
        with self.deps.db.session() as session:
            session.execute(
                update(Occurrence)
                .where(Occurrence.id == info.id)
                .values(status=status, reason=reason, planned_at=now, lease_until=None)
            )
        if status != "planned":
            logger.info("occurrence %s %s: %s", info.id, status, reason)

    # sending ----------------------------------------------------------------
    def send_due(self, now: datetime | None = None) -> int:
        """Send the deliveries that are due; returns how many rows were handled."""
        now = now or self.deps.clock.now()
        claimed = self._claim_deliveries(now)
        if not claimed:
            return 0
        if self._pool is not None and len(claimed) > 1:
            list(self._pool.map(lambda pair: self._send_one(*pair, now), claimed))
        else:
            for pair in claimed:
                self._send_one(*pair, now)
        return len(claimed)

    def _claim_deliveries(
        self, now: datetime
    ) -> list[tuple[DeliveryInfo, OccurrenceInfo, str | None, datetime | None]]:
        rows = deliveries.claim_due(
            self.deps.db, now=now, worker=self.worker_id, until=now + self.lease
        )
        occurrences: dict[int, OccurrenceInfo] = {}
        claimed = []
        for row in rows:
            occurrence = occurrences.get(row.occurrence_id)
            if occurrence is None:
                occurrence = occurrences[row.occurrence_id] = _occurrence_info(row, prefix="o_")
            delivery = DeliveryInfo(
                id=row.id,
                team_id=row.team_id,
                occurrence_id=row.occurrence_id,
                kind=row.kind,
                recipient=row.recipient,
                payload=dict(row.payload or {}),
                attempts=row.attempts,
            )
            claimed.append((delivery, occurrence, row.channel, row.sending_at))
        return claimed

    def _send_one(
        self,
        delivery: DeliveryInfo,
        occurrence: OccurrenceInfo,
        channel: str | None,
        sending_since: datetime | None,
        now: datetime,
    ) -> None:
        ctx = SendContext(self, self.deps, delivery, occurrence, now)
        try:
            if sending_since is not None and channel:
                found = self._reconcile(delivery, channel, sending_since)
                if found is not None:
                    logger.info("delivery %s was already sent; reconciled", delivery.id)
                    self._finish(delivery.id, "sent", channel=found[0], ts=found[1])
                    return
            sender = self.senders.get(delivery.kind)
            if sender is None:
                raise SkipDelivery(f"no sender for {delivery.kind}")
            sender(ctx)
            posted = ctx.posted or {}
            self._finish(delivery.id, "sent", channel=posted.get("channel"), ts=posted.get("ts"))
        except SkipDelivery as skip:
            self._finish(delivery.id, "skipped", error=skip.reason[:200])
        except SlackApiError as exc:
            error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
            if (
                is_transient(error, exc.response.status_code)
                and delivery.attempts + 1 < MAX_ATTEMPTS
            ):
                self._retry_later(delivery, now, error)
            else:
                logger.warning("delivery %s failed permanently: %s", delivery.id, error)
                self._finish(delivery.id, "failed", error=error[:200])
        except OSError as exc:  # connection trouble the client's retries did not cure
            if delivery.attempts + 1 < MAX_ATTEMPTS:
                self._retry_later(delivery, now, type(exc).__name__)
            else:
                self._finish(delivery.id, "failed", error=f"network: {type(exc).__name__}")
        except Exception:
            logger.exception("delivery %s (%s) crashed", delivery.id, delivery.kind)
            self._finish(delivery.id, "failed", error="internal error")

    def _reconcile(
        self, delivery: DeliveryInfo, channel: str, since: datetime
    ) -> tuple[str, str] | None:
        client = self.deps.client_for(delivery.team_id)
        if channel[:1] in ("U", "W"):
            channel = client.conversations_open(users=channel)["channel"]["id"]
        oldest = f"{(since - timedelta(minutes=5)).timestamp():.6f}"
        response = client.conversations_history(
            channel=channel, oldest=oldest, limit=200, include_all_metadata=True
        )
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT
                and payload.get("delivery_id") == delivery.id
            ):
                return channel, str(message["ts"])
        return None

    def _mark_sending(self, delivery_id: int, channel: str) -> None:
        deliveries.mark_sending(
            self.deps.db, delivery_id, channel=channel, now=self.deps.clock.now()
        )

    def _retry_later(self, delivery: DeliveryInfo, now: datetime, error: str) -> None:
        wait = deliveries.backoff(delivery.attempts)
        logger.info("delivery %s will retry in %ss (%s)", delivery.id, wait.seconds, error)
        deliveries.retry_later(self.deps.db, delivery.id, at=now + wait, error=error)

    def _finish(
        self,
        delivery_id: int,
        status: str,
        *,
        channel: str | None = None,
        ts: str | None = None,
        error: str | None = None,
    ) -> None:
        if status == "sent":
            now = self.deps.clock.now()
            deliveries.mark_sent(self.deps.db, delivery_id, channel=channel, ts=ts, now=now)
        else:
            deliveries.mark_ended(self.deps.db, delivery_id, status=status, error=error)

    # running ----------------------------------------------------------------
    def drain(self, *, max_rounds: int = 10_000) -> int:
        """Tick, plan and send until nothing is due now; returns rows handled (tests, demo)."""
        total = 0
        for _ in range(max_rounds):
            now = self.deps.clock.now()
            handled = self.tick(now) + self.plan_pending(now) + self.send_due(now)
            if handled == 0:
                return total
            total += handled
        return total

    @contextmanager
    def sending_in_parallel(self) -> Iterator[None]:
        """Send claimed rows on GREENROOM_SEND_CONCURRENCY threads while inside."""
        self._pool = ThreadPoolExecutor(
            max_workers=self.deps.settings.send_concurrency, thread_name_prefix="greenroom-send"
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


def _occurrence_info(row: Any, *, prefix: str = "") -> OccurrenceInfo:
    """From an Occurrence, or from a row carrying its columns under ``prefix``."""

    def column(name: str) -> Any:
        return getattr(row, prefix + name)

    return OccurrenceInfo(
        id=column("id"),
        team_id=column("team_id"),
        ritual_id=column("ritual_id"),
        kind=column("kind"),
        channel_id=column("channel_id"),
        scheduled_for=column("scheduled_for"),
        config=dict(column("config") or {}),
        created_by=column("created_by"),
    )

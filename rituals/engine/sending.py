"""Deliveries become messages: claimed under a lease, reconciled after a crash, retried when
Slack's trouble is passing, recorded when it is not."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from rituals.engine.types import (
    DeliveryInfo,
    Finisher,
    NotYet,
    SendContext,
    Sender,
    SkipDelivery,
)
from rituals.ports import Posted, SlackFailure
from rituals.services import Services
from storage import deliveries, sends, workers
from storage.deliveries import Claimed

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RECONCILE_MARGIN = timedelta(minutes=5)


def send_due(
    svc: Services,
    senders: Mapping[str, Sender],
    *,
    worker: str,
    now: datetime,
    pool: ThreadPoolExecutor | None = None,
    finishers: Mapping[str, Finisher] | None = None,
) -> int:
    """Send the deliveries that are due; how many rows were handled."""
    with svc.db.unit() as unit:
        holders = deliveries.holders(unit, excluding=worker)
        dead = workers.dead(unit, workers=holders, here=svc.db.live_workers)
        claimed = deliveries.claim_due(
            unit, now=now, worker=worker, until=now + svc.config.lease, dead=dead
        )
    if dead and claimed:
        logger.info("taking over deliveries of %s", ", ".join(sorted(dead)))
    finish = finishers or {}
    if pool is not None and len(claimed) > 1:
        list(pool.map(lambda item: send_one(svc, senders, item, now, finish), claimed))
    else:
        for item in claimed:
            send_one(svc, senders, item, now, finish)
    return len(claimed)


def send_one(
    svc: Services,
    senders: Mapping[str, Sender],
    item: Claimed,
    now: datetime,
    finishers: Mapping[str, Finisher] | None = None,
) -> None:
    """Send one claimed row; whatever happens is recorded on it (and its finisher told)."""
    delivery = item.delivery
    ctx = SendContext(svc, delivery, item.occurrence, now)
    outcome: tuple[str, Posted | None] | None = None
    try:
        outcome = _send(svc, senders, item, ctx, now)
    finally:
        finisher = (finishers or {}).get(delivery.kind)
        if finisher is not None and outcome is not None:
            try:
                finisher(svc, delivery, *outcome)
            except Exception:
                logger.exception("finishing delivery %s (%s) failed", delivery.id, delivery.kind)


def _send(
    svc: Services, senders: Mapping[str, Sender], item: Claimed, ctx: SendContext, now: datetime
) -> tuple[str, Posted | None] | None:
    """Send the row and record how it ended; that ending (None: back to pending later)."""
    delivery = item.delivery
    try:
        if item.sending_since is not None and item.channel:
            found = svc.messenger.find_delivery(
                delivery.team_id,
                item.channel,
                delivery.id,
                since=item.sending_since - RECONCILE_MARGIN,
            )
            if found is not None:
                logger.info("delivery %s was already sent; reconciled", delivery.id)
                _sent(svc, delivery.id, found.channel, found.ts)
                return "sent", found
        sender = senders.get(delivery.kind)
        if sender is None:
            raise SkipDelivery(f"no sender for {delivery.kind}")
        sender(ctx)
        posted = ctx.posted
        _sent(svc, delivery.id, posted.channel if posted else None, posted.ts if posted else None)
        return "sent", posted
    except SkipDelivery as skip:
        _ended(svc, delivery.id, "skipped", skip.reason)
    except NotYet as wait:
        with svc.db.unit() as unit:
            sends.postpone(unit, delivery.id, until=wait.until, reason=wait.reason)
        return None
    except SlackFailure as failure:
        if failure.transient and delivery.attempts + 1 < MAX_ATTEMPTS:
            _retry_later(svc, delivery, now, failure.error)
            return None
        logger.warning("delivery %s failed permanently: %s", delivery.id, failure.error)
        _ended(svc, delivery.id, "failed", failure.error)
    except OSError as exc:  # connection trouble the messenger's retries did not cure
        if delivery.attempts + 1 < MAX_ATTEMPTS:
            _retry_later(svc, delivery, now, type(exc).__name__)
            return None
        _ended(svc, delivery.id, "failed", f"network: {type(exc).__name__}")
    except Exception:
        logger.exception("delivery %s (%s) crashed", delivery.id, delivery.kind)
        _ended(svc, delivery.id, "failed", "internal error")
    return "failed", None


def _sent(svc: Services, delivery_id: int, channel: str | None, ts: str | None) -> None:
    with svc.db.unit() as unit:
        sends.mark_sent(unit, delivery_id, channel=channel, ts=ts, now=svc.clock.now())


def _ended(svc: Services, delivery_id: int, status: str, error: str) -> None:
    with svc.db.unit() as unit:
        sends.mark_ended(unit, delivery_id, status=status, error=error[:200])


def _retry_later(svc: Services, delivery: DeliveryInfo, now: datetime, error: str) -> None:
    wait = sends.backoff(delivery.attempts)
    logger.info("delivery %s will retry in %ss (%s)", delivery.id, wait.seconds, error)
    with svc.db.unit() as unit:
        sends.retry_later(unit, delivery.id, at=now + wait, error=error)

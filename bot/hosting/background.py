"""The running bot: the app plus its background work (APScheduler and the engine loop)."""

from __future__ import annotations

import logging
import threading

from apscheduler.schedulers.background import BackgroundScheduler

from bot.app import Greenroom

logger = logging.getLogger(__name__)

TICK_SECONDS = 5


class Background:
    """APScheduler ticking the engine's schedule, and the engine's send loop."""

    def __init__(self, greenroom: Greenroom) -> None:
        self.greenroom = greenroom
        self.stop_event = threading.Event()
        self.scheduler = BackgroundScheduler(timezone="UTC")
        self.thread = threading.Thread(
            target=greenroom.engine.run_forever,
            args=(self.stop_event,),
            name="greenroom-engine",
            daemon=True,
        )

    def _tick(self) -> None:
        try:
            if self.greenroom.engine.tick():
                self.greenroom.engine.wake.set()
        except Exception:
            logger.exception("schedule tick failed")

    def _renew(self) -> None:
        try:
            self.greenroom.engine.renew()
        except Exception:
            logger.exception("renewing the engine's leases failed")

    def start(self) -> Background:
        """Start ticking and sending."""
        self.scheduler.add_job(
            self._tick,
            "interval",
            seconds=TICK_SECONDS,
            id="tick",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
        )
        engine = self.greenroom.engine
        self.scheduler.add_job(
            self._renew,
            "interval",
            seconds=max(1.0, engine.lease.total_seconds() / 3),
            id="renew",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
        )
        for name, job in self.greenroom.daily_jobs.items():  # at 03:17 UTC
            self.scheduler.add_job(
                job,
                "cron",
                hour=3,
                minute=17,
                id=name,
                replace_existing=True,
                coalesce=True,
            )
        self.scheduler.start()
        self.thread.start()
        logger.info("background work started (worker %s)", self.greenroom.engine.worker_id)
        return self

    def stop(self) -> None:
        """Stop and wait for in-flight sends."""
        self.scheduler.shutdown(wait=False)
        self.stop_event.set()
        self.greenroom.engine.wake.set()
        self.thread.join(timeout=30)

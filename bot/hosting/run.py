"""``greenroom run``: migrations, then gunicorn (HTTP) or Socket Mode, plus background work.

HTTP mode serves with gunicorn's threaded workers. Bolt runs with
``process_before_response=True``: a listener stores what it must and acks in
the same request; slow Web API work goes to a background pool. This avoids
Bolt's ack-polling thread hand-off, which caps a worker far below what the
server can do (see the Performance section of the README).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from typing import Any

from bot.app import Greenroom, create_app
from bot.hosting.background import Background
from bot.hosting.replicas import guard_single_process
from bot.settings import Settings
from rituals.clock import SystemClock
from storage.db import Database

logger = logging.getLogger(__name__)

THREADS_PER_WORKER = 8


QUIET_LIBRARIES = ("alembic", "apscheduler")


def build(settings: Settings) -> Greenroom:
    """The app for this process, on the real clock."""
    return create_app(settings, db=Database(settings.database_url), clock=SystemClock())


def prepare(settings: Settings) -> None:
    """Checks and migrations before serving (in the parent process, before any fork)."""
    guard_single_process(settings)
    db = Database(settings.database_url)
    try:
        db.upgrade()
    finally:
        db.dispose()


def quiet(settings: Settings) -> None:
    """Keep start-up and routine work out of the log unless GREENROOM_LOG_LEVEL=DEBUG.

    Alembic announces every plugin and APScheduler every 5-second tick at INFO.
    The Slack credentials now live in ``settings``: they leave the environment,
    so Bolt does not read SLACK_BOT_TOKEN again (and warn that it is unused) and
    no child process inherits them.
    """
    if settings.log_level != "DEBUG":
        for name in QUIET_LIBRARIES:
            logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_SECRET"):
        os.environ.pop(name, None)


def run(settings: Settings) -> int:
    """Serve until stopped."""
    quiet(settings)
    prepare(settings)
    if settings.socket_mode:
        return _socket_mode(settings)
    return _gunicorn(settings)


def _socket_mode(settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.hosting.wsgi import LoopbackServer

    greenroom = build(settings)
    background = Background(greenroom).start()
    health = LoopbackServer(greenroom.wsgi, port=settings.port, host="0.0.0.0").start()
    handler = SocketModeHandler(greenroom.bolt, settings.slack_app_token)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    handler.connect()
    logger.info("ready: Socket Mode connected; /healthz on port %s", health.port)
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    handler.close()
    health.stop()
    background.stop()
    return 0


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """The gunicorn configuration of HTTP mode (the benchmarks serve bare Bolt with it too).

    gunicorn's own start-up lines are left out below DEBUG; its warnings and
    errors still show. Replicas on one host must not share gunicorn's control
    socket, so it is off where gunicorn has one.
    """
    options: dict[str, Any] = {
        "bind": f"0.0.0.0:{settings.port}",
        "workers": settings.workers,
        "worker_class": "gthread",
        "threads": THREADS_PER_WORKER,
        "timeout": 60,
        "graceful_timeout": 30,
        "keepalive": 5,
        "loglevel": "debug" if settings.log_level == "DEBUG" else "warning",
    }
    from gunicorn.config import KNOWN_SETTINGS

    if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
        options["control_socket_disable"] = True
    return options


def _gunicorn(settings: Settings) -> int:
    from gunicorn.app.base import BaseApplication

    state: dict[str, Any] = {}

    class GreenroomServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = {**gunicorn_options(settings), "worker_exit": _worker_exit}
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            greenroom = build(settings)
            state["background"] = Background(greenroom).start()
            logger.info(
                "ready: HTTP on port %s (%s database, worker %s)",
                settings.port,
                greenroom.deps.db.dialect,
                greenroom.engine.worker_id,
            )
            return greenroom.wsgi

    def _worker_exit(_server: Any, _worker: Any) -> None:
        background = state.get("background")
        if background is not None:
            background.stop()

    GreenroomServer().run()
    return 0

"""``greenroom run``: migrations, then HTTP (gunicorn's threaded worker) or Socket Mode, plus
background work.

HTTP mode serves with gunicorn's threaded worker, in this process when one worker serves
(``bot.hosting.server``). Bolt runs with ``process_before_response=True``: a listener stores
what it must and acks in the same request; slow Web API work goes to a background pool.
This avoids Bolt's ack-polling thread hand-off, which caps a worker far below what the
server can do (see the Performance section of the README).

Start-up is lean: once SQLAlchemy and the models are imported, pending migrations are
applied by a short-lived forked child while this process imports the rest of the app, so
neither the start time nor the resident memory pays for Alembic.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.hosting.replicas import guard_single_process
from bot.hosting.server import THREADS_PER_WORKER, gunicorn_options, serve
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import Greenroom

logger = logging.getLogger(__name__)

__all__ = ["THREADS_PER_WORKER", "build", "gunicorn_options", "prepare", "quiet", "run"]


QUIET_LIBRARIES = ("alembic", "apscheduler")


def build(settings: Settings) -> Greenroom:
    """The app for this process, on the real clock."""
    from bot.app import create_app
    from rituals.clock import SystemClock
    from storage.db import Database

    return create_app(settings, db=Database(settings.database_url), clock=SystemClock())


def _migrate(settings: Settings) -> None:
    from storage.db import Database

    db = Database(settings.database_url)
    try:
        db.upgrade()
    finally:
        db.dispose()


def prepare(settings: Settings) -> None:
    """Checks and migrations before serving, in this process."""
    guard_single_process(settings)
    _migrate(settings)


class MigrationFailed(RuntimeError):
    """The migrations at start did not complete (the child said why in the log)."""


def start_migrations(settings: Settings) -> Callable[[], None]:
    """Apply pending migrations in a forked child; a function that waits for it to finish.

    The child imports Alembic and is gone once done; this process meanwhile imports what it
    serves with. Nothing in this process touches the database before the
    wait returns. Forked before any thread is started.
    """
    pid = os.fork()
    if pid == 0:  # the child: migrate, say so, and leave without running anything inherited
        code = 1
        try:
            _migrate(settings)
            code = 0
        except BaseException:
            logger.exception("migrations failed")
        finally:
            os._exit(code)

    def wait() -> None:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise MigrationFailed("database migrations failed at start (see the log above)")

    return wait


def _warm_imports() -> None:
    """Import the app while the migrations run (both take a few hundred milliseconds)."""
    import bot.app  # noqa: F401
    import bot.hosting.background  # noqa: F401


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
    guard_single_process(settings)
    import storage.db  # noqa: F401 - SQLAlchemy and the models: the migrations need them too
    import storage.models  # noqa: F401

    migrated = start_migrations(settings)
    if settings.workers == 1 or settings.socket_mode:
        _warm_imports()  # gunicorn's master (several workers) stays lean: workers import
    try:
        migrated()
    except MigrationFailed as failure:
        logger.error("%s", failure)
        return 1
    if settings.socket_mode:
        return _socket_mode(settings)
    return _http(settings)


def _socket_mode(settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.hosting.background import Background
    from bot.hosting.wsgi import LoopbackServer

    greenroom = build(settings)
    background = Background(greenroom).start()
    health = LoopbackServer(greenroom.wsgi, port=settings.port, host="0.0.0.0").start()
    handler = SocketModeHandler(greenroom.bolt, settings.slack_app_token)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    handler.connect()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
    logger.info("ready: Socket Mode connected; /healthz on port %s", health.port)
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    handler.close()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
    health.stop()
    background.stop()
    return 0


def _http(settings: Settings) -> int:
    state: dict[str, Any] = {}

    def load() -> Any:
        from bot.hosting.background import Background

        greenroom = build(settings)
        state["background"] = Background(greenroom).start()
        logger.info(
            "ready: HTTP on port %s (%s database, worker %s)",
            settings.port,
            greenroom.deps.svc.db.dialect,
            greenroom.engine.worker_id,
        )
        return greenroom.wsgi

    def stopped() -> None:
        background = state.get("background")
        if background is not None:
            background.stop()

    return serve(settings, load, stopped=stopped)

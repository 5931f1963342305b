"""The HTTP server of ``greenroom run`` (and of the benchmarks' bare Bolt baselines).

gunicorn's threaded worker (``gthread``: keep-alive, timeouts, graceful stop) serves the
WSGI app. With one worker, the default, it runs in this very process: gunicorn's master
would only watch that one worker, and as a second process it would hold a second copy of
the interpreter and its imports. With several workers, gunicorn's arbiter forks them; its
master imports no more than gunicorn, and each worker loads the app itself.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from typing import Any

from bot.settings import Settings

logger = logging.getLogger(__name__)

THREADS_PER_WORKER = 8

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


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


def serve(
    settings: Settings,
    load: Callable[[], Wsgi],
    *,
    stopped: Callable[[], None] | None = None,
) -> int:
    """Serve the app ``load`` builds (in the worker) until SIGTERM or SIGINT; ``stopped`` runs
    once the worker has finished its requests."""
    from gunicorn.app.base import BaseApplication

    options = gunicorn_options(settings)
    if stopped is not None:
        options["worker_exit"] = lambda _arbiter, _worker: stopped()

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Wsgi:
            return load()

    server = Server()
    if settings.workers > 1:
        server.run()
        return 0
    return _in_process(server)


def _in_process(server: Any) -> int:
    """Run one gthread worker in this process, as gunicorn's arbiter would run it in a child."""
    from gunicorn import sock
    from gunicorn.glogging import Logger
    from gunicorn.workers.gthread import ThreadWorker

    class OnlyWorker(ThreadWorker):  # type: ignore[misc]
        def is_parent_alive(self) -> bool:
            return True  # no arbiter to outlive: whoever started us may come and go

    cfg = server.cfg
    log = Logger(cfg)
    listeners = sock.create_sockets(cfg, log)
    worker = OnlyWorker(0, os.getppid(), listeners, server, cfg.timeout / 2.0, cfg, log)
    worker.pid = os.getpid()
    try:
        worker.init_process()  # loads the app, then serves until a signal stops it
    finally:
        try:
            cfg.worker_exit(None, worker)
        finally:
            worker.tmp.close()
            for listener in listeners:
                listener.close()
    return 0

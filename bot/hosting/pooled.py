"""A socketserver mix-in that serves connections on reused threads.

``ThreadingMixIn`` starts a thread per connection, and ``Thread.start`` waits until
the new thread has run: under load the accept loop queues behind the GIL for every
request. The loopback servers (the bot's in tests and the demo, the Slack sandbox)
take many short connections, so they keep their threads. Threads are added while
every one is busy, up to ``pool_size``: a handler may wait on a slow Slack (injected
latency) without starving the others. They are daemon threads, like
``daemon_threads = True``, so a client holding a connection open never blocks exit.
"""

from __future__ import annotations

import queue
import socket
import threading
from typing import Any

_STOP = None


class PooledMixIn:
    """Put before the server class: ``class S(PooledMixIn, HTTPServer)``."""

    pool_size = 64
    pool_name = "http"

    def process_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        """Queue the connection; start a thread when none is free."""
        state = self._pool_state()
        with state["lock"]:
            state["jobs"].put((request, client_address))
            if state["idle"] == 0 and state["threads"] < self.pool_size:
                state["threads"] += 1
                name = f"{self.pool_name}-{state['threads']}"
                threading.Thread(target=self._serve_jobs, name=name, daemon=True).start()
            else:
                state["idle"] -= 1

    def _pool_state(self) -> dict[str, Any]:
        state: dict[str, Any] | None = self.__dict__.get("_pool")
        if state is None:
            fresh = {"lock": threading.Lock(), "jobs": queue.SimpleQueue(), "idle": 0, "threads": 0}
            state = self.__dict__.setdefault("_pool", fresh)
        return state

    def _serve_jobs(self) -> None:
        server: Any = self
        state = self._pool_state()
        while True:
            job = state["jobs"].get()
            if job is _STOP:
                return
            request, client_address = job
            try:
                server.finish_request(request, client_address)
            except Exception:
                server.handle_error(request, client_address)
            finally:
                server.shutdown_request(request)
            with state["lock"]:
                state["idle"] += 1

    def server_close(self) -> None:
        """Close the socket and let the threads end once their connections are served."""
        super().server_close()  # type: ignore[misc]
        state = self._pool_state()
        with state["lock"]:
            for _ in range(state["threads"]):
                state["jobs"].put(_STOP)

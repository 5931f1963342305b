"""The demo's bot, in a process of its own, built exactly as ``greenroom run`` builds it.

The sandbox and the simulated crew stay in the demo's process; the bot (create_app, its
listeners, the engine, storage, a loopback server) runs in a child started with ``spawn``,
so the two halves use two cores instead of sharing one GIL. The child has its own
FakeClock: the parent sends ``settle`` with the time its clock shows, and the child moves to
it and runs everything due before answering. Every command is answered with ``("ok", value)``
or ``("error", traceback)``; the child also stops when the parent goes away (its end of the
pipe closes, and the process is a daemon).
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from typing import Any

from rituals.clock import FakeClock
from sandbox.botrunner import EmbeddedBot
from sandbox.botrunner import install_log_redaction as redact_logs

logger = logging.getLogger(__name__)

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"  # as ``greenroom`` logs
REPLY_TIMEOUT = 900.0  # seconds; far beyond any settle, short of hanging forever


class BotProcessError(RuntimeError):
    """The bot's process failed or went away; the message says how."""


@dataclass(frozen=True)
class BotStart:
    """What the child needs to build the bot (picklable)."""

    database: str
    api_url: str
    bot_token: str
    signing_secret: str
    tz: str
    now: datetime
    record_requests: bool = False
    log_level: int = logging.WARNING


@dataclass(frozen=True)
class SignedRequest:
    """One request that reached /slack/events: its raw body and Slack's signature headers."""

    body: bytes
    signature: str
    timestamp: str


class BotProcess:
    """The demo's handle on the bot running in a child process."""

    def __init__(self, start: BotStart) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, child_end = context.Pipe()
        self._process = context.Process(
            target=serve, args=(child_end, start), name="greenroom-demo-bot", daemon=True
        )
        self._process.start()
        child_end.close()  # so the parent sees EOF if the child dies
        self._lock = threading.Lock()
        self._failed = False
        try:
            self.url: str = self._wait("start")
        except BaseException:
            self._stop()
            raise

    @property
    def pid(self) -> int | None:
        """The child's process id."""
        return self._process.pid

    def settle(self, at: datetime) -> None:
        """Move the bot's clock to ``at`` and run everything due, until quiet."""
        self._call("settle", at)

    def close(self) -> list[SignedRequest]:
        """Stop the bot; returns the requests it recorded (if asked to)."""
        try:
            if self._failed:  # already raised; closing the pipe is enough to stop the child
                return []
            requests: list[SignedRequest] = self._call("close", None)
            return requests
        finally:
            self._stop()

    def _call(self, command: str, argument: Any) -> Any:
        with self._lock:
            try:
                try:
                    self._pipe.send((command, argument))
                except OSError as exc:  # BrokenPipeError: the child is gone
                    raise self._gone(command) from exc
                return self._wait(command)
            except BaseException:
                self._failed = True  # the child failed, or the pipe is out of step (Ctrl-C)
                raise

    def _stop(self) -> None:
        self._pipe.close()
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()

    def _wait(self, command: str) -> Any:
        waited = 0.0
        while not self._pipe.poll(1.0):
            waited += 1.0
            if not self._process.is_alive():
                raise self._gone(command)
            if waited >= REPLY_TIMEOUT:
                raise BotProcessError(f"the demo's bot gave no answer to {command!r} in {waited}s")
        try:
            status, value = self._pipe.recv()
        except (EOFError, OSError) as exc:  # closed or reset: the child is gone
            raise self._gone(command) from exc
        if status == "error":
            raise BotProcessError(f"the demo's bot failed during {command!r}:\n{value}")
        return value

    def _gone(self, command: str) -> BotProcessError:
        self._process.join(timeout=5)
        code = self._process.exitcode
        return BotProcessError(f"the demo's bot process exited (code {code}) during {command!r}")


class RequestLog:
    """WSGI middleware keeping each /slack/events request's body and signature headers."""

    def __init__(self, wsgi: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi = wsgi
        self.requests: list[SignedRequest] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        length = str(environ.get("CONTENT_LENGTH") or "0")
        if environ.get("PATH_INFO") == "/slack/events" and length.isdigit():
            body = environ["wsgi.input"].read(int(length))
            environ["wsgi.input"] = io.BytesIO(body)  # the app reads it again
            self.requests.append(
                SignedRequest(
                    body,
                    environ.get("HTTP_X_SLACK_SIGNATURE", ""),
                    environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
                )
            )
        return self.wsgi(environ, start_response)


def serve(pipe: Connection, start: BotStart) -> None:
    """The child's main: build the bot, answer commands until ``close`` or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # on Ctrl-C the demo decides when we stop
    logging.basicConfig(level=start.log_level, format=LOG_FORMAT, stream=sys.stderr)
    redact_logs()
    try:
        side = _BotSide(start)
    except Exception:
        pipe.send(("error", traceback.format_exc()))
        return
    closing = False
    reply: tuple[str, list[SignedRequest] | str]
    try:
        with side.bot.sending_in_parallel():
            pipe.send(("ok", side.bot.url))
            closing = _answer(pipe, side)
        reply = ("ok", side.close())
    except Exception:
        logger.exception("the demo's bot failed")
        reply = ("error", traceback.format_exc())
    if closing:
        pipe.send(reply)


def _answer(pipe: Connection, side: _BotSide) -> bool:
    """Answer ``settle`` until ``close`` (True) or the demo going away (False)."""
    while True:
        try:
            command, argument = pipe.recv()
        except EOFError:
            logger.warning("the demo went away; its bot stops")
            return False
        if command == "close":
            return True
        try:
            if command != "settle":
                raise ValueError(f"unknown command {command!r}")
            side.settle(argument)
        except Exception:
            pipe.send(("error", traceback.format_exc()))
        else:
            pipe.send(("ok", None))


class _BotSide:
    """The bot as the child runs it, on a clock of its own that the parent moves."""

    def __init__(self, start: BotStart) -> None:
        self.clock = FakeClock(start.now)
        self.log: RequestLog | None = None

        def wrap(wsgi: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
            self.log = RequestLog(wsgi)
            return self.log

        self.bot = EmbeddedBot(
            database_url=f"sqlite:///{start.database}",
            api_url=start.api_url,
            bot_token=start.bot_token,
            signing_secret=start.signing_secret,
            tz=start.tz,
            clock=self.clock,
            wrap=wrap if start.record_requests else None,
        )

    def settle(self, at: datetime) -> None:
        """Run everything due at ``at``: background work and the engine, until quiet."""
        self.clock.set(at)
        self.bot.settle()

    def close(self) -> list[SignedRequest]:
        """Stop serving, stop background work, close the database."""
        self.bot.close()
        return self.log.requests if self.log is not None else []

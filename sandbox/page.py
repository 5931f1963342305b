"""The sandbox's web page: a Slack-like client for acting as any member of the workspace.

Served on the sandbox's own port: ``GET /`` (the page), ``/ui/static/…`` (its script and
style), ``GET /ui/state`` (every pane for one viewer, as HTML), ``GET /ui/wait`` (returns
when anything changed), ``GET /ui/file/<id>`` and ``POST /ui/act`` (what the person did).
Each act goes to the bot the way Slack would send it (signed commands, ``block_actions``,
``view_submission``, Events API), through the sandbox's actor; then the bot's due work is
run (:class:`~sandbox.clockctl.ClockControl`) so the page shows the outcome.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from sandbox import panes
from sandbox.clockctl import ClockControl
from sandbox.emoji import EMOJI, REACTION_CHOICES
from sandbox.msgview import clock_label
from sandbox.page_acts import ActError, Acts

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox

logger = logging.getLogger(__name__)

STATIC = {"app.js": "text/javascript", "style.css": "text/css", "index.html": "text/html"}
FILE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}
WAIT_SECONDS = 20.0


@dataclass(frozen=True)
class Reply:
    """An HTTP answer."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def json(cls, data: Any, status: int = 200) -> Reply:
        return cls(status, "application/json; charset=utf-8", json.dumps(data).encode())


def static_file(name: str) -> bytes:
    """One of the page's files, shipped as package data."""
    return (resources.files("sandbox") / "web" / name).read_bytes()


class Page:
    """The page's HTTP routes over one sandbox (its default workspace)."""

    def __init__(self, sb: Sandbox, *, clock: ClockControl | None, title: str) -> None:
        self.sb = sb
        self.ws = sb.workspace
        self.clock = clock
        self.title = title
        self.seen: dict[str, dict[str, str]] = {}  # viewer → conversation → last ts seen
        self.acts = Acts(sb, clock)
        self._lock = threading.Lock()  # one act at a time, each finished before the next

    def handle(self, method: str, path: str, query: str, body: bytes) -> Reply:
        """Answer one request for the page."""
        args = dict(parse_qsl(query))
        if method == "GET" and path == "/":
            page = static_file("index.html").replace(b"{{title}}", self.title.encode())
            return Reply(200, "text/html; charset=utf-8", page)
        if method == "GET" and path.startswith("/ui/static/"):
            name = path.removeprefix("/ui/static/")
            if name not in STATIC:
                return Reply.json({"ok": False, "error": "not_found"}, 404)
            return Reply(200, f"{STATIC[name]}; charset=utf-8", static_file(name))
        if method == "GET" and path == "/ui/state":
            return Reply.json(self.state(args.get("as", ""), args.get("conv", ""), args))
        if method == "GET" and path == "/ui/wait":
            return Reply.json({"version": self.wait(int(args.get("v") or 0))})
        if method == "GET" and path.startswith("/ui/file/"):
            return self.file(path.removeprefix("/ui/file/"))
        if method == "POST" and path == "/ui/act":
            return self.act(body)
        return Reply.json({"ok": False, "error": "not_found"}, 404)

    def wait(self, version: int) -> int:
        """Block until the sandbox changes after ``version`` (or a while passes)."""
        with contextlib.suppress(TimeoutError):
            self.sb.wait_for(lambda: self.sb.version > version, timeout=WAIT_SECONDS)
        return self.sb.version

    def file(self, file_id: str) -> Reply:
        """An uploaded file's bytes."""
        with self.sb.lock:
            found = self.ws.files.get(file_id)
            content = found.content if found else None
            name = found.name if found else ""
        if content is None:
            return Reply.json({"ok": False, "error": "file_not_found"}, 404)
        kind = FILE_TYPES.get(name.rpartition(".")[2].lower(), "application/octet-stream")
        return Reply(200, kind, content)

    def _clock(self) -> dict[str, Any] | None:
        if self.clock is None:
            return None
        now = self.clock.now().astimezone(self.clock.tz)
        due = self.clock.next_due()
        upcoming = None
        if due is not None:
            at = due.at.astimezone(self.clock.tz)
            upcoming = f"{due.what} · {at.strftime('%a %-d %b, %H:%M')}"
        return {"now": clock_label(now), "zone": str(self.clock.tz), "next": upcoming}

    def state(self, viewer: str, conv: str, args: dict[str, str]) -> dict[str, Any]:
        """Every pane for ``viewer`` looking at ``conv`` (and a thread, if ``thread`` is set)."""
        with self.sb.lock:
            version = self.sb.version
            data: dict[str, Any] = {
                "version": version,
                "title": self.title,
                "clock": self._clock(),
                "who": panes.who_options(self.ws, viewer or None),
                "reactions": [[name, EMOJI[name]] for name in REACTION_CHOICES],
            }
            if viewer not in self.ws.users:
                data["welcome"] = panes.welcome(self.ws)
                return data
            ctx = panes.context(self.ws, viewer, file_src=_file_url)
            if conv != panes.HOME and (
                conv not in self.ws.channels or viewer not in self.ws.channels[conv].members
            ):
                conv = panes.default_conversation(self.ws, viewer)
            seen = self.seen.setdefault(viewer, {})
            if conv != panes.HOME:
                latest = self.ws.store.top_level(conv)
                if latest:
                    seen[conv] = latest[0]["ts"]
            data.update(
                conv=conv,
                sidebar=panes.sidebar(self.ws, viewer, conv, seen),
                header=panes.header(self.ws, viewer, conv),
                modal=None,
            )
            if conv == panes.HOME:
                data["main"] = panes.home(self.ws, viewer, ctx)
            else:
                data["main"] = panes.conversation(self.ws, viewer, conv, ctx)
                data["placeholder"] = "Message " + panes.label(
                    self.ws, viewer, self.ws.channels[conv]
                )
                thread_ts = args.get("thread")
                if thread_ts:
                    data["thread"] = panes.thread(self.ws, viewer, conv, thread_ts, ctx)
            shown = panes.modal(self.ws, viewer, ctx)
            if shown is not None:
                data["modal"] = {"key": shown[0], "html": shown[1]}
        return data

    def act(self, body: bytes) -> Reply:
        """Do what the person did; answers ``{"ok": …}`` with any errors to show."""
        try:
            request = json.loads(body or b"{}")
            if not isinstance(request, dict):
                raise ValueError("not an object")
        except ValueError:
            return Reply.json({"ok": False, "error": "That request was not JSON."}, 400)
        with self._lock:
            try:
                result = self.acts.do(request)
            except ActError as exc:
                return Reply.json({"ok": False, "error": str(exc)})
            except (LookupError, ValueError) as exc:
                logger.info("page act %s refused: %s", request.get("type"), exc)
                return Reply.json({"ok": False, "error": str(exc)})
            except OSError as exc:  # the bot is not listening, or hung up
                logger.warning("the bot did not answer the page's %s: %s", request.get("type"), exc)
                error = f"The bot at {self.sb.bot_url} did not answer ({exc})."
                return Reply.json({"ok": False, "error": error})
        return Reply.json({"ok": True, **result})


def _file_url(file: Any) -> str | None:
    file_id = file.get("id") if hasattr(file, "get") else None
    return f"/ui/file/{file_id}" if file_id else None

"""Fixtures for the sandbox's own tests: a running sandbox, a WebClient, a signed receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from rituals.clock import FakeClock
from sandbox import Sandbox
from sandbox.server import stop_serving

SECRET = "sandbox-test-secret"
T0 = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)  # the day before the UK clocks go forward


@dataclass
class Crew:
    """A small cast in the default workspace."""

    ana: str
    ben: str
    cleo: str
    crew: str
    quiet: str


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def sb(clock: FakeClock) -> Iterator[Sandbox]:
    sandbox = Sandbox(signing_secret=SECRET, clock=clock)
    sandbox.start()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def crew(sb: Sandbox) -> Crew:
    ws = sb.workspace
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", is_admin=True, title="Gaffer")
    ben = ws.add_user("ben", "Ben Cole", tz="America/New_York", title="Sound Mixer")
    cleo = ws.add_user("cleo", "Cleo Park", tz="Asia/Seoul", title="Editor")
    crew_id = ws.add_channel("crew", [ana, ben, cleo])
    quiet = ws.add_channel("quiet", [ana], bot_member=False)
    return Crew(ana, ben, cleo, crew_id, quiet)


@pytest.fixture
def client(sb: Sandbox) -> WebClient:
    return WebClient(token=sb.workspace.bot_token, base_url=sb.base_url)


@dataclass
class Received:
    """One request the receiver accepted."""

    path: str
    headers: dict[str, str]
    body: bytes

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode(), keep_blank_values=True).items()}

    def payload(self) -> dict[str, Any]:
        """The interactivity ``payload=`` JSON or the JSON body."""
        if self.headers.get("content-type", "").startswith("application/json"):
            data: dict[str, Any] = json.loads(self.body)
            return data
        return dict(json.loads(self.form()["payload"]))


Reply = Callable[[Received], tuple[int, bytes]]


@dataclass
class Receiver:
    """A tiny stand-in for the bot's /slack/events that checks Slack's signature."""

    url: str
    received: list[Received] = field(default_factory=list)
    rejected: int = 0
    reply: Reply = lambda _: (200, b"")  # noqa: E731 - a default answer


def _handler_for(receiver: Receiver, verifier: SignatureVerifier) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            if not verifier.is_valid_request(body, headers):
                receiver.rejected += 1
                status, answer = 401, b"invalid signature"
            else:
                request = Received(self.path, headers, body)
                receiver.received.append(request)
                status, answer = receiver.reply(request)
            self.send_response(status)
            self.send_header("Content-Length", str(len(answer)))
            if answer[:1] == b"{":
                self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer)

    return Handler


@pytest.fixture
def receiver(sb: Sandbox) -> Iterator[Receiver]:
    verifier = SignatureVerifier(SECRET)
    holder = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(holder, verifier))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    holder.url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    sb.bot_url = holder.url
    yield holder
    stop_serving(server)
    thread.join()

"""HTTP entry point: a small WSGI app in front of Bolt.

Routes: ``POST /slack/events`` (events, commands, interactivity),
``GET /healthz``, and with OAuth ``GET /slack/install`` and
``GET /slack/oauth_redirect``. Bodies over the size limit are refused before
Bolt reads them; form bodies are decoded by ``bot.hosting.form_body``. Served by gunicorn in
``greenroom run``; by a threaded loopback server in tests and the demo.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.hosting.form_body import bolt_request
from bot.hosting.health import SlackCheck, respond
from bot.hosting.pooled import PooledMixIn
from bot.hosting.request_shape import body_length, rejection

if TYPE_CHECKING:
    from bot.wiring import Wiring

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
_REASONS = {
    200: "OK",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = value
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    if environ.get("CONTENT_LENGTH"):
        headers["content-length"] = environ["CONTENT_LENGTH"]
    return headers


class WsgiApp:
    """The WSGI callable of one Greenroom app."""

    def __init__(self, bolt: App, deps: Wiring) -> None:
        self.bolt = bolt
        self.deps = deps
        self.slack_check = SlackCheck(deps.settings)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            if path == "/healthz":
                return self._health(start_response)
            if path == "/slack/events":
                if method != "POST":
                    return self._plain(start_response, 405, "POST only")
                return self._bolt(environ, start_response, self.bolt.dispatch)
            flow = self.bolt.oauth_flow
            if flow is not None and method == "GET":
                if path == flow.install_path:
                    return self._bolt(environ, start_response, flow.handle_installation)
                if path == flow.redirect_uri_path:
                    return self._bolt(environ, start_response, flow.handle_callback)
            return self._plain(start_response, 404, "not found")
        except Exception:
            logger.exception("request to %s failed", path)
            return self._plain(start_response, 500, "internal error")

    def _bolt(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        handler: Callable[[BoltRequest], BoltResponse],
    ) -> Iterable[bytes]:
        length = body_length(environ)
        if length is None:
            return self._plain(start_response, 400, "bad content length")
        if length > self.deps.settings.max_body_bytes:
            return self._plain(start_response, 413, "request body too large")
        body = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length else ""
        headers = _headers(environ)
        try:
            as_bolt: dict[str, str | Sequence[str]] = dict(headers)
            request = bolt_request(body, query=environ.get("QUERY_STRING", ""), headers=as_bolt)
        except ValueError:  # a payload that is not JSON
            request = None
        if handler == self.bolt.dispatch:
            secret = self.deps.settings.slack_signing_secret or ""
            rejected = rejection(request.body if request else None, body, headers, secret)
            if rejected is not None:
                return self._plain(start_response, *rejected)
        if request is None:
            return self._plain(start_response, 400, "malformed request")
        response = handler(request)
        return self._respond(start_response, response)

    def _respond(self, start_response: StartResponse, response: BoltResponse) -> Iterable[bytes]:
        body = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
        headers: list[tuple[str, str]] = []
        for name, values in response.headers.items():
            for value in values if isinstance(values, list | tuple | set) else [values]:
                headers.append((name, str(value)))
        if not any(name.lower() == "content-length" for name, _ in headers):
            headers.append(("Content-Length", str(len(body))))
        status = response.status
        start_response(f"{status} {_REASONS.get(status, 'Status')}", headers)
        return [body]

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        return respond(self.deps.svc.db, self.slack_check, start_response)

    def _plain(self, start_response: StartResponse, code: int, text: str) -> Iterable[bytes]:
        body = text.encode()
        start_response(
            f"{code} {_REASONS.get(code, 'Status')}",
            [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
        )
        return [body]


class _ThreadingServer(PooledMixIn, WSGIServer):
    pool_name = "bot-http"
    allow_reuse_address = True
    request_queue_size = 128  # the default 5 resets bursts of simultaneous clicks


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("http %s", format % args)


class LoopbackServer:
    """A threaded server on 127.0.0.1 for tests and the demo (port 0 = any free port)."""

    def __init__(
        self, wsgi: Callable[..., Iterable[bytes]], port: int = 0, host: str = "127.0.0.1"
    ) -> None:
        self._server = make_server(
            host, port, wsgi, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> LoopbackServer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

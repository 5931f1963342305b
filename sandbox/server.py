"""The sandbox's HTTP server: ``/api/<method>``, ``/upload/<file_id>``, ``/response/<id>``."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import socketserver
import sys
import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from bot.hosting.pooled import PooledMixIn
from sandbox import api_files, web_api

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox

logger = logging.getLogger(__name__)


def parse_args(body: bytes, content_type: str, query: str) -> dict[str, Any]:
    """Arguments of an API call from the query string and a form, multipart or JSON body.

    Raises ValueError (``invalid_json`` / ``json_not_object``) for a bad JSON body.
    """
    args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body:
        try:
            data = json.loads(body)
        except ValueError:
            raise ValueError("invalid_json") from None
        if not isinstance(data, dict):
            raise ValueError("json_not_object")
        args.update(data)
    elif kind == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                filename = part.get_filename()
                args[name] = payload if filename else payload.decode("utf-8", "replace")
    elif body:
        args.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return args


class _Handler(BaseHTTPRequestHandler):
    server: SandboxHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("sandbox http: " + format, *args)

    def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        content_type = (
            "application/json; charset=utf-8" if body[:1] in (b"{", b"[") else "text/plain"
        )
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _json(
        self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        self._reply(status, json.dumps(data).encode(), headers)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._route(b"")

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        self._route(self._body())

    def _route(self, body: bytes) -> None:
        sb = self.server.sandbox
        parts = urlsplit(self.path)
        path = parts.path
        content_type = self.headers.get("Content-Type", "")
        page = sb.page
        if page is not None and (path == "/" or path.startswith("/ui/")):
            reply = page.handle(self.command, path, parts.query, body)
            self._send(reply.status, reply.content_type, reply.body)
        elif path.startswith("/api/"):
            method = path.removeprefix("/api/")
            try:
                args = parse_args(body, content_type, parts.query)
            except ValueError as exc:
                self._json(200, {"ok": False, "error": str(exc)})
                return
            headers = {k.lower(): v for k, v in self.headers.items()}
            result = web_api.dispatch(sb, method, args, headers)
            self._json(result.status, result.body, result.headers)
        elif path.startswith("/upload/") and self.command == "POST":
            status, text = api_files.receive_upload(
                sb, path.removeprefix("/upload/"), body, content_type
            )
            self._reply(status, text.encode())
        elif path.startswith("/response/") and self.command == "POST":
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                self._reply(400, b"invalid_payload")
                return
            status, error = sb.receive_response(path.removeprefix("/response/"), payload)
            self._json(status, {"ok": True} if status == 200 else {"ok": False, "error": error})
        elif path in ("/", "/healthz"):
            self._json(200, {"ok": True, "sandbox": True, "api": f"{sb.url}api/"})
        else:
            self._json(404, {"ok": False, "error": "not_found"})


class SandboxHTTPServer(PooledMixIn, HTTPServer):
    """An HTTP server on loopback whose handler threads are reused and never block exit."""

    pool_name = "slack-sandbox-http"
    request_queue_size = 128  # the default 5 refuses a burst of simultaneous calls

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        self.sandbox = sandbox
        super().__init__((host, port), _Handler)
        self._thread: threading.Thread | None = None

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up before its answer (a timeout it chose) is not an error here."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            logger.debug("client %s went away before its answer", client_address)
            return
        super().handle_error(request, client_address)

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(
            target=self.serve_forever, args=(0.05,), name="slack-sandbox", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and release the port."""
        stop_serving(self)
        if self._thread is not None:
            self._thread.join()


def stop_serving(server: socketserver.BaseServer) -> None:
    """``shutdown()`` without waiting out the poll interval, then close the socket.

    A throwaway connection wakes the serving loop so it sees the shutdown request at once.
    """
    stopper = threading.Thread(target=server.shutdown, daemon=True)
    stopper.start()
    address = getattr(server, "server_address", None)
    if isinstance(address, tuple):
        with contextlib.suppress(OSError), socket.create_connection(address[:2], timeout=1):
            pass
    stopper.join()
    server.server_close()

"""The baselines: a bare Bolt app that acks ``block_actions``, on ``greenroom run``'s server.

Signature verification on, ``process_before_response=True``, Bolt's own WSGI adapter, served
by ``greenroom run``'s own server (``bot.hosting.server.serve``: gunicorn's gthread worker, in
process for one worker, with the same options).
``python -m benchmarks.bare`` reads the same environment as ``greenroom run``
(``SLACK_SIGNING_SECRET``, ``SLACK_BOT_TOKEN``, ``SLACK_API_URL``, ``PORT``) and only acks;
with ``--respond`` it acks and then confirms each click through its ``response_url`` on a
background thread (the clicked message redrawn with its own blocks), so the cost of a
confirmation itself is visible beside Greenroom's.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.hosting.server import serve as serve_http
from bot.hosting.tasks import REDRAW_THREADS
from bot.settings import Settings, load_settings

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def bare_app(settings: Settings, *, respond: bool = False) -> Wsgi:
    """Bolt acking every block action, behind its WSGI adapter (plus a /healthz for start-up);
    with ``respond``, each click is then confirmed through its response_url in the background
    (as many threads as Greenroom's redraws)."""
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret,
        process_before_response=True,
        token_verification_enabled=False,
    )

    confirmations = ThreadPoolExecutor(max_workers=REDRAW_THREADS) if respond else None

    @app.action(re.compile(".*"))
    def ack_only(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        if confirmations is not None:
            blocks = (body.get("message") or {}).get("blocks")
            confirmations.submit(respond, text="Answer noted", blocks=blocks, replace_original=True)

    bolt = SlackRequestHandler(app)

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
            return [b"ok"]
        return bolt(environ, start_response)

    return wsgi


def serve(settings: Settings, *, respond: bool = False) -> None:
    """Serve the bare app the way ``greenroom run`` serves Greenroom."""
    serve_http(settings, lambda: bare_app(settings, respond=respond))


if __name__ == "__main__":
    serve(load_settings(os.environ), respond="--respond" in sys.argv[1:])

"""The baseline: a bare Bolt app that only acks ``block_actions``, on ``greenroom run``'s server.

Signature verification on, ``process_before_response=True``, Bolt's own WSGI adapter, served
by gunicorn with exactly the options of ``greenroom run`` (``bot.hosting.run.gunicorn_options``).
``python -m benchmarks.bare`` reads the same environment as ``greenroom run``
(``SLACK_SIGNING_SECRET``, ``SLACK_BOT_TOKEN``, ``SLACK_API_URL``, ``PORT``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.hosting.run import gunicorn_options
from bot.settings import Settings, load_settings

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def bare_app(settings: Settings) -> Wsgi:
    """Bolt acking every block action, behind its WSGI adapter (plus a /healthz for start-up)."""
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret,
        process_before_response=True,
        token_verification_enabled=False,
    )

    @app.action(re.compile(".*"))
    def ack_only(ack: Ack) -> None:
        ack()

    bolt = SlackRequestHandler(app)

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
            return [b"ok"]
        return bolt(environ, start_response)

    return wsgi


def serve(settings: Settings) -> None:
    """Serve the bare app with ``greenroom run``'s gunicorn configuration."""
    from gunicorn.app.base import BaseApplication

    class BareServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in gunicorn_options(settings).items():
                self.cfg.set(key, value)

        def load(self) -> Wsgi:
            return bare_app(settings)

    BareServer().run()


if __name__ == "__main__":
    serve(load_settings(os.environ))

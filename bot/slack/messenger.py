"""The rituals' Messenger port on Slack's Web API.

Messages are rendered by ``bot.views.render``; posts carrying a delivery id (the
engine's fan-out) are paced per workspace (``bot.slack.pacing``) and carry the id in
the message ``metadata``, which ``find_delivery`` looks for after a crash. Every
failure reaches the caller as ``SlackFailure``, transient or not.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.client import is_transient
from bot.slack.clients import ClientPool
from bot.slack.pacing import PacedRetry, Pacer
from bot.views.render import render
from rituals.ports import Chart, Message, Posted, SlackFailure

METADATA_EVENT = "greenroom_delivery"
HISTORY_LIMIT = 200


@contextmanager
def slack_errors() -> Iterator[None]:
    """Turn the SDK's errors into ``SlackFailure``."""
    try:
        yield
    except SlackApiError as exc:
        error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
        status = exc.response.status_code
        raise SlackFailure(error, transient=is_transient(error, status), status=status) from exc
    except OSError as exc:  # connection trouble the client's own retries did not cure
        raise SlackFailure(f"network: {type(exc).__name__}", transient=True) from exc


class SlackMessenger:
    """Posts, updates and finds the bot's messages."""

    def __init__(self, clients: ClientPool, *, pacer: Pacer | None = None) -> None:
        self.clients = clients
        self.pacer = pacer or Pacer()
        self._paced_lock = threading.Lock()

    def _paced_client(self, team_id: str) -> WebClient:
        client = self.clients.client_for(team_id)
        with self._paced_lock:  # hand the client's 429s on posts to the pacer, once per client
            if not any(isinstance(h, PacedRetry) for h in client.retry_handlers):
                client.retry_handlers.insert(0, PacedRetry(self.pacer, team_id))
        return client

    def post(
        self,
        team_id: str,
        channel: str,
        message: Message,
        *,
        delivery_id: int | None = None,
        thread_ts: str | None = None,
    ) -> Posted:
        """chat.postMessage; a delivery's post is paced and carries its id in metadata."""
        text, blocks = render(message)
        extra: dict[str, Any] = {}
        if thread_ts:
            extra["thread_ts"] = thread_ts
        with slack_errors():
            if delivery_id is None:
                response = self.clients.client_for(team_id).chat_postMessage(
                    channel=channel, text=text, blocks=blocks, **extra
                )
            else:
                client = self._paced_client(team_id)
                self.pacer.wait_turn(team_id, channel)
                response = client.chat_postMessage(
                    channel=channel,
                    text=text,
                    blocks=blocks,
                    metadata={
                        "event_type": METADATA_EVENT,
                        "event_payload": {"delivery_id": delivery_id},
                    },
                    **extra,
                )
                self.pacer.delivered(team_id, channel)
        return Posted(str(response["channel"]), str(response["ts"]))

    def update(self, team_id: str, channel: str, ts: str, message: Message) -> None:
        """chat.update."""
        text, blocks = render(message)
        with slack_errors():
            self.clients.client_for(team_id).chat_update(
                channel=channel, ts=ts, text=text, blocks=blocks
            )

    def ephemeral(self, team_id: str, channel: str, user_id: str, message: Message) -> None:
        """chat.postEphemeral."""
        text, blocks = render(message)
        with slack_errors():
            self.clients.client_for(team_id).chat_postEphemeral(
                channel=channel, user=user_id, text=text, blocks=blocks
            )

    def open_conversation(self, team_id: str, user_ids: Sequence[str]) -> str:
        """conversations.open (idempotent at Slack)."""
        with slack_errors():
            opened = self.clients.client_for(team_id).conversations_open(users=",".join(user_ids))
        return str(opened["channel"]["id"])

    def find_delivery(
        self, team_id: str, channel: str, delivery_id: int, *, since: datetime
    ) -> Posted | None:
        """The message carrying ``delivery_id`` in ``channel``'s history since ``since``."""
        client = self.clients.client_for(team_id)
        with slack_errors():
            if channel[:1] in ("U", "W"):
                channel = client.conversations_open(users=channel)["channel"]["id"]
            response = client.conversations_history(
                channel=channel,
                oldest=f"{since.timestamp():.6f}",
                limit=HISTORY_LIMIT,
                include_all_metadata=True,
            )
        for found in response.get("messages") or []:
            metadata = found.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT
                and payload.get("delivery_id") == delivery_id
            ):
                return Posted(channel, str(found["ts"]))
        return None

    def upload(self, team_id: str, channel: str, chart: Chart) -> None:
        """files.upload v2 of a PNG."""
        with slack_errors():
            self.clients.client_for(team_id).files_upload_v2(
                channel=channel,
                file=chart.png,
                filename=chart.filename,
                title=chart.title,
                alt_txt=chart.alt_text,
            )

    def publish_home(self, team_id: str, user_id: str, home: Message) -> None:
        """views.publish of a rendered Home tab."""
        from bot.views.render import render_view

        with slack_errors():
            self.clients.client_for(team_id).views_publish(user_id=user_id, view=render_view(home))

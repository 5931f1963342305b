"""Slack's side of the conversation: signed requests to the bot's ``bot_url``.

Slash commands, block actions, view submissions and Events API deliveries are built from
sandbox state (real block ids, trigger ids and response URLs the sandbox issued, see
``payloads``) and POSTed synchronously; the bot's HTTP answer comes back as an
:class:`ActorResponse`. The signature's timestamp is always real wall-clock time.
"""

from __future__ import annotations

import copy
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin

from sandbox import interactions, payloads, signing
from sandbox.tokens import TokenRegistry

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox
    from sandbox.state import Workspace

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
TIMEOUT = 10.0


@dataclass
class ActorResponse:
    """The bot's answer to a request from "Slack", with what was sent."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    payload: dict[str, Any] | None = None

    def json(self) -> Any:
        """The body parsed as JSON (None when empty)."""
        return json.loads(self.body) if self.body.strip() else None

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", "replace")

    @property
    def ts(self) -> str | None:
        """The ``ts`` of the message event sent (``ws.post_as``), if any."""
        event = (self.payload or {}).get("event") or {}
        return event.get("ts")


class SlackSide:
    """The requests Slack makes to the bot; mixed into :class:`~sandbox.Sandbox`."""

    lock: threading.RLock
    bot_url: str | None
    signing_secret: str
    verification_token: str
    workspaces: dict[str, Workspace]
    tokens: TokenRegistry

    changed: Callable[[], None]
    workspace_of_user: Callable[[str], Workspace]

    def _sb(self) -> Sandbox:
        return self  # type: ignore[return-value]

    # -- transport ------------------------------------------------------------------------

    def signed_post(
        self,
        path: str,
        body: bytes | str,
        content_type: str = JSON,
        *,
        headers: dict[str, str] | None = None,
        sign: bool = True,
        secret: str | None = None,
        timestamp: int | None = None,
    ) -> ActorResponse:
        """POST a signed body to ``path`` (relative to ``bot_url``, or a full URL).

        ``sign=False`` leaves the signature out, ``secret`` signs with another secret and
        ``timestamp`` overrides the real-time timestamp (e.g. a stale one).
        """
        url = path if path.startswith(("http://", "https://")) else urljoin(self._bot_url(), path)
        data = body.encode() if isinstance(body, str) else body
        all_headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        secret = secret or self.signing_secret
        all_headers.update(signing.signed_headers(secret, data, timestamp=timestamp, sign=sign))
        all_headers.update(headers or {})
        request = urllib.request.Request(url, data=data, headers=all_headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:
                result = ActorResponse(reply.status, reply.read(), dict(reply.headers.items()))
        except urllib.error.HTTPError as error:
            with error:
                result = ActorResponse(error.code, error.read(), dict(error.headers.items()))
        self.changed()
        return result

    def _bot_url(self) -> str:
        if not self.bot_url:
            raise RuntimeError("set sb.bot_url to the bot's /slack/events URL first")
        return self.bot_url

    def _send_json(
        self, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> ActorResponse:
        response = self.signed_post(self._bot_url(), json.dumps(payload), JSON, headers=headers)
        response.payload = payload
        return response

    def _send_form(self, form: dict[str, str], payload: dict[str, Any]) -> ActorResponse:
        response = self.signed_post(self._bot_url(), urlencode(form), FORM)
        response.payload = payload
        return response

    def send_interaction(self, payload: dict[str, Any]) -> ActorResponse:
        """POST an interactivity payload (form-encoded ``payload=``), signed."""
        return self._send_form({"payload": json.dumps(payload)}, payload)

    _send_interaction = send_interaction

    # -- slash commands and interactivity -------------------------------------------------

    def slash_command(
        self,
        user_id: str,
        command: str,
        text: str = "",
        channel_id: str | None = None,
        team_id: str | None = None,
    ) -> ActorResponse:
        """A member types ``command text`` in a channel (default: their IM with the bot)."""
        ws = self.workspaces[team_id] if team_id else self.workspace_of_user(user_id)
        with self.lock:
            channel_id = channel_id or ws.open_im(user_id)
            form = payloads.slash_command(self._sb(), ws, user_id, command, text, channel_id)
        return self._send_form(form, dict(form))

    def click(
        self,
        user_id: str,
        message: dict[str, Any],
        action_id: str,
        value: Any = None,
        block_id: str | None = None,
    ) -> ActorResponse:
        """A member clicks (or picks ``value`` in) an element of a message they can see.

        The element is looked up in the message as it is now (after any updates), by
        ``action_id`` and, when several share it, by ``value`` or ``block_id``.
        """
        ws = self.workspace_of_user(user_id)
        with self.lock:
            payload = payloads.message_action(
                self._sb(), ws, user_id, message, action_id, value, block_id
            )
        return self._send_interaction(payload)

    def click_view(
        self,
        user_id: str,
        view_id: str,
        action_id: str,
        value: Any = None,
        *,
        values: dict[str, Any] | None = None,
    ) -> ActorResponse:
        """A member clicks an element in a modal or App Home; ``values`` fills its inputs."""
        ws = self.workspace_of_user(user_id)
        with self.lock:
            payload = payloads.view_action(
                self._sb(), ws, user_id, view_id, action_id, value, values or {}
            )
        return self._send_interaction(payload)

    def submit_view(self, user_id: str, view_id: str, values: dict[str, Any]) -> ActorResponse:
        """A member submits a modal with these ``state.values``; applies the response_action."""
        ws = self.workspace_of_user(user_id)
        with self.lock:
            payload = payloads.view_submission(self._sb(), ws, user_id, view_id, values)
        response = self._send_interaction(payload)
        if response.status == 200:
            with self.lock:
                payloads.apply_response_action(self._sb(), ws, user_id, view_id, response.json())
            self.changed()
        return response

    def fill_view(self, user_id: str, view_id: str, inputs: dict[str, Any]) -> ActorResponse:
        """Submit a modal with ``{action_id: value or option value}`` set in its own inputs."""
        ws = self.workspace_of_user(user_id)
        with self.lock:
            values = interactions.view_state(ws.views[view_id], inputs)
        return self.submit_view(user_id, view_id, values)

    # -- Events API -----------------------------------------------------------------------

    def send_event(
        self,
        team_id: str,
        event: dict[str, Any],
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> ActorResponse:
        """Deliver an Events API ``event_callback`` (a retry when ``retry_num`` is given)."""
        with self.lock:
            envelope = payloads.event_envelope(
                self._sb(), self.workspaces[team_id], event, event_id
            )
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self._send_json(envelope, headers)

    def url_verification(self, challenge: str) -> ActorResponse:
        """Slack's Request URL check; the bot must echo ``challenge``."""
        token = self.verification_token
        return self._send_json({"token": token, "challenge": challenge, "type": "url_verification"})

    def open_home(self, user_id: str) -> ActorResponse:
        """A member opens the App Home tab: ``app_home_opened``."""
        sb = self._sb()
        ws = self.workspace_of_user(user_id)
        with self.lock:
            event: dict[str, Any] = {
                "type": "app_home_opened",
                "user": user_id,
                "channel": ws.open_im(user_id),
                "tab": "home",
                "event_ts": sb.next_ts(),
            }
            if user_id in ws.home_views:
                event["view"] = copy.deepcopy(ws.home_views[user_id])
        return self.send_event(ws.team_id, event)

    def uninstall(self, team_id: str) -> list[ActorResponse]:
        """The app is removed from a workspace: tokens revoked, then the two events."""
        with self.lock:
            ws = self.workspaces[team_id]
            ws.installed = False
            self.tokens.revoke_team(team_id)
        revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [ws.bot_user_id]}}
        return [
            self.send_event(team_id, {"type": "app_uninstalled"}),
            self.send_event(team_id, revoked),
        ]

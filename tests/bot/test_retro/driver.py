"""Driving ``/retro`` end to end: the real bot over HTTP, the Slack sandbox, SQLite or
PostgreSQL — a crew, commands, clicks, modal submissions, and what the database holds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select

from bot.views.retro import ActionId
from storage.models import ActionItem, Retro, RetroCard, RetroVote
from tests.conftest import RunningBot


@dataclass
class Crew:
    """A production crew in one channel: a facilitator, members, a manager, an outsider."""

    channel: str
    fay: str  # facilitator (director)
    ana: str  # lighting
    ben: str  # sound
    dee: str  # costume: writes the anonymous card
    max: str  # producer, a workspace admin (manager)
    eve: str  # camera, not in the retro's channel


def make_crew(sandbox: Any) -> Crew:
    ws = sandbox.workspace
    fay = ws.add_user("fay", "Fay Director", title="Director")
    ana = ws.add_user("ana", "Ana Lighting", title="Gaffer")
    ben = ws.add_user("ben", "Ben Sound", title="Sound mixer")
    dee = ws.add_user("dee", "Dee Costume", title="Costume designer")
    max_ = ws.add_user("max", "Max Producer", is_admin=True, title="Producer")
    eve = ws.add_user("eve", "Eve Camera", title="DoP")
    channel = ws.add_channel("crew", members=[fay, ana, ben, dee, max_])
    ws.add_channel("other-unit", members=[fay, ana, eve])
    return Crew(channel, fay, ana, ben, dee, max_, eve)


class RetroDriver:
    """Slash commands, clicks and modal submissions against the running bot."""

    def __init__(self, bot: RunningBot, sandbox: Any, channel: str) -> None:
        self.bot = bot
        self.sb = sandbox
        self.ws = sandbox.workspace
        self.channel = channel
        self.clicks: dict[tuple[str, str], dict[str, Any]] = {}

    # slash commands -----------------------------------------------------------------
    def slash(self, user: str, text: str, channel: str | None = None) -> str:
        """Type ``/retro text``; the ephemeral answer (from the ack or the response_url)."""
        before = len(self.sb.responses)
        response = self.sb.slash_command(user, "/retro", text, channel_id=channel or self.channel)
        assert response.status == 200, response.text
        self.bot.drain()
        body = response.json()
        if body and body.get("text"):
            assert body.get("response_type") == "ephemeral"
            return str(body["text"])
        late = self.sb.responses[before:]
        assert late, "the command answered nothing"
        return str(late[-1]["text"])

    # the retro message --------------------------------------------------------------
    def messages(self, prefix: str) -> list[dict[str, Any]]:
        found = []
        for message in self.ws.messages(self.channel):
            blocks = message.get("blocks") or []
            header = blocks[0] if blocks and blocks[0].get("type") == "header" else None
            if header and header["text"]["text"].startswith(prefix):
                found.append(message)
        return found

    def retro_message(self) -> dict[str, Any]:
        messages = self.messages("Retro: ")
        assert messages, "no retro message in the channel"
        return messages[-1]

    def summary(self) -> dict[str, Any]:
        messages = self.messages("Retro summary: ")
        assert len(messages) == 1, f"{len(messages)} summaries"
        return messages[0]

    def click(self, user: str, action_id: str, message: dict[str, Any] | None = None) -> str | None:
        """Click a button of the retro message; the ephemeral answer if one came back."""
        before = len(self.sb.responses)
        response = self.sb.click(user, message or self.retro_message(), action_id)
        assert response.status == 200, response.text
        self.clicks[(user, action_id)] = response.payload
        return self._answer(before)

    def replay(self, user: str, action_id: str) -> str | None:
        """Send ``user``'s last click on ``action_id`` again, as a double click or a stale
        client would (the button may be gone from the message by now)."""
        before = len(self.sb.responses)
        payload = self.clicks[(user, action_id)]
        body = urlencode({"payload": json.dumps(payload)})
        response = self.sb.signed_post(self.sb.bot_url, body, "application/x-www-form-urlencoded")
        assert response.status == 200, response.text
        return self._answer(before)

    def _answer(self, before: int) -> str | None:
        self.bot.drain()
        late = self.sb.responses[before:]
        if late:
            assert late[-1].get("response_type") == "ephemeral"
            assert late[-1].get("replace_original") is False
            return str(late[-1]["text"])
        return None

    def top_view(self, user: str) -> str:
        stack = self.ws.view_stacks.get(user) or []
        assert stack, f"{user} has no modal open"
        return stack[-1]

    def view(self, view_id: str) -> dict[str, Any]:
        return dict(self.ws.views[view_id])

    def open_modal(self, user: str, action_id: str) -> str:
        answer = self.click(user, action_id)
        assert answer is None, answer
        return self.top_view(user)

    # cards ---------------------------------------------------------------------------
    def submit_card(
        self, user: str, view_id: str, column: str, text: str, *, anonymous: bool = False
    ) -> Any:
        inputs: dict[str, Any] = {ActionId.COLUMN: column, ActionId.TEXT: text}
        if anonymous:
            inputs[ActionId.ANONYMOUS] = ["anonymous"]
        response = self.sb.fill_view(user, view_id, inputs)
        assert response.status == 200, response.text
        return response.json()

    def add_card(self, user: str, column: str, text: str, *, anonymous: bool = False) -> int:
        view_id = self.open_modal(user, ActionId.ADD_CARD)
        answer = self.submit_card(user, view_id, column, text, anonymous=anonymous)
        assert answer is None, answer
        self.bot.drain()
        return self.card_id(text)

    def card_id(self, text: str) -> int:
        with self.bot.db.session() as session:
            found = session.scalar(select(RetroCard.id).where(RetroCard.text == text))
        assert found is not None, f"no card {text!r}"
        return int(found)

    # votes ---------------------------------------------------------------------------
    def vote(self, user: str, view_id: str, card_id: int, *, take_back: bool = False) -> None:
        action = ActionId.VOTE_REMOVE if take_back else ActionId.VOTE_ADD
        response = self.sb.click_view(user, view_id, action, value=str(card_id))
        assert response.status == 200, response.text
        self.bot.drain()


def texts(payload: Any) -> str:
    """Every string inside a JSON-like payload, joined (for "appears nowhere" checks)."""
    if isinstance(payload, dict):
        return "\n".join(texts(v) for v in payload.values()) + "\n" + "\n".join(payload)
    if isinstance(payload, list | tuple):
        return "\n".join(texts(v) for v in payload)
    return "" if payload is None else str(payload)


def mention(user_id: str) -> str:
    """How Slack escapes a mention in command text."""
    return f"<@{user_id}|someone>"


def snapshot(bot: RunningBot) -> dict[str, Any]:
    """Rows that a refused request must not change."""
    with bot.db.session() as session:
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Retro, RetroCard, RetroVote, ActionItem)
        }
        retros = [
            (r.id, r.status, r.secret is None, r.message_ts, r.summary_ts)
            for r in session.scalars(select(Retro).order_by(Retro.id))
        ]
        cards = [(c.id, c.column, c.text) for c in session.scalars(select(RetroCard))]
        items = [(i.id, i.status) for i in session.scalars(select(ActionItem))]
    return {"counts": counts, "retros": retros, "cards": cards, "items": items}


def the_retro(bot: RunningBot) -> Retro:
    with bot.db.session() as session:
        found = session.scalar(select(Retro).order_by(Retro.id.desc()).limit(1))
    assert found is not None
    return found


def buttons(message: dict[str, Any]) -> list[str]:
    return [
        element["action_id"]
        for block in message.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def slack_received(sandbox: Any) -> str:
    """Everything the bot sent to Slack: Web API arguments and answers, response_url posts,
    views, messages and ephemerals of every conversation. Slack's own list of a channel's
    members (asked to check who may take part) is Slack's knowledge, not the bot's words."""
    ws = sandbox.workspace
    parts = [
        texts(call.args) + ("" if call.method == "conversations.members" else texts(call.response))
        for call in sandbox.calls
    ]
    parts.append(texts(sandbox.responses))
    parts.append(texts(list(ws.views.values())))
    parts += [texts(ws.messages(channel)) for channel in ws.channels]
    return "\n".join(parts)

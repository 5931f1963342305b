"""From the rituals' messages to Slack's: each message type has its Block Kit here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.views.checkin import RENDERERS as CHECKIN_RENDERERS
from bot.views.digest import RENDERERS as DIGEST_RENDERERS
from bot.views.members import RENDERERS as MEMBERS_RENDERERS
from bot.views.pulse import render_prompt
from bot.views.pulse_channel import (
    render_answer_noted,
    render_channel_prompt,
    render_nudge,
    render_send_report,
)
from bot.views.retro import RENDERERS as RETRO_RENDERERS
from bot.views.shadow import RENDERERS as SHADOW_RENDERERS
from rituals.ports import Message, Text
from rituals.pulse.messages import AnswerNoted, ChannelNudge, ChannelPrompt, Prompt, SendReport

Rendered = tuple[str, list[dict[str, Any]] | None]


def _text(message: Text) -> Rendered:
    return message.text, None


RENDERERS: dict[type, Callable[[Any], Rendered]] = {
    Text: _text,
    Prompt: render_prompt,
    ChannelPrompt: render_channel_prompt,
    ChannelNudge: render_nudge,
    AnswerNoted: render_answer_noted,
    SendReport: render_send_report,
    **SHADOW_RENDERERS,
    **RETRO_RENDERERS,
    **CHECKIN_RENDERERS,
    **MEMBERS_RENDERERS,
    **DIGEST_RENDERERS,
}


def render(message: Message) -> Rendered:
    """The notification text and blocks of ``message``."""
    renderer = RENDERERS.get(type(message))
    if renderer is None:
        raise TypeError(f"no Block Kit for {type(message).__name__}")
    return renderer(message)


VIEW_RENDERERS: dict[type, Callable[[Any], dict[str, Any]]] = {}


def render_view(message: Message) -> dict[str, Any]:
    """The view (App Home tab or modal) of ``message``."""
    renderer = VIEW_RENDERERS.get(type(message))
    if renderer is None:
        raise TypeError(f"no view for {type(message).__name__}")
    return renderer(message)

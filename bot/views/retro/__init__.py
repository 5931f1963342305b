"""Block Kit for retros: the retro message, its modals (card, my cards, votes), the summary
and the action items.

Pure functions from ``rituals.retro`` values to Slack payloads, no database and no client.
Ids are the StrEnums of ``ids``, shared with the listener registrations. Card text is
written by people, so it is made safe before it goes into mrkdwn (``text.shown``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.views.retro.ballot import vote_modal
from bot.views.retro.ids import ANONYMOUS_VALUE, ActionId, BlockId, CallbackId
from bot.views.retro.items import items_text, render_item_dm
from bot.views.retro.message import (
    Message,
    render_board,
    render_summary,
    retro_message,
    summary_message,
)
from bot.views.retro.modals import (
    CardForm,
    card_modal,
    metadata,
    my_cards_modal,
    read_card_form,
    read_metadata,
)
from bot.views.retro.text import escape, shown
from rituals.retro import BoardMessage, SummaryMessage
from rituals.retro.actions import ItemDM

RENDERERS: dict[type, Callable[[Any], tuple[str, list[dict[str, Any]]]]] = {
    BoardMessage: render_board,
    SummaryMessage: render_summary,
    ItemDM: render_item_dm,
}

__all__ = [
    "ANONYMOUS_VALUE",
    "RENDERERS",
    "ActionId",
    "BlockId",
    "CallbackId",
    "CardForm",
    "Message",
    "card_modal",
    "escape",
    "items_text",
    "metadata",
    "my_cards_modal",
    "read_card_form",
    "read_metadata",
    "retro_message",
    "shown",
    "summary_message",
    "vote_modal",
]

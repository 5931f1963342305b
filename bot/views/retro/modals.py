"""The card modals: Add card, Edit card and My cards."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.views.retro.ids import ANONYMOUS_VALUE, ActionId, BlockId, CallbackId
from bot.views.retro.text import MAX_MODAL_BLOCKS, clip, context, escape, fit, section
from rituals.retro import TEXT_MAX, Card, RetroInfo


def metadata(**values: int) -> str:
    """A modal's private_metadata: ids only (never trusted to pick what is changed)."""
    return json.dumps(values, separators=(",", ":"))


def read_metadata(raw: str | None, key: str) -> int:
    """One id from private_metadata; ValueError when absent."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        raise ValueError("private_metadata is not ours") from None
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"private_metadata has no {key}")
    return value


def card_modal(retro: RetroInfo, card: Card | None = None) -> dict[str, Any]:
    """The Add card modal, or Edit card when ``card`` is given (prefilled)."""
    options = [Option(value=c.key, text=clip(c.label, 75)) for c in retro.format.columns]
    prompts = "\n".join(f"*{c.label}*: {c.prompt}" for c in retro.format.columns)
    initial = next((o for o in options if card and o.value == card.column), options[0])
    anonymous = Option(
        value=ANONYMOUS_VALUE,
        text="Post anonymously",
        description="Nobody sees who wrote it, not even the facilitator.",
    )
    blocks = [
        context(prompts),
        InputBlock(
            block_id=BlockId.COLUMN,
            label="Column",
            element=StaticSelectElement(
                action_id=ActionId.COLUMN, options=options, initial_option=initial
            ),
        ),
        InputBlock(
            block_id=BlockId.TEXT,
            label="Your card",
            hint=f"Up to {TEXT_MAX:,} characters, shown on one line. Be specific: a scene, "
            "a handover, a call time.",
            element=PlainTextInputElement(
                action_id=ActionId.TEXT,
                multiline=True,
                initial_value=card.text if card else None,
                placeholder="What happened, and what should change?",
            ),
        ),
        InputBlock(
            block_id=BlockId.ANONYMOUS,
            label="Anonymous",
            optional=True,
            element=CheckboxesElement(
                action_id=ActionId.ANONYMOUS,
                options=[anonymous],
                initial_options=[anonymous] if card and card.anonymous else None,
            ),
        ),
        context(f"Cards stay hidden until voting starts on “{escape(retro.title)}”."),
    ]
    view = View(
        type="modal",
        callback_id=CallbackId.EDIT_CARD if card else CallbackId.ADD_CARD,
        title="Edit card" if card else "Add a card",
        submit="Save" if card else "Add card",
        close="Cancel",
        private_metadata=metadata(card=card.id) if card else metadata(retro=retro.id),
        blocks=blocks,
    )
    return view.to_dict()


@dataclass(frozen=True)
class CardForm:
    """What the card modal's inputs held at submission."""

    column: str
    text: str
    anonymous: bool


def read_card_form(values: dict[str, Any]) -> CardForm:
    """The card modal's ``view.state.values`` as a CardForm."""
    column = (values.get(BlockId.COLUMN, {}).get(ActionId.COLUMN) or {}).get("selected_option")
    text = (values.get(BlockId.TEXT, {}).get(ActionId.TEXT) or {}).get("value")
    checked = (values.get(BlockId.ANONYMOUS, {}).get(ActionId.ANONYMOUS) or {}).get(
        "selected_options"
    ) or []
    return CardForm(
        column=str((column or {}).get("value") or ""),
        text=str(text or ""),
        anonymous=any(o.get("value") == ANONYMOUS_VALUE for o in checked),
    )


def _card_buttons(card: Card) -> ActionsBlock:
    return ActionsBlock(
        block_id=f"retro_card_{card.id}",
        elements=[
            ButtonElement(text="Edit", action_id=ActionId.EDIT_CARD, value=str(card.id)),
            ButtonElement(
                text="Delete",
                action_id=ActionId.DELETE_CARD,
                value=str(card.id),
                style="danger",
                confirm=ConfirmObject(
                    title="Delete this card?",
                    text="It will be gone for good.",
                    confirm="Delete",
                    deny="Keep it",
                ),
            ),
        ],
    )


def my_cards_modal(
    retro: RetroInfo, cards: Sequence[Card], *, notice: str | None = None
) -> dict[str, Any]:
    """The author's own cards on a collecting retro, each with Edit and Delete."""
    blocks: list[Block] = []
    if notice:
        blocks.append(context(f"⚠️ {escape(notice)}", BlockId.NOTICE))
    if not cards:
        blocks.append(
            section(
                f"You have no cards on “{escape(retro.title)}” yet. "
                "Use *Add card* on the retro message."
            )
        )
    columns = {c.key: c for c in retro.format.columns}
    for card in cards:
        column = columns.get(card.column)
        label = column.label if column else card.column
        tag = " · _anonymous_" if card.anonymous else ""
        blocks.append(section(f"*{label}*{tag}\n{escape(card.text)}"))
        blocks.append(_card_buttons(card))
    tail = [context("Only you see this list. Cards can be changed until voting starts.")]
    view = View(
        type="modal",
        callback_id=CallbackId.MY_CARDS,
        title="My cards",
        close="Done",
        private_metadata=metadata(retro=retro.id),
        blocks=fit(blocks, MAX_MODAL_BLOCKS, tail=tail),
    )
    return view.to_dict()

"""Block Kit for retros: the retro message, its modals (card, my cards, votes) and the summary.

Pure functions from ``rituals.retro`` values to Slack payloads, no database and
no client. Ids are the StrEnums below, shared with the listener registrations.
Card text is written by people, so it is escaped before it goes into mrkdwn.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from rituals.retro import (
    TEXT_MAX,
    ActionItem,
    Board,
    Card,
    RetroInfo,
    Status,
    by_column,
    in_board_order,
)


class ActionId(StrEnum):
    """action_id of retro elements."""

    ADD_CARD = "retro_add_card"
    MY_CARDS = "retro_my_cards"
    START_VOTING = "retro_start_voting"
    VOTE = "retro_vote"
    CLOSE = "retro_close"
    VOTE_ADD = "retro_vote_add"
    VOTE_REMOVE = "retro_vote_remove"
    EDIT_CARD = "retro_edit_card"
    DELETE_CARD = "retro_delete_card"
    COLUMN = "retro_column"
    TEXT = "retro_text"
    ANONYMOUS = "retro_anonymous"


class BlockId(StrEnum):
    """block_id of retro blocks."""

    BUTTONS = "retro_buttons"
    COLUMN = "retro_card_column"
    TEXT = "retro_card_text"
    ANONYMOUS = "retro_card_anonymous"
    NOTICE = "retro_notice"
    VOTES_LEFT = "retro_votes_left"


class CallbackId(StrEnum):
    """callback_id of retro modals."""

    ADD_CARD = "retro_add_card_modal"
    EDIT_CARD = "retro_edit_card_modal"
    MY_CARDS = "retro_my_cards_modal"
    VOTE = "retro_vote_modal"


ANONYMOUS_VALUE = "anonymous"
MAX_MESSAGE_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
SECTION_LIMIT = 3000
HEADER_LIMIT = 150
CARD_PREVIEW = 300  # the message shows the start of long cards; modals and summary show all
DOT = "●"


def escape(text: str) -> str:
    """Text safe inside mrkdwn: no mentions, links or broadcasts sneak in."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def _header(text: str) -> HeaderBlock:
    return HeaderBlock(text=_clip(text, HEADER_LIMIT))


def _context(text: str, block_id: str | None = None) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)], block_id=block_id)


def _sections(lines: Iterable[str]) -> list[SectionBlock]:
    """Lines packed into as few sections as the 3,000-character limit allows."""
    blocks: list[SectionBlock] = []
    current = ""
    for line in lines:
        line = _clip(line, SECTION_LIMIT)
        if current and len(current) + 1 + len(line) > SECTION_LIMIT:
            blocks.append(SectionBlock(text=MarkdownTextObject(text=current)))
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=current)))
    return blocks


def _fit(blocks: Sequence[Block], limit: int, *, tail: Sequence[Block]) -> list[Block]:
    """``blocks`` then ``tail``, dropping body blocks (with a note) to stay within ``limit``."""
    room = limit - len(tail)
    if len(blocks) > room:
        dropped = len(blocks) - room + 1
        blocks = [*blocks[: room - 1], _context(f"_…{dropped} more blocks not shown here._")]
    return [*blocks, *tail]


def _dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


def _author(card: Card) -> str:
    return "anonymous" if card.anonymous or card.author_id is None else f"<@{card.author_id}>"


def _item_line(item: ActionItem) -> str:
    owner = f"<@{item.owner_id}>" if item.owner_id else "no owner"
    source = f" _(from “{escape(item.retro_title)}”)_" if item.retro_title else ""
    return f"• `#{item.id}` {escape(item.text)} — {owner}{source}"


# The retro message ------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """A message's fallback text and blocks."""

    text: str
    blocks: list[dict[str, Any]]


def retro_message(board: Board) -> Message:
    """The retro message: counts while collecting, cards and votes once revealed."""
    retro = board.retro
    fmt = retro.format
    body: list[Block] = [
        _header(f"Retro: {retro.title}"),
        _context(
            f"*{fmt.name}* · facilitated by <@{retro.facilitator_id}> · "
            f"{_plural(retro.votes_per_person, 'dot vote')} each · {_status_line(board)}"
        ),
    ]
    if retro.status is Status.COLLECTING:
        counts = board.counts()
        for column in fmt.columns:
            body.append(
                SectionBlock(
                    text=MarkdownTextObject(
                        text=f"*{column.label}* — {_plural(counts[column.key], 'card')}\n"
                        f"_{column.prompt}_"
                    )
                )
            )
        body.append(
            _context(
                "Cards stay hidden until voting starts. Anonymous cards never show who wrote them."
            )
        )
    else:
        for column, cards in in_board_order(fmt, board.cards):
            lines = [f"*{column.label}* — {_plural(len(cards), 'card')}"]
            lines += [_card_line(card, preview=True) for card in cards] or ["_No cards._"]
            body.extend(_sections(lines))
    if board.earlier_items:
        body.append(DividerBlock())
        lines = ["*Open action items from earlier retros*"]
        lines += [_item_line(item) for item in board.earlier_items]
        lines.append("_Close one with `/retro done <id>` when it's done._")
        body.extend(_sections(lines))
    if board.items:
        lines = ["*Action items from this retro*", *(_item_line(i) for i in board.items)]
        body.extend(_sections(lines))
    tail = [_buttons(retro)] if retro.status is not Status.CLOSED else []
    return Message(text=_fallback(board), blocks=_dicts(_fit(body, MAX_MESSAGE_BLOCKS, tail=tail)))


def _status_line(board: Board) -> str:
    status = board.retro.status
    if status is Status.COLLECTING:
        return f"collecting cards ({_plural(len(board.cards), 'card')} so far)"
    if status is Status.VOTING:
        return (
            f"voting: {_plural(board.dots, 'dot')} from {_plural(board.voters, 'person', 'people')}"
        )
    return "closed: the summary is below"


def _fallback(board: Board) -> str:
    return f"Retro “{escape(board.retro.title)}”: {_status_line(board)}"


def _card_line(card: Card, *, preview: bool) -> str:
    text = escape(_clip(card.text, CARD_PREVIEW) if preview else card.text)
    return f"• *{_plural(card.votes, 'vote')}* {text} — {_author(card)}"


def _buttons(retro: RetroInfo) -> ActionsBlock:
    value = str(retro.id)
    if retro.status is Status.COLLECTING:
        elements = [
            ButtonElement(
                text="Add card", action_id=ActionId.ADD_CARD, value=value, style="primary"
            ),
            ButtonElement(text="My cards", action_id=ActionId.MY_CARDS, value=value),
            ButtonElement(text="Start voting", action_id=ActionId.START_VOTING, value=value),
        ]
    else:
        elements = [
            ButtonElement(text="Vote", action_id=ActionId.VOTE, value=value, style="primary"),
        ]
    elements.append(
        ButtonElement(
            text="Close",
            action_id=ActionId.CLOSE,
            value=value,
            confirm=ConfirmObject(
                title="Close the retro?",
                text="This posts the summary and ends voting.",
                confirm="Close it",
                deny="Not yet",
            ),
        )
    )
    return ActionsBlock(elements=elements, block_id=BlockId.BUTTONS)


# The summary ------------------------------------------------------------------------


def summary_message(board: Board) -> Message:
    """The closing summary: cards per column by votes, then the action items with owners."""
    retro = board.retro
    body: list[Block] = [
        _header(f"Retro summary: {retro.title}"),
        _context(
            f"*{retro.format.name}* · facilitated by <@{retro.facilitator_id}> · "
            f"{_plural(len(board.cards), 'card')} · {_plural(board.dots, 'dot')} from "
            f"{_plural(board.voters, 'person', 'people')}"
        ),
    ]
    for column, cards in by_column(retro.format, board.cards):
        lines = [f"*{column.label}*"]
        lines += [_card_line(card, preview=False) for card in cards] or ["_No cards._"]
        body.extend(_sections(lines))
    body.append(DividerBlock())
    if board.items:
        lines = ["*Action items*", *(_item_line(item) for item in board.items)]
    else:
        lines = ["*Action items*", "_None yet._"]
    lines.append(
        'Who does what next? Add one with `/retro action "what we\'ll do" @owner`; '
        "`/retro actions` lists them."
    )
    body.extend(_sections(lines))
    text = f"Retro summary “{escape(retro.title)}”: {_plural(len(board.cards), 'card')}"
    return Message(text=text, blocks=_dicts(_fit(body, MAX_MESSAGE_BLOCKS, tail=[])))


# Modals -----------------------------------------------------------------------------


def metadata(**values: int) -> str:
    """A modal's private_metadata: ids only."""
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
    options = [Option(value=c.key, text=_clip(c.label, 75)) for c in retro.format.columns]
    prompts = "\n".join(f"*{c.label}*: {c.prompt}" for c in retro.format.columns)
    initial = next((o for o in options if card and o.value == card.column), options[0])
    anonymous = Option(
        value=ANONYMOUS_VALUE,
        text="Post anonymously",
        description="Nobody sees who wrote it, not even the facilitator.",
    )
    blocks = [
        _context(prompts),
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
            hint=f"Up to {TEXT_MAX:,} characters. Be specific: a scene, a handover, a call time.",
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
        _context(f"Cards stay hidden until voting starts on “{escape(retro.title)}”."),
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


def my_cards_modal(
    retro: RetroInfo, cards: Sequence[Card], *, notice: str | None = None
) -> dict[str, Any]:
    """The author's own cards on a collecting retro, each with Edit and Delete."""
    blocks: list[Block] = []
    if notice:
        blocks.append(_context(f"⚠️ {escape(notice)}", BlockId.NOTICE))
    if not cards:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"You have no cards on “{escape(retro.title)}” yet. "
                    "Use *Add card* on the retro message."
                )
            )
        )
    columns = {c.key: c for c in retro.format.columns}
    for card in cards:
        column = columns.get(card.column)
        label = column.label if column else card.column
        tag = " · _anonymous_" if card.anonymous else ""
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=_clip(f"*{label}*{tag}\n{escape(card.text)}", SECTION_LIMIT)
                )
            )
        )
        blocks.append(
            ActionsBlock(
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
        )
    tail = [_context("Only you see this list. Cards can be changed until voting starts.")]
    view = View(
        type="modal",
        callback_id=CallbackId.MY_CARDS,
        title="My cards",
        close="Done",
        private_metadata=metadata(retro=retro.id),
        blocks=_fit(blocks, MAX_MODAL_BLOCKS, tail=tail),
    )
    return view.to_dict()


def vote_modal(
    retro: RetroInfo,
    cards: Sequence[Card],
    mine: dict[int, int],
    *,
    notice: str | None = None,
) -> dict[str, Any]:
    """Every revealed card with its total, the voter's dots, and + / − buttons."""
    used = sum(mine.values())
    left = max(retro.votes_per_person - used, 0)
    blocks: list[Block] = []
    if notice:
        blocks.append(_context(f"⚠️ {escape(notice)}", BlockId.NOTICE))
    blocks.append(
        SectionBlock(
            block_id=BlockId.VOTES_LEFT,
            text=MarkdownTextObject(
                text=f"*{left} of {retro.votes_per_person} votes left.* "
                "Put several dots on one card if it matters most."
            ),
        )
    )
    ordered = [
        (c, card)
        for c, column_cards in in_board_order(retro.format, cards)
        for card in column_cards
    ]
    room = MAX_MODAL_BLOCKS - len(blocks)
    # Two blocks a card; past what a modal holds, only the first cards are built at all.
    shown = ordered if 2 * len(ordered) <= room else ordered[: (room - 1) // 2]
    for column, card in shown:
        dots = mine.get(card.id, 0)
        yours = f" · yours: {DOT * dots}" if dots else ""
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=_clip(
                        f"*{column.label}* · *{_plural(card.votes, 'vote')}*{yours}\n"
                        f"{escape(card.text)}",
                        SECTION_LIMIT,
                    )
                )
            )
        )
        blocks.append(
            ActionsBlock(
                block_id=f"retro_vote_{card.id}",
                elements=[
                    ButtonElement(text="+ Vote", action_id=ActionId.VOTE_ADD, value=str(card.id)),
                    ButtonElement(
                        text="− Take back", action_id=ActionId.VOTE_REMOVE, value=str(card.id)
                    ),
                ],
            )
        )
    if len(shown) < len(ordered):
        hidden = len(ordered) - len(shown)
        blocks.append(
            _context(
                f"_…and {_plural(hidden, 'more card')} not shown here: "
                f"a Slack modal holds {MAX_MODAL_BLOCKS} blocks._"
            )
        )
    if not cards:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="_No cards to vote on._")))
    view = View(
        type="modal",
        callback_id=CallbackId.VOTE,
        title="Vote",
        close="Done",
        private_metadata=metadata(retro=retro.id),
        blocks=_fit(blocks, MAX_MODAL_BLOCKS, tail=[]),
    )
    return view.to_dict()


# Command replies and DMs -----------------------------------------------------------------


def items_text(items: Sequence[ActionItem], *, channel_id: str) -> str:
    """``/retro actions``: the channel's open items with ids and owners."""
    if not items:
        return (
            f"No open action items in <#{channel_id}>. "
            'Add one with `/retro action "what we\'ll do" @owner`.'
        )
    lines = [f"*Open action items in <#{channel_id}>*"]
    lines += [_item_line(item) for item in items]
    lines.append("Mark one done with `/retro done <id>`.")
    return "\n".join(lines)


def assigned_dm(item: ActionItem, *, channel_id: str, assigned_by: str) -> Message:
    """The DM an owner gets when an action item is given to them."""
    text = f"<@{assigned_by}> gave you a retro action item in <#{channel_id}>"
    source = f" from “{escape(item.retro_title)}”" if item.retro_title else ""
    blocks = [
        SectionBlock(
            text=MarkdownTextObject(
                text=_clip(f"{text}{source}:\n>{escape(item.text)}", SECTION_LIMIT)
            )
        ),
        _context(f"When it's done, type `/retro done {item.id}` in <#{channel_id}>."),
    ]
    return Message(
        text=f"{text}: {escape(_clip(item.text, 200))}", blocks=[b.to_dict() for b in blocks]
    )

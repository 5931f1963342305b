"""The retro message in its channel and the closing summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ConfirmObject, DividerBlock

from bot.views.retro.ids import ActionId, BlockId
from bot.views.retro.text import (
    CARD_PREVIEW,
    MAX_MESSAGE_BLOCKS,
    author,
    column_sections,
    context,
    dicts,
    fit,
    header,
    item_line,
    section,
    sections,
    shown,
)
from rituals.retro import Board, BoardMessage, Card, RetroInfo, Status, SummaryMessage, by_column
from rituals.retro.board import in_board_order
from rituals.words import plural


@dataclass(frozen=True)
class Message:
    """A message's fallback text and blocks."""

    text: str
    blocks: list[dict[str, Any]]


def retro_message(board: Board) -> Message:
    """The retro message: counts while collecting, cards once revealed (totals once closed)."""
    retro = board.retro
    fmt = retro.format
    head: list[Block] = [
        header(f"Retro: {retro.title}"),
        context(
            f"*{fmt.name}* · facilitated by <@{retro.facilitator_id}> · "
            f"{plural(retro.votes_per_person, 'dot vote')} each · {_status_line(board)}"
        ),
    ]
    items = _item_sections(board)
    tail = [_buttons(retro)] if retro.status is not Status.CLOSED else []
    if retro.status is Status.COLLECTING:
        counts = board.counts()
        cards: list[Block] = [
            section(f"*{column.label}* — {plural(counts[column.key], 'card')}\n_{column.prompt}_")
            for column in fmt.columns
        ]
        cards.append(
            context(
                "Cards stay hidden until voting starts. Anonymous cards never show who wrote them."
            )
        )
    else:
        columns = [
            (
                f"*{column.label}* — {plural(len(cards), 'card')}",
                [_card_line(card, board, preview=True) for card in cards] or ["_No cards._"],
            )
            for column, cards in in_board_order(fmt, board.cards)
        ]
        note = [context("Votes stay hidden until the retro closes.")] if tail else []
        room = MAX_MESSAGE_BLOCKS - len(head) - len(note) - len(items) - len(tail)
        cards = [*column_sections(columns, room=room, more="in Vote"), *note]
    body = [*head, *cards, *items]
    return Message(text=_fallback(board), blocks=dicts(fit(body, MAX_MESSAGE_BLOCKS, tail=tail)))


def _item_sections(board: Board) -> list[Block]:
    items: list[Block] = []
    if board.earlier_items:
        items.append(DividerBlock())
        lines = ["*Open action items from earlier retros*"]
        lines += [item_line(item) for item in board.earlier_items]
        lines.append("_Close one with `/retro done <id>` when it's done._")
        items.extend(sections(lines))
    if board.items:
        items.extend(sections(["*Action items from this retro*", *map(item_line, board.items)]))
    return items


def _status_line(board: Board) -> str:
    status = board.retro.status
    if status is Status.COLLECTING:
        return f"collecting cards ({plural(len(board.cards), 'card')} so far)"
    if status is Status.VOTING:
        return (
            f"voting: {plural(board.dots, 'dot')} from {plural(board.voters, 'person', 'people')}"
        )
    return "closed: the summary is below"


def _fallback(board: Board) -> str:
    return f"Retro “{shown(board.retro.title)}”: {_status_line(board)}"


def _card_line(card: Card, board: Board, *, preview: bool) -> str:
    text = shown(card.text, limit=CARD_PREVIEW if preview else None)
    votes = f"*{plural(card.votes, 'vote')}* " if board.votes_shown else ""
    return f"• {votes}{text} — {author(card)}"


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


def summary_message(board: Board) -> Message:
    """The closing summary: cards per column by votes, then the action items with owners."""
    retro = board.retro
    body: list[Block] = [
        header(f"Retro summary: {retro.title}"),
        context(
            f"*{retro.format.name}* · facilitated by <@{retro.facilitator_id}> · "
            f"{plural(len(board.cards), 'card')} · {plural(board.dots, 'dot')} from "
            f"{plural(board.voters, 'person', 'people')}"
        ),
    ]
    lines = ["*Action items*", *([item_line(i) for i in board.items] or ["_None yet._"])]
    lines.append(
        'Who does what next? Add one with `/retro action "what we\'ll do" @owner`; '
        "`/retro actions` lists them."
    )
    items: list[Block] = [DividerBlock(), *sections(lines)]
    columns = [
        (
            f"*{column.label}*",
            [_card_line(card, board, preview=False) for card in cards] or ["_No cards._"],
        )
        for column, cards in by_column(retro.format, board.cards)
    ]
    room = MAX_MESSAGE_BLOCKS - len(body) - len(items)
    body += [*column_sections(columns, room=room, more="with fewer votes"), *items]
    text = f"Retro summary “{shown(retro.title)}”: {plural(len(board.cards), 'card')}"
    return Message(text=text, blocks=dicts(fit(body, MAX_MESSAGE_BLOCKS, tail=[])))


def render_board(message: BoardMessage) -> tuple[str, list[dict[str, Any]]]:
    """The retro message for the messenger."""
    rendered = retro_message(message.board)
    return rendered.text, rendered.blocks


def render_summary(message: SummaryMessage) -> tuple[str, list[dict[str, Any]]]:
    """The summary for the messenger."""
    rendered = summary_message(message.board)
    return rendered.text, rendered.blocks

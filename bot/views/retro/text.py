"""Pieces every retro view shares: people's words made safe to show, limits, small blocks.

Text people write is shown as theirs: on one line (a card can never look like several),
escaped so no mention, link or broadcast sneaks in, and with mrkdwn's markup characters
swapped for look-alikes, so no part of it is bold, italic or code like the bot's own words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from rituals.retro import ActionItem, Card, one_line
from rituals.words import plural

MAX_MESSAGE_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
SECTION_LIMIT = 3000
HEADER_LIMIT = 150
CARD_PREVIEW = 300  # the message shows the start of long cards; modals and summary show all
DOT = "●"
_MARKUP = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"})


def escape(text: str) -> str:
    """Text safe inside mrkdwn: no mentions, links or broadcasts sneak in."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shown(text: str, *, limit: int | None = None) -> str:
    """Someone's words for a board, a summary or a list: one line, escaped, no markup."""
    line = one_line(text)
    if limit is not None:
        line = clip(line, limit)
    return escape(line.translate(_MARKUP))


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def header(text: str) -> HeaderBlock:
    """A header block, clipped to Slack's limit."""
    return HeaderBlock(text=clip(text, HEADER_LIMIT))


def context(text: str, block_id: str | None = None) -> ContextBlock:
    """A context block of one mrkdwn line."""
    return ContextBlock(elements=[MarkdownTextObject(text=text)], block_id=block_id)


def section(text: str, block_id: str | None = None) -> SectionBlock:
    """A mrkdwn section, clipped to Slack's limit."""
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_LIMIT)), block_id=block_id)


def sections(lines: Iterable[str]) -> list[SectionBlock]:
    """Lines packed into as few sections as the 3,000-character limit allows."""
    blocks: list[SectionBlock] = []
    current = ""
    for line in lines:
        line = clip(line, SECTION_LIMIT)
        if current and len(current) + 1 + len(line) > SECTION_LIMIT:
            blocks.append(section(current))
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(section(current))
    return blocks


def column_sections(
    columns: Sequence[tuple[str, Sequence[str]]], *, room: int, more: str
) -> list[SectionBlock]:
    """Each column's title and card lines, packed into at most ``room`` sections: when they
    do not all fit, the longest columns give up their last cards first (each saying how
    many more it has), so one crowded column never pushes the others out."""
    keep = [len(lines) for _, lines in columns]
    while True:
        blocks: list[SectionBlock] = []
        for (title, lines), count in zip(columns, keep, strict=True):
            rest = len(lines) - count
            tail = [f"_…and {plural(rest, 'more card')} {more}._"] if rest else []
            blocks += sections([title, *lines[:count], *tail])
        if len(blocks) <= room or not any(keep):
            return blocks
        longest = max(range(len(keep)), key=lambda i: keep[i])
        keep[longest] -= max(1, keep[longest] // 4)


def fit(blocks: Sequence[Block], limit: int, *, tail: Sequence[Block]) -> list[Block]:
    """``blocks`` then ``tail``, dropping body blocks (with a note) to stay within ``limit``."""
    room = limit - len(tail)
    if len(blocks) > room:
        dropped = len(blocks) - room + 1
        blocks = [*blocks[: room - 1], context(f"_…{dropped} more blocks not shown here._")]
    return [*blocks, *tail]


def dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """Blocks as Slack's JSON."""
    return [block.to_dict() for block in blocks]


def author(card: Card) -> str:
    """Who wrote a card, as shown: never anyone for an anonymous card."""
    return "anonymous" if card.anonymous or card.author_id is None else f"<@{card.author_id}>"


def item_line(item: ActionItem) -> str:
    """One action item with its id, owner and retro; ✅ once done."""
    owner = f"<@{item.owner_id}>" if item.owner_id else "no owner"
    source = f" _(from “{shown(item.retro_title)}”)_" if item.retro_title else ""
    mark = "✅" if item.status == "done" else "•"
    return f"{mark} `#{item.id}` {shown(item.text)} — {owner}{source}"

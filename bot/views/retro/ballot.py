"""The Vote modal: one page of cards, the voter's own dots, + / − per card, page buttons.

No card's total shows here: votes stay hidden until the retro closes.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement
from slack_sdk.models.views import View

from bot.views.retro.ids import ActionId, BlockId, CallbackId
from bot.views.retro.modals import metadata
from bot.views.retro.text import DOT, MAX_MODAL_BLOCKS, context, escape, fit, section, shown
from rituals.retro.votes import Ballot
from rituals.words import plural


def _page_buttons(ballot: Ballot) -> ActionsBlock:
    elements = []
    if ballot.page > 0:
        elements.append(
            ButtonElement(
                text="◀ Previous", action_id=ActionId.VOTE_PREV, value=str(ballot.page - 1)
            )
        )
    if ballot.page + 1 < ballot.pages:
        elements.append(
            ButtonElement(text="Next ▶", action_id=ActionId.VOTE_NEXT, value=str(ballot.page + 1))
        )
    return ActionsBlock(block_id=BlockId.PAGES, elements=elements)


def vote_modal(ballot: Ballot, *, notice: str | None = None) -> dict[str, Any]:
    """One page of the voter's ballot."""
    retro = ballot.retro
    columns = {column.key: column for column in retro.format.columns}
    blocks: list[Block] = []
    if notice:
        blocks.append(context(f"⚠️ {escape(notice)}", BlockId.NOTICE))
    blocks.append(
        section(
            f"*{ballot.left} of {retro.votes_per_person} votes left.* "
            "Put several dots on one card if it matters most. Totals stay hidden until the "
            "retro closes.",
            block_id=BlockId.VOTES_LEFT,
        )
    )
    if ballot.pages > 1:
        blocks.append(
            context(
                f"Page {ballot.page + 1} of {ballot.pages} · "
                f"{plural(ballot.total_cards, 'card')} in all"
            )
        )
    for card in ballot.cards:
        column = columns.get(card.column)
        dots = ballot.mine.get(card.id, 0)
        yours = f" · yours: {DOT * dots}" if dots else ""
        label = column.label if column else card.column
        blocks.append(section(f"*{label}*{yours}\n{shown(card.text)}"))
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
    if not ballot.cards:
        blocks.append(section("_No cards to vote on._"))
    tail = [_page_buttons(ballot)] if ballot.pages > 1 else []
    view = View(
        type="modal",
        callback_id=CallbackId.VOTE,
        title="Vote",
        close="Done",
        private_metadata=metadata(retro=retro.id, page=ballot.page),
        blocks=fit(blocks, MAX_MODAL_BLOCKS, tail=tail),
    )
    return view.to_dict()

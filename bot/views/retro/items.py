"""Action items: the ``/retro actions`` list and the owner's DM with its Done button."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from bot.views.retro.ids import ActionId, BlockId
from bot.views.retro.text import clip, context, dicts, item_line, section, shown
from rituals.retro.actions import ItemDM, OpenItems


def items_text(found: OpenItems) -> str:
    """``/retro actions``: the channel's open items, or in a DM the person's own."""
    if found.channel_id is None:
        if not found.items:
            return (
                "You have no open action items. In a channel, `/retro actions` lists that "
                "channel's items."
            )
        lines = ["*Your open action items*"]
        lines += [f"{item_line(item)} in <#{item.channel_id}>" for item in found.items]
        lines.append("Mark one done with `/retro done <id>`.")
        return "\n".join(lines)
    channel = found.channel_id
    if not found.items:
        return (
            f"No open action items in <#{channel}>. "
            'Add one with `/retro action "what we\'ll do" @owner`.'
        )
    lines = [f"*Open action items in <#{channel}>*", *map(item_line, found.items)]
    lines.append("Mark one done with `/retro done <id>`.")
    return "\n".join(lines)


def render_item_dm(message: ItemDM) -> tuple[str, list[dict[str, Any]]]:
    """The DM an owner gets for an action item; once done, who closed it and no button."""
    item = message.item
    text = f"<@{message.assigned_by}> gave you a retro action item in <#{item.channel_id}>"
    source = f" from “{shown(item.retro_title)}”" if item.retro_title else ""
    blocks: list[Block] = [section(f"{text}{source}:\n>{shown(item.text)}", block_id=BlockId.ITEM)]
    if message.done_by is not None:
        blocks.append(context(f"✅ Done — marked by <@{message.done_by}>."))
    else:
        blocks.append(
            ActionsBlock(
                block_id=f"retro_item_{item.id}",
                elements=[
                    ButtonElement(
                        text="Done",
                        action_id=ActionId.ITEM_DONE,
                        value=str(item.id),
                        style="primary",
                    )
                ],
            )
        )
        blocks.append(
            context(f"Or type `/retro done {item.id}` in <#{item.channel_id}> when it's done.")
        )
    fallback = f"{text}: {clip(shown(item.text), 200)}"
    return fallback, dicts(blocks)

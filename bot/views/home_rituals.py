"""Block Kit for the manager's part of the App Home: the crew's rituals, a page at a time.

Each ritual shows its kind, channel, schedule in words (with where its time is), next
run or pause, and Edit, Pause/Resume and Delete (with a confirm). New ritual opens the
set-up modal (``bot.views.ritual_modal``). A page holds ``PAGE_SIZE`` rituals, so the
tab stays within Slack's 100 blocks however many there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.views.admin import describe, kind_label, next_run
from rituals.scheduled.listing import Listing, RitualInfo
from rituals.words import plural


class RitualAction(StrEnum):
    """Action ids of the rituals on the App Home."""

    NEW = "home_new_ritual"
    EDIT = "home_edit_ritual"
    PAUSE = "home_pause_ritual"
    RESUME = "home_resume_ritual"
    DELETE = "home_delete_ritual"
    PREVIOUS_PAGE = "home_rituals_previous"
    NEXT_PAGE = "home_rituals_next"


class RitualBlock(StrEnum):
    """Block ids of the rituals part."""

    INTRO = "home_rituals"
    PAGES = "home_rituals_pages"


def rituals_blocks(listing: Listing, *, team_figures: Sequence[Block] = ()) -> list[Block]:
    """The manager's part: an optional team figures section, then the crew's rituals."""
    blocks: list[Block] = [DividerBlock()]
    blocks += list(team_figures)  # TEAM FIGURES: the gated figures block goes here, if any
    blocks.append(HeaderBlock(text="Crew rituals"))
    new = ButtonElement(text="New ritual", action_id=RitualAction.NEW, value="new", style="primary")
    if listing.total == 0:
        intro = (
            "No rituals yet. Click *New ritual* to set one up: pick the kind, the channel, the "
            "days and the time — no cron needed."
        )
    else:
        intro = (
            f"{plural(listing.total, 'ritual')}, each in its own zone; "
            f"the team's is *{listing.team_tz}* (`/greenroom timezone` changes it)."
        )
    blocks.append(SectionBlock(block_id=RitualBlock.INTRO, text=intro, accessory=new))
    for ritual in listing.rituals:
        blocks += ritual_blocks(ritual)
    if listing.pages > 1:
        blocks += _pager(listing)
    return blocks


def ritual_blocks(ritual: RitualInfo) -> list[Block]:
    """One ritual: what and when, then its buttons."""
    where = f" in <#{ritual.channel_id}>" if ritual.channel_id else ""
    when = "_paused_" if ritual.paused else next_run(ritual)
    text = (
        f"*#{ritual.id} {kind_label(ritual.kind)}*{where}\n{ritual.words} · {when}\n"
        f"_{describe(ritual.kind, ritual.config)}_"
    )
    value = str(ritual.id)
    if ritual.paused:
        toggle = ButtonElement(
            text="Resume", action_id=RitualAction.RESUME, value=value, style="primary"
        )
    else:
        toggle = ButtonElement(text="Pause", action_id=RitualAction.PAUSE, value=value)
    delete = ButtonElement(
        text="Delete",
        action_id=RitualAction.DELETE,
        value=value,
        style="danger",
        confirm=ConfirmObject(
            title="Delete this ritual?",
            text=f"Ritual #{ritual.id} ({kind_label(ritual.kind)}) stops for good. "
            "Its past results are kept.",
            confirm="Delete",
            deny="Keep it",
            style="danger",
        ),
    )
    edit = ButtonElement(text="Edit", action_id=RitualAction.EDIT, value=value)
    return [
        SectionBlock(block_id=f"ritual_{ritual.id}", text=text),
        ActionsBlock(block_id=f"ritual_{ritual.id}_actions", elements=[edit, toggle, delete]),
    ]


def _pager(listing: Listing) -> list[Block]:
    label = f"Page {listing.page + 1} of {listing.pages} ({listing.total} rituals)"
    buttons = []
    if listing.page > 0:
        buttons.append(
            ButtonElement(
                text="Previous", action_id=RitualAction.PREVIOUS_PAGE, value=str(listing.page - 1)
            )
        )
    if listing.page + 1 < listing.pages:
        buttons.append(
            ButtonElement(
                text="Next", action_id=RitualAction.NEXT_PAGE, value=str(listing.page + 1)
            )
        )
    return [
        ContextBlock(elements=[MarkdownTextObject(text=label)]),
        ActionsBlock(block_id=RitualBlock.PAGES, elements=buttons),
    ]

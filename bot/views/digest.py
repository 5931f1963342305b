"""Block Kit for the weekly cohesion digest: pure functions from metrics to blocks."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from rituals.digest import (
    Crew,
    DigestPost,
    Metrics,
    Posting,
    distribution_line,
    headline,
    role_lines,
    suggestion,
    title,
    took_part,
    withheld_lines,
)
from rituals.schedule import Schedule, describe
from rituals.scheduled import Scheduled, local_time

FIELDS_PER_SECTION = 10  # Slack's limit
MAX_ROLES = 30  # three sections of role fields; the rest are counted, not listed
FIELD_LIMIT = 2000
HEADER_LIMIT = 150


class BlockId(StrEnum):
    """Block ids of the digest message."""

    HEADER = "digest_header"
    SUMMARY = "digest_summary"
    FIGURES = "digest_figures"
    DISTRIBUTION = "digest_distribution"
    ROLES_TITLE = "digest_roles_title"
    ROLES = "digest_roles"
    ROLES_MORE = "digest_roles_more"
    NEXT = "digest_next"
    FOOTER = "digest_footer"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def digest_text(metrics: Metrics, crew: Crew | None = None) -> str:
    """The notification text of the digest message."""
    score = metrics.get("cohesion_score")
    tail = f": cohesion score {score}/100" if score is not None else ""
    return f"{title(metrics, crew)}{tail}"


def _summary(metrics: Metrics, crew: Crew) -> str:
    covers = (
        f"Figures of <#{crew.channel_id}>'s crew: its pulse, pairings, retros and interactions"
        if crew.channel_id
        else "Figures of the whole workspace"
    )
    return f"{covers} · {took_part(metrics)} Changes are against the week before (▲ up, ▼ down)."


def _figure_fields(metrics: Metrics, previous: Metrics | None) -> list[MarkdownTextObject]:
    fields = []
    for figure in headline(metrics, previous):
        text = f"*{figure.label}*\n{figure.value}"
        if figure.change:
            text += f"  {figure.change}"
        if figure.detail:
            text += f"\n_{figure.detail}_"
        fields.append(MarkdownTextObject(text=_clip(text, FIELD_LIMIT)))
    return fields


def _role_blocks(metrics: Metrics) -> list[Block]:
    lines = role_lines(metrics)
    if not lines:
        return []
    blocks: list[Block] = [
        SectionBlock(
            block_id=BlockId.ROLES_TITLE,
            text=MarkdownTextObject(text="*By role* — pulse mean and answers"),
        )
    ]
    shown = lines[:MAX_ROLES]
    for index in range(0, len(shown), FIELDS_PER_SECTION):
        chunk = shown[index : index + FIELDS_PER_SECTION]
        blocks.append(
            SectionBlock(
                block_id=f"{BlockId.ROLES}_{index // FIELDS_PER_SECTION}",
                fields=[
                    MarkdownTextObject(text=_clip(f"*{line.role}*\n{line.value}", FIELD_LIMIT))
                    for line in chunk
                ],
            )
        )
    if len(lines) > MAX_ROLES:
        blocks.append(
            ContextBlock(
                block_id=BlockId.ROLES_MORE,
                elements=[
                    MarkdownTextObject(
                        text=f"…and {len(lines) - MAX_ROLES} more roles "
                        "(`greenroom export` has them all)."
                    )
                ],
            )
        )
    return blocks


def _footer(metrics: Metrics, k: int) -> str:
    text = (
        f"A figure about pulse answers shows only when more than {k} people answered and, "
        "with everything shown before, it gives away no one's answer; otherwise it reads "
        "“not enough answers yet”. Individual answers are never shown."
    )
    held = withheld_lines(metrics)
    if held:
        text += " Not shown: " + "; ".join(held) + "."
    return text + " The 8-week trend chart follows."


def digest_blocks(
    metrics: Metrics, previous: Metrics | None = None, crew: Crew | None = None
) -> list[dict[str, Any]]:
    """The digest message: whose figures, headline figures with changes, distribution,
    roles, next step."""
    crew = crew or Crew(None)
    k = metrics.get("min_group", 3)
    blocks: list[Block] = [
        HeaderBlock(
            block_id=BlockId.HEADER,
            text=PlainTextObject(text=_clip(title(metrics, crew), HEADER_LIMIT), emoji=True),
        ),
        ContextBlock(
            block_id=BlockId.SUMMARY,
            elements=[MarkdownTextObject(text=_summary(metrics, crew))],
        ),
        SectionBlock(block_id=BlockId.FIGURES, fields=_figure_fields(metrics, previous)),
        SectionBlock(
            block_id=BlockId.DISTRIBUTION,
            text=MarkdownTextObject(
                text=_clip(f"*Pulse answers 1–5*\n{distribution_line(metrics)}", 3000)
            ),
        ),
        *_role_blocks(metrics),
        DividerBlock(),
        SectionBlock(
            block_id=BlockId.NEXT,
            text=MarkdownTextObject(
                text=_clip(f"*What to try next*\n{suggestion(metrics, crew)}", 3000)
            ),
        ),
        ContextBlock(
            block_id=BlockId.FOOTER,
            elements=[MarkdownTextObject(text=_clip(_footer(metrics, k), 3000))],
        ),
    ]
    return [block.to_dict() for block in blocks]


def render_post(post: DigestPost) -> tuple[str, list[dict[str, Any]] | None]:
    """The digest message as text and blocks."""
    return digest_text(post.metrics, post.crew), digest_blocks(
        post.metrics, post.previous or {}, post.crew
    )


def posting_text(posting: Posting) -> str:
    """What the manager who asked for a digest now is told."""
    return (
        f"Posting the cohesion digest for {posting.week_label} in <#{posting.channel_id}> "
        f"({posting.crew.label()}), with its trend chart."
    )


def scheduled_text(scheduled: Scheduled, schedule: Schedule, channel_id: str, crew: str) -> str:
    """What the manager who scheduled the digest is told."""
    return (
        f"Scheduled the weekly cohesion digest in <#{channel_id}> as ritual #{scheduled.id}: "
        f"{describe(schedule, tz=scheduled.tz)}, covering {crew}. "
        f"Next run: {local_time(scheduled.next_run_at, scheduled.tz)}. "
        f"See all with `/greenroom rituals`; stop with `/greenroom pause {scheduled.id}`."
    )


RENDERERS: dict[type, Callable[[Any], tuple[str, list[dict[str, Any]] | None]]] = {
    DigestPost: render_post,
}

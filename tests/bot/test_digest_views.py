"""The digest's Block Kit (pure functions) and the trend chart PNG."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import numpy as np
from matplotlib.image import imread
from slack_sdk.models.blocks import Block

from bot.views.digest import BlockId, digest_blocks, digest_text
from rituals.digest.chart import NO_DATA, TOO_FEW, chart_title, gap_labels, render_trend
from tests.rituals.test_digest import metrics, previous

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def validated(blocks: list[dict[str, Any]]) -> list[Block]:
    """Parse the blocks back into slack_sdk models and run Slack's limits on each."""
    parsed = Block.parse_all(blocks)
    assert len(parsed) == len(blocks) <= 50
    for block in parsed:
        assert block is not None
        block.validate_json()
    assert [block.to_dict() for block in parsed] == blocks
    return parsed


def by_id(blocks: list[dict[str, Any]], block_id: str) -> dict[str, Any]:
    return next(b for b in blocks if b.get("block_id") == block_id)


def texts(block: dict[str, Any]) -> list[str]:
    found = [f["text"] for f in block.get("fields") or []]
    if "text" in block:
        found.append(block["text"]["text"])
    found += [e["text"] for e in block.get("elements") or [] if "text" in e]
    return found


def test_digest_blocks_show_figures_changes_roles_and_next_step() -> None:
    blocks = digest_blocks(metrics(), previous())
    validated(blocks)
    assert by_id(blocks, BlockId.HEADER)["text"]["text"] == (
        "Cohesion digest — whole workspace — 2026-W48 (23–29 Nov 2026)"
    )
    figures = "\n".join(texts(by_id(blocks, BlockId.FIGURES)))
    assert "*Pulse mean*\n3.9 / 5  ▲ 0.2" in figures
    assert "*Response rate*\n78%  ▼ 5 points\n_86 of 110 prompts answered_" in figures
    assert "*Cohesion score*\n77/100  ▲ 3" in figures
    roles = texts(by_id(blocks, f"{BlockId.ROLES}_0"))
    assert "*camera*\nnot enough answers yet" in roles
    assert "*lighting*\n4.1 (30 answers)" in roles
    assert "not enough answers" in texts(by_id(blocks, BlockId.DISTRIBUTION))[0]
    assert texts(by_id(blocks, BlockId.NEXT))[0].startswith("*What to try next*\n")
    assert digest_text(metrics()) == (
        "Cohesion digest — whole workspace — 2026-W48 (23–29 Nov 2026): cohesion score 77/100"
    )


def test_many_roles_stay_within_slack_limits() -> None:
    week = metrics()
    week["pulse"]["by_role"] = {
        f"department-{n:02d}-" + "x" * 30: {"responses": n, "mean": 3.5} for n in range(45)
    }
    blocks = digest_blocks(week, None)
    parsed = validated(blocks)
    role_sections = [b for b in blocks if str(b.get("block_id", "")).startswith("digest_roles_")]
    assert [len(b["fields"]) for b in role_sections if "fields" in b] == [10, 10, 10]
    assert "15 more roles" in texts(by_id(blocks, BlockId.ROLES_MORE))[0]
    assert len(parsed) < 50


def test_a_week_without_roles_or_previous_week_still_validates() -> None:
    week = metrics(cohesion_score=None)
    week["pulse"]["by_role"] = {}
    blocks = digest_blocks(week)
    validated(blocks)
    assert not any(str(b.get("block_id", "")).startswith(BlockId.ROLES) for b in blocks)


def trend_points(values: bool = True) -> list[dict[str, Any]]:
    return [
        {
            "week": f"2026-W{41 + n}",
            "pulse_mean": 3.2 + n / 10 if values and n != 2 else None,
            "response_rate": 0.6 + n / 40 if values else None,
            "cross_role_share": 0.2 + n / 30 if values else None,
        }
        for n in range(8)
    ]


def decoded(png: bytes) -> np.ndarray:
    assert png.startswith(PNG_SIGNATURE)
    return imread(BytesIO(png), format="png")


def test_trend_chart_is_a_real_png_with_lines() -> None:
    image = decoded(render_trend(trend_points()))
    assert image.shape[:2] == (400, 800)
    rgb = (image[:, :, :3] * 255).astype(np.uint8).reshape(-1, 3)
    assert len(np.unique(rgb, axis=0)) > 100  # anti-aliased lines, text, three colours
    assert (rgb < 250).any(axis=1).mean() > 0.02  # a visible amount of ink
    # each series' colour is present
    for colour in ((0x2F, 0x6F, 0x4F), (0xD0, 0x8C, 0x2B), (0x3D, 0x5A, 0x98)):
        assert (np.abs(rgb.astype(int) - colour).sum(axis=1) < 10).sum() > 50


def test_trend_chart_without_figures_still_renders() -> None:
    image = decoded(render_trend(trend_points(values=False)))
    assert image.shape[:2] == (400, 800)
    assert decoded(render_trend([]))[0].shape[-1] in (3, 4)


def test_trend_chart_says_what_it_plots_and_marks_empty_weeks() -> None:
    points = trend_points()
    points[5] = {"week": "2026-W46", "pulse_mean": None, "responses": 2}  # withheld
    points[2] |= {"responses": 0}
    assert chart_title(points) == (
        "Pulse mean, response rate and cross-role share, 2026-W41 to 2026-W48"
    )
    labels = gap_labels(points)
    assert labels[2] == NO_DATA == "no data"  # nobody answered: a gap, not a zero
    assert labels[5] == TOO_FEW
    assert [n for n, label in enumerate(labels) if label] == [2, 5]
    assert decoded(render_trend(points)).shape[:2] == (400, 800)

"""The digest's trend chart: the pulse mean (left axis, 1–5) with the response rate and
the cross-role share (right axis, %) over 8 weeks.

A week without a figure is a gap in its line, never a zero; a week with no pulse mean
is marked under its tick: "no data" when nobody answered, "too few answers" when the
privacy gate withholds it. Drawn with matplotlib's object API on an Agg canvas (no
pyplot, no global state), so it is safe in the sender threads and needs no display.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from io import BytesIO
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

TITLE = "Pulse mean, response rate and cross-role share"
NO_DATA = "no data"
TOO_FEW = "too few\nanswers"
MEAN_COLOUR = "#2f6f4f"
RATE_COLOUR = "#d08c2b"
SHARE_COLOUR = "#3d5a98"
GAP_COLOUR = "#777777"
SIZE = (8.0, 4.0)
DPI = 100


def _series(points: Sequence[Mapping[str, Any]], key: str, scale: float = 1.0) -> list[float]:
    return [math.nan if p.get(key) is None else float(p[key]) * scale for p in points]


def gap_labels(points: Sequence[Mapping[str, Any]]) -> list[str]:
    """Per week, what the chart says where the pulse mean is missing ("" where it is shown)."""
    return [
        "" if p.get("pulse_mean") is not None else (TOO_FEW if p.get("responses") else NO_DATA)
        for p in points
    ]


def chart_title(points: Sequence[Mapping[str, Any]]) -> str:
    """``Pulse mean, response rate and cross-role share, 2026-W41 to 2026-W48``."""
    if not points:
        return TITLE
    return f"{TITLE}, {points[0].get('week', '')} to {points[-1].get('week', '')}"


def render_trend(points: Sequence[Mapping[str, Any]]) -> bytes:
    """A PNG of the trend points (oldest first) as ``rituals.figures`` reports them."""
    figure = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    mean_axis = figure.add_subplot()
    rate_axis = mean_axis.twinx()
    x = list(range(len(points)))
    labels = [str(p.get("week", ""))[-3:] for p in points]
    means = _series(points, "pulse_mean")
    rates = _series(points, "response_rate", 100)
    shares = _series(points, "cross_role_share", 100)

    lines = mean_axis.plot(
        x, means, marker="o", linewidth=2.5, color=MEAN_COLOUR, label="Pulse mean (1–5, left)"
    )
    lines += rate_axis.plot(
        x, rates, marker="s", linewidth=1.8, color=RATE_COLOUR, label="Response rate % (right)"
    )
    lines += rate_axis.plot(
        x,
        shares,
        marker="^",
        linewidth=1.8,
        linestyle="--",
        color=SHARE_COLOUR,
        label="Cross-role share % (right)",
    )
    for at, gap in zip(x, gap_labels(points), strict=True):
        if gap:
            mean_axis.axvspan(at - 0.4, at + 0.4, color=GAP_COLOUR, alpha=0.08, linewidth=0)
            mean_axis.text(at, 1.15, gap, ha="center", va="bottom", fontsize=7, color=GAP_COLOUR)

    mean_axis.set_ylim(1, 5)
    mean_axis.set_yticks([1, 2, 3, 4, 5])
    rate_axis.set_ylim(0, 100)
    mean_axis.set_xticks(x, labels)
    if x:
        mean_axis.set_xlim(-0.5, len(x) - 0.5)
    mean_axis.grid(axis="y", alpha=0.3)
    mean_axis.set_ylabel("Pulse mean (1–5)")
    rate_axis.set_ylabel("Response rate, cross-role share (%)")
    mean_axis.set_title(chart_title(points), fontsize=11)
    if all(math.isnan(value) for value in [*means, *rates, *shares]):
        mean_axis.text(
            0.5,
            0.5,
            "No data in these 8 weeks yet",
            transform=mean_axis.transAxes,
            ha="center",
            va="center",
            color=GAP_COLOUR,
        )
    mean_axis.legend(
        handles=lines,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=3,
        fontsize=8,
        frameon=False,
    )
    figure.tight_layout()

    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()

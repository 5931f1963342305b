"""The digest's trend chart: pulse mean, response rate and cross-role share over 8 weeks.

Drawn with matplotlib's object API on an Agg canvas (no pyplot, no global
state), so it is safe in the sender threads and needs no display.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from io import BytesIO
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

MEAN_COLOUR = "#2f6f4f"
RATE_COLOUR = "#d08c2b"
SHARE_COLOUR = "#3d5a98"
SIZE = (8.0, 4.0)
DPI = 100


def _series(points: Sequence[Mapping[str, Any]], key: str, scale: float = 1.0) -> list[float]:
    return [math.nan if p.get(key) is None else float(p[key]) * scale for p in points]


def render_trend(points: Sequence[Mapping[str, Any]]) -> bytes:
    """A PNG of the trend points (oldest first) as ``storage.metrics.trend`` returns them."""
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
        x,
        means,
        marker="o",
        linewidth=2.5,
        color=MEAN_COLOUR,
        label="Pulse mean (1–5, left)",
    )
    lines += rate_axis.plot(
        x,
        rates,
        marker="s",
        linewidth=1.8,
        color=RATE_COLOUR,
        label="Response rate % (right)",
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

    mean_axis.set_ylim(1, 5)
    mean_axis.set_yticks([1, 2, 3, 4, 5])
    rate_axis.set_ylim(0, 100)
    mean_axis.set_xticks(x, labels)
    if x:
        mean_axis.set_xlim(-0.5, len(x) - 0.5)
    mean_axis.grid(axis="y", alpha=0.3)
    mean_axis.set_ylabel("Pulse mean")
    rate_axis.set_ylabel("%")
    first = points[0].get("week", "") if points else ""
    last = points[-1].get("week", "") if points else ""
    mean_axis.set_title(f"Greenroom cohesion trend, {first} to {last}", fontsize=11)
    if all(math.isnan(value) for value in [*means, *rates, *shares]):
        mean_axis.text(
            0.5,
            0.5,
            "Not enough answers yet",
            transform=mean_axis.transAxes,
            ha="center",
            va="center",
            color="#777777",
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

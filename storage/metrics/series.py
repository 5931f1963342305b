"""Counts per week for the trend: prompts, and interactions between known roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.metrics.common import prompts
from storage.metrics.talk import Talk, cross_role


@dataclass(frozen=True)
class SeriesPoint:
    """One interval's prompts (sent, people) and cross-role talk."""

    prompts: int
    prompted_people: int
    talk: Talk


def series(
    unit: Any, *, team_id: str, bounds: Sequence[datetime], channel_id: str | None = None
) -> list[SeriesPoint]:
    """One point per interval [bounds[i], bounds[i+1])."""
    sent = prompts(unit, team_id, bounds, channel_id)
    talks = cross_role(unit, team_id, bounds, channel_id)
    return [SeriesPoint(p, n, t) for (p, n), t in zip(sent, talks, strict=True)]

"""The weekly cohesion digest: whose figures (``crew``), its words (``text``, ``advice``),
posting it now or on a schedule (``manage``), the engine's planner and sender
(``fanout``) and the trend chart (``chart``, loaded only when drawn)."""

from rituals.digest.advice import components_of, suggestion, weakest
from rituals.digest.messages import KIND, POST, Crew, DigestPost, Posting
from rituals.digest.text import (
    NOT_ENOUGH,
    Figure,
    Metrics,
    RoleLine,
    distribution_line,
    headline,
    percent,
    render_text,
    role_lines,
    title,
    took_part,
    withheld_lines,
)

__all__ = [
    "KIND",
    "NOT_ENOUGH",
    "POST",
    "Crew",
    "DigestPost",
    "Figure",
    "Metrics",
    "Posting",
    "RoleLine",
    "components_of",
    "distribution_line",
    "headline",
    "percent",
    "render_text",
    "role_lines",
    "suggestion",
    "title",
    "took_part",
    "withheld_lines",
    "weakest",
]

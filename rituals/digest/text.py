"""The weekly cohesion digest: headline figures, changes, roles and one thing to try.

Rules:
- The digest reads one week's metrics (the export schema of
  ``rituals.figures``, pulse figures released by the privacy gate) and the week
  before; it never sees rows.
- Each headline figure shows its change against last week with an arrow
  (▲ up, ▼ down, = unchanged); a change is shown only when both weeks have the
  figure. Rates and shares change in percentage points.
- A figure the privacy gate withholds (``rituals.figures``) reads "not enough answers
  yet"; a figure with nothing behind it (no prompts, no pairs) says so instead.
- The header says whose figures they are: "#vfx crew, 3 people" or "whole workspace".
- What to try next is one concrete suggestion, with the command to type, drawn
  from the weakest component of the cohesion score; with nothing measured it
  suggests starting a daily pulse. It fits what exists: it never suggests scheduling
  a ritual the crew already has scheduled (it says how to change that one instead),
  and it names the channel where ``/retro actions`` applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rituals.digest.advice import suggestion
from rituals.digest.messages import Crew
from rituals.metrics import half_up, parse_week
from rituals.words import plural

NOT_ENOUGH = "not enough answers yet"
UP, DOWN, SAME = "▲", "▼", "="

Metrics = Mapping[str, Any]


@dataclass(frozen=True)
class Figure:
    """One headline figure as people read it."""

    label: str
    value: str
    change: str = ""
    detail: str = ""


@dataclass(frozen=True)
class RoleLine:
    """One role's pulse figures, or why they are not shown."""

    role: str
    value: str


def percent(value: float | None) -> str:
    """0.783 → ``78%``."""
    return "" if value is None else f"{half_up(value * 100):.0f}%"


def _change(now: float | None, before: float | None, *, points: bool, digits: int = 1) -> str:
    if now is None or before is None:
        return ""
    delta = (now - before) * (100 if points else 1)
    shown = round(delta) if points else round(delta, digits)
    if shown == 0:
        return f"{SAME} same as last week"
    arrow = UP if shown > 0 else DOWN
    number = _points(abs(shown)) if points else f"{abs(shown):.{digits}f}"
    return f"{arrow} {number}"


def _points(count: float) -> str:
    """``1 point``, ``4 points`` (percentage points)."""
    return f"{count:.0f} point" + ("" if count == 1 else "s")


def _get(metrics: Metrics | None, *path: str) -> Any:
    value: Any = metrics
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def headline(metrics: Metrics, previous: Metrics | None = None) -> list[Figure]:
    """The digest's headline figures with their change against ``previous``."""
    pulse, shadow = metrics["pulse"], metrics["shadowing"]
    retros, talk = metrics["retros"], metrics["interactions"]
    mean_before = pulse.get("previous_mean")
    if mean_before is None:
        mean_before = _get(previous, "pulse", "mean")

    score = metrics.get("cohesion_score")
    return [
        Figure(
            "Cohesion score",
            f"{score}/100" if score is not None else "not enough to score yet",
            _change(score, _get(previous, "cohesion_score"), points=False, digits=0),
        ),
        Figure(
            "Pulse mean",
            f"{pulse['mean']:.1f} / 5" if pulse["mean"] is not None else _pulse_reason(pulse),
            _change(pulse["mean"], mean_before, points=False),
            f"{pulse['responses']} answers" if pulse["responses"] else "",
        ),
        Figure(
            "Response rate",
            percent(pulse["response_rate"])
            or ("no prompts sent" if not pulse["prompted"] else NOT_ENOUGH),
            _change(pulse["response_rate"], _get(previous, "pulse", "response_rate"), points=True),
            f"{pulse['responses']} of {pulse['prompted']} prompts answered"
            if pulse["prompted"]
            else "",
        ),
        Figure(
            "Cross-role share",
            percent(talk["cross_role_share"])
            or (
                "no reactions or replies" if not talk["reactions"] + talk["replies"] else NOT_ENOUGH
            ),
            _change(
                talk["cross_role_share"],
                _get(previous, "interactions", "cross_role_share"),
                points=True,
            ),
            f"{talk['reactions']} reactions · {talk['replies']} replies",
        ),
        Figure(
            "Shadowing",
            f"{shadow['met']} of {shadow['pairs']} pairs met"
            if shadow["pairs"]
            else "no pairs this week",
            _change(
                shadow["completion_rate"],
                _get(previous, "shadowing", "completion_rate"),
                points=True,
            ),
            f"{shadow['cross_role_pairs']} across roles" if shadow["pairs"] else "",
        ),
        Figure(
            "Retros",
            f"{retros['held']} held · {retros['cards']} cards",
            "",
            f"action items: {retros['action_items_open']} open · "
            f"{retros['action_items_done']} done this week",
        ),
    ]


def _pulse_reason(pulse: Metrics) -> str:
    if not pulse["responses"]:
        return "no answers" if pulse["prompted"] else "no pulse this week"
    return NOT_ENOUGH


def distribution_line(metrics: Metrics) -> str:
    """``1: not enough answers · 3: 12 · 4: 30 · 5: 20`` (buckets 1–5)."""
    distribution = metrics["pulse"]["distribution"]
    if all(value is None for value in distribution.values()):
        return NOT_ENOUGH if metrics["pulse"]["responses"] else "no answers"
    parts = [
        f"{key}: {NOT_ENOUGH if value is None else value}" for key, value in distribution.items()
    ]
    return " · ".join(parts)


def role_lines(metrics: Metrics) -> list[RoleLine]:
    """Each role's pulse mean and answers, or 'not enough answers'."""
    lines = []
    for role, figures in metrics["pulse"]["by_role"].items():
        if figures["responses"] == 0:
            value = "no answers"
        elif figures["responses"] is None or figures["mean"] is None:
            value = NOT_ENOUGH
        else:
            value = f"{figures['mean']:.1f} ({plural(figures['responses'], 'answer')})"
        lines.append(RoleLine(role, value))
    return lines


def withheld_lines(metrics: Metrics) -> list[str]:
    """Why figures read "not enough answers yet", one line per reason, naming the figures."""
    named: dict[str, list[str]] = {}
    for name, why in (metrics["pulse"].get("withheld") or {}).items():
        if why == "no answers yet":
            continue  # those say "no answers" where they stand
        if name.startswith("by_role."):
            label = f"{name.removeprefix('by_role.')}'s mean"
        else:
            label = {"mean": "the pulse mean", "distribution": "the answers 1–5"}.get(name, name)
        named.setdefault(str(why), []).append(label)
    return [f"{', '.join(labels)}: {why}" for why, labels in named.items()]


def title(metrics: Metrics, crew: Crew | None = None) -> str:
    """``Cohesion digest — #vfx crew, 3 people — 2026-W48 (23–29 Nov 2026)``; without a
    crew, the whole workspace's."""
    covers = (crew or Crew(None)).label()
    return f"Cohesion digest — {covers} — {parse_week(metrics['week']).label()}"


def took_part(metrics: Metrics) -> str:
    """``5 people took part this week.``"""
    count = metrics["members"]
    return f"{plural(count, 'person', 'people')} took part this week."


def render_text(metrics: Metrics, previous: Metrics | None = None, crew: Crew | None = None) -> str:
    """The digest as plain text (for ``greenroom digest preview`` and message fallbacks)."""
    lines = [title(metrics, crew), took_part(metrics), ""]
    for figure in headline(metrics, previous):
        line = f"{figure.label}: {figure.value}"
        if figure.change:
            line += f"  {figure.change}"
        if figure.detail:
            line += f"  ({figure.detail})"
        lines.append(line)
    lines += ["", f"Pulse answers 1–5: {distribution_line(metrics)}"]
    roles = role_lines(metrics)
    if roles:
        lines += ["", "By role:"]
        lines += [f"  {line.role}: {line.value}" for line in roles]
    held = withheld_lines(metrics)
    if held:
        lines += ["", "Not shown, so that no one's answer can be worked out:"]
        lines += [f"  {line}" for line in held]
    lines += ["", f"What to try next: {suggestion(metrics, crew)}"]
    return "\n".join(lines) + "\n"

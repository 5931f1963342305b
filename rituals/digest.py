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
- What to try next is one concrete suggestion, with the command to type, drawn
  from the weakest component of the cohesion score; with nothing measured it
  suggests starting a daily pulse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rituals.metrics import (
    WEIGHTS,
    cohesion_components,
    follow_through,
    half_up,
    parse_week,
)

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
    number = f"{abs(shown):.0f} pts" if points else f"{abs(shown):.{digits}f}"
    return f"{arrow} {number}"


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
            noun = "answer" if figures["responses"] == 1 else "answers"
            value = f"{figures['mean']:.1f} ({figures['responses']} {noun})"
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


def components_of(metrics: Metrics) -> dict[str, float | None]:
    """The cohesion components of a metrics dict (recomputed from its figures)."""
    retros = metrics["retros"]
    return cohesion_components(
        pulse_mean=metrics["pulse"]["mean"],
        response_rate=metrics["pulse"]["response_rate"],
        cross_role_share=metrics["interactions"]["cross_role_share"],
        completion_rate=metrics["shadowing"]["completion_rate"],
        action_follow_through=follow_through(
            retros["action_items_open"], retros["action_items_done"]
        ),
    )


def weakest(metrics: Metrics) -> str | None:
    """The measured component with the lowest value (ties: the heavier weight), or None."""
    measured = [(value, -WEIGHTS[name], name) for name, value in components_of(metrics).items()]
    candidates = [item for item in measured if item[0] is not None]
    if not candidates:
        return None
    return min(candidates)[2]


def suggestion(metrics: Metrics) -> str:
    """One concrete thing to try next week, with the command to type."""
    pulse, shadow = metrics["pulse"], metrics["shadowing"]
    retros, talk = metrics["retros"], metrics["interactions"]
    name = weakest(metrics)
    if name == "pulse_mood":
        return (
            f"The pulse averaged {pulse['mean']:.1f} out of 5. Give the crew room to say what is "
            "weighing on them and what would lift the work: run a creative-quality retro with "
            "`/retro start creative-quality`."
        )
    if name == "participation":
        return (
            f"Only {percent(pulse['response_rate'])} of pulse prompts were answered. Move the "
            "pulse to a quieter moment, such as before call time: "
            '`/greenroom pulse schedule "30 8 * * 1-5"` (then `/greenroom pause <id>` the old '
            "one; `/greenroom rituals` lists ids)."
        )
    if name == "cross_role":
        return (
            f"Only {percent(talk['cross_role_share'])} of reactions and replies crossed "
            "departments. Schedule a shadowing round so people see each other's craft: "
            '`/greenroom shadow schedule "0 10 * * 1"`.'
        )
    if name == "shadowing":
        return (
            f"{shadow['met']} of {shadow['pairs']} shadowing pairs met. Ask sooner, while the "
            "pairing is fresh: `/greenroom shadow pair followup 2d`."
        )
    if name == "follow_through":
        open_items = retros["action_items_open"]
        noun = "action item is" if open_items == 1 else "action items are"
        return (
            f"{open_items} retro {noun} still open. Walk through them with their owners: "
            "`/retro actions`, then `/retro done <id>` for each one finished."
        )
    return (
        "There was too little to measure this week. Start with a one-click daily pulse in "
        'the crew channel: `/greenroom pulse schedule "0 10 * * 1-5"`.'
    )


def title(metrics: Metrics) -> str:
    """``Cohesion digest — 2026-W48 (23–29 Nov 2026)``."""
    return f"Cohesion digest — {parse_week(metrics['week']).label()}"


def render_text(metrics: Metrics, previous: Metrics | None = None) -> str:
    """The digest as plain text (for ``greenroom digest preview`` and message fallbacks)."""
    lines = [title(metrics), f"{metrics['members']} people took part this week.", ""]
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
    lines += ["", f"What to try next: {suggestion(metrics)}"]
    return "\n".join(lines) + "\n"

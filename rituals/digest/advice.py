"""What the digest suggests trying next: one concrete thing, with the command to type.

The suggestion follows the weakest measured component of the cohesion score and fits
what exists for the crew: it never suggests scheduling a ritual the crew already has
scheduled (it says how to change or run the one there is instead), commands name the
crew's channel, and ``/retro actions`` is pointed at the channel whose retro it lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rituals.digest.messages import Crew
from rituals.metrics import WEIGHTS, cohesion_components, follow_through, half_up
from rituals.words import noun

Metrics = Mapping[str, Any]
PULSE, SHADOW = "pulse", "shadow"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{half_up(value * 100):.0f}%"


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


def _where(crew: Crew) -> str:
    """`` <#C…>`` for a crew's commands (they name its channel), else nothing."""
    return f" <#{crew.channel_id}>" if crew.channel_id else ""


def _in_crew(crew: Crew) -> str:
    return f"in <#{crew.channel_id}>" if crew.channel_id else "in each channel that held a retro"


def _participation(metrics: Metrics, crew: Crew) -> str:
    said = f"Only {_percent(metrics['pulse']['response_rate'])} of pulse prompts were answered. "
    if PULSE in crew.scheduled:
        return said + (
            "Move the pulse to a quieter moment, such as before call time: find its id with "
            "`/greenroom rituals`, then `/greenroom rituals edit <id> weekdays 08:30`."
        )
    return said + (
        "Put the pulse at a quieter moment, such as before call time: "
        f"`/greenroom pulse schedule weekdays 08:30{_where(crew)}`."
    )


def _cross_role(metrics: Metrics, crew: Crew) -> str:
    said = (
        f"Only {_percent(metrics['interactions']['cross_role_share'])} of reactions and replies "
        "crossed departments. "
    )
    if SHADOW in crew.scheduled:
        return said + (
            "Shadowing is scheduled already: pair people now as well, in threes so more "
            f"departments meet: `/greenroom shadow pair{_where(crew)} size 3`."
        )
    return said + (
        "Schedule a shadowing round so people see each other's craft: "
        f"`/greenroom shadow schedule mondays 10:00{_where(crew)}`."
    )


def _nothing_measured(crew: Crew) -> str:
    if PULSE in crew.scheduled:
        return (
            "There was too little to measure this week, though a pulse is scheduled. Remind "
            "the crew that one click answers it, or ask today's now: "
            f"`/greenroom pulse send{_where(crew)}`."
        )
    return (
        "There was too little to measure this week. Start with a one-click daily pulse in "
        f"the crew channel: `/greenroom pulse schedule weekdays 10:00{_where(crew)}`."
    )


def suggestion(metrics: Metrics, crew: Crew | None = None) -> str:
    """One concrete thing to try next week, with the command to type."""
    crew = crew or Crew(None)
    pulse, shadow, retros = metrics["pulse"], metrics["shadowing"], metrics["retros"]
    name = weakest(metrics)
    if name == "pulse_mood":
        return (
            f"The pulse averaged {pulse['mean']:.1f} out of 5. Give the crew room to say what is "
            "weighing on them and what would lift the work: run a creative-quality retro in "
            f"{f'<#{crew.channel_id}>' if crew.channel_id else 'the crew channel'} with "
            "`/retro start creative-quality`."
        )
    if name == "participation":
        return _participation(metrics, crew)
    if name == "cross_role":
        return _cross_role(metrics, crew)
    if name == "shadowing":
        return (
            f"{shadow['met']} of {shadow['pairs']} shadowing pairs met. Ask sooner, while the "
            f"pairing is fresh: `/greenroom shadow pair{_where(crew)} followup 2d`."
        )
    if name == "follow_through":
        open_items = retros["action_items_open"]
        return (
            f"{open_items} retro {noun(open_items, 'action item is', 'action items are')} "
            "still open. Walk through them with their owners: "
            f"`/retro actions` {_in_crew(crew)}, then `/retro done <id>` for each one finished."
        )
    return _nothing_measured(crew)

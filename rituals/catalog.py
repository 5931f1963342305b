"""Every ritual's planner and senders, as the engine is built with them."""

from __future__ import annotations

from rituals.checkin import fanout as checkin
from rituals.digest import fanout as digest
from rituals.engine.types import Finisher, Planner, Sender
from rituals.pulse import fanout as pulse
from rituals.shadowing import fanout as shadowing

PLANNERS: dict[str, Planner] = {
    **pulse.PLANNERS,
    **shadowing.PLANNERS,
    **checkin.PLANNERS,
    **digest.PLANNERS,
}
SENDERS: dict[str, Sender] = {
    **pulse.SENDERS,
    **shadowing.SENDERS,
    **checkin.SENDERS,
    **digest.SENDERS,
}
FINISHERS: dict[str, Finisher] = {**pulse.FINISHERS}

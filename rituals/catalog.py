"""Every ritual's planner and senders, as the engine is built with them."""

from __future__ import annotations

from rituals.engine.types import Planner, Sender
from rituals.pulse import fanout as pulse
from rituals.shadowing import fanout as shadowing

PLANNERS: dict[str, Planner] = {**pulse.PLANNERS}
SENDERS: dict[str, Sender] = {**pulse.SENDERS}
PLANNERS.update(shadowing.PLANNERS)
SENDERS.update(shadowing.SENDERS)

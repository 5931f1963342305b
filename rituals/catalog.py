"""Every ritual's planner and senders, as the engine is built with them."""

from __future__ import annotations

from rituals.engine.types import Finisher, Planner, Sender
from rituals.pulse import fanout as pulse

PLANNERS: dict[str, Planner] = {**pulse.PLANNERS}
SENDERS: dict[str, Sender] = {**pulse.SENDERS}
FINISHERS: dict[str, Finisher] = {**pulse.FINISHERS}

"""Listeners, one module per feature, each exposing ``register(app, deps)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App

from bot.listeners import (
    checkin,
    core,
    digest,
    home,
    interactions,
    members,
    pulse,
    retro,
    rituals_admin,
    rituals_setup,
    roles,
    shadow,
    workspace,
)

if TYPE_CHECKING:
    from bot.wiring import Wiring

FEATURES = (
    core,
    members,
    rituals_admin,
    roles,
    pulse,
    shadow,
    retro,
    checkin,
    digest,
    interactions,
    home,
    rituals_setup,
    workspace,
)


def register_listeners(app: App, deps: Wiring) -> None:
    """Register every feature's listeners, commands, planners and senders; the pulse's answer
    buttons first, as Bolt tries listeners in order and they are the busiest."""
    pulse.register_answers(app, deps)
    for feature in FEATURES:
        feature.register(app, deps)

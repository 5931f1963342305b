"""Who is acting: the person behind a command or a click, and what they may do.

Managers change team-wide settings: workspace admins and owners, the person who
installed Greenroom, and anyone added with ``manager add``. Every use case that
changes something team-wide checks it here, whatever surface it was reached from.
"""

from __future__ import annotations

from dataclasses import dataclass

from rituals.errors import NotAllowed
from rituals.services import Services


@dataclass(frozen=True)
class Actor:
    """A person acting in a workspace."""

    team_id: str
    user_id: str


def is_manager(svc: Services, actor: Actor) -> bool:
    """Whether the person may change team-wide settings."""
    return svc.people.is_manager(actor.team_id, actor.user_id)


def require_manager(svc: Services, actor: Actor, *, doing: str) -> None:
    """NotAllowed, saying how to get the right, unless the person is a manager."""
    if not is_manager(svc, actor):
        raise NotAllowed(
            f"Only managers can {doing}. Ask a workspace admin or a manager to do it, or to "
            "add you with `/greenroom manager add @you`."
        )

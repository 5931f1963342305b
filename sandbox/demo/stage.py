"""What a demo run sets up for the crew to act on, declared for the mix-ins that use it.

:class:`sandbox.demo.driver.Demo` assigns these in ``__post_init__`` and when it seeds the
workspace, and supplies ``command`` and ``settle``; :class:`sandbox.demo.behaviour.CrewBehaviour`
only reads and calls them.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sandbox import Sandbox, Workspace
from sandbox.demo.crew import CrewMember
from sandbox.demo.model import CrewModel


class Stage:
    """The sandbox, crew and bookkeeping of one run (set by the run, not here)."""

    actions: dict[str, int]
    sandbox: Sandbox
    ws: Workspace
    crew: list[CrewMember]
    model: CrewModel
    ids: dict[str, str]  # handle -> Slack user id
    handles: dict[str, str]  # Slack user id -> handle
    crew_channel: str
    manager: str
    calls_seen: int
    crowd: ThreadPoolExecutor
    answered: set[tuple[str, str]]  # (member, prompt) pairs answered

    def command(self, user: str, command: str, text: str, channel: str | None = None) -> str:
        """A signed slash command; the answer the user saw."""
        raise NotImplementedError

    def settle(self) -> None:
        """Run everything due now in the bot, until quiet."""
        raise NotImplementedError

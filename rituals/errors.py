"""Domain errors: each message is shown to the person who caused it, so it says
what was wrong and what to type instead."""

from __future__ import annotations


class GreenroomError(Exception):
    """An error whose message is fit to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(GreenroomError):
    """The command or its arguments were not understood."""


class NotAllowed(GreenroomError):
    """The user may not do this (e.g. not a manager)."""


class NotFound(GreenroomError):
    """Something named by the user does not exist."""


class Conflict(GreenroomError):
    """The request clashes with the current state (e.g. a retro is already open)."""

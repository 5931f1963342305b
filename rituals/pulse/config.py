"""How a pulse ritual asks: its question, answer window and reminder, and the checks on them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from rituals.errors import UsageError

SCORES = (1, 2, 3, 4, 5)
DEFAULT_QUESTION = "How are you feeling about work today?"
DEFAULT_WINDOW_HOURS = 4.0
DEFAULT_REMINDER_AT = 0.75
MAX_WINDOW_HOURS = 24.0
MAX_QUESTION = 300
MAX_NOTE = 2000
SEARCH_BUDGET = 20_000


@dataclass(frozen=True)
class PulseConfig:
    """How one pulse ritual asks: the question, the answer window, reminder and delivery time."""

    question: str = DEFAULT_QUESTION
    window_hours: float = DEFAULT_WINDOW_HOURS
    reminder_at: float = DEFAULT_REMINDER_AT
    local_time: bool = False
    in_channel: bool = False  # one post with the buttons in the channel, not a DM each

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> PulseConfig:
        """Read an occurrence's stored config; missing or unusable values take the defaults."""
        config = config or {}
        question = str(config.get("question") or "").strip() or DEFAULT_QUESTION
        window = _number(config.get("window_hours"), DEFAULT_WINDOW_HOURS)
        if not 0 < window <= MAX_WINDOW_HOURS:
            window = DEFAULT_WINDOW_HOURS
        reminder = _number(config.get("reminder_at"), DEFAULT_REMINDER_AT)
        if not 0 <= reminder < 1:
            reminder = DEFAULT_REMINDER_AT
        return cls(
            question[:MAX_QUESTION],
            window,
            reminder,
            bool(config.get("local_time")),
            bool(config.get("in_channel")),
        )

    def as_config(self) -> dict[str, Any]:
        """The JSON stored on rituals and occurrences."""
        return {
            "question": self.question,
            "window_hours": self.window_hours,
            "reminder_at": self.reminder_at,
            "local_time": self.local_time,
            "in_channel": self.in_channel,
        }

    @property
    def window(self) -> timedelta:
        """The answer window."""
        return timedelta(hours=self.window_hours)

    def reminder_after(self) -> timedelta | None:
        """How long after the prompt the reminder goes, or None when there is none."""
        if self.reminder_at <= 0:
            return None
        return self.window * self.reminder_at


def _number(value: Any, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value) if math.isfinite(value) else default


def check_question(words: str) -> str:
    """The question as typed, or a UsageError when it is too long."""
    question = " ".join(words.split())
    if len(question) > MAX_QUESTION:
        raise UsageError(
            f"That question is {len(question)} characters; keep it under {MAX_QUESTION} "
            "so it reads well on a phone."
        )
    return question


def check_window(window: timedelta) -> float:
    """The answer window in hours, or a UsageError outside 1–24 hours."""
    hours = window.total_seconds() / 3600
    if not 1 <= hours <= MAX_WINDOW_HOURS:
        raise UsageError(
            f"The answer window must be between 1h and {MAX_WINDOW_HOURS:.0f}h, e.g. `window 4h`."
        )
    return hours


def note_problem(text: str | None) -> str | None:
    """Why a note cannot be saved (shown under the field), or None when it is fine."""
    if not text or not text.strip():
        return "Write a few words, or press Cancel — a note is optional."
    if len(text) > MAX_NOTE:
        return f"Notes can be up to {MAX_NOTE:,} characters; this one has {len(text):,}."
    return None

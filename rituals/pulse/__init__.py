"""The daily pulse: one question, five answers, results nobody can trace back to a person.

Rules:
- Each eligible member gets the question in a DM with five answers (1–5) and
  an optional private note. A later answer replaces the earlier one; answers
  after the answer window still count for the day of the prompt.
- The answer window (``window_hours``, default 4) bounds the reminder, which
  goes at ``reminder_at`` of the window (default 0.75) and only to members who
  have not answered. ``reminder_at`` 0 means no reminder.
- With ``local_time`` the prompt goes at the ritual's wall-clock time in each
  member's own zone: the first such moment at or after the ritual fires, so
  within the next 24 hours.
- Results never show anything about fewer than ``min_group`` people: a rate
  over fewer prompted people, a mean over fewer responders, or a distribution
  bucket answered by fewer people is "not enough answers". When buckets are
  hidden, more are hidden (smallest first) until every hidden count could
  still have at least two values given everything shown — the total, the other
  buckets and the rounded mean — so nothing is worked out by subtraction.
- Two overlapping periods shown side by side (today, and the week so far) must
  not give away their difference: a week figure is hidden when the earlier days
  alone would be a figure about fewer than ``min_group`` people.
"""

from __future__ import annotations

from rituals.figures.pool import round_mean
from rituals.pulse.config import (
    DEFAULT_QUESTION,
    DEFAULT_REMINDER_AT,
    DEFAULT_WINDOW_HOURS,
    MAX_NOTE,
    MAX_QUESTION,
    MAX_WINDOW_HOURS,
    SCORES,
    PulseConfig,
    check_question,
    check_window,
    note_problem,
)
from rituals.pulse.figures import PulseFigures
from rituals.pulse.timing import day_bounds, local_prompt_time, reminder_time, week_bounds
from storage.pulse import PulseCounts, ScoreCount

__all__ = [
    "DEFAULT_QUESTION",
    "DEFAULT_REMINDER_AT",
    "DEFAULT_WINDOW_HOURS",
    "MAX_NOTE",
    "MAX_QUESTION",
    "MAX_WINDOW_HOURS",
    "SCORES",
    "PulseConfig",
    "PulseCounts",
    "PulseFigures",
    "ScoreCount",
    "check_question",
    "check_window",
    "day_bounds",
    "local_prompt_time",
    "note_problem",
    "reminder_time",
    "round_mean",
    "week_bounds",
]

"""The weekly counts behind the digest and the export, computed with SQL aggregates.

Every query is filtered by ``team_id`` and by UTC bounds (the caller turns ISO weeks in
the team zone into them), and optionally by channel. Only aggregate rows (a handful per
week) come back, as frozen dataclasses; figures about pulse answers are not computed
here: ``answers`` returns the answers themselves, and ``rituals.figures`` has them
released through the privacy gate.

Definitions (what each figure counts):
- ``members``: distinct people, not bots or deactivated, who during the week
  were sent a pulse prompt, answered one, were put in a shadowing pair, or
  reacted/replied (interaction actor).
- ``prompted``: pulse prompts sent in the week (deliveries of kind ``pulse_prompt``
  with status ``sent``, by ``sent_at``), and the people they went to.
- ``answers``: pulse answers given in the period (by ``answered_at``), with each
  answerer's current role (``roles``: every role of the team's members).
- ``shadowing``: pairs (groups of two or three) created in the week; ``met``
  counts those recorded as met so far.
- ``retros``: retros started in the week and the cards on them; action items
  still open at the end of the week, and those done during it.
- ``interactions``: reactions and thread replies in the week; ``Talk`` counts, among
  interactions between two different people whose roles are both known, those whose
  roles differ, and the actors behind them.
"""

from __future__ import annotations

from storage.metrics.answers import UNASSIGNED, AnswerRow, answerers, answers_between, roles
from storage.metrics.common import workspace_ids
from storage.metrics.series import SeriesPoint, series
from storage.metrics.talk import Talk
from storage.metrics.week import Retros, Shadowing, WeekCounts, week_counts

__all__ = [
    "UNASSIGNED",
    "AnswerRow",
    "Retros",
    "SeriesPoint",
    "Shadowing",
    "Talk",
    "WeekCounts",
    "answerers",
    "answers_between",
    "roles",
    "series",
    "week_counts",
    "workspace_ids",
]

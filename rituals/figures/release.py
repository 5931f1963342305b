"""The one use of the gate: ledger in, decisions out, new releases stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rituals.metrics import week_of
from rituals.privacy import (
    Answer,
    AnswerRef,
    Candidate,
    Decision,
    FigureKey,
    Gate,
    Metric,
    Outcome,
    Released,
    Value,
)
from storage import ledger
from storage.unit import Unit


def week_of_period(period: str) -> str:
    """The ISO week a period (``2026-W48`` or ``2026-11-23``) lies in."""
    if "W" in period:
        return period
    return str(week_of(date.fromisoformat(period)))


@dataclass(frozen=True)
class Shown:
    """The gate's decisions, looked up by figure key."""

    decisions: Mapping[FigureKey, Decision]

    def __getitem__(self, key: FigureKey) -> Decision:
        return self.decisions[key]

    def value(self, key: FigureKey) -> Value | None:
        """The value to show, or None when withheld (or never asked for)."""
        decision = self.decisions.get(key)
        return None if decision is None else decision.value

    def reason(self, key: FigureKey) -> str | None:
        """Why the figure is withheld or shows an earlier value, in words."""
        decision = self.decisions.get(key)
        return None if decision is None else decision.reason


def _entries(stored: ledger.StoredLedger) -> tuple[list[Released], list[Answer]]:
    entries = [
        Released(
            FigureKey(r.scope, r.period, Metric(r.metric), r.group),
            frozenset(AnswerRef(key, person) for key, person in r.refs),
            Value(r.count, r.total, r.buckets),
            final=r.final,
        )
        for r in stored.releases
    ]
    answers = [
        Answer(key, person, value)
        for key, (person, value) in stored.values.items()
        if value is not None
    ]
    return entries, answers


def decide(
    unit: Unit,
    *,
    team_id: str,
    candidates: Sequence[Candidate],
    min_group: int,
    now: datetime,
) -> Outcome:
    """Decide ``candidates`` (in order of importance) against the ledger and store what is
    released; call inside the unit of work whose reads built the candidates."""
    if not candidates:
        return Outcome(())
    ledger.lock(unit, team_id=team_id)
    weeks = {week_of_period(c.key.period) for c in candidates}
    entries, answers = _entries(ledger.load(unit, team_id=team_id, weeks=weeks))
    outcome = Gate(min_group=min_group).decide(candidates, ledger=entries, answers=answers)
    values = {a.key: a.value for c in candidates for a in c.answers}
    values.update((a.key, a.value) for a in answers)
    ledger.store(
        unit,
        team_id=team_id,
        releases=[
            ledger.NewRelease(
                scope=e.key.scope,
                period=e.key.period,
                week=week_of_period(e.key.period),
                metric=str(e.key.metric),
                group=e.key.group,
                final=e.final,
                count=e.value.count,
                total=e.value.total,
                buckets=e.value.buckets,
                answers=tuple((r.key, r.person, values.get(r.key)) for r in sorted(e.refs)),
            )
            for e in outcome.new_entries
        ],
        now=now,
    )
    return outcome


def release(
    unit: Unit,
    *,
    team_id: str,
    candidates: Sequence[Candidate],
    min_group: int,
    now: datetime,
) -> Shown:
    """``decide``, with the decisions by key."""
    outcome = decide(unit, team_id=team_id, candidates=candidates, min_group=min_group, now=now)
    return Shown({d.key: d for d in outcome.decisions})

"""The one use of the gate: ledger in, decisions out, new releases stored."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter

from rituals.figures.collector import paused
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
    Status,
    Value,
)
from rituals.privacy.gate import REASON_NONE
from storage import ledger
from storage.unit import Unit

_KEY, _VALUE = attrgetter("key"), attrgetter("value")


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
            _key(r),
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


@paused  # a week's answers are many small objects, none in a cycle
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
    stored = ledger.load(unit, team_id=team_id, weeks=weeks)
    entries, answers = _entries(stored)
    outcome = Gate(min_group=min_group).decide(candidates, ledger=entries, answers=answers)
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
                answers=e.refs,
            )
            for e in outcome.new_entries
        ],
        values=_values(candidates, outcome) if outcome.new_entries else {},
        now=now,
        loaded=stored,
    )
    return outcome


def _values(candidates: Sequence[Candidate], outcome: Outcome) -> dict[str, int]:
    """The value of each answer of the candidates released (the ledger holds the others)."""
    released = {e.key for e in outcome.new_entries}
    sets = {id(c.answers): c.answers for c in candidates if c.key in released}
    values: dict[str, int] = {}
    for answers in sets.values():
        values.update(zip(map(_KEY, answers), map(_VALUE, answers), strict=True))
    return values


def release_keys(
    unit: Unit,
    *,
    team_id: str,
    wanted: Sequence[tuple[FigureKey, bool]],
    build: Callable[[FigureKey, bool], Candidate],
    min_group: int,
    now: datetime,
    empty: Callable[[FigureKey], bool] = lambda key: False,
) -> Shown:
    """``release`` for figures asked for as (key, closed), in order of importance.

    A week is *settled* when each of its figures is closed and released final, or never
    released and known to have no answers (``empty``, asked only about the figures not
    released final): the gate would show the final values, withhold the empty ones and
    add nothing to the ledger, so they are read from the ledger's releases without their
    answer sets (those decisions carry no ``refs``). The other weeks' candidates are built
    with ``build`` and decided as ``release`` does; weeks share no answers, so deciding
    them without the settled weeks changes nothing.
    """
    weeks: dict[str, list[tuple[FigureKey, bool]]] = {}
    for key, closed in wanted:
        weeks.setdefault(week_of_period(key.period), []).append((key, closed))
    stored = ledger.heads(unit, team_id=team_id, weeks=weeks)
    entries = {_key(r): r for r in stored}
    final = {_key(r): r for r in stored if r.final}

    def settled(key: FigureKey, closed: bool) -> bool:
        return (closed and key in final) or (key not in entries and empty(key))

    decisions: dict[FigureKey, Decision] = {}
    for items in weeks.values():
        if all(settled(key, closed) for key, closed in items):
            for key, _ in items:
                if key in final:
                    r = final[key]
                    value = Value(r.count, r.total, r.buckets)
                    decisions[key] = Decision(key, Status.RELEASED, value)
                else:
                    decisions[key] = Decision(key, Status.WITHHELD, None, REASON_NONE)
    rest = [build(key, closed) for key, closed in wanted if key not in decisions]
    if rest:
        outcome = decide(unit, team_id=team_id, candidates=rest, min_group=min_group, now=now)
        decisions.update((d.key, d) for d in outcome.decisions)
    return Shown(decisions)


def _key(r: ledger.StoredRelease) -> FigureKey:
    return FigureKey(r.scope, r.period, Metric(r.metric), r.group)


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

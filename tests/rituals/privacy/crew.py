"""A crew simulated at the level of figures: answers, role moves, channel moves, forget-me,
and surfaces asking the gate for what they would show (every shown figure is audited).

Days are numbered from 0; week ``w`` is days ``5w .. 5w + 4`` (pulse days). A day is
closed once the next day has started, a week once its last day is closed. An answer
belongs to the pulse channel that asked; its key changes when the member changes it,
and the replaced answer stays known to the gate (as the ledger's answer table would
keep it) until forget-me erases it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rituals.privacy import (
    Answer,
    AnswerRef,
    Candidate,
    Decision,
    FigureKey,
    Gate,
    Metric,
    Released,
)
from tests.rituals.privacy.auditor import Auditor

TEAM = "team"
DAYS_PER_WEEK = 5


@dataclass
class Crew:
    """Everything the database and the ledger would hold, and what the auditor saw."""

    min_group: int = 3
    day: int = 0
    role: dict[str, str] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)
    channels: dict[str, set[str]] = field(default_factory=dict)
    answers: dict[tuple[int, str, str], Answer] = field(default_factory=dict)
    replaced: list[Answer] = field(default_factory=list)  # kept while the ledger uses them
    ledger: list[Released] = field(default_factory=list)
    shown: list[Decision] = field(default_factory=list)
    revisions: int = 0
    forgotten: int = 0

    def __post_init__(self) -> None:
        self.gate = Gate(min_group=self.min_group)
        self.auditor = Auditor(min_group=self.gate.min_group)

    # the crew --------------------------------------------------------------------

    def join(self, person: str, channel: str, role: str | None = None) -> None:
        """Add a member to a pulse channel (and give them a role)."""
        self.channels.setdefault(channel, set()).add(person)
        if role is not None:
            self.move(person, role)

    def leave(self, person: str, channel: str) -> None:
        """A member leaves a channel; their answers stay."""
        self.channels.get(channel, set()).discard(person)

    def move(self, person: str, role: str) -> None:
        """A member's role changes (today's role is what surfaces group by)."""
        self.role[person] = role
        self.roles.add(role)

    def answer(self, person: str, channel: str, value: int) -> None:
        """A member answers today's pulse in a channel (a second answer replaces the first)."""
        self.revisions += 1
        answer = Answer(f"{self.day}.{channel}.{person}.{self.revisions}", person, value)
        earlier = self.answers.get((self.day, channel, person))
        if earlier is not None:
            self.replaced.append(earlier)
        self.answers[(self.day, channel, person)] = answer
        self.auditor.know(answer.key, person, value)

    def next_day(self) -> None:
        """Close today."""
        self.day += 1

    def forget(self, person: str) -> None:
        """forget-me: answers erased, the ledger keeps a pseudonym instead of the person."""
        self.forgotten += 1
        alias = f"gone-{self.forgotten}"
        self.answers = {k: a for k, a in self.answers.items() if a.person != person}
        self.replaced = [a for a in self.replaced if a.person != person]
        self.ledger = [
            Released(
                e.key,
                frozenset(
                    AnswerRef(r.key, alias if r.person == person else r.person) for r in e.refs
                ),
                e.value,
                e.final,
            )
            for e in self.ledger
        ]
        self.auditor.rename(person, alias)
        self.role.pop(person, None)
        for members in self.channels.values():
            members.discard(person)

    # surfaces --------------------------------------------------------------------

    def week_of(self, day: int) -> int:
        """The week a day lies in."""
        return day // DAYS_PER_WEEK

    def closed(self, period: str) -> bool:
        """Whether a day ``d3`` or week ``w0`` is over."""
        number = int(period[1:])
        last = number if period[0] == "d" else (number + 1) * DAYS_PER_WEEK - 1
        return self.day > last

    def days(self, period: str) -> range:
        """The days of a period."""
        number = int(period[1:])
        if period[0] == "d":
            return range(number, number + 1)
        return range(number * DAYS_PER_WEEK, (number + 1) * DAYS_PER_WEEK)

    def over(self, scope: str, period: str, group: str = "") -> frozenset[Answer]:
        """The answers a surface would compute a figure over today."""
        days = self.days(period)
        return frozenset(
            a
            for (day, channel, person), a in self.answers.items()
            if day in days
            and (scope == TEAM or channel == scope)
            and (not group or self.role.get(person) == group)
        )

    def candidate(self, scope: str, period: str, metric: Metric, group: str = "") -> Candidate:
        """One figure as a surface would ask for it."""
        return Candidate(
            FigureKey(scope, period, metric, group),
            self.over(scope, period, group),
            closed=self.closed(period),
        )

    def week_figures(self, scope: str, week: int) -> list[Candidate]:
        """Mean, distribution, by-role means and the previous week's mean of a week."""
        period = f"w{week}"
        out = [
            self.candidate(scope, period, Metric.MEAN),
            self.candidate(scope, period, Metric.DISTRIBUTION),
        ]
        out += [self.candidate(scope, period, Metric.MEAN, r) for r in sorted(self.roles)]
        if week > 0:
            out.append(self.candidate(scope, f"w{week - 1}", Metric.MEAN))
        return out

    def results(self, channel: str) -> list[Decision]:
        """``pulse results #channel``: today, yesterday and the week so far."""
        today, week = self.day, self.week_of(self.day)
        wanted = [self.candidate(channel, f"d{today}", Metric.MEAN)]
        if today > 0:
            wanted.append(self.candidate(channel, f"d{today - 1}", Metric.MEAN))
        wanted.append(self.candidate(channel, f"w{week}", Metric.MEAN))
        return self.view(wanted)

    def home(self) -> list[Decision]:
        """App Home: the team's week so far and today."""
        wanted = self.week_figures(TEAM, self.week_of(self.day))
        wanted.append(self.candidate(TEAM, f"d{self.day}", Metric.MEAN))
        return self.view(wanted)

    def digest(self, scope: str, week: int) -> list[Decision]:
        """The digest (or the export) of a week for a channel or the team."""
        return self.view(self.week_figures(scope, week))

    def view(self, wanted: Iterable[Candidate]) -> list[Decision]:
        """Ask the gate, store what it releases, audit what is shown."""
        outcome = self.gate.decide(
            list(wanted), ledger=self.ledger, answers=[*self.answers.values(), *self.replaced]
        )
        self.ledger.extend(outcome.new_entries)
        for decision in outcome.decisions:
            if decision.value is not None:
                self.auditor.record(decision.refs, decision.key.metric, decision.value)
                self.shown.append(decision)
        return list(outcome.decisions)

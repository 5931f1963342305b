"""How the simulated crew behaves: a small seeded model, so the digest's trend means something.

- Mood drifts a little each day and dips in crunch weeks.
- Departments start siloed: people mostly react and reply within their own
  department. Each shadowing pair that meets lowers the silo effect for both,
  so cross-role interaction and mood rise over the weeks.
- Responsiveness decides who answers a pulse; sociability who reacts or replies.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sandbox.demo.crew import CrewMember

T = TypeVar("T")


@dataclass
class Person:
    """A crew member's changing state."""

    who: CrewMember
    mood: float
    silo: float = 0.85  # chance that an interaction stays inside the department
    met: int = 0


@dataclass
class CrewModel:
    """The crew's state and the dice it rolls (one seeded generator)."""

    crew: list[CrewMember]
    seed: int
    rng: random.Random = field(init=False)
    people: dict[str, Person] = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed * 7919 + 17)
        self.people = {c.handle: Person(c, c.mood) for c in self.crew}

    def new_day(self, crunch: bool) -> None:
        """Drift every mood; crunch days pull it down."""
        for person in self.people.values():
            pull = -0.12 if crunch else 0.04
            drift = self.rng.gauss(0, 0.15) + pull + (person.who.mood - person.mood) * 0.2
            person.mood = min(5.0, max(1.0, person.mood + drift + 0.15 * (0.85 - person.silo)))

    def answers_pulse(self, handle: str) -> bool:
        """Will this person answer today's pulse?"""
        return self.rng.random() < self.people[handle].who.responsiveness

    def pulse_score(self, handle: str) -> int:
        """Their answer, 1..5."""
        value = self.people[handle].mood + self.rng.gauss(0, 0.6)
        return int(min(5, max(1, round(value))))

    def adds_note(self) -> bool:
        """A short private note now and then."""
        return self.rng.random() < 0.12

    def pair_meets(self, handles: list[str]) -> bool:
        """Did the shadowing session happen? More likely for responsive people."""
        chance = sum(self.people[h].who.responsiveness for h in handles) / len(handles)
        return self.rng.random() < chance * 0.9

    def met(self, handles: list[str]) -> None:
        """A meeting lowers the silo effect for everyone in it."""
        for handle in handles:
            person = self.people[handle]
            person.met += 1
            person.silo = max(0.25, person.silo - 0.12)

    def interacts(self, handle: str) -> bool:
        """Will this person react to or reply on a post?"""
        return self.rng.random() < self.people[handle].who.sociability

    def replies(self) -> bool:
        """A reply rather than a reaction."""
        return self.rng.random() < 0.35

    def stays_in_department(self, handle: str) -> bool:
        """Is the next interaction with their own department?"""
        return self.rng.random() < self.people[handle].silo

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options``."""
        return options[self.rng.randrange(len(options))]

    def chance(self, probability: float) -> bool:
        """True with ``probability``."""
        return self.rng.random() < probability

    def fractions(self, count: int) -> list[float]:
        """``count`` numbers in [0, 1): choices made later, among options not yet seen."""
        return [self.rng.random() for _ in range(count)]

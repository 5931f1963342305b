"""What the gate reasons about: answers, candidate figures, released figures and decisions.

A released **mean** is treated as releasing the exact sum of its answers. The count
of a figure is public, and a mean shown to one decimal (halves up) over ``n``
answers leaves only the sums ``s`` with ``s/n`` in ``[m - 0.05, m + 0.05)``, an
interval of length ``n/10``: for ``n <= 10`` that is exactly one sum, and for larger
``n`` a handful that other figures can narrow further (``sums_for_mean`` lists
them). Treating the mean as its sum is therefore the only safe reading.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

SCORES = (1, 2, 3, 4, 5)
T = TypeVar("T")


class once(Generic[T]):  # noqa: N801 (used as a decorator, like the one it stands for)
    """``functools.cached_property`` without the lock Python 3.11 takes on each first use
    (a week's answers are tens of thousands): worked out on first use, then read from the
    instance."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, instance: None, owner: type) -> once[T]: ...

    @overload
    def __get__(self, instance: object, owner: type) -> T: ...

    def __get__(self, instance: object | None, owner: type) -> once[T] | T:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


_KEY = attrgetter("key")
_PERSON = attrgetter("person")
_REF = attrgetter("ref")


class Metric(StrEnum):
    """What a figure releases about its answers beyond their count."""

    MEAN = "mean"  # the sum (a mean with its count pins the sum)
    DISTRIBUTION = "distribution"  # how many answers gave each score (so also the sum)


@dataclass(frozen=True, order=True)
class AnswerRef:
    """One answer as the ledger remembers it: its stable key and whose it was.

    ``key`` must change when the answer's value changes (e.g. ``"<row id>.<revision>"``),
    and survives the answer's deletion. ``person`` is the answerer's user id, or a
    pseudonym once they used forget-me (the same for all their answers).
    """

    key: str
    person: str


@dataclass(frozen=True, order=True)
class Answer:
    """An answer as it stands in the database: key, person and value 1–5."""

    key: str
    person: str
    value: int

    def __post_init__(self) -> None:
        if self.value not in SCORES:
            raise ValueError(f"an answer is 1–5, not {self.value!r}")

    @once
    def ref(self) -> AnswerRef:
        """The ledger's view of this answer (no value); made once per answer."""
        return AnswerRef(self.key, self.person)


@dataclass(frozen=True, order=True)
class FigureKey:
    """Which figure: the same on every surface that shows it.

    ``scope`` is e.g. ``"team"`` or a channel id, ``period`` an ISO week or a day,
    ``group`` a role name or ``""`` for everyone in the scope.
    """

    scope: str
    period: str
    metric: Metric
    group: str = ""


@dataclass(frozen=True)
class Value:
    """A figure's value: its count, the sum of its answers and, for a distribution, the buckets."""

    count: int
    total: int
    buckets: tuple[int, ...] | None = None

    @classmethod
    def of(cls, answers: frozenset[Answer] | tuple[Answer, ...], metric: Metric) -> Value:
        """The true value of ``metric`` over ``answers``."""
        values = [a.value for a in answers]
        buckets = None
        if metric is Metric.DISTRIBUTION:
            buckets = tuple(values.count(score) for score in SCORES)
        return cls(len(values), sum(values), buckets)

    @property
    def mean(self) -> Fraction | None:
        """The exact mean (surfaces round it for display); None without answers."""
        return Fraction(self.total, self.count) if self.count else None


@dataclass(frozen=True)
class Candidate:
    """A figure a surface would like to show: which one, over which answers.

    ``closed`` says the period is over (a day after its answer window, a week after
    its last day): its first release is then kept for good.
    """

    key: FigureKey
    answers: frozenset[Answer]
    closed: bool = False

    @once
    def refs(self) -> frozenset[AnswerRef]:
        """The answers as the ledger stores them."""
        return frozenset(map(_REF, self.answers))

    @once
    def keys(self) -> frozenset[str]:
        """The answer keys."""
        return frozenset(map(_KEY, self.answers))

    @once
    def people(self) -> frozenset[str]:
        """Who gave the answers."""
        return frozenset(map(_PERSON, self.answers))

    def share(self, other: Candidate) -> None:
        """Take the answer sets worked out for ``other``, a candidate over the same answers
        (a mean and a distribution of one period)."""
        if other.answers is not self.answers:
            raise ValueError("only candidates over the same answers share their sets")
        for name in ("refs", "keys", "people"):
            self.__dict__[name] = getattr(other, name)


@dataclass(frozen=True)
class Released:
    """One entry of the ledger: a figure as it was shown, over which answers.

    ``final`` marks the release of a closed period, shown the same way ever after.
    Later entries of the same key supersede earlier ones.
    """

    key: FigureKey
    refs: frozenset[AnswerRef]
    value: Value
    final: bool = False


class Status(StrEnum):
    """What a surface does with a figure."""

    RELEASED = "released"  # show ``value``
    KEPT = "kept"  # show ``value``, the figure as released earlier (it has not moved on)
    WITHHELD = "withheld"  # show "not enough answers yet" (null in the export)


@dataclass(frozen=True)
class Decision:
    """The gate's answer for one candidate; ``reason`` is for people, set unless RELEASED.

    ``refs`` are the answers the shown value is over (empty when withheld).
    """

    key: FigureKey
    status: Status
    value: Value | None = None
    reason: str | None = None
    refs: frozenset[AnswerRef] = frozenset()

    @property
    def shown(self) -> bool:
        """Whether the surface shows a value."""
        return self.value is not None


@dataclass(frozen=True)
class Outcome:
    """Decisions in the candidates' order, and the entries to append to the ledger."""

    decisions: tuple[Decision, ...]
    new_entries: tuple[Released, ...] = field(default=())


def sums_for_mean(count: int, mean: Fraction | float, *, digits: int = 1) -> list[int]:
    """Every sum of ``count`` answers (1–5) whose mean shows as ``mean`` (halves rounded up)."""
    if count <= 0:
        return []
    shown = Fraction(str(mean)) if isinstance(mean, float) else Fraction(mean)
    scale = 10**digits
    low = max(count, math.floor((shown - Fraction(1, 2 * scale)) * count))
    high = min(5 * count, math.ceil((shown + Fraction(1, 2 * scale)) * count))
    return [
        s
        for s in range(low, high + 1)
        if math.floor(Fraction(s, count) * scale + Fraction(1, 2)) == shown * scale
    ]

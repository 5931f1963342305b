"""How the figure ledger packs its answers and answer sets into a row each.

A week's answers are kept in lists (rows of ``figure_answer_lists``, appended in order):
each list holds its people once (``,U1,U2,``: forget-me finds a person's lists with one
search) and, compressed, its answer keys, the position of each answer's person in that
people list and each value (None once erased). An answer is known inside its week by its
position across the week's lists, in list order. A set of answers is the sorted positions,
stored as the first and then the gaps (mostly 1: a week's answers are listed in the order
they are first used) as 32-bit integers, compressed. ``WeekAnswers`` is a week's lists
unpacked, ``Appending`` a week's positions while a ``store`` call lists new answers.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from array import array
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter, sub
from typing import Any, Protocol

SEPARATOR = ","
AnswerColumns = tuple[list[str], list[int], list[int | None]]  # keys, person index, values


def pack_people(people: Sequence[str]) -> str:
    """The people column: every name between separators."""
    if any(SEPARATOR in person for person in people):
        raise ValueError("a person's id in the figure ledger may not hold a comma")
    return SEPARATOR + SEPARATOR.join(people) + SEPARATOR if people else SEPARATOR


def unpack_people(column: str) -> list[str]:
    """The names of a people column, in order."""
    return column.split(SEPARATOR)[1:-1]


def pack_answers(keys: Sequence[str], who: Sequence[int], values: Sequence[int | None]) -> bytes:
    """Keys, person positions and values of a list's answers, compressed."""
    text = json.dumps([list(keys), list(who), list(values)], separators=(",", ":"))
    return zlib.compress(text.encode(), 1)


def unpack_answers(blob: bytes) -> AnswerColumns:
    """What ``pack_answers`` packed."""
    keys, who, values = json.loads(zlib.decompress(blob))
    return keys, who, values


def _gaps(positions: Iterable[int]) -> bytes:
    ordered = sorted(set(positions))
    gaps = array("I", map(sub, ordered, [0, *ordered]))
    if sys.byteorder == "big":
        gaps.byteswap()
    return gaps.tobytes()


def pack_set(week: str, positions: Iterable[int]) -> tuple[str, bytes]:
    """A set of answer positions of a week: the key it is stored once under, and its blob."""
    raw = _gaps(positions)
    return hashlib.sha256(week.encode() + b"|" + raw).hexdigest(), zlib.compress(raw)


def unpack_set(blob: bytes) -> list[int]:
    """The sorted positions of a packed set."""
    gaps = array("I")
    gaps.frombytes(zlib.decompress(blob))
    if sys.byteorder == "big":
        gaps.byteswap()
    return list(accumulate(gaps))


class Ref(Protocol):
    """An answer as a release uses it: its key and whose it is."""

    @property
    def key(self) -> str: ...

    @property
    def person(self) -> str: ...


@dataclass
class WeekAnswers:
    """A week's answers in the ledger, in list order (an answer's position is its index)."""

    keys: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    values: list[int | None] = field(default_factory=list)
    _positions: dict[str, int] | None = field(default=None, repr=False, compare=False)

    def positions(self) -> dict[str, int]:
        """Each key's position (worked out once)."""
        if self._positions is None:
            self._positions = dict(zip(self.keys, range(len(self.keys)), strict=True))
        return self._positions


_KEY = attrgetter("key")
_PERSON = attrgetter("person")


@dataclass
class Appending:
    """One week's answers during a ``store`` call: where each is listed, and those added."""

    positions: dict[str, int]  # every answer of the week listed, stored or added
    keys: list[str] = field(default_factory=list)  # added by this call
    persons: list[str] = field(default_factory=list)
    values: list[int | None] = field(default_factory=list)

    def place(self, answers: Collection[Ref], values: Mapping[str, int | None]) -> list[int]:
        """The positions of ``answers``, listing those not listed yet."""
        keys = list(map(_KEY, answers))
        fresh = set(keys).difference(self.positions)
        if fresh:
            if len(fresh) == len(keys):
                new = list(answers)
            else:
                new = []
                for answer in answers:
                    if answer.key in fresh:
                        fresh.discard(answer.key)
                        new.append(answer)
            added = list(map(_KEY, new))
            start = len(self.positions)
            self.positions.update(zip(added, range(start, start + len(added)), strict=True))
            self.keys += added
            self.persons += map(_PERSON, new)
            self.values += map(values.get, added)
        return list(map(self.positions.__getitem__, keys))

    def row(self, team_id: str, week: str) -> dict[str, Any]:
        """The list of the answers added, as a row."""
        people = list(dict.fromkeys(self.persons))
        index = dict(zip(people, range(len(people)), strict=True))
        who = list(map(index.__getitem__, self.persons))
        return {
            "team_id": team_id,
            "week": week,
            "people": pack_people(people),
            "answers": pack_answers(self.keys, who, self.values),
        }

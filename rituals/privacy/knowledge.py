"""What a group of released figures gives away, kept up to date as figures are added.

One ``Knowledge`` covers one component: figures linked by shared answers. Its
columns are the *atoms* (answers grouped by which of the component's sets, released
or candidate, contain them); every vector in the spans the gate reasons about is
constant on them. Two checks produce *findings*, each a hashable fact that would
break the rule; a figure is added only when it brings no finding that was not
already there (so a ledger released under older rules cannot block everything):

- ``few``: a union of atoms given by fewer than ``min_group`` people (besides the
  knower) whose sum follows. Such a vector vanishes on every atom of more than
  ``min_group`` people, so only the rows of an echelon form with those atoms first
  and a pivot after them are searched (``small`` below).
- ``pin``: atoms whose answers follow with the 1–5 range (``pins.findings``).

Each check is run for every *view*: nobody, and each person (who knows their own
answers, so their answers are constants and drop out of every set). A view only
differs from nobody's where the person's answers are, so only people with answers in
the searched atoms (``few``) or whose answers change an atom (``pin``) are tried.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

from rituals.privacy import pins
from rituals.privacy.algebra import Echelon, Row, indicator, restricted, zero_one_vectors
from rituals.privacy.figures import AnswerRef, once

SEARCH_BUDGET = 20_000
_PERSON = attrgetter("person")
Finding = tuple[object, ...]


@dataclass(frozen=True)
class Atom:
    """Answers that every set of the component either contains all of or none of."""

    keys: tuple[str, ...]
    persons: tuple[str, ...]  # per key
    values: tuple[int | None, ...]  # per key; None where the answer is gone

    @once
    def people(self) -> frozenset[str]:
        """Who gave these answers (worked out once: atoms can hold thousands)."""
        return frozenset(self.persons)

    def without(self, person: str | None) -> list[int | None]:
        """The values of the answers not given by ``person``."""
        return [v for p, v in zip(self.persons, self.values, strict=True) if p != person]


def _partition(sets: list[frozenset[str]]) -> list[tuple[str, ...]]:
    """The atoms: keys grouped by the sets holding them, ordered by their smallest key (split
    set by set: a handful of sets over tens of thousands of answers). Within an atom the
    order of the keys means nothing (nothing reads them in order), so they are not sorted."""
    everything: frozenset[str] = frozenset().union(*sets)
    blocks = [everything] if everything else []
    for members in sets:
        split = []
        for block in blocks:
            inside = block & members
            if inside and len(inside) < len(block):
                split += [inside, block - inside]
            else:
                split.append(block)
        blocks = split
    return [tuple(block) for block in sorted(blocks, key=min)]


@dataclass
class Knowledge:
    """The released figures of one component, and the findings they already give."""

    min_group: int
    refs: Mapping[str, AnswerRef]
    values: Mapping[str, int]
    sets: list[tuple[frozenset[str], bool]]  # every set that may be added: (keys, distribution)
    atoms: list[Atom] = field(init=False)
    small: Echelon = field(init=False)
    joint: Echelon = field(init=False)
    findings: dict[str, set[Finding]] = field(init=False)

    def __post_init__(self) -> None:
        grouped = _partition([members for members, _ in self.sets])
        self.atom_of: dict[str, int] = {}
        for number, members in enumerate(grouped):
            self.atom_of.update(dict.fromkeys(members, number))
        refs, values = self.refs, self.values
        self.atoms = [
            Atom(
                tuple(members),
                tuple(map(_PERSON, map(refs.__getitem__, members))),
                tuple(map(values.get, members)),
            )
            for members in grouped
        ]
        k = self.min_group
        self.big = [len(atom.people) > k for atom in self.atoms]
        n = len(self.atoms)
        # big atoms first: rows pivoted after them span the vectors that vanish on them
        self.small = Echelon({c: c + (0 if self.big[c] else n) for c in range(n)})
        self.findings = {"few": set(), "pin": set()}
        self.given = pins.views(self.atoms)
        self.joint = Echelon(pins.joint_order(self))
        for row in pins.totals(self):
            self.joint.add(row)

    def row(self, members: frozenset[str]) -> Row:
        """The indicator of ``members`` over the atoms."""
        return indicator(set(map(self.atom_of.__getitem__, members)))

    def load(self, released: Iterable[tuple[frozenset[str], bool]]) -> None:
        """Take in what was released before; its findings become the baseline."""
        for members, dist in released:
            row = self.row(members)
            self.small.add(row)
            for known in pins.generators(self, row, dist=dist):
                self.joint.add(known)
        self.findings["few"] = self._few(self.small)
        self.findings["pin"] = pins.findings(self, self.joint)

    def add(self, members: frozenset[str], *, dist: bool) -> set[Finding]:
        """Add a figure unless it brings new findings; returns those (empty: added)."""
        small, joint = self.small.copy(), self.joint.copy()
        row = self.row(members)
        lead = small.add(row)
        changed = [joint.add(known) for known in pins.generators(self, row, dist=dist)]
        if all(c is None for c in changed):
            return set()  # everything it says is known already
        few = self.findings["few"]
        if lead is not None and not self.big[lead]:
            few = self._few(small)
        pin = pins.findings(self, joint)
        new = (few - self.findings["few"]) | (pin - self.findings["pin"])
        if not new:
            self.small, self.joint = small, joint
            self.findings = {"few": few, "pin": pin}
        return new

    def others(self, column: int, person: str | None) -> frozenset[str]:
        """The people of an atom besides ``person``."""
        return self.atoms[column].people - {person}

    def views(self, columns: Iterable[int]) -> list[str | None]:
        """Nobody, and everyone with answers in ``columns``."""
        return [None, *sorted({p for c in columns for p in self.atoms[c].people})]

    def project(self, rows: Iterable[Row], person: str | None) -> list[Row]:
        """``rows`` with the atoms made only of ``person``'s answers dropped (they know them)."""
        if person is None:
            return [row for row in rows if row]
        out = []
        for row in rows:
            kept = {c: v for c, v in row.items() if self.atoms[c].people != {person}}
            if kept:
                out.append(kept)
        return out

    def _few(self, echelon: Echelon) -> set[Finding]:
        """Sets of fewer than ``min_group`` people (besides a knower) whose sum follows."""
        k = self.min_group
        base = echelon.rows_pivoted_in(lambda c: not self.big[c])
        found: set[Finding] = set()
        if not base:
            return found
        for person in self.views({c for row in base for c in row}):
            rows = self.project(base, person)
            crowded = {c for row in rows for c in row if len(self.others(c, person)) >= k}
            basis = restricted(rows, zero=crowded.__contains__)
            if not basis:
                continue

            def grow(pivots: frozenset[int], p: str | None = person) -> bool:
                return len(frozenset().union(*(self.others(c, p) for c in pivots))) < k

            supports = zero_one_vectors(basis, grow=grow, budget=SEARCH_BUDGET)
            if supports is None:
                found.add(("few", person, "search too long"))
                continue
            for support in supports:
                if len(frozenset().union(*(self.others(c, person) for c in support))) < k:
                    found.add(("few", person, support))
        return found

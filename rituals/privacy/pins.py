"""Answers pinned by the 1–5 range: the joint relaxation over bucket counts, per atom.

Unknowns: ``n[A, c] >= 0``, how many answers of atom A gave score c, with
``sum_c n[A, c] = |A|``. Known: every released bucket count (distribution sets,
per score) and every released sum (``sum_A s_A sum_c c n[A, c]``). The true point
has zeros where an atom has no answer of a score; by ``cone.pinned`` those zeros are
pinned exactly when a known combination, after subtracting the per-atom totals,
vanishes on the atom's scores that were given and is >= 0 on the others.

Writing the per-atom total away: pick a score ``b`` the atom gave; a known vector
``v`` becomes ``z[A, c] = v[A, c] - v[A, b]`` for ``c != b``, which must vanish on
the atom's other given scores and be >= 0 on the scores it did not give. An atom
whose answers all gave one score is given away when all four other scores are
pinned at zero: then every answer of it follows. This covers a mean of exactly 1.0
or 5.0, a distribution with every answer in one bucket, and sums and counts that
combine ("only one answer that day was a 5, and this group's mean needs it").

Each person's view is checked too: their answers are constants, so atoms lose them
(and a score only they gave stops being given). Answers that are gone (erased, or
replaced by a later answer) have no value here: their atoms take any sign, and are
not reported themselves. The relaxation is over real numbers: reasoning that uses
answers being whole numbers beyond this is not covered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rituals.privacy.algebra import Echelon, Row, cleared, restricted
from rituals.privacy.cone import pinned
from rituals.privacy.figures import SCORES

if TYPE_CHECKING:
    from rituals.privacy.knowledge import Atom, Finding, Knowledge


def _given(values: list[int | None]) -> frozenset[int] | None:
    """The scores given (None when some value is unknown)."""
    if None in values:
        return None
    return frozenset(v for v in values if v is not None)


GONE = "gone"  # the atom holds only this person's answers: it drops out of their view
Given = frozenset[int] | None | str


def views(atoms: list[Atom]) -> tuple[list[Given], dict[str, dict[int, Given]]]:
    """Scores given per atom, and per person the atoms whose given scores differ
    without their answers (a score only they gave, or all answers theirs)."""
    everyone: list[Given] = [_given(list(atom.values)) for atom in atoms]
    changed: dict[str, dict[int, Given]] = {}
    for a, atom in enumerate(atoms):
        holders: dict[int | None, set[str]] = {}
        for person, value in zip(atom.persons, atom.values, strict=True):
            holders.setdefault(value, set()).add(person)
        for person in atom.people:
            if len(atom.people) == 1:
                changed.setdefault(person, {})[a] = GONE
            elif any(who == {person} for who in holders.values()):
                changed.setdefault(person, {})[a] = _given(atom.without(person))
    return everyone, changed


def generators(kn: Knowledge, members: Iterable[int], *, dist: bool) -> list[Row]:
    """What a figure over the atoms ``members`` makes known, over columns
    ``5 * atom + score - 1``: its sum, and with a distribution its bucket counts."""
    atoms = sorted(members)
    rows = [{5 * a + s - 1: s for a in atoms for s in SCORES}]
    if dist:
        rows += [{5 * a + s - 1: 1 for a in atoms} for s in SCORES]
    return rows


def totals(kn: Knowledge) -> list[Row]:
    """Each atom's count, known to all."""
    return [{5 * a + s - 1: 1 for s in SCORES} for a in range(len(kn.atoms))]


def joint_order(kn: Knowledge) -> dict[int, int]:
    """Column order for the joint echelon: the scores nobody's view says were given first."""
    zero, _, _ = _scores(dict(enumerate(kn.given[0])))
    width = 5 * len(kn.atoms)
    return {c: c + (0 if c in zero else width) for c in range(width)}


def _scores(given: Mapping[int, Given]) -> tuple[set[int], set[int], list[int]]:
    """Columns of scores given (must vanish), of scores not given (bounds), single atoms."""
    zero: set[int] = set()
    bound: set[int] = set()
    single: list[int] = []
    for a, scores in given.items():
        if scores is None or scores == GONE:
            continue  # free columns
        assert not isinstance(scores, str)
        zero |= {5 * a + s - 1 for s in scores}
        bound |= {5 * a + s - 1 for s in SCORES if s not in scores}
        if len(scores) == 1:
            single.append(a)
    return zero, bound, single


def findings(kn: Knowledge, echelon: Echelon) -> set[Finding]:
    """Atoms whose answers the released figures give away, per view.

    ``echelon`` holds what is known with the given scores' columns first: its rows
    pivoted after them span nobody's certificates. A person's view frees only the
    columns of scores that they alone gave (and of their own atoms); with the rows
    pivoted on given scores cleared on each other's pivots, only those pivoted on
    freed columns can join.
    """
    everyone, changed = kn.given
    base_given = dict(enumerate(everyone))
    zero, bound, single = _scores(base_given)
    free = echelon.rows_pivoted_in(lambda c: c not in zero)
    found = _pins(None, free, bound, single, base_given)
    blocking: dict[int, Row] = {}
    for view in sorted(changed):
        given = {**base_given, **changed[view]}
        view_zero, view_bound, view_single = _scores(given)
        freed = [c for c in zero - view_zero if c in echelon.rows]
        if not freed and view_bound >= bound:
            continue  # nothing new is known in this view, and no bound is lifted
        for c in freed:
            if c not in blocking:
                blocking[c] = cleared(echelon, c, among=zero.__contains__)
        basis = restricted(free + [blocking[c] for c in freed], zero=view_zero.__contains__)
        if len(basis) == len(free) and view_bound >= bound:
            continue  # no certificate beyond nobody's, and no bound lost
        found |= _pins(view, basis, view_bound, view_single, given)
    return found


def _pins(
    view: str | None,
    basis: list[Row],
    bound: set[int],
    single: list[int],
    given: Mapping[int, Given],
) -> set[Finding]:
    if not single or not basis:
        return set()
    held = pinned(basis, dict.fromkeys(bound, 1))
    out: set[Finding] = set()
    for a in single:
        scores = given[a]
        assert isinstance(scores, frozenset)
        if all(5 * a + s - 1 in held for s in SCORES if s not in scores):
            out.add(("pin", view, a))
    return out

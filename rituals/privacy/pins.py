"""Answers pinned by the 1–5 range: bucket counts and sums held on their bounds.

Two stages, each run for nobody's view and for the views where a person's own
answers change what is on a bound:

1. **Buckets.** Over the atoms of the distribution sets, the count of score ``c`` in
   each atom lies in ``[0, size]``. Known combinations come from the distributions
   only. A count pinned at ``size`` means every answer there gave ``c``: a finding.
   Counts pinned at 0 narrow the scores the atom's answers can have (``Omega``): if
   only one is left, that is a finding too.
2. **Sums.** Over the atoms of all sets, each atom's sum lies in
   ``[size * low, size * high]`` with ``low`` and ``high`` the extreme scores its
   distribution atom still allows. Known combinations come from every figure. A
   sum pinned on a bound means every answer of the atom is that score: a finding.

Both use ``cone.pinned``. Answers that are gone (erased, or replaced by a later
answer) have no value here: their atoms may take any sign. Two limits, both about
the joint use of sums and bucket counts: the narrowing uses pinned zeros only, so
reasoning such as "only one answer that day was a 5" (a count below the atom's size)
is not carried into the sums; and whole-number reasoning beyond the bounds is not
used. The test auditor checks the joint relaxation over individual answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rituals.privacy.algebra import Echelon, restricted
from rituals.privacy.cone import pinned
from rituals.privacy.figures import SCORES

if TYPE_CHECKING:
    from rituals.privacy.knowledge import Atom, Finding, Knowledge

Omega = dict[str | None, dict[int, frozenset[int]]]  # view -> distribution atom -> scores left
Counts = tuple[tuple[int, ...], int, int]  # per-score counts, answers, answers gone


def dist_atoms(atoms: list[Atom]) -> dict[int, list[tuple[str, int | None]]]:
    """(person, value) of every answer, per distribution atom."""
    out: dict[int, list[tuple[str, int | None]]] = {}
    for atom in atoms:
        out.setdefault(atom.dist, []).extend(zip(atom.persons, atom.values, strict=True))
    return out


def _counts(answers: list[tuple[str, int | None]], person: str | None) -> Counts:
    values = [v for p, v in answers if p != person]
    known = [v for v in values if v is not None]
    return tuple(known.count(c) for c in SCORES), len(values), len(values) - len(known)


def _status(counts: Counts, score: int) -> str:
    """'+' on the lower bound, '-' on the upper, '=' off both, '?' unknown, '' no answers."""
    by_score, size, gone = counts
    have = by_score[score - 1]
    if size == 0:
        return ""
    if gone:
        return "?" if have == 0 or have + gone == size else "="
    return "+" if have == 0 else "-" if have == size else "="


def bucket_findings(kn: Knowledge, echelon: Echelon) -> tuple[set[Finding], Omega]:
    """Pinned bucket counts, and the scores left to each distribution atom, per view."""
    base = list(echelon.rows.values())
    if not base:
        return set(), {}
    columns = sorted({g for row in base for g in row})
    statuses: dict[str | None, dict[int, tuple[str, ...]]] = {None: {}}
    for g in columns:
        answers = kn.dist_members[g]
        statuses[None][g] = tuple(_status(_counts(answers, None), c) for c in SCORES)
        for person in sorted({p for p, _ in answers}):
            mine = tuple(_status(_counts(answers, person), c) for c in SCORES)
            if mine != statuses[None][g]:
                statuses.setdefault(person, {})[g] = mine
    found: set[Finding] = set()
    omega: Omega = {}
    for view, changed in statuses.items():
        status = {**statuses[None], **changed}
        rows = [{g: v for g, v in row.items() if status[g][0]} for row in base]
        rows = [row for row in rows if row]
        zeros: dict[int, set[int]] = {}
        for score in SCORES:
            signs = {
                g: 1 if s[score - 1] == "+" else -1
                for g, s in status.items()
                if s[score - 1] in ("+", "-")
            }
            off = {g for g, s in status.items() if s[score - 1] == "="}
            basis = restricted(rows, zero=off.__contains__)
            for g in pinned(basis, signs):
                if signs[g] < 0:
                    found.add(("bucket", view, g, score))
                else:
                    zeros.setdefault(g, set()).add(score)
        omega[view] = {g: frozenset(SCORES) - z for g, z in zeros.items()}
        found |= {("only", view, g) for g, left in omega[view].items() if len(left) <= 1}
    return found, omega


def sum_findings(kn: Knowledge, echelon: Echelon, omega: Omega) -> set[Finding]:
    """Atoms whose sum the figures hold on a bound of its range, per view."""
    base = echelon.rows_pivoted_in(lambda c: kn.tightish[c])
    if not base:
        return set()
    support = {c for row in base for c in row}
    everyone = omega.get(None, {})
    views = kn.views(support)
    views += sorted(
        view
        for view, left in omega.items()
        if view is not None
        and view not in views
        and any(left.get(kn.atoms[c].dist) != everyone.get(kn.atoms[c].dist) for c in support)
    )
    found: set[Finding] = set()
    for view in views:
        allowed = omega.get(view, everyone)
        signs: dict[int, int] = {}
        zero: set[int] = set()
        for c in support:
            rest = kn.atoms[c].without(view)
            if not rest or None in rest:
                continue  # dropped from this view, or a value nobody has any more
            known = [v for v in rest if v is not None]
            left = allowed.get(kn.atoms[c].dist, frozenset(SCORES))
            low, high = min([*left, *known]), max([*left, *known])
            total = sum(known)
            if total == len(known) * low:
                signs[c] = 1
            elif total == len(known) * high:
                signs[c] = -1
            else:
                zero.add(c)
        basis = restricted(kn.project(base, view), zero=zero.__contains__)
        found |= {("value", view, c) for c in pinned(basis, signs)}
    return found

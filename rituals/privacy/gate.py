"""The gate: which candidate figures a surface may show, given everything shown before.

Rules (the package docstring has the model and the reasoning):
- Candidates are decided greedily in the order given; each one released becomes part
  of what later ones are checked against, within the call and (through the entries
  returned) in later calls.
- A figure of a closed period that was released is shown with its stored value ever
  after, whatever happened to the answers or the groups since.
- A figure released before over the same answers is shown again as it was. A live
  figure whose answers moved on is released again only when the rule holds against
  everything shown before; until then its last release is kept.
- A period (a component of figures sharing answers) holding an answer erased by
  forget-me releases no new figure: without its value the range check cannot be done.
  Its figures are shown as released before.
- Every person who answered is taken to know their own answers: figures are pooled
  across surfaces and viewers (any viewer may show a colleague what they saw), so a
  figure that is safe for one viewer must be safe for each of them. A figure is
  therefore never released over fewer than ``min_group + 1`` people.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from rituals.privacy.figures import (
    Answer,
    AnswerRef,
    Candidate,
    Decision,
    FigureKey,
    Metric,
    Outcome,
    Released,
    Status,
    Value,
)
from rituals.privacy.knowledge import Finding, Knowledge

MIN_GROUP_FLOOR = 3
_KEY, _REF, _VALUE = attrgetter("key"), attrgetter("ref"), attrgetter("value")
SetKey = tuple[frozenset[str], bool]


def reason_few(min_group: int) -> str:
    """Why a figure over too few people is withheld."""
    return f"fewer than {min_group + 1} people answered"


def reason_compare(min_group: int) -> str:
    """Why a figure that would isolate a smaller group by subtraction is withheld."""
    return (
        f"it would let someone work out the answers of fewer than {min_group} people "
        "by comparing it with figures already shown"
    )


REASON_NONE = "no answers yet"
REASON_SAME = "everyone in it gave the same answer, so it would show each person's answer"
REASON_PINNED = "together with figures already shown it would give away individual answers"
REASON_GONE = (
    "someone who answered in this period has since asked Greenroom to forget them, "
    "so its figures stay as they were shown"
)


def reason_kept(count: int) -> str:
    """Why a live figure still shows an earlier value."""
    return f"as of {count} answers; it updates once enough new people have answered"


class _Components:
    """Union-find over answer keys, so figures sharing no answers are decided apart."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        while root != self.parent[root]:
            self.parent[root] = self.parent[self.parent[root]]
            root = self.parent[root]
        return root

    def join(self, keys: Iterable[str]) -> None:
        keys = set(keys)
        if not keys:
            return
        root = self.find(next(iter(keys)))
        known = keys.intersection(self.parent)
        self.parent.update(dict.fromkeys(keys.difference(known), root))  # new keys: one step
        for parent in set(map(self.parent.__getitem__, known)):  # a key's root is its parent's
            other = self.find(parent)
            if other != root:
                self.parent[other] = root


@dataclass
class _Call:
    """The working state of one ``Gate.decide`` call."""

    min_group: int
    ledger: Sequence[Released]
    candidates: Sequence[Candidate]
    answers: Iterable[Answer]
    refs: dict[str, AnswerRef] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)
    parts: _Components = field(default_factory=_Components)
    known: dict[str, Knowledge] = field(default_factory=dict)
    sets: dict[frozenset[AnswerRef], frozenset[str]] = field(default_factory=dict)
    erased: set[str] = field(default_factory=set)  # components holding an erased answer

    def __post_init__(self) -> None:
        seen: dict[frozenset[AnswerRef], frozenset[str]] = {}
        for entry in self.ledger:
            if entry.refs not in seen:  # figures over the same answers share one row
                keys = list(map(_KEY, entry.refs))
                seen[entry.refs] = frozenset(keys)
                self.refs.update(zip(keys, entry.refs, strict=True))
                self.parts.join(seen[entry.refs])
        self.sets = seen
        erased = set(self.refs)  # ledger answers whose value is gone (forget-me)
        # candidates over the same answers (a mean and a distribution) are read once
        groups: dict[int, Candidate] = {}
        for candidate in self.candidates:
            first = groups.setdefault(id(candidate.answers), candidate)
            if first is not candidate:
                candidate.share(first)
        for answers in [list(self.answers), *(c.answers for c in groups.values())]:
            keys = list(map(_KEY, answers))
            self.refs.update(zip(keys, map(_REF, answers), strict=True))
            self.values.update(zip(keys, map(_VALUE, answers), strict=True))
        for candidate in groups.values():
            self.parts.join(candidate.keys)
        self.erased = {self.parts.find(k) for k in erased - set(self.values)}

    def knowledge(self, keys: frozenset[str]) -> Knowledge:
        """The knowledge of the component holding ``keys``, built on first use."""
        root = self.parts.find(next(iter(keys)))
        if root not in self.known:
            released = {
                (self.sets[e.refs], e.key.metric is Metric.DISTRIBUTION)
                for e in self.ledger
                if e.refs and self.parts.find(next(iter(self.sets[e.refs]))) == root
            }
            # candidates over too few people are refused before any reasoning: their sets
            # would only split the atoms every other check works on
            wanted = {
                (c.keys, c.key.metric is Metric.DISTRIBUTION)
                for c in self.candidates
                if len(c.people) > self.min_group and self.parts.find(next(iter(c.keys))) == root
            }
            kn = Knowledge(
                self.min_group, self.refs, self.values, sorted(released | wanted, key=_Order)
            )
            kn.load(sorted(released, key=_Order))
            self.known[root] = kn
        return self.known[root]


class _Order:
    """A set's place: by size, then sorted keys, then distribution last; the keys are sorted
    only when sizes tie (a week's set holds tens of thousands)."""

    __slots__ = ("item", "_keys")

    def __init__(self, item: SetKey) -> None:
        self.item = item
        self._keys: list[str] | None = None

    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = sorted(self.item[0])
        return self._keys

    def __lt__(self, other: _Order) -> bool:
        mine, theirs = len(self.item[0]), len(other.item[0])
        if mine != theirs:
            return mine < theirs
        if self.item[0] != other.item[0]:
            return self.keys() < other.keys()
        return self.item[1] < other.item[1]


def _reason(findings: set[Finding], candidate: Candidate, min_group: int) -> str:
    if any(f[0] == "few" for f in findings):
        return reason_compare(min_group)
    if len({a.value for a in candidate.answers}) == 1:
        return REASON_SAME
    return REASON_PINNED


class Gate:
    """Decides which pulse figures may be shown; see the module docstring."""

    def __init__(self, *, min_group: int = MIN_GROUP_FLOOR) -> None:
        self.min_group = max(MIN_GROUP_FLOOR, int(min_group))

    def decide(
        self,
        candidates: Sequence[Candidate],
        *,
        ledger: Sequence[Released] = (),
        answers: Iterable[Answer] = (),
    ) -> Outcome:
        """Decide each candidate in order against ``ledger`` (the releases of the periods
        involved); ``answers`` are the current answers behind the ledger's figures."""
        call = _Call(self.min_group, ledger, candidates, answers)
        latest: dict[FigureKey, Released] = {e.key: e for e in ledger}
        final = {e.key: e for e in ledger if e.final}
        decisions: list[Decision] = []
        entries: list[Released] = []
        for candidate in candidates:
            key = candidate.key
            if candidate.closed and key in final:
                decisions.append(
                    Decision(key, Status.RELEASED, final[key].value, None, final[key].refs)
                )
                continue
            prev = latest.get(key)
            refs = candidate.refs
            if prev is not None and prev.refs == refs:
                decision = Decision(key, Status.RELEASED, prev.value, None, prev.refs)
                entry = prev
            else:
                reason = self._check(call, candidate)
                if reason is None:
                    value = Value.of(candidate.answers, key.metric)
                    decision = Decision(key, Status.RELEASED, value, None, refs)
                    entry = Released(key, refs, value)
                elif prev is not None:
                    why = reason_kept(prev.value.count)
                    decision = Decision(key, Status.KEPT, prev.value, why, prev.refs)
                    entry = prev
                else:
                    decisions.append(Decision(key, Status.WITHHELD, None, reason))
                    continue
            if candidate.closed:
                entry = Released(key, entry.refs, entry.value, final=True)
                final[key] = entry
            if entry is not prev:
                entries.append(entry)
                latest[key] = entry
            decisions.append(decision)
        return Outcome(tuple(decisions), tuple(entries))

    def _check(self, call: _Call, candidate: Candidate) -> str | None:
        """None when the candidate may be released, else why not."""
        if not candidate.answers:
            return REASON_NONE
        if len(candidate.people) <= self.min_group:
            return reason_few(self.min_group)
        keys = candidate.keys
        if call.parts.find(next(iter(keys))) in call.erased:
            # without the erased values, whether a new figure pins them with the 1–5 range
            # cannot be checked: the period's figures stay as shown
            return REASON_GONE
        new = call.knowledge(keys).add(keys, dist=candidate.key.metric is Metric.DISTRIBUTION)
        return _reason(new, candidate, self.min_group) if new else None

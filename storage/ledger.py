"""The ledger of released pulse figures: what the privacy gate has let surfaces show.

Rules:
- A release is stored with its figure key (scope, period, metric, group), the ISO week
  its period lies in (the ledger is loaded by week: weeks share no answers), whether it
  is final (a closed period), its count, sum and buckets, and its answer set.
- Each answer a release used is kept with its person and value, so a replaced answer can
  still be reasoned about: in the lists of its week, appended as releases first use them
  (one row per week and call, packed: ``storage.ledger_codec``).
- Answer sets are stored once per workspace (keyed by a hash of their week and sorted
  positions in the week's lists), one row each.
- ``erase_person`` (forget-me) replaces that person's answer keys and user id by
  pseudonyms and clears their values: releases keep their totals, the ledger keeps no
  value and no name of theirs.
- ``lock`` serialises the gate per workspace: two views deciding at once must see each
  other's releases.
"""

from __future__ import annotations

import secrets
import zlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, false, insert, select, text, update

from storage.ledger_codec import (
    Appending,
    Ref,
    WeekAnswers,
    pack_answers,
    pack_people,
    pack_set,
    unpack_answers,
    unpack_people,
    unpack_set,
)
from storage.models import FigureAnswerList, FigureRelease, FigureSet

GONE = "gone"


@dataclass(frozen=True)
class StoredRelease:
    """One ledger row with its answers as (key, person) pairs."""

    scope: str
    period: str
    metric: str
    group: str
    final: bool
    count: int
    total: int
    buckets: tuple[int, ...] | None
    refs: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class StoredLedger:
    """Releases in the order made, and the value of every answer they used (None: erased);
    ``weeks`` holds the loaded weeks' answer lists, for ``store`` in the same transaction."""

    releases: tuple[StoredRelease, ...]
    values: Mapping[str, tuple[str, int | None]]
    weeks: Mapping[str, WeekAnswers] = field(default_factory=dict)


@dataclass(frozen=True)
class NewRelease:
    """A release to store: its key, week, value and answers (their values are given to
    ``store`` for the answers the ledger does not hold yet)."""

    scope: str
    period: str
    week: str
    metric: str
    group: str
    final: bool
    count: int
    total: int
    buckets: tuple[int, ...] | None
    answers: Collection[Ref]


_HEAD = (  # a release without its answers, as ``_release`` reads it
    FigureRelease.scope,
    FigureRelease.period,
    FigureRelease.metric,
    FigureRelease.grp,
    FigureRelease.final,
    FigureRelease.count,
    FigureRelease.total,
    FigureRelease.buckets,
)


def lock(unit: Any, *, team_id: str) -> None:
    """Hold the workspace's ledger until the transaction ends."""
    if unit.dialect == "postgresql":
        key = zlib.crc32(f"greenroom-ledger:{team_id}".encode())
        unit.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:  # SQLite: take the write lock now, not on the first insert
        unit.execute(delete(FigureRelease).where(false()))


def _lists(unit: Any, team_id: str, weeks: Sequence[str]) -> dict[str, WeekAnswers]:
    """The answer lists of these weeks, unpacked."""
    found = {week: WeekAnswers() for week in weeks}
    if not weeks:
        return found
    rows = unit.execute(
        select(FigureAnswerList.week, FigureAnswerList.people, FigureAnswerList.answers)
        .where(FigureAnswerList.team_id == team_id, FigureAnswerList.week.in_(weeks))
        .order_by(FigureAnswerList.id)
    )
    for week, people, blob in rows:
        names = unpack_people(people)
        keys, who, values = unpack_answers(blob)
        into = found[week]
        into.keys += keys
        into.persons += [names[number] for number in who]
        into.values += values
    return found


def load(unit: Any, *, team_id: str, weeks: Iterable[str]) -> StoredLedger:
    """Every release of these weeks, oldest first, and the answers they used."""
    wanted = sorted(set(weeks))
    if not wanted:
        return StoredLedger((), {})
    of_weeks = (FigureRelease.team_id == team_id, FigureRelease.week.in_(wanted))
    rows = unit.execute(
        select(FigureRelease.set_id, FigureRelease.week, *_HEAD)
        .where(*of_weeks)
        .order_by(FigureRelease.id)
    ).all()
    lists = _lists(unit, team_id, wanted) if rows else {}  # store() reads what is not here
    sets = dict(
        unit.execute(
            select(FigureSet.id, FigureSet.answers).where(
                FigureSet.id.in_(select(FigureRelease.set_id).where(*of_weeks))
            )
        ).all()
        if rows
        else ()
    )
    refs: dict[int, frozenset[tuple[str, str]]] = {}
    releases = []
    for row in rows:
        number, week = row[0], row[1]
        if number not in refs:
            answers, positions = lists[week], unpack_set(sets[number])
            refs[number] = frozenset(
                zip(
                    map(answers.keys.__getitem__, positions),
                    map(answers.persons.__getitem__, positions),
                    strict=True,
                )
            )
        releases.append(_release(row[2:], refs[number]))
    values: dict[str, tuple[str, int | None]] = {}
    for answers in lists.values():
        pairs = zip(answers.persons, answers.values, strict=True)
        values.update(zip(answers.keys, pairs, strict=True))
    return StoredLedger(tuple(releases), values, lists)


def heads(unit: Any, *, team_id: str, weeks: Iterable[str]) -> tuple[StoredRelease, ...]:
    """Every release of these weeks, oldest first, without its answers (``refs`` empty): enough
    to show a figure released final, read without the answer sets."""
    wanted = sorted(set(weeks))
    if not wanted:
        return ()
    rows = unit.execute(
        select(*_HEAD)
        .where(FigureRelease.team_id == team_id, FigureRelease.week.in_(wanted))
        .order_by(FigureRelease.id)
    ).all()
    return tuple(_release(row, frozenset()) for row in rows)


def _release(head: Sequence[Any], refs: frozenset[tuple[str, str]]) -> StoredRelease:
    return StoredRelease(
        scope=head[0],
        period=head[1],
        metric=head[2],
        group=head[3],
        final=bool(head[4]),
        count=int(head[5]),
        total=int(head[6]),
        buckets=tuple(int(b) for b in head[7].split(",")) if head[7] else None,
        refs=refs,
    )


def _set_ids(unit: Any, team_id: str, packed: Mapping[str, bytes]) -> dict[str, int]:
    """The row id of each set (by digest), inserting those not stored yet."""
    digests = sorted(packed)
    found = {
        str(digest): int(number)
        for digest, number in unit.execute(
            select(FigureSet.digest, FigureSet.id).where(
                FigureSet.team_id == team_id, FigureSet.digest.in_(digests)
            )
        )
    }
    missing = [d for d in digests if d not in found]
    if missing:
        added = unit.execute(
            insert(FigureSet).returning(FigureSet.digest, FigureSet.id),
            [{"team_id": team_id, "digest": d, "answers": packed[d]} for d in missing],
        )
        found.update((str(digest), int(number)) for digest, number in added)
    return found


def store(
    unit: Any,
    *,
    team_id: str,
    releases: Sequence[NewRelease],
    values: Mapping[str, int | None],
    now: datetime,
    loaded: StoredLedger | None = None,
) -> None:
    """Append releases to the ledger, in order; ``values`` holds the value of each answer
    the ledger does not hold yet, ``loaded`` (optional) what ``load`` read of their weeks in
    this transaction."""
    if not releases:
        return
    stored = dict(loaded.weeks) if loaded is not None else {}
    stored.update(_lists(unit, team_id, sorted({r.week for r in releases} - set(stored))))
    weeks = {week: Appending(dict(answers.positions())) for week, answers in stored.items()}
    digests: dict[tuple[str, Any], str] = {}
    packed: dict[str, bytes] = {}
    for r in releases:
        same = (r.week, r.answers if isinstance(r.answers, frozenset) else tuple(r.answers))
        if same not in digests:
            digest, blob = pack_set(r.week, weeks[r.week].place(r.answers, values))
            digests[same] = digest
            packed[digest] = blob
    lists = [week.row(team_id, name) for name, week in weeks.items() if week.keys]
    if lists:
        unit.execute(insert(FigureAnswerList), lists)
    ids = _set_ids(unit, team_id, packed)
    rows = []
    for r in releases:
        same = (r.week, r.answers if isinstance(r.answers, frozenset) else tuple(r.answers))
        rows.append(
            {
                "team_id": team_id,
                "week": r.week,
                "scope": r.scope,
                "period": r.period,
                "metric": r.metric,
                "grp": r.group,
                "final": r.final,
                "count": r.count,
                "total": r.total,
                "buckets": ",".join(map(str, r.buckets)) if r.buckets is not None else None,
                "set_id": ids[digests[same]],
                "released_at": now,
            }
        )
    unit.execute(insert(FigureRelease), rows)


def erase_person(unit: Any, *, team_id: str, user_id: str) -> int:
    """forget-me: the person's answers in the ledger lose their value, key and name; how many."""
    alias = f"{GONE}-{secrets.token_hex(8)}"
    rows = unit.execute(
        select(FigureAnswerList.id, FigureAnswerList.people, FigureAnswerList.answers).where(
            FigureAnswerList.team_id == team_id,
            FigureAnswerList.people.contains(f",{user_id},", autoescape=True),
        )
    ).all()
    erased = 0
    for number, people, blob in rows:
        names = unpack_people(people)
        if user_id not in names:  # SQLite's LIKE ignores case
            continue
        theirs = names.index(user_id)
        names[theirs] = alias
        keys, who, values = unpack_answers(blob)
        for at, person in enumerate(who):
            if person == theirs:
                keys[at] = f"{GONE}.{secrets.token_hex(12)}"
                values[at] = None
                erased += 1
        unit.execute(
            update(FigureAnswerList)
            .where(FigureAnswerList.id == number)
            .values(people=pack_people(names), answers=pack_answers(keys, who, values))
        )
    return erased

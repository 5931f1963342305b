"""The ledger of released pulse figures: what the privacy gate has let surfaces show.

Rules:
- A release is stored with its figure key (scope, period, metric, group), the ISO week
  its period lies in (the ledger is loaded by week: weeks share no answers), whether it
  is final (a closed period), its count, sum and buckets, and its answer set.
- Answer sets are stored once per workspace (keyed by a hash of their sorted keys).
- Each answer a release used is kept with its person and value, so a replaced answer can
  still be reasoned about; ``erase_person`` (forget-me) replaces that person's answer
  keys and user id by pseudonyms and clears their values: releases keep their totals,
  the ledger keeps no value and no name of theirs.
- ``lock`` serialises the gate per workspace: two views deciding at once must see each
  other's releases.
"""

from __future__ import annotations

import hashlib
import secrets
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, String, bindparam, delete, false, func, insert, select, text, update

from storage.models import FigureAnswer, FigureRelease, FigureSet, FigureSetAnswer

GONE = "gone"
# answer keys looked up per query: well under the bound-parameter limits of SQLite (32,766
# since 3.32) and PostgreSQL (65,535), and few round trips for a week of 50,000 answers
KEYS_PER_QUERY = 5000


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
    """Releases in the order made, and the value of every answer they used (None: erased)."""

    releases: tuple[StoredRelease, ...]
    values: Mapping[str, tuple[str, int | None]]


@dataclass(frozen=True)
class NewRelease:
    """A release to store: its key, week, value and answers as (key, person, value)."""

    scope: str
    period: str
    week: str
    metric: str
    group: str
    final: bool
    count: int
    total: int
    buckets: tuple[int, ...] | None
    answers: tuple[tuple[str, str, int | None], ...]


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


def load(unit: Any, *, team_id: str, weeks: Iterable[str]) -> StoredLedger:
    """Every release of these weeks, oldest first, and the answers they used."""
    wanted = sorted(set(weeks))
    if not wanted:
        return StoredLedger((), {})
    rows = unit.execute(
        select(
            FigureRelease.id,
            *_HEAD,
            FigureAnswer.answer_key,
            FigureAnswer.person,
            FigureAnswer.value,
        )
        .join(FigureSetAnswer, FigureSetAnswer.set_id == FigureRelease.set_id)
        .join(FigureAnswer, FigureAnswer.id == FigureSetAnswer.answer_id)
        .where(FigureRelease.team_id == team_id, FigureRelease.week.in_(wanted))
        .order_by(FigureRelease.id)
    ).all()
    heads: dict[int, tuple[Any, ...]] = {}
    refs: dict[int, set[tuple[str, str]]] = {}
    values: dict[str, tuple[str, int | None]] = {}
    for row in rows:
        heads.setdefault(row[0], tuple(row[1:9]))
        refs.setdefault(row[0], set()).add((row.answer_key, row.person))
        values[row.answer_key] = (row.person, row.value)
    releases = tuple(_release(head, frozenset(refs[number])) for number, head in heads.items())
    return StoredLedger(releases, values)


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


def _known_ids(unit: Any, team_id: str, keys: Sequence[str]) -> dict[str, int]:
    """The row ids of the answer keys already stored.

    PostgreSQL joins the keys as one array (an ``IN`` list of bound parameters is searched
    element by element once the statement is prepared: quadratic for a week's keys);
    SQLite takes them in chunks, each ``IN`` list looked up through a temporary index."""
    if not keys:
        return {}
    if unit.dialect == "postgresql":
        keys_array = bindparam("keys", type_=ARRAY(String))
        wanted = func.unnest(keys_array).table_valued("key").render_derived(name="wanted")
        query = (
            select(FigureAnswer.answer_key, FigureAnswer.id)
            .join(wanted, FigureAnswer.answer_key == wanted.c.key)
            .where(FigureAnswer.team_id == team_id)
        )
        return {str(k): int(n) for k, n in unit.execute(query, {"keys": list(keys)})}
    found: dict[str, int] = {}
    for start in range(0, len(keys), KEYS_PER_QUERY):
        chunk = keys[start : start + KEYS_PER_QUERY]
        query = select(FigureAnswer.answer_key, FigureAnswer.id).where(
            FigureAnswer.team_id == team_id, FigureAnswer.answer_key.in_(chunk)
        )
        found.update((str(key), int(number)) for key, number in unit.execute(query))
    return found


def _answer_ids(
    unit: Any, team_id: str, answers: Mapping[str, tuple[str, int | None]]
) -> dict[str, int]:
    """The row id of each answer key, inserting those not stored yet (their ids come back
    from the insert itself)."""
    keys = sorted(answers)
    found = _known_ids(unit, team_id, keys)
    missing = [k for k in keys if k not in found]
    if missing:
        added = unit.execute(
            insert(FigureAnswer).returning(FigureAnswer.answer_key, FigureAnswer.id),
            [
                {
                    "team_id": team_id,
                    "answer_key": k,
                    "person": answers[k][0],
                    "value": answers[k][1],
                }
                for k in missing
            ],
        )
        found.update((str(key), int(number)) for key, number in added)
    return found


def _set_id(unit: Any, team_id: str, ids: Sequence[int]) -> int:
    digest = hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()
    where = (FigureSet.team_id == team_id, FigureSet.digest == digest)
    found = unit.execute(select(FigureSet.id).where(*where)).scalar()
    if found is not None:
        return int(found)
    unit.execute(insert(FigureSet), {"team_id": team_id, "digest": digest})
    number = int(unit.execute(select(FigureSet.id).where(*where)).scalar_one())
    unit.execute(
        insert(FigureSetAnswer),
        [{"set_id": number, "answer_id": i, "team_id": team_id} for i in sorted(set(ids))],
    )
    return number


def store(unit: Any, *, team_id: str, releases: Sequence[NewRelease], now: datetime) -> None:
    """Append releases to the ledger, in order."""
    if not releases:
        return
    answers = {k: (p, v) for r in releases for k, p, v in r.answers}
    ids = _answer_ids(unit, team_id, answers)
    rows = []
    for r in releases:
        set_id = _set_id(unit, team_id, [ids[k] for k, _, _ in r.answers])
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
                "set_id": set_id,
                "released_at": now,
            }
        )
    unit.execute(insert(FigureRelease), rows)


def erase_person(unit: Any, *, team_id: str, user_id: str) -> int:
    """forget-me: the person's answers in the ledger lose their value, key and name."""
    alias = f"{GONE}-{secrets.token_hex(8)}"
    ids = list(
        unit.execute(
            select(FigureAnswer.id).where(
                FigureAnswer.team_id == team_id, FigureAnswer.person == user_id
            )
        ).scalars()
    )
    for number in ids:
        unit.execute(
            update(FigureAnswer)
            .where(FigureAnswer.id == number)
            .values(answer_key=f"{GONE}.{secrets.token_hex(12)}", person=alias, value=None)
        )
    return len(ids)

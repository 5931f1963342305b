"""figure ledger: a week's answers and each answer set packed into a row, not a row per answer

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

A week's first figures at 10,000 members wrote 50,000 answer rows and as many set rows per
figure, one statement each. The answers of a week are now kept in lists (people once,
keys, people and values packed), a set as the sorted positions of its answers in its
week's lists (``storage.ledger_codec``). Existing ledgers are converted both ways; releases
keep their ids and order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

import storage.models
from storage.ledger_codec import (
    pack_answers,
    pack_people,
    pack_set,
    unpack_answers,
    unpack_people,
    unpack_set,
)

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

RELEASE_COLUMNS = (
    "id", "team_id", "week", "scope", "period", "metric", "grp", "final", "count", "total",
    "buckets", "set_id", "released_at",
)  # fmt: skip


def _releases() -> sa.Table:
    table = op.create_table(
        "figure_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("metric", sa.String(length=16), nullable=False),
        sa.Column("grp", sa.String(length=100), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("buckets", sa.String(length=64), nullable=True),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("released_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["figure_sets.id"],
            name=op.f("fk_figure_releases_set_id_figure_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_releases")),
    )
    op.create_index("ix_figure_releases_week", "figure_releases", ["team_id", "week"])
    assert table is not None
    return table


def _drop_releases() -> None:
    op.drop_index("ix_figure_releases_week", table_name="figure_releases")
    op.drop_table("figure_releases")


def _old_tables() -> tuple[sa.Table, sa.Table, sa.Table]:
    """figure_answers, figure_sets and figure_set_answers as migration 0007 made them."""
    answers = op.create_table(
        "figure_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("answer_key", sa.String(length=64), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_answers")),
        sa.UniqueConstraint(
            "team_id", "answer_key", name=op.f("uq_figure_answers_team_id_answer_key")
        ),
    )
    op.create_index(op.f("ix_figure_answers_person"), "figure_answers", ["person"])
    sets = op.create_table(
        "figure_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_sets")),
        sa.UniqueConstraint("team_id", "digest", name=op.f("uq_figure_sets_team_id_digest")),
    )
    members = op.create_table(
        "figure_set_answers",
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["figure_answers.id"],
            name=op.f("fk_figure_set_answers_answer_id_figure_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["figure_sets.id"],
            name=op.f("fk_figure_set_answers_set_id_figure_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("set_id", "answer_id", name=op.f("pk_figure_set_answers")),
    )
    op.create_index(op.f("ix_figure_set_answers_answer_id"), "figure_set_answers", ["answer_id"])
    assert answers is not None and sets is not None and members is not None
    return answers, sets, members


def _new_tables() -> tuple[sa.Table, sa.Table]:
    """figure_answer_lists and figure_sets as this migration makes them."""
    lists = op.create_table(
        "figure_answer_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("people", sa.Text(), nullable=False),
        sa.Column("answers", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_answer_lists")),
    )
    op.create_index("ix_figure_answer_lists_week", "figure_answer_lists", ["team_id", "week"])
    sets = op.create_table(
        "figure_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_sets")),
        sa.UniqueConstraint("team_id", "digest", name=op.f("uq_figure_sets_team_id_digest")),
    )
    assert lists is not None and sets is not None
    return lists, sets


TYPED: dict[str, Any] = {
    "final": sa.Boolean(),
    "released_at": storage.models.UTCDateTime(timezone=True),
}


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c, TYPED.get(c)) for c in columns))


def _weeks(releases: list[dict[str, Any]]) -> dict[tuple[str, str], set[int]]:
    """The set ids each (team, week) uses."""
    found: dict[tuple[str, str], set[int]] = {}
    for row in releases:
        found.setdefault((row["team_id"], row["week"]), set()).add(row["set_id"])
    return found


def _sequences_follow(*tables: str) -> None:
    """PostgreSQL: each table's id sequence continues after the ids inserted explicitly."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in tables:
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
        )


def _numbered(start: int = 1) -> Iterator[int]:
    number = start
    while True:
        yield number
        number += 1


def upgrade() -> None:
    bind = op.get_bind()
    old_releases = _table("figure_releases", *RELEASE_COLUMNS)
    old_answers = _table("figure_answers", "id", "answer_key", "person", "value")
    old_members = _table("figure_set_answers", "set_id", "answer_id")
    releases = [dict(r) for r in bind.execute(sa.select(old_releases)).mappings()]
    packed: dict[tuple[str, str, int], tuple[str, bytes]] = {}  # (team, week, old set) -> set
    list_rows = []
    for (team, week), used in sorted(_weeks(releases).items()):
        rows = bind.execute(
            sa.select(
                old_members.c.set_id,
                old_answers.c.id,
                old_answers.c.answer_key,
                old_answers.c.person,
                old_answers.c.value,
            )
            .join(old_answers, old_answers.c.id == old_members.c.answer_id)
            .where(old_members.c.set_id.in_(sorted(used)))
            .order_by(old_answers.c.id)
        ).all()
        position: dict[int, int] = {}
        keys: list[str] = []
        persons: list[str] = []
        values: list[int | None] = []
        members: dict[int, list[int]] = {number: [] for number in used}
        for set_id, answer_id, key, person, value in rows:
            if answer_id not in position:
                position[answer_id] = len(keys)
                keys.append(key)
                persons.append(person)
                values.append(value)
            members[set_id].append(position[answer_id])
        if keys:
            people = list(dict.fromkeys(persons))
            index = {person: number for number, person in enumerate(people)}
            list_rows.append(
                {
                    "team_id": team,
                    "week": week,
                    "people": pack_people(people),
                    "answers": pack_answers(keys, [index[p] for p in persons], values),
                }
            )
        for set_id, positions in members.items():
            packed[(team, week, set_id)] = pack_set(week, positions)
    _drop_releases()
    op.drop_index(op.f("ix_figure_set_answers_answer_id"), table_name="figure_set_answers")
    op.drop_table("figure_set_answers")
    op.drop_table("figure_sets")
    op.drop_index(op.f("ix_figure_answers_person"), table_name="figure_answers")
    op.drop_table("figure_answers")
    lists, sets = _new_tables()
    if list_rows:
        bind.execute(lists.insert(), list_rows)
    set_ids: dict[tuple[str, str], int] = {}  # (team, digest) -> new id
    numbers = _numbered()
    set_rows = []
    for (team, _week, _old), (digest, blob) in packed.items():
        if (team, digest) not in set_ids:
            set_ids[(team, digest)] = next(numbers)
            set_rows.append(
                {"id": set_ids[(team, digest)], "team_id": team, "digest": digest, "answers": blob}
            )
    if set_rows:
        bind.execute(sets.insert(), set_rows)
    new_releases = _releases()
    for row in releases:
        team = row["team_id"]
        row["set_id"] = set_ids[(team, packed[(team, row["week"], row["set_id"])][0])]
    if releases:
        bind.execute(new_releases.insert(), releases)
    _sequences_follow("figure_sets", "figure_releases")


def downgrade() -> None:
    bind = op.get_bind()
    releases = [
        dict(r)
        for r in bind.execute(sa.select(_table("figure_releases", *RELEASE_COLUMNS))).mappings()
    ]
    new_lists = _table("figure_answer_lists", "id", "team_id", "week", "people", "answers")
    new_sets = _table("figure_sets", "id", "answers")
    lists: dict[tuple[str, str], list[tuple[str, str, int | None]]] = {}
    for team, week, people, blob in bind.execute(
        sa.select(
            new_lists.c.team_id, new_lists.c.week, new_lists.c.people, new_lists.c.answers
        ).order_by(new_lists.c.id)
    ):
        names = unpack_people(people)
        keys, who, values = unpack_answers(blob)
        lists.setdefault((team, week), []).extend(
            zip(keys, [names[n] for n in who], values, strict=True)
        )
    blobs = dict(bind.execute(sa.select(new_sets.c.id, new_sets.c.answers)).all())
    _drop_releases()
    op.drop_table("figure_sets")
    op.drop_index("ix_figure_answer_lists_week", table_name="figure_answer_lists")
    op.drop_table("figure_answer_lists")
    answers, sets, members = _old_tables()
    answer_ids: dict[tuple[str, str], int] = {}  # (team, key) -> id
    answer_rows = []
    numbers = _numbered()
    set_ids: dict[tuple[str, str], int] = {}  # (team, digest) -> id
    set_rows = []
    member_rows = []
    set_numbers = _numbered()
    new_to_old: dict[tuple[str, str, int], int] = {}
    for (team, week), used in sorted(_weeks(releases).items()):
        listed = lists.get((team, week), [])
        for number in sorted(used):
            ids = []
            for position in unpack_set(blobs[number]):
                key, person, value = listed[position]
                if (team, key) not in answer_ids:
                    answer_ids[(team, key)] = next(numbers)
                    answer_rows.append(
                        {
                            "id": answer_ids[(team, key)],
                            "team_id": team,
                            "answer_key": key,
                            "person": person,
                            "value": value,
                        }
                    )
                ids.append(answer_ids[(team, key)])
            ids.sort()
            digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
            if (team, digest) not in set_ids:
                set_ids[(team, digest)] = next(set_numbers)
                set_rows.append({"id": set_ids[(team, digest)], "team_id": team, "digest": digest})
                member_rows += [
                    {"set_id": set_ids[(team, digest)], "answer_id": i, "team_id": team}
                    for i in ids
                ]
            new_to_old[(team, week, number)] = set_ids[(team, digest)]
    for table, rows in ((answers, answer_rows), (sets, set_rows), (members, member_rows)):
        if rows:
            bind.execute(table.insert(), rows)
    old_releases = _releases()
    for row in releases:
        row["set_id"] = new_to_old[(row["team_id"], row["week"], row["set_id"])]
    if releases:
        bind.execute(old_releases.insert(), releases)
    _sequences_follow("figure_answers", "figure_sets", "figure_releases")

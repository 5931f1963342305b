"""The digest benchmark's data: a year of a large crew's rows, bulk-loaded (executemany on
SQLite, COPY on PostgreSQL), and the covering indexes the weekly counts use."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from typing import Any

from rituals.metrics import IsoWeek
from rituals.schedule import zone
from storage.db import Database

TEAM = "T0BENCH"
TZ = "Europe/London"
END_WEEK = IsoWeek(2026, 48)
ROLES = [
    "direction", "production", "camera", "lighting", "sound", "art", "costume",
    "editing", "writers", "design", "engineering", "qa",
]  # fmt: skip
CHANNEL_SIZE = 500
PULSE_DAYS = 6  # Monday to Saturday: a six-day shooting week
ANSWER_RATE = 0.83
INTERACTIONS_PER_MEMBER = 9.6  # per week: ≈ 5 M over a year for 10,000 people
RUNS = 5
# Covering indexes for the week's aggregates (in the schema since migration 0001; the
# benchmark adds them only to a database made before): each lets one family of queries
# read the index alone.
PROPOSED_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ix_members_role": ("members", ("team_id", "user_id", "role")),
    "ix_deliveries_prompts": (
        "deliveries", ("team_id", "kind", "sent_at", "status", "recipient"),
    ),
    "ix_pulse_answers_week": (
        "pulse_answers", ("team_id", "answered_at", "score", "user_id", "channel_id"),
    ),
    "ix_interactions_week": (
        "interactions", ("team_id", "occurred_at", "kind", "actor_id", "target_id", "channel_id"),
    ),
}  # fmt: skip

COLUMNS: dict[str, tuple[str, ...]] = {
    "occurrences": (
        "id", "team_id", "ritual_id", "kind", "channel_id", "scheduled_for", "status",
        "config", "created_at", "planned_at",
    ),
    "deliveries": (
        "id", "team_id", "occurrence_id", "kind", "recipient", "payload", "status",
        "not_before", "attempts", "channel", "sent_at", "created_at",
    ),
    "pulse_answers": (
        "id", "team_id", "occurrence_id", "channel_id", "user_id", "score", "answered_at",
        "updated_at",
    ),
    "interactions": (
        "id", "team_id", "channel_id", "actor_id", "target_id", "kind", "message_ts",
        "reaction", "occurred_at",
    ),
    "pairings": (
        "id", "team_id", "occurrence_id", "channel_id", "cross_role", "suggestion", "met",
        "created_at",
    ),
    "pairing_members": ("pairing_id", "user_id", "team_id", "role"),
    "retros": (
        "id", "team_id", "channel_id", "title", "format", "status", "facilitator_id",
        "votes_per_person", "created_at", "closed_at",
    ),
    "retro_cards": (
        "id", "team_id", "retro_id", "column", "text", "anonymous", "created_at", "updated_at",
    ),
    "action_items": (
        "id", "team_id", "channel_id", "retro_id", "text", "owner_id", "created_by", "status",
        "created_at", "done_at",
    ),
    "members": (
        "id", "team_id", "user_id", "name", "real_name", "title", "tz", "is_admin", "is_owner",
        "is_bot", "deleted", "role", "is_manager", "opted_out", "created_at",
    ),
}  # fmt: skip


# loading ---------------------------------------------------------------------------


class Loader:
    """Bulk inserts through the driver: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.raw = db.engine.raw_connection()
        self.conn: Any = self.raw.driver_connection
        self.postgres = db.dialect == "postgresql"
        if not self.postgres:
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.execute("PRAGMA cache_size=-262144")  # 256 MB while loading

    def ts(self, value: datetime) -> Any:
        """A UTC datetime as the driver should get it (SQLite: SQLAlchemy's text format)."""
        if self.postgres:
            return value
        return value.isoformat(" ", "microseconds")[:26]

    def insert(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        columns = COLUMNS[table]
        quoted = ", ".join(f'"{c}"' for c in columns)
        if self.postgres:
            with (
                self.conn.cursor() as cursor,
                cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            self.conn.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        self.raw.close()


class Ids:
    """Explicit primary keys, so children can name their parents without a round trip."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def next(self, table: str) -> int:
        self.last[table] = self.last.get(table, 0) + 1
        return self.last[table]


def _local(day: Any, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, dtime(hour, minute), tzinfo=zone(TZ)).astimezone(UTC)


def generate(db: Database, *, members: int, weeks: int, seed: int = 48) -> dict[str, int]:
    """Load ``members`` × ``weeks`` of rituals ending with END_WEEK; returns row counts."""
    rng = random.Random(seed)
    ids = Ids()
    loader = Loader(db)
    counts: dict[str, int] = {}

    def put(table: str, rows: list[tuple[Any, ...]]) -> None:
        loader.insert(table, rows)
        counts[table] = counts.get(table, 0) + len(rows)

    ts = loader.ts
    start = END_WEEK.shift(-(weeks - 1))
    created = ts(_local(start.monday, 0) - timedelta(days=1))
    users = [f"U{n:07d}" for n in range(members)]
    role_of = {u: (None if rng.random() < 0.03 else rng.choice(ROLES)) for u in users}
    bots = {f"UBOT{n}" for n in range(3)}
    put(
        "members",
        [
            (
                ids.next("members"),
                TEAM,
                user,
                user.lower(),
                f"Crew {user}",
                "",
                TZ,
                False,
                False,
                user in bots,
                False,
                role_of.get(user),
                False,
                False,
                created,
            )
            for user in [*users, *sorted(bots)]
        ],  # fmt: skip
    )
    channels = {
        f"C{n:05d}": users[n * CHANNEL_SIZE : (n + 1) * CHANNEL_SIZE]
        for n in range(max(1, -(-members // CHANNEL_SIZE)))
    }
    loader.commit()

    for offset in range(weeks):
        week = start.shift(offset)
        mood = 3.2 + 0.8 * offset / max(1, weeks - 1)  # the crew warms up over the year
        deliveries: list[tuple[Any, ...]] = []
        answers: list[tuple[Any, ...]] = []
        occurrences: list[tuple[Any, ...]] = []
        for channel, crew in channels.items():
            for day_number in range(PULSE_DAYS):
                day = week.monday + timedelta(days=day_number)
                sent_at = _local(day, 9)
                sent = ts(sent_at)
                occurrence = ids.next("occurrences")
                occurrences.append(
                    (occurrence, TEAM, None, "pulse", channel, sent, "planned", "{}", sent, sent)
                )
                for user in crew:
                    ok = rng.random() > 0.01
                    deliveries.append(
                        (ids.next("deliveries"), TEAM, occurrence, "pulse_prompt", user, "{}",
                         "sent" if ok else "failed", sent, 1, None, sent if ok else None, sent)
                    )  # fmt: skip
                    if ok and rng.random() < ANSWER_RATE:
                        score = min(5, max(1, round(rng.gauss(mood, 0.9))))
                        when = ts(sent_at + timedelta(minutes=rng.randrange(600)))
                        answers.append(
                            (ids.next("pulse_answers"), TEAM, occurrence, channel, user, score,
                             when, when)
                        )  # fmt: skip
        put("occurrences", occurrences)
        put("deliveries", deliveries)
        put("pulse_answers", answers)
        del deliveries, answers

        interactions: list[tuple[Any, ...]] = []
        week_start = _local(week.monday, 0)
        for channel, crew in channels.items():
            for _ in range(int(len(crew) * INTERACTIONS_PER_MEMBER)):
                actor, target = rng.choice(crew), rng.choice(crew)
                reaction = rng.random() < 0.7
                interactions.append(
                    (ids.next("interactions"), TEAM, channel, actor, target,
                     "reaction" if reaction else "reply", f"{rng.randrange(10**9)}.000100",
                     "clap" if reaction else None,
                     ts(week_start + timedelta(seconds=rng.randrange(7 * 86400))))
                )  # fmt: skip
        put("interactions", interactions)
        del interactions

        pairings: list[tuple[Any, ...]] = []
        pair_members: list[tuple[Any, ...]] = []
        retros: list[tuple[Any, ...]] = []
        cards: list[tuple[Any, ...]] = []
        items: list[tuple[Any, ...]] = []
        monday = ts(_local(week.monday, 10))
        for channel, crew in channels.items():
            occurrence = ids.next("occurrences")
            occurrences = [
                (occurrence, TEAM, None, "shadow", channel, monday, "planned", "{}", monday, monday)
            ]
            put("occurrences", occurrences)
            shuffled = crew[:]
            rng.shuffle(shuffled)
            for index in range(0, len(shuffled) - 1, 2):
                group = shuffled[index : index + 2]
                pairing = ids.next("pairings")
                met = rng.choices([True, False, None], [0.6, 0.2, 0.2])[0]
                cross = role_of[group[0]] != role_of[group[1]]
                pairings.append((pairing, TEAM, occurrence, channel, cross, "", met, monday))
                pair_members += [(pairing, user, TEAM, role_of[user]) for user in group]
            retro_at = _local(week.monday + timedelta(days=3), 16)
            retro_day = ts(retro_at)
            retro = ids.next("retros")
            retros.append(
                (retro, TEAM, channel, "Weekly retro", "creative-quality", "closed", crew[0], 3,
                 retro_day, ts(retro_at + timedelta(hours=1)))
            )  # fmt: skip
            for number in range(10):
                cards.append(
                    (ids.next("retro_cards"), TEAM, retro, "raised", f"card {number}",
                     number % 3 == 0, retro_day, retro_day)
                )  # fmt: skip
            for number in range(3):
                done = ts(retro_at + timedelta(days=rng.randrange(4, 21))) if number else None
                items.append(
                    (ids.next("action_items"), TEAM, channel, retro, f"action {number}", crew[1],
                     crew[0], "done" if done else "open", retro_day, done)
                )  # fmt: skip
        put("pairings", pairings)
        put("pairing_members", pair_members)
        put("retros", retros)
        put("retro_cards", cards)
        put("action_items", items)
        loader.commit()
    if loader.postgres:
        with loader.conn.cursor() as cursor:
            for table in ids.last:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {ids.last[table]})"
                )
        loader.commit()
    loader.close()
    return counts

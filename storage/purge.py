"""Erasing one workspace: every row of it, in every table that carries ``team_id``.

slack_sdk's installation tables (migration 0002) carry ``team_id`` too. Rows go in
the unit's one transaction, children before parents. OAuth states belong to no
workspace (and expire on their own).
"""

from __future__ import annotations

from sqlalchemy import MetaData, Table, delete, inspect

from storage.models import Base
from storage.unit import Unit


def installation_tables() -> list[Table]:
    """slack_sdk's installation tables, built as migration 0002 builds them."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    metadata = MetaData()
    return [
        SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots"),
        SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations"),
    ]


def team_tables(unit: Unit) -> list[Table]:
    """Every table of the database that holds per-workspace rows, children first."""
    existing = set(inspect(unit.connection).get_table_names())
    tables = [t for t in reversed(Base.metadata.sorted_tables) if "team_id" in t.c]
    tables += installation_tables()
    return [t for t in tables if t.name in existing]


def erase_team(unit: Unit, *, team_id: str) -> dict[str, int]:
    """Delete every row of ``team_id`` in every table; rows deleted per table."""
    counts: dict[str, int] = {}
    for table in team_tables(unit):
        result = unit.execute(delete(table).where(table.c.team_id == team_id))
        counts[table.name] = max(int(result.rowcount or 0), 0)
    return counts

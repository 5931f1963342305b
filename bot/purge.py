"""``greenroom purge --team T…``: erase everything stored for one workspace.

Every Greenroom table carries ``team_id``; so do slack_sdk's installation
tables (migration 0002). Rows go in one transaction, children before parents.
OAuth states belong to no workspace (and expire on their own).
"""

from __future__ import annotations

from sqlalchemy import MetaData, Table, delete, inspect

from storage.db import Database
from storage.models import Base


def installation_tables() -> list[Table]:
    """slack_sdk's installation tables, built as migration 0002 builds them."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    metadata = MetaData()
    return [
        SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots"),
        SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations"),
    ]


def team_tables(db: Database) -> list[Table]:
    """Every table of the database that holds per-workspace rows, children first."""
    existing = set(inspect(db.engine).get_table_names())
    tables = [t for t in reversed(Base.metadata.sorted_tables) if "team_id" in t.c]
    tables += installation_tables()
    return [t for t in tables if t.name in existing]


def purge_team(db: Database, team_id: str) -> dict[str, int]:
    """Delete every row of ``team_id`` in every table; returns rows deleted per table."""
    counts: dict[str, int] = {}
    tables = team_tables(db)
    with db.session() as session:
        for table in tables:
            result = session.execute(delete(table).where(table.c.team_id == team_id))
            counts[table.name] = max(int(result.rowcount or 0), 0)
    return counts

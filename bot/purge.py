"""``greenroom purge --team T…``: erase everything stored for one workspace."""

from __future__ import annotations

from sqlalchemy import delete, inspect

from storage.db import Database
from storage.models import Base


def purge_team(db: Database, team_id: str) -> dict[str, int]:
    """Delete every row of ``team_id`` in every table; returns rows deleted per table."""
    counts: dict[str, int] = {}
    with db.session() as session:
        for table in reversed(Base.metadata.sorted_tables):
            if "team_id" in table.c:
                result = session.execute(delete(table).where(table.c.team_id == team_id))
                counts[table.name] = result.rowcount or 0
        names = set(inspect(session.get_bind()).get_table_names())
        for name in ("slack_bots", "slack_installations"):
            if name in names:
                table = Base.metadata.tables.get(name)
                if table is None:
                    from sqlalchemy import MetaData, Table

                    table = Table(name, MetaData(), autoload_with=session.get_bind())
                result = session.execute(delete(table).where(table.c.team_id == team_id))
                counts[name] = result.rowcount or 0
    return counts

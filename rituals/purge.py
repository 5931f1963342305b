"""Erasing a whole workspace (``greenroom purge``): the operator's decision, run from the
command line, never from Slack. A workspace this database does not hold is an error, so
a mistyped team id never looks like a successful erase."""

from __future__ import annotations

from dataclasses import dataclass

from rituals.errors import NotFound
from storage import purge, workspaces
from storage.db import Database


@dataclass(frozen=True)
class Erased:
    """What was erased: rows per table."""

    team_id: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        """Rows erased in all."""
        return sum(self.rows.values())


def erase_workspace(db: Database, team_id: str) -> Erased:
    """Delete every row of ``team_id``; NotFound (nothing deleted) when the database has none."""
    with db.unit() as unit:
        known = workspaces.names(unit)
        rows = purge.erase_team(unit, team_id=team_id)
        if team_id not in known and not any(rows.values()):
            choices = ", ".join(sorted(known))
            raise NotFound(
                f"No workspace {team_id} in this database"
                + (f"; it has {choices}." if known else ", which has no workspace yet.")
            )
    return Erased(team_id, rows)

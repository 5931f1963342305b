"""Channels a workspace's data mentions: any table row with both ``team_id`` and ``channel_id``."""

from __future__ import annotations

from sqlalchemy import select, union

from storage.models import Base
from storage.unit import Unit


def seen(unit: Unit, *, team_id: str) -> set[str]:
    """Every channel id that a ritual, answer, pairing, retro or interaction of the team names."""
    both = {"team_id", "channel_id"}
    tables = [t for t in Base.metadata.sorted_tables if both <= set(t.c.keys())]
    query = union(
        *(
            select(t.c.channel_id.label("channel_id")).where(
                t.c.team_id == team_id, t.c.channel_id.is_not(None)
            )
            for t in tables
        )
    )
    return {str(found) for found in unit.execute(query).scalars()}

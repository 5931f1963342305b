"""Members' roles: who does what on the production (lighting, sound, camera …).

A role is stored on the member row (``Member.role``); ``None`` means unassigned.
Names arrive here already normalised by ``rituals.roles``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Member


def set_roles(
    session: Session, team_id: str, roles: Mapping[str, str | None], *, now: datetime
) -> int:
    """Give each member its role (rows created for new members); returns how many changed."""
    if not roles:
        return 0
    wanted = dict(roles)
    rows = {
        row.user_id: row
        for row in session.scalars(
            select(Member).where(Member.team_id == team_id, Member.user_id.in_(list(wanted)))
        )
    }
    changed = 0
    for user_id, role in wanted.items():
        row = rows.get(user_id)
        if row is None:
            row = Member(team_id=team_id, user_id=user_id, created_at=now)
            session.add(row)
        if row.role != role:
            row.role = role
            changed += 1
    return changed


def roles_of(session: Session, team_id: str, user_ids: Iterable[str]) -> dict[str, str | None]:
    """The stored role of each of these members (absent when the member is unknown)."""
    ids = list(dict.fromkeys(user_ids))
    found: dict[str, str | None] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for user_id, role in session.execute(
            select(Member.user_id, Member.role).where(
                Member.team_id == team_id, Member.user_id.in_(chunk)
            )
        ):
            found[user_id] = role
    return found

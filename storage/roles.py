"""Members' roles: who does what on the production (lighting, sound, camera …).

A role is stored on the member row (``Member.role``); ``None`` means unassigned.
Names arrive here already normalised by ``rituals.roles``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import func, select, update

from storage import people
from storage.models import Member
from storage.unit import Unit

_M = Member.__table__.c


def set_roles(unit: Unit, *, team_id: str, roles: Mapping[str, str | None], now: datetime) -> int:
    """Give each member its role (rows created for new members); returns how many changed."""
    if not roles:
        return 0
    before = people.roles_of(unit, team_id=team_id, user_ids=roles)
    changed = 0
    for user_id, role in roles.items():
        if user_id not in before:
            people.change(unit, team_id=team_id, user_id=user_id, now=now)
        elif before[user_id] == role:
            continue
        if role is not None or user_id in before:
            unit.execute(
                update(Member).where(_M.team_id == team_id, _M.user_id == user_id).values(role=role)
            )
            changed += 1
    return changed


def counts(unit: Unit, *, team_id: str) -> dict[str, int]:
    """Every role given in the workspace, with how many current members have it."""
    rows = unit.execute(
        select(_M.role, func.count())
        .where(
            _M.team_id == team_id,
            _M.role.is_not(None),
            _M.deleted.is_(False),
            _M.is_bot.is_(False),
        )
        .group_by(_M.role)
    )
    return {role: int(n) for role, n in rows}

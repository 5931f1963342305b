"""Member rows: who is in a workspace, as synced from Slack plus their own settings.

Reads come straight into frozen records (no ORM rows): every sender asks for its
recipient. Profile fields are upserted from Slack's directory; a member's own
settings (role, away, opt-out, manager) are changed field by field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select, update

from storage.models import Member
from storage.unit import Unit


@dataclass(frozen=True)
class PersonRecord:
    """A member as the rest of Greenroom sees them."""

    user_id: str
    name: str
    real_name: str
    tz: str | None
    role: str | None
    is_admin: bool
    is_owner: bool
    is_bot: bool
    deleted: bool
    is_manager: bool
    opted_out: bool
    away_until: date | None
    title: str = ""

    @property
    def display(self) -> str:
        """The name to show."""
        return self.real_name or self.name or self.user_id


PROFILE_FIELDS = ("name", "real_name", "title", "tz", "is_admin", "is_owner", "is_bot", "deleted")
SETTINGS = frozenset({"role", "is_manager", "opted_out", "away_until", *PROFILE_FIELDS})

_M = Member.__table__.c
_PEOPLE = select(*(_M[f.name] for f in dataclass_fields(PersonRecord)), _M.synced_at).where(
    _M.team_id == bindparam("team_id"), _M.user_id.in_(bindparam("ids", expanding=True))
)
CHUNK = 500


def load(
    unit: Unit, *, team_id: str, user_ids: Iterable[str]
) -> dict[str, tuple[PersonRecord, datetime | None]]:
    """The stored members with these ids, each with when Slack last told us about them."""
    ids = list(dict.fromkeys(user_ids))
    found: dict[str, tuple[PersonRecord, datetime | None]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = unit.execute(_PEOPLE, {"team_id": team_id, "ids": ids[start : start + CHUNK]})
        for row in rows:
            *values, synced_at = row
            found[row.user_id] = (PersonRecord(*values), synced_at)
    return found


def store_profiles(
    unit: Unit, *, team_id: str, profiles: Iterable[Mapping[str, Any]], now: datetime
) -> None:
    """Upsert profile fields (``PROFILE_FIELDS`` plus ``user_id``) as Slack gave them."""
    wanted = {str(p["user_id"]): p for p in profiles}
    if not wanted:
        return
    existing = set(load(unit, team_id=team_id, user_ids=wanted))
    new = [
        {
            "team_id": team_id,
            "user_id": uid,
            "created_at": now,
            "synced_at": now,
            **_defaults(),
            **{k: p[k] for k in PROFILE_FIELDS if k in p},
        }
        for uid, p in wanted.items()
        if uid not in existing
    ]
    if new:
        unit.execute(unit.insert(Member.__table__).on_conflict_do_nothing(), new)
    for uid, profile in wanted.items():
        if uid in existing:
            values = {k: profile[k] for k in PROFILE_FIELDS if k in profile}
            _update(unit, team_id, uid, {**values, "synced_at": now})


def _defaults() -> dict[str, Any]:
    return {
        "name": "",
        "real_name": "",
        "title": "",
        "is_admin": False,
        "is_owner": False,
        "is_bot": False,
        "deleted": False,
        "is_manager": False,
        "opted_out": False,
    }


def change(unit: Unit, *, team_id: str, user_id: str, now: datetime, **values: Any) -> PersonRecord:
    """Set fields of a member (a row is created for someone not seen yet); the new record."""
    unknown = set(values) - SETTINGS
    if unknown:
        raise ValueError(f"not member settings: {sorted(unknown)}")
    row = {"team_id": team_id, "user_id": user_id, "created_at": now, **_defaults()}
    unit.execute(unit.insert(Member.__table__).on_conflict_do_nothing(), [row])
    if values:
        _update(unit, team_id, user_id, values)
    return load(unit, team_id=team_id, user_ids=[user_id])[user_id][0]


def _update(unit: Unit, team_id: str, user_id: str, values: Mapping[str, Any]) -> None:
    unit.execute(
        update(Member).where(_M.team_id == team_id, _M.user_id == user_id).values(**values)
    )


def with_name(unit: Unit, *, team_id: str, name: str) -> str | None:
    """The id of the member whose Slack handle is ``name``."""
    return unit.execute(
        select(_M.user_id).where(_M.team_id == team_id, _M.name == name).limit(1)
    ).scalar()


def roles_of(unit: Unit, *, team_id: str, user_ids: Iterable[str]) -> dict[str, str | None]:
    """The stored role of each of these members (absent when the member is unknown)."""
    return {
        uid: rec.role for uid, (rec, _) in load(unit, team_id=team_id, user_ids=user_ids).items()
    }

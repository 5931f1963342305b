"""Shadowing rounds: groups (``Pairing`` + ``PairingMember``) and "did you meet?" answers.

A round is everything one occurrence of the shadow ritual produced. It is
written once: ``create_round`` marks it on the occurrence (``config["round"]``,
in the same transaction as the groups), so planning the occurrence again or a
second process racing for it reuses what is there. ``lock_occurrence`` takes
the occurrence row's write lock on both SQLite and PostgreSQL so two writers
queue up instead of both creating groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from storage.models import Delivery, Occurrence, Pairing, PairingMember
from storage.unit import Unit

ROUND_KEY = "round"

_P, _M = Pairing.__table__, PairingMember.__table__
_D, _O = Delivery.__table__, Occurrence.__table__
# The "Did you meet?" click reads a group and writes its answer: built once.
_GROUPS = select(_P).order_by(_P.c.id)
_ONE_GROUP = _GROUPS.where(_P.c.team_id == bindparam("team_id"), _P.c.id == bindparam("pid"))
_MEMBERS_OF = select(_M.c.pairing_id, _M.c.user_id, _M.c.role).where(
    _M.c.pairing_id.in_(bindparam("ids", expanding=True))
)
_ANSWER = (
    update(Pairing)
    .where(_P.c.team_id == bindparam("in_team"), _P.c.id == bindparam("pid"))
    .values(met=bindparam("to_met"), met_answered_by=bindparam("by"), met_at=bindparam("at"))
)
_MESSAGE = select(_D.c.status, _D.c.channel, _D.c.message_ts).where(
    _D.c.team_id == bindparam("team_id"),
    _D.c.occurrence_id == bindparam("occurrence_id"),
    _D.c.kind == bindparam("kind"),
    _D.c.recipient == bindparam("recipient"),
)


@dataclass(frozen=True)
class PairedMember:
    """A member of a group with the role they had when the round was made."""

    user_id: str
    role: str | None


@dataclass(frozen=True)
class PairingRecord:
    """One stored shadowing group."""

    id: int
    team_id: str
    occurrence_id: int
    channel_id: str | None
    cross_role: bool
    suggestion: str
    group_channel: str | None
    met: bool | None
    met_answered_by: str | None
    met_at: datetime | None
    created_at: datetime
    members: tuple[PairedMember, ...]

    @property
    def user_ids(self) -> tuple[str, ...]:
        """The members' ids, in the order they are stored (sorted)."""
        return tuple(m.user_id for m in self.members)


@dataclass(frozen=True)
class NewGroup:
    """A group about to be stored."""

    members: tuple[PairedMember, ...]
    cross_role: bool
    suggestion: str


@dataclass(frozen=True)
class RoundRecord:
    """A stored round: its groups, who could not be placed and why."""

    occurrence_id: int
    channel_id: str | None
    created_at: datetime
    pairings: tuple[PairingRecord, ...]
    unplaced: tuple[tuple[str, str], ...] = ()
    cross_role_bound: int | None = None


@dataclass(frozen=True)
class GroupMessage:
    """Where one of a group's messages (an intro, a follow-up) stands."""

    status: str
    channel: str | None
    ts: str | None


# rounds ----------------------------------------------------------------------


def lock_occurrence(unit: Unit, *, occurrence_id: int) -> None:
    """Take the occurrence row's write lock until the unit ends."""
    unit.execute(update(Occurrence).where(_O.c.id == occurrence_id).values(kind=_O.c.kind))


def stored_round(unit: Unit, *, team_id: str, occurrence_id: int) -> RoundRecord | None:
    """The round made for this occurrence, or None when it has not been made yet."""
    ours = _O.c.id == occurrence_id, _O.c.team_id == team_id
    row = unit.execute(select(_O.c.channel_id, _O.c.config).where(*ours)).first()
    outcome = (row.config or {}).get(ROUND_KEY) if row is not None else None
    if row is None or not isinstance(outcome, dict):
        return None
    pairings = _load(
        unit, _GROUPS.where(_P.c.team_id == team_id, _P.c.occurrence_id == occurrence_id)
    )
    return RoundRecord(
        occurrence_id=occurrence_id,
        channel_id=row.channel_id,
        created_at=datetime.fromisoformat(outcome["created_at"]),
        pairings=tuple(pairings),
        unplaced=tuple((str(u), str(r)) for u, r in outcome.get("unplaced") or []),
        cross_role_bound=outcome.get("cross_role_bound"),
    )


def create_round(
    unit: Unit,
    *,
    team_id: str,
    occurrence_id: int,
    channel_id: str | None,
    groups: Sequence[NewGroup],
    unplaced: Sequence[tuple[str, str]],
    cross_role_bound: int | None,
    now: datetime,
) -> RoundRecord:
    """Store a round's groups and mark the occurrence as paired (call under ``lock_occurrence``).

    Raises LookupError when the occurrence is not this workspace's."""
    config = unit.execute(
        select(_O.c.config).where(_O.c.id == occurrence_id, _O.c.team_id == team_id)
    ).first()
    if config is None:
        raise LookupError(f"no occurrence {occurrence_id} in {team_id}")
    members: list[dict[str, Any]] = []
    for group in groups:
        pairing_id = unit.execute(
            insert(Pairing)
            .values(
                team_id=team_id,
                occurrence_id=occurrence_id,
                channel_id=channel_id,
                cross_role=group.cross_role,
                suggestion=group.suggestion,
                created_at=now,
            )
            .returning(_P.c.id)
        ).scalar_one()
        members += [
            {"pairing_id": pairing_id, "user_id": m.user_id, "team_id": team_id, "role": m.role}
            for m in group.members
        ]
    if members:
        unit.execute(insert(PairingMember), members)
    outcome = {
        "created_at": now.isoformat(),
        "unplaced": [list(item) for item in unplaced],
        "cross_role_bound": cross_role_bound,
    }
    unit.execute(
        update(Occurrence)
        .where(_O.c.id == occurrence_id)
        .values(config={**(config.config or {}), ROUND_KEY: outcome})
    )
    found = stored_round(unit, team_id=team_id, occurrence_id=occurrence_id)
    assert found is not None
    return found


def recent_rounds(
    unit: Unit,
    *,
    team_id: str,
    channel_id: str | None,
    rounds: int,
    before_occurrence: int | None = None,
) -> list[RoundRecord]:
    """The last ``rounds`` rounds with groups, of one channel or (``None``) the workspace,
    most recent first; only rounds before ``before_occurrence`` when it is given."""
    query = select(_P.c.occurrence_id).where(_P.c.team_id == team_id)
    if channel_id is not None:
        query = query.where(_P.c.channel_id == channel_id)
    if before_occurrence is not None:
        query = query.where(_P.c.occurrence_id < before_occurrence)
    ids = list(
        unit.execute(
            query.group_by(_P.c.occurrence_id).order_by(_P.c.occurrence_id.desc()).limit(rounds)
        ).scalars()
    )
    if not ids:
        return []
    grouped: dict[int, list[PairingRecord]] = defaultdict(list)
    for pairing in _load(unit, _GROUPS.where(_P.c.team_id == team_id, _P.c.occurrence_id.in_(ids))):
        grouped[pairing.occurrence_id].append(pairing)
    return [
        RoundRecord(
            occurrence_id=oid,
            channel_id=grouped[oid][0].channel_id,
            created_at=min(p.created_at for p in grouped[oid]),
            pairings=tuple(grouped[oid]),
        )
        for oid in ids
    ]


def pairings_of_member(
    unit: Unit, *, team_id: str, user_id: str, limit: int
) -> list[PairingRecord]:
    """A member's own groups, most recent first."""
    mine = select(_M.c.pairing_id).where(_M.c.team_id == team_id, _M.c.user_id == user_id)
    query = (
        select(_P)
        .where(_P.c.team_id == team_id, _P.c.id.in_(mine))
        .order_by(_P.c.id.desc())
        .limit(limit)
    )
    return _load(unit, query)


def get_pairing(unit: Unit, *, team_id: str, pairing_id: int) -> PairingRecord | None:
    """One group of this workspace, or None."""
    found = _load(unit, _ONE_GROUP, {"team_id": team_id, "pid": pairing_id})
    return found[0] if found else None


def set_group_channel(unit: Unit, *, team_id: str, pairing_id: int, channel: str) -> None:
    """Remember the group DM the group's messages go to."""
    unit.execute(
        update(Pairing)
        .where(_P.c.team_id == team_id, _P.c.id == pairing_id)
        .values(group_channel=channel)
    )


def record_met(
    unit: Unit, *, team_id: str, pairing_id: int, user_id: str, met: bool, now: datetime
) -> None:
    """Store a "did you meet?" answer for a group (a later answer replaces it)."""
    unit.execute(
        _ANSWER, {"in_team": team_id, "pid": pairing_id, "to_met": met, "by": user_id, "at": now}
    )


def group_message(
    unit: Unit, *, team_id: str, occurrence_id: int, kind: str, recipient: str
) -> GroupMessage | None:
    """The delivery of kind ``kind`` addressed to ``recipient`` (a group), or None."""
    row = unit.execute(
        _MESSAGE,
        {"team_id": team_id, "occurrence_id": occurrence_id, "kind": kind, "recipient": recipient},
    ).first()
    return GroupMessage(row.status, row.channel, row.message_ts) if row is not None else None


def _load(unit: Unit, query: Any, parameters: dict[str, Any] | None = None) -> list[PairingRecord]:
    rows = list(unit.execute(query, parameters))
    if not rows:
        return []
    members: dict[int, list[PairedMember]] = defaultdict(list)
    for member in unit.execute(_MEMBERS_OF, {"ids": [r.id for r in rows]}):
        members[member.pairing_id].append(PairedMember(member.user_id, member.role))
    return [
        PairingRecord(
            id=row.id,
            team_id=row.team_id,
            occurrence_id=row.occurrence_id,
            channel_id=row.channel_id,
            cross_role=row.cross_role,
            suggestion=row.suggestion,
            group_channel=row.group_channel,
            met=row.met,
            met_answered_by=row.met_answered_by,
            met_at=row.met_at,
            created_at=row.created_at,
            members=tuple(sorted(members[row.id], key=lambda m: m.user_id)),
        )
        for row in rows
    ]

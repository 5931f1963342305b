"""Shadowing rounds: groups (``Pairing`` + ``PairingMember``), "did you meet?" answers, avoid lists.

A round is everything one occurrence of the shadow ritual produced. It is
written once: ``round_outcome`` marks it on the occurrence (``config["round"]``,
in the same transaction as the groups), so planning the occurrence again or a
second process racing for it reuses what is there. ``lock_occurrence`` takes
the occurrence row's write lock on both SQLite and PostgreSQL so two writers
queue up instead of both creating groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rituals.errors import NotAllowed, NotFound
from storage.models import AvoidPair, Occurrence, Pairing, PairingMember

ROUND_KEY = "round"


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
        """The members' ids, in the order they were grouped."""
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


# rounds ----------------------------------------------------------------------


def lock_occurrence(session: Session, occurrence_id: int) -> None:
    """Take the occurrence row's write lock until the transaction ends."""
    session.execute(
        update(Occurrence).where(Occurrence.id == occurrence_id).values(kind=Occurrence.kind)
    )


def stored_round(session: Session, team_id: str, occurrence_id: int) -> RoundRecord | None:
    """The round made for this occurrence, or None when it has not been made yet."""
    occurrence = session.get(Occurrence, occurrence_id)
    if occurrence is None or occurrence.team_id != team_id:
        return None
    outcome = (occurrence.config or {}).get(ROUND_KEY)
    if not isinstance(outcome, dict):
        return None
    pairings = _load(
        session,
        select(Pairing)
        .where(Pairing.team_id == team_id, Pairing.occurrence_id == occurrence_id)
        .order_by(Pairing.id),
    )
    return RoundRecord(
        occurrence_id=occurrence_id,
        channel_id=occurrence.channel_id,
        created_at=datetime.fromisoformat(outcome["created_at"]),
        pairings=tuple(pairings),
        unplaced=tuple((str(u), str(r)) for u, r in outcome.get("unplaced") or []),
        cross_role_bound=outcome.get("cross_role_bound"),
    )


def create_round(
    session: Session,
    *,
    team_id: str,
    occurrence_id: int,
    channel_id: str | None,
    groups: Sequence[NewGroup],
    unplaced: Sequence[tuple[str, str]],
    cross_role_bound: int | None,
    now: datetime,
) -> RoundRecord:
    """Store a round's groups and mark the occurrence as paired (call under ``lock_occurrence``)."""
    occurrence = session.get(Occurrence, occurrence_id)
    if occurrence is None or occurrence.team_id != team_id:
        raise NotFound(f"No shadowing round {occurrence_id}.")
    for group in groups:
        pairing = Pairing(
            team_id=team_id,
            occurrence_id=occurrence_id,
            channel_id=channel_id,
            cross_role=group.cross_role,
            suggestion=group.suggestion,
            created_at=now,
        )
        session.add(pairing)
        session.flush()
        for member in group.members:
            session.add(
                PairingMember(
                    pairing_id=pairing.id,
                    user_id=member.user_id,
                    team_id=team_id,
                    role=member.role,
                )
            )
    config: dict[str, Any] = dict(occurrence.config or {})
    config[ROUND_KEY] = {
        "created_at": now.isoformat(),
        "unplaced": [list(item) for item in unplaced],
        "cross_role_bound": cross_role_bound,
    }
    occurrence.config = config
    session.flush()
    found = stored_round(session, team_id, occurrence_id)
    assert found is not None
    return found


def recent_rounds(
    session: Session,
    team_id: str,
    channel_id: str,
    *,
    rounds: int,
    before_occurrence: int | None = None,
) -> list[RoundRecord]:
    """The channel's last ``rounds`` rounds with groups, most recent first."""
    query = select(Pairing.occurrence_id).where(
        Pairing.team_id == team_id, Pairing.channel_id == channel_id
    )
    if before_occurrence is not None:
        query = query.where(Pairing.occurrence_id < before_occurrence)
    ids = list(
        session.scalars(
            query.group_by(Pairing.occurrence_id)
            .order_by(Pairing.occurrence_id.desc())
            .limit(rounds)
        )
    )
    return _rounds(session, team_id, ids)


def rounds_for_history(
    session: Session, team_id: str, *, channel_id: str | None, rounds: int
) -> list[RoundRecord]:
    """The workspace's (or one channel's) last rounds with groups, most recent first."""
    query = select(Pairing.occurrence_id).where(Pairing.team_id == team_id)
    if channel_id is not None:
        query = query.where(Pairing.channel_id == channel_id)
    ids = list(
        session.scalars(
            query.group_by(Pairing.occurrence_id)
            .order_by(Pairing.occurrence_id.desc())
            .limit(rounds)
        )
    )
    return _rounds(session, team_id, ids)


def _rounds(session: Session, team_id: str, occurrence_ids: list[int]) -> list[RoundRecord]:
    if not occurrence_ids:
        return []
    pairings = _load(
        session,
        select(Pairing)
        .where(Pairing.team_id == team_id, Pairing.occurrence_id.in_(occurrence_ids))
        .order_by(Pairing.id),
    )
    grouped: dict[int, list[PairingRecord]] = defaultdict(list)
    for pairing in pairings:
        grouped[pairing.occurrence_id].append(pairing)
    return [
        RoundRecord(
            occurrence_id=oid,
            channel_id=grouped[oid][0].channel_id,
            created_at=min(p.created_at for p in grouped[oid]),
            pairings=tuple(grouped[oid]),
        )
        for oid in occurrence_ids
        if grouped.get(oid)
    ]


def pairings_of_member(
    session: Session, team_id: str, user_id: str, *, limit: int
) -> list[PairingRecord]:
    """A member's own groups, most recent first."""
    ids = select(PairingMember.pairing_id).where(
        PairingMember.team_id == team_id, PairingMember.user_id == user_id
    )
    return _load(
        session,
        select(Pairing)
        .where(Pairing.team_id == team_id, Pairing.id.in_(ids))
        .order_by(Pairing.id.desc())
        .limit(limit),
    )


def get_pairing(session: Session, team_id: str, pairing_id: int) -> PairingRecord | None:
    """One group of this workspace, or None."""
    found = _load(
        session, select(Pairing).where(Pairing.team_id == team_id, Pairing.id == pairing_id)
    )
    return found[0] if found else None


def set_group_channel(session: Session, team_id: str, pairing_id: int, channel: str) -> None:
    """Remember the group DM the intro went to."""
    session.execute(
        update(Pairing)
        .where(Pairing.team_id == team_id, Pairing.id == pairing_id)
        .values(group_channel=channel)
    )


def record_met(
    session: Session, team_id: str, pairing_id: int, *, user_id: str, met: bool, now: datetime
) -> PairingRecord:
    """Store a member's "did you meet?" answer for their group (a later answer replaces it)."""
    found = get_pairing(session, team_id, pairing_id)
    if found is None:
        raise NotFound("That shadowing pairing no longer exists, so there is nothing to record.")
    if user_id not in found.user_ids:
        raise NotAllowed("Only the people in this shadowing pairing can say whether they met.")
    session.execute(
        update(Pairing)
        .where(Pairing.id == pairing_id)
        .values(met=met, met_answered_by=user_id, met_at=now)
    )
    updated = get_pairing(session, team_id, pairing_id)
    assert updated is not None
    return updated


def _load(session: Session, query: Any) -> list[PairingRecord]:
    rows = list(session.scalars(query))
    if not rows:
        return []
    members: dict[int, list[PairedMember]] = defaultdict(list)
    for member in session.scalars(
        select(PairingMember).where(PairingMember.pairing_id.in_([r.id for r in rows]))
    ):
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


# avoid lists -----------------------------------------------------------------


def avoid_lists(session: Session, team_id: str) -> dict[str, frozenset[str]]:
    """Who each member never wants to be paired with, made symmetric (A avoids B ⇒ B avoids A)."""
    avoid: dict[str, set[str]] = defaultdict(set)
    for user_id, other in session.execute(
        select(AvoidPair.user_id, AvoidPair.avoided_user_id).where(AvoidPair.team_id == team_id)
    ):
        avoid[user_id].add(other)
        avoid[other].add(user_id)
    return {user_id: frozenset(others) for user_id, others in avoid.items()}


def add_avoid(
    session: Session, team_id: str, user_id: str, avoided_user_id: str, *, now: datetime
) -> bool:
    """Add to a member's avoid list; False when it was already there."""
    existing = session.get(AvoidPair, (team_id, user_id, avoided_user_id))
    if existing is not None:
        return False
    session.add(
        AvoidPair(team_id=team_id, user_id=user_id, avoided_user_id=avoided_user_id, created_at=now)
    )
    try:
        session.flush()
    except IntegrityError:  # the same request twice at once: the first one stored it
        session.rollback()
        return False
    return True


def remove_avoid(session: Session, team_id: str, user_id: str, avoided_user_id: str) -> bool:
    """Remove from a member's avoid list; False when it was not there."""
    result = session.execute(
        delete(AvoidPair).where(
            AvoidPair.team_id == team_id,
            AvoidPair.user_id == user_id,
            AvoidPair.avoided_user_id == avoided_user_id,
        )
    )
    return bool(getattr(result, "rowcount", 0))


def avoid_count(session: Session, team_id: str, user_id: str) -> int:
    """How many people a member avoids."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(AvoidPair)
            .where(AvoidPair.team_id == team_id, AvoidPair.user_id == user_id)
        )
        or 0
    )


def members_of(pairings: Iterable[PairingRecord]) -> set[str]:
    """Everyone in these groups."""
    return {uid for p in pairings for uid in p.user_ids}

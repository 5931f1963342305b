"""``shadow history``: managers see the last rounds in counts, members their own groups.

A manager's view never says who was with whom; a member's view names only the people
they were grouped with themselves.
"""

from __future__ import annotations

from rituals.actors import Actor, is_manager
from rituals.services import Services
from rituals.shadowing.messages import MyHistory, MyPairing, Partner, RoundStats, TeamHistory
from rituals.teams import team_zone
from storage import pairing as store
from storage.pairing import RoundRecord

TEAM_ROUNDS = 8
MY_PAIRINGS = 10


def _stats(round_: RoundRecord) -> RoundStats:
    pairings = round_.pairings
    return RoundStats(
        created_at=round_.created_at,
        channel_id=round_.channel_id,
        groups=len(pairings),
        cross_role=sum(1 for p in pairings if p.cross_role),
        met=sum(1 for p in pairings if p.met is True),
        missed=sum(1 for p in pairings if p.met is False),
    )


def team_history(svc: Services, actor: Actor, *, channel_id: str | None = None) -> TeamHistory:
    """The workspace's (or one channel's) last rounds, in counts."""
    with svc.db.unit() as unit:
        rounds = store.recent_rounds(
            unit, team_id=actor.team_id, channel_id=channel_id, rounds=TEAM_ROUNDS
        )
    return TeamHistory(tuple(_stats(r) for r in rounds), team_zone(svc, actor.team_id))


def my_history(svc: Services, actor: Actor) -> MyHistory:
    """The member's own last groups, with the names and roles of their partners."""
    with svc.db.unit() as unit:
        mine = store.pairings_of_member(
            unit, team_id=actor.team_id, user_id=actor.user_id, limit=MY_PAIRINGS
        )
    others = {m.user_id for p in mine for m in p.members} - {actor.user_id}
    names = {
        uid: p.display for uid, p in svc.people.people(actor.team_id, others, refresh=False).items()
    }
    pairings = tuple(
        MyPairing(
            created_at=p.created_at,
            partners=tuple(
                Partner(names.get(m.user_id, m.user_id), m.role)
                for m in p.members
                if m.user_id != actor.user_id
            ),
            met=p.met,
        )
        for p in mine
    )
    return MyHistory(pairings, team_zone(svc, actor.team_id))


def history(
    svc: Services, actor: Actor, *, channel_id: str | None = None
) -> TeamHistory | MyHistory:
    """A manager's view of the rounds, or a member's view of their own groups."""
    if is_manager(svc, actor):
        return team_history(svc, actor, channel_id=channel_id)
    return my_history(svc, actor)

"""What shadowing says, as content the bot renders: the group DM's intro and follow-up, the
note to someone left without a group, and the answers to commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rituals.ports import Message


@dataclass(frozen=True)
class Member:
    """Someone in a group, with the role they had when the round was made."""

    user_id: str
    role: str | None


@dataclass(frozen=True)
class Intro(Message):
    """The first message in a group's DM: who is in it, why, and what to try."""

    members: tuple[Member, ...]
    suggestion: str
    channel_id: str | None
    cross_role: bool
    followup_at: datetime | None  # None: "Did you meet?" comes right after
    tz: str


@dataclass(frozen=True)
class Followup(Message):
    """ "Did you meet?" in the group DM, with the answer once someone gave it."""

    pairing_id: int
    member_ids: tuple[str, ...]
    met: bool | None = None
    answered_by: str | None = None


@dataclass(frozen=True)
class Unplaced(Message):
    """To someone who got no group this round. It never says why: the reason could be
    someone's private avoid list, so every case reads the same."""

    channel_id: str | None


# answers to commands -----------------------------------------------------------


@dataclass(frozen=True)
class LeftOut:
    """Someone in the channel not paired this round, and why (for the manager)."""

    name: str
    reason: str


@dataclass(frozen=True)
class RoundReport:
    """What ``shadow pair`` made: the groups' sizes, how many cross roles, who sits out."""

    channel_id: str
    group_sizes: tuple[int, ...]
    cross_role: int
    cross_role_bound: int | None
    without_role: int  # placed members with no role set
    # How many got no group (each told so in a DM). Not who: in a small crew, who could
    # not be placed can hint at whose avoid list stood in the way.
    unplaced: int
    left_out: tuple[LeftOut, ...]  # away, opted out…
    followup: timedelta

    @property
    def people(self) -> int:
        """How many were placed in groups."""
        return sum(self.group_sizes)


@dataclass(frozen=True)
class RoundStats:
    """One past round in counts: never who was with whom."""

    created_at: datetime
    channel_id: str | None
    groups: int
    cross_role: int
    met: int
    missed: int

    @property
    def waiting(self) -> int:
        """Groups that have not answered "Did you meet?"."""
        return self.groups - self.met - self.missed


@dataclass(frozen=True)
class TeamHistory:
    """A manager's view of the last rounds."""

    rounds: tuple[RoundStats, ...]
    tz: str


@dataclass(frozen=True)
class Partner:
    """Someone a member was grouped with."""

    name: str
    role: str | None


@dataclass(frozen=True)
class MyPairing:
    """One of a member's own groups."""

    created_at: datetime
    partners: tuple[Partner, ...]
    met: bool | None


@dataclass(frozen=True)
class MyHistory:
    """A member's view: their own groups, most recent first."""

    pairings: tuple[MyPairing, ...]
    tz: str


@dataclass(frozen=True)
class Avoided:
    """Someone on a member's own avoid list."""

    user_id: str
    name: str
    handle: str


@dataclass(frozen=True)
class AvoidChange:
    """An avoid or unavoid: who, and whether the list changed."""

    person: Avoided
    changed: bool


@dataclass(frozen=True)
class AvoidList:
    """A member's own avoid list, shown only to them."""

    people: tuple[Avoided, ...]

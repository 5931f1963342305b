"""A crew for shadowing's use cases: a manager outside #crew and six members with roles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from rituals import catalog
from rituals.actors import Actor
from rituals.engine.engine import Engine
from rituals.services import Services
from rituals.shadowing.messages import Followup, Intro, Unplaced
from storage import pairing as store
from tests.fakes import FakeSlack

TEAM = "T1"
CREW = "C1"
ROLES: dict[str, str | None] = {
    "U1ANA": "lighting",
    "U2BEN": "sound",
    "U3CLEO": "lighting",
    "U4DEV": "sound",
    "U5ELI": "camera",
    "U6FAY": "camera",
}


@dataclass
class Crew:
    """Who is who, and the services and fake Slack they live in."""

    svc: Services
    slack: FakeSlack
    boss: str
    members: list[str]

    @property
    def manager(self) -> Actor:
        return Actor(TEAM, self.boss)

    def actor(self, user_id: str) -> Actor:
        return Actor(TEAM, user_id)

    def drain(self) -> int:
        return Engine(self.svc, planners=catalog.PLANNERS, senders=catalog.SENDERS).drain()

    def groups(self) -> list[tuple[str, ...]]:
        with self.svc.db.unit() as unit:
            rounds = store.recent_rounds(unit, team_id=TEAM, channel_id=None, rounds=50)
        return [p.user_ids for r in reversed(rounds) for p in r.pairings]

    def posts(self, kind: type) -> list[tuple[str, object]]:
        return [
            (s.channel, s.message)
            for s in self.slack.sent
            if s.kind == "post" and isinstance(s.message, kind)
        ]

    def intros(self) -> list[Intro]:
        return [m for _, m in self.posts(Intro)]  # type: ignore[misc]

    def followups(self) -> list[Followup]:
        return [m for _, m in self.posts(Followup)]  # type: ignore[misc]

    def unplaced(self) -> dict[str, Unplaced]:
        return dict(self.posts(Unplaced))  # type: ignore[arg-type]


def make_crew(
    svc: Services, slack: FakeSlack, roles: dict[str, str | None], *, channel: str = CREW
) -> Crew:
    """A manager (a workspace admin, not in the channel) and these members in ``channel``."""
    boss = slack.add_person("U0BOSS", is_admin=True, tz="Europe/London")
    members = [slack.add_person(uid, tz="Europe/London") for uid in roles]
    slack.add_channel(channel, "crew", members)
    slack.add_channel("C9OFFICE", "office", [boss])
    for uid, role in roles.items():
        svc.people.update(TEAM, uid, role=role)
    return Crew(svc, slack, boss, members)


@pytest.fixture
def crew(svc: Services, slack: FakeSlack) -> Crew:
    return make_crew(svc, slack, ROLES)


def together(groups: Iterable[tuple[str, ...]], *people: str) -> bool:
    """Whether these people were ever in one group."""
    return any(set(people) <= set(group) for group in groups)

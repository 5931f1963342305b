"""``shadow pair`` and ``shadow schedule`` called directly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rituals.errors import Conflict, NotAllowed, UsageError
from rituals.services import Services
from rituals.shadowing import manage
from rituals.shadowing.options import KIND, RoundOptions
from storage import schedules
from tests.fakes import FakeSlack
from tests.rituals.shadowing.conftest import CREW, ROLES, TEAM, Crew, make_crew


def pair(crew: Crew, **options: object) -> manage.RoundReport:
    return manage.pair_now(
        crew.svc,
        crew.manager,
        channel_id=CREW,
        options=RoundOptions.checked(**options),  # type: ignore[arg-type]
    )


def test_pair_groups_everyone_across_roles_once(crew: Crew) -> None:
    report = pair(crew)
    assert report.group_sizes == (2, 2, 2) and report.people == 6
    assert (report.cross_role, report.without_role, report.unplaced) == (3, 0, 0)
    groups = crew.groups()
    assert sorted(uid for g in groups for uid in g) == sorted(ROLES)
    assert all(len({ROLES[uid] for uid in g}) == 2 for g in groups)
    assert pair(crew).group_sizes == (2, 2, 2)  # a second round is a new round
    assert len(crew.groups()) == 6


def test_only_managers_pair_and_schedule(crew: Crew) -> None:
    member = crew.actor(crew.members[0])
    with pytest.raises(NotAllowed):
        manage.pair_now(crew.svc, member, channel_id=CREW, options=RoundOptions())
    with pytest.raises(NotAllowed):
        manage.schedule(crew.svc, member, cron="0 9 * * 1", channel_id=CREW, options=RoundOptions())
    assert crew.groups() == []


def test_a_dm_is_not_a_crew(crew: Crew) -> None:
    crew.slack.add_channel("D1", "", [crew.boss], is_im=True)
    for channel in ("D1", "D2"):
        with pytest.raises(UsageError, match="name one"):
            manage.pair_now(crew.svc, crew.manager, channel_id=channel, options=RoundOptions())


def test_people_away_or_opted_out_are_left_out_and_named(crew: Crew) -> None:
    ben, dev = crew.members[1], crew.members[3]
    crew.svc.people.update(TEAM, ben, opted_out=True)
    crew.svc.people.update(TEAM, dev, away_until=date(2026, 12, 4))
    report = pair(crew)
    assert {(o.name, o.reason) for o in report.left_out} == {
        (ben.lower(), "opted out"),
        (dev.lower(), "away until 2026-12-04"),
    }
    assert not any(ben in g or dev in g for g in crew.groups())


def test_fewer_than_two_is_refused_and_stores_nothing(svc: Services, slack: FakeSlack) -> None:
    crew = make_crew(svc, slack, {"U1ANA": "lighting", "U2BEN": "sound"})
    svc.people.update(TEAM, "U2BEN", opted_out=True)
    with pytest.raises(Conflict, match=r"Only 1 member.*u2ben \(opted out\)"):
        pair(crew)
    assert crew.drain() == 0


def test_sizes_and_the_odd_one_out(svc: Services, slack: FakeSlack) -> None:
    crew = make_crew(svc, slack, dict(list(ROLES.items())[:5]))
    assert pair(crew).group_sizes == (2, 3)
    assert pair(crew, size=3).group_sizes == (2, 3)
    six = make_crew(svc, slack, ROLES, channel="C2")
    report = manage.pair_now(
        svc, six.manager, channel_id="C2", options=RoundOptions.checked(size=3)
    )
    assert report.group_sizes == (3, 3)


def test_no_roles_at_all_is_reported_as_such(svc: Services, slack: FakeSlack) -> None:
    crew = make_crew(svc, slack, dict.fromkeys(ROLES))
    report = pair(crew)
    assert (report.cross_role, report.without_role, report.people) == (0, 6, 6)


def test_options_are_checked() -> None:
    assert RoundOptions.checked(size=3, followup=timedelta(0)) == RoundOptions(3, timedelta(0))
    with pytest.raises(UsageError, match="size 2 or 3"):
        RoundOptions.checked(size=4)
    with pytest.raises(UsageError, match="at most 30 days"):
        RoundOptions.checked(followup=timedelta(days=31))
    with pytest.raises(UsageError):
        RoundOptions.checked(followup=timedelta(hours=-1))
    options = RoundOptions(size=3, followup=timedelta(hours=12))
    assert RoundOptions.from_config(options.as_config()) == options
    assert RoundOptions.from_config({}) == RoundOptions()
    assert RoundOptions.from_config({"size": 9, "followup_minutes": "x"}) == RoundOptions()


def test_schedule_stores_a_ritual_with_the_options(crew: Crew) -> None:
    options = RoundOptions.checked(followup=timedelta(days=2))
    made = manage.schedule(
        crew.svc, crew.manager, cron="0 9 * * 1", channel_id=CREW, options=options
    )
    with crew.svc.db.unit() as unit:
        [ritual] = schedules.of_team(unit, team_id=TEAM)
    assert (ritual.id, ritual.kind, ritual.channel_id) == (made.id, KIND, CREW)
    assert RoundOptions.from_config(ritual.config) == options
    assert made.next_run_at == crew.svc.clock.now() + timedelta(hours=1)  # 09:00 London


@given(size=st.sampled_from([2, 3]), minutes=st.integers(0, 30 * 24 * 60))
def test_checked_options_survive_their_stored_form(size: int, minutes: int) -> None:
    options = RoundOptions.checked(size=size, followup=timedelta(minutes=minutes))
    assert RoundOptions.from_config(options.as_config()) == options


VALUES = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)


@given(st.dictionaries(st.sampled_from(["size", "followup_minutes", "round", "x"]), VALUES))
def test_any_stored_config_reads_as_valid_options(config: dict[str, object]) -> None:
    options = RoundOptions.from_config(config)
    assert options.size in (2, 3)
    assert timedelta(0) <= options.followup <= timedelta(days=30)

"""Setting up rituals and the App Home's use cases, called directly: a real database, a fake
clock, Slack in memory. Next runs are checked against the calendar and the zone database."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from rituals.actors import Actor
from rituals.errors import NotAllowed, NotFound, UsageError
from rituals.home import controls, home
from rituals.home.setup import RitualForm, open_form, save, spec_of
from rituals.schedule import parse_schedule
from rituals.scheduled import InvalidField, KindOptions, Zone, create, edit, listing
from rituals.scheduled import timezone as team_zone
from rituals.services import Services
from storage import occurrences, schedules
from storage.models import Occurrence
from tests.fakes import FakeSlack

TEAM = "T1"
BOSS = Actor(TEAM, "U0BOSS")
MEMBER = Actor(TEAM, "U1ANA")


@pytest.fixture
def crew(svc: Services, slack: FakeSlack) -> None:
    slack.add_person("U0BOSS", is_admin=True, tz="Europe/London")
    for uid in ("U1ANA", "U2BEN", "U3CLEO"):
        slack.add_person(uid, tz="Europe/London")
    slack.add_channel("C1", "crew", ["U0BOSS", "U1ANA", "U2BEN", "U3CLEO"])
    slack.add_channel("C2", "stage", ["U0BOSS", "U1ANA"])


def at(svc: Services, when: datetime) -> None:
    svc.clock.set(when)  # type: ignore[attr-defined]


def expected(day: date, hour: int, tz: str) -> datetime:
    """``hour``:00 on ``day`` in ``tz``, in UTC: what the calendar says a run should be."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(tz)).astimezone(UTC)


@pytest.mark.usefixtures("crew")
@pytest.mark.parametrize(
    ("now", "words", "tz", "first_day", "weekday"),
    [
        # London leaves summer time on Sun 25 Oct 2026; New York on Sun 1 Nov 2026
        (datetime(2026, 10, 24, 12, tzinfo=UTC), "weekdays 09:00", "Europe/London", 26, 0),
        (datetime(2026, 10, 31, 12, tzinfo=UTC), "sundays 09:00", "America/New_York", 1, 6),
        # New York starts summer time on Sun 14 Mar 2027; London on Sun 28 Mar 2027
        (datetime(2027, 3, 13, 12, tzinfo=UTC), "sundays 09:00", "America/New_York", 14, 6),
        (datetime(2027, 3, 27, 12, tzinfo=UTC), "weekdays 09:00", "Europe/London", 29, 0),
    ],
)
def test_next_runs_across_daylight_saving_match_the_calendar(
    svc: Services, now: datetime, words: str, tz: str, first_day: int, weekday: int
) -> None:
    at(svc, now)
    schedule = parse_schedule(words)
    made = create(svc, BOSS, kind="shadow", cron=schedule.cron, channel_id="C1", tz=tz)
    month = now.month if first_day > now.day else now.month % 12 + 1
    day = date(now.year, month, first_day)
    assert calendar.weekday(day.year, day.month, day.day) == weekday
    assert made.next_run_at == expected(day, 9, tz)
    [shown] = listing.rituals(svc, BOSS).rituals
    assert shown.words == f"{'weekdays' if weekday == 0 else 'Sundays'} at 09:00, {tz}"


@pytest.mark.usefixtures("crew")
def test_one_ritual_of_a_kind_per_channel_and_once_a_day(svc: Services) -> None:
    first = create(svc, BOSS, kind="pulse", cron="0 9 * * 1-5", channel_id="C1")
    with pytest.raises(InvalidField, match=f"ritual #{first.id}.*Edit it instead") as refused:
        create(svc, BOSS, kind="pulse", cron="0 9 * * mon-fri", channel_id="C1")
    assert refused.value.field == "channel"
    create(svc, BOSS, kind="checkin", cron="0 10 * * 5", channel_id="C1")  # another kind
    for kind in ("pulse", "checkin", "digest", "shadow"):
        with pytest.raises(InvalidField, match="at most once a day") as refused:
            create(svc, BOSS, kind=kind, cron="*/1 * * * *", channel_id="C2")
        assert refused.value.field == "time"
    with svc.db.unit() as unit:
        assert schedules.count_of_team(unit, team_id=TEAM) == 2


@pytest.mark.usefixtures("crew")
def test_edit_keeps_the_id_and_history_and_checks_the_rules(svc: Services) -> None:
    pulse = create(svc, BOSS, kind="pulse", cron="0 9 * * 1-5", channel_id="C1")
    other = create(svc, BOSS, kind="pulse", cron="0 9 * * 1-5", channel_id="C2")
    with svc.db.unit() as unit:
        occurrences.add(
            unit,
            team_id=TEAM,
            kind="pulse",
            channel_id="C1",
            config={},
            created_by=None,
            scheduled_for=pulse.next_run_at,
            now=svc.clock.now(),
            ritual_id=pulse.id,
        )
    changed = edit(
        svc,
        BOSS,
        pulse.id,
        schedule=parse_schedule("mon,wed 08:30"),
        options=KindOptions(question="Energy on set?", window_hours=2),
    )
    assert (changed.id, changed.words) == (pulse.id, "Mon and Wed at 08:30, Europe/London")
    assert changed.config["question"] == "Energy on set?" and changed.config["window_hours"] == 2
    with svc.db.unit() as unit:  # its history stays its own
        linked = unit.execute(select(Occurrence.ritual_id)).scalars().all()
    assert linked == [pulse.id]
    with pytest.raises(InvalidField, match=f"ritual #{other.id}"):
        edit(svc, BOSS, pulse.id, channel_id="C2")
    with pytest.raises(InvalidField, match="1 to 24 hours"):
        edit(svc, BOSS, pulse.id, options=KindOptions(window_hours=30))
    with pytest.raises(NotAllowed):
        edit(svc, MEMBER, pulse.id, schedule=parse_schedule("daily 10:00"))
    with pytest.raises(NotFound):
        edit(svc, Actor("T2", "U0BOSS"), pulse.id, schedule=parse_schedule("daily 10:00"))


@pytest.mark.usefixtures("crew")
def test_the_team_zone_moves_the_rituals_that_follow_it(svc: Services) -> None:
    follows = create(svc, BOSS, kind="pulse", cron="0 9 * * *", channel_id="C1")
    own = create(svc, BOSS, kind="checkin", cron="0 9 * * *", channel_id="C1", tz="Asia/Tokyo")
    assert team_zone.show(svc, MEMBER).is_default
    with pytest.raises(NotAllowed):
        team_zone.set_zone(svc, MEMBER, name="Europe/Paris")
    with pytest.raises(UsageError, match="Europe/Paris"):
        team_zone.set_zone(svc, BOSS, name="Europe/Pariss")
    done = team_zone.set_zone(svc, BOSS, name="europe/paris")
    assert (done.zone.name, done.before, done.moved, done.own_zone) == (
        "Europe/Paris",
        "Europe/London",
        1,
        1,
    )
    runs = {r.id: r for r in listing.rituals(svc, MEMBER).rituals}
    assert runs[follows.id].next_run_at == expected(date(2026, 11, 24), 9, "Europe/Paris")
    assert runs[own.id].tz == "Asia/Tokyo"


@pytest.mark.usefixtures("crew")
def test_the_form_marks_the_field_at_fault(svc: Services) -> None:
    form = RitualForm(kind="pulse", channel_id="C1", days=(1, 2, 3, 4, 5), time="09:00")
    for changed, field in (
        ({"days": ()}, "days"),
        ({"channel_id": None}, "channel"),
        ({"zone_typed": "Mars/Olympus"}, "zone_typed"),
        ({"kind": "shadow", "zone": "local"}, "zone"),
        ({"channel_id": "D123"}, "channel"),
        ({"channel_id": "C404"}, "channel"),
    ):
        with pytest.raises(InvalidField) as refused:
            save(svc, BOSS, RitualForm(**{**form.__dict__, **changed}), ritual_id=None)
        assert refused.value.field == field, changed
    assert spec_of(form, kind="pulse").zone == Zone()
    saved = save(svc, BOSS, form, ritual_id=None)
    with pytest.raises(NotAllowed):
        open_form(svc, MEMBER, ritual_id=saved.id)
    start = open_form(svc, BOSS, ritual_id=saved.id)
    assert start.spec is not None and start.spec.schedule.cron == "0 9 * * 1-5"


@pytest.mark.usefixtures("crew")
def test_the_home_pages_rituals_for_managers_only(svc: Services) -> None:
    for n in range(60):
        with svc.db.unit() as unit:
            schedules.create(
                unit,
                team_id=TEAM,
                kind="pulse",
                channel_id=f"C{n:03d}",
                cron="0 9 * * 1-5",
                tz="Europe/London",
                config={},
                next_run_at=None,
                created_by=None,
                now=svc.clock.now(),
            )
    assert home(svc, MEMBER).rituals is None
    first = home(svc, BOSS).rituals
    assert first is not None and (first.pages, first.total, len(first.rituals)) == (4, 60, 15)
    last = home(svc, BOSS, rituals_page=99).rituals
    assert last is not None and last.page == 3


@pytest.mark.usefixtures("crew")
def test_a_members_own_controls(svc: Services) -> None:
    today = date(2026, 11, 23)
    assert controls.set_away(svc, MEMBER, until=today).until == today
    with pytest.raises(UsageError, match="in the past"):
        controls.set_away(svc, MEMBER, until=today - timedelta(days=1))
    with pytest.raises(UsageError, match="365"):
        controls.set_away(svc, MEMBER, until=today + timedelta(days=400))
    assert home(svc, MEMBER).member.away_until == today
    assert controls.come_back(svc, MEMBER).was_away
    svc.people.update(TEAM, "U2BEN", role="lighting")
    done = controls.set_role(svc, MEMBER, role="Gaffers")
    assert (done.role, done.new, done.did_you_mean) == ("gaffers", True, "lighting")
    assert not controls.set_role(svc, MEMBER, role="Lighting Dept").new
    assert home(svc, MEMBER).member.crew_roles == ("lighting",)
    assert controls.set_opt_out(svc, MEMBER, opted_out=True)
    assert home(svc, MEMBER).member.opted_out

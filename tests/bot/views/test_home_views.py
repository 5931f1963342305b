"""The App Home and its modals as pure functions: every view passes slack_sdk's Block Kit
validation and Slack's limits, whatever the member's state and however many rituals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.models.views import View

from bot.views.home import home_view
from bot.views.home_forms import privacy_modal, role_modal
from bot.views.ritual_form import Field, form_errors, read_form
from bot.views.ritual_modal import ritual_modal
from rituals.figures.home import TeamWeek
from rituals.home import Home, MemberHome
from rituals.schedule import parse_schedule
from rituals.scheduled import KindOptions, RitualSpec, Zone
from rituals.scheduled.listing import Listing, RitualInfo
from rituals.shadowing.messages import Avoided, AvoidList
from storage.home import LatestGroup

TODAY = date(2026, 11, 23)


def valid(view: dict[str, Any], kind: str) -> dict[str, Any]:
    View(**view).validate_json()
    assert view["type"] == kind and len(view["blocks"]) <= 100
    return view


def member(**changes: Any) -> MemberHome:
    values: dict[str, Any] = {
        "user_id": "U1",
        "today": TODAY,
        "streak": 3,
        "group": LatestGroup(("U2", "U3"), "Sit in on the sound check", None),
        "opted_out": False,
        "away_until": None,
        "role": None,
        "crew_roles": (),
        "avoiding": AvoidList(()),
    }
    return MemberHome(**{**values, **changes})


def ritual(n: int, **changes: Any) -> RitualInfo:
    values: dict[str, Any] = {
        "id": n,
        "kind": ("pulse", "shadow", "checkin", "digest")[n % 4],
        "channel_id": f"C{n:08d}",
        "cron": "0 9 * * 1-5",
        "tz": "Europe/London",
        "words": "weekdays at 09:00, Europe/London",
        "paused": n % 3 == 0,
        "next_run_at": datetime(2026, 11, 24, 9, tzinfo=UTC),
        "config": {},
    }
    return RitualInfo(**{**values, **changes})


@pytest.mark.parametrize(
    "state",
    [
        {},
        {"opted_out": True, "group": None, "streak": 0},
        {"away_until": TODAY + timedelta(days=5), "role": "lighting", "crew_roles": ("sound",)},
        {"avoiding": AvoidList(tuple(Avoided(f"U{n}", f"Person {n}", "p") for n in range(300)))},
        {"crew_roles": tuple(f"role-{n}" for n in range(150)), "role": "role-3"},
    ],
)
def test_member_homes_are_valid(state: dict[str, Any]) -> None:
    view = valid(home_view(Home(member(**state), None), notice="Hello"), "home")
    assert "Crew rituals" not in str(view)


@pytest.mark.parametrize("count", [0, 1, 15, 16, 60, 500])
def test_manager_homes_are_valid_at_any_size(count: int) -> None:
    shown = tuple(ritual(n) for n in range(1, min(count, 15) + 1))
    listing = Listing("Europe/London", shown, 0, max(1, -(-count // 15)), count)
    week = TeamWeek(
        "2026-W49",
        None,
        {"pulse": {"responses": 4, "mean": None, "previous_mean": 3.5, "withheld": {}}},
    )
    state = {"crew_roles": ("lighting",), "avoiding": AvoidList((Avoided("U9", "Nine", "n"),))}
    view = valid(home_view(Home(member(**state), listing, week)), "home")
    assert ("Page 1 of" in str(view)) == (count > 15)
    assert "Team this week (2026-W49)" in str(view) and "not enough answers yet" in str(view)


@pytest.mark.parametrize("kind", ["pulse", "shadow", "checkin", "digest"])
def test_new_and_edit_modals_are_valid(kind: str) -> None:
    valid(ritual_modal(kind, team_tz="Europe/London"), "modal")
    spec = RitualSpec(
        kind,
        "C1",
        parse_schedule("0 9 1 * *"),  # a cron days and a time can't show
        Zone("Pacific/Chatham"),
        KindOptions(question="Q?", window_hours=5, size=3, followup=timedelta(hours=5)),
    )
    edit = valid(ritual_modal(kind, team_tz="UTC", spec=spec, ritual_id=12345), "modal")
    assert "can't show" in str(edit) and "Pacific/Chatham" in str(edit)


def test_the_small_modals_are_valid_and_errors_name_shown_fields() -> None:
    valid(role_modal(), "modal")
    valid(privacy_modal(), "modal")
    view = ritual_modal("checkin", team_tz="UTC")
    assert form_errors("window", "x", view)["errors"] == {Field.CHANNEL.value: "x"}
    assert form_errors("question", "y", view)["errors"] == {Field.QUESTION.value: "y"}
    assert read_form({**view, "state": {"values": {}}}).kind == "checkin"

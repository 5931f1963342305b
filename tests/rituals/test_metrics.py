"""ISO weeks and the cohesion score (pure domain; pulse figures go through rituals.figures)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rituals.errors import UsageError
from rituals.metrics import (
    IsoWeek,
    cohesion_components,
    cohesion_score,
    last_complete_week,
    parse_week,
    weeks_in_year,
)

# ISO weeks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-W48", IsoWeek(2026, 48)),
        ("2026-W01", IsoWeek(2026, 1)),
        (" 2026w7 ", IsoWeek(2026, 7)),
    ],
)
def test_parse_week(text: str, expected: IsoWeek) -> None:
    assert parse_week(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("48", "not an ISO week"),
        ("2026-48", "not an ISO week"),
        ("W48-2026", "not an ISO week"),
        ("", "not an ISO week"),
        ("2026-W00", "run from W01 to W53"),
        ("2026-W54", "run from W01 to W53"),
        ("2025-W53", "2025 has no week 53"),
    ],
)
def test_parse_week_errors_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_week(text)


def test_week_53_only_in_long_years() -> None:
    assert [weeks_in_year(y) for y in (2020, 2021, 2025, 2026, 2027)] == [53, 52, 52, 53, 52]
    assert parse_week("2020-W53").monday.isoformat() == "2020-12-28"
    assert parse_week("2026-W53").shift(1) == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous() == IsoWeek(2026, 53)


def test_bounds_are_local_mondays_in_utc() -> None:
    week = parse_week("2026-W48")
    assert week.bounds("America/New_York") == (
        datetime(2026, 11, 23, 5, tzinfo=UTC),
        datetime(2026, 11, 30, 5, tzinfo=UTC),
    )
    assert week.bounds("Pacific/Auckland")[0] == datetime(2026, 11, 22, 11, tzinfo=UTC)
    assert week.label() == "2026-W48 (23–29 Nov 2026)"
    assert parse_week("2026-W49").label() == "2026-W49 (30 Nov – 6 Dec 2026)"
    assert parse_week("2026-W53").label() == "2026-W53 (28 Dec 2026 – 3 Jan 2027)"


def test_last_complete_week_depends_on_the_zone() -> None:
    monday_8am_utc = datetime(2026, 11, 23, 8, tzinfo=UTC)
    assert last_complete_week(monday_8am_utc, "UTC") == IsoWeek(2026, 47)
    assert last_complete_week(monday_8am_utc, "Pacific/Auckland") == IsoWeek(2026, 47)
    # 08:00 UTC is exactly Monday 00:00 in Los Angeles; a minute earlier it is still Sunday.
    assert last_complete_week(monday_8am_utc, "America/Los_Angeles") == IsoWeek(2026, 47)
    before = datetime(2026, 11, 23, 7, 59, tzinfo=UTC)
    assert last_complete_week(before, "America/Los_Angeles") == IsoWeek(2026, 46)


# cohesion score ------------------------------------------------------------------


def test_cohesion_score_formula() -> None:
    score = cohesion_score(
        pulse_mean=4.0,
        response_rate=0.8,
        cross_role_share=0.25,
        completion_rate=0.5,
        action_follow_through=1.0,
    )
    # 100 × (0.30·0.75 + 0.25·0.5 + 0.20·0.8 + 0.15·0.5 + 0.10·1.0) = 68.5, rounded half up
    assert score == 69


def test_cohesion_score_scales_up_measured_components() -> None:
    score = cohesion_score(
        pulse_mean=5.0,
        response_rate=0.5,
        cross_role_share=None,
        completion_rate=None,
        action_follow_through=None,
    )
    assert score == round(100 * (0.30 * 1.0 + 0.20 * 0.5) / 0.5) == 80


def test_cohesion_score_needs_half_the_weight() -> None:
    assert (
        cohesion_score(
            pulse_mean=4.0,
            response_rate=None,
            cross_role_share=None,
            completion_rate=0.5,
            action_follow_through=None,
        )
        is None
    )
    assert (
        cohesion_score(
            pulse_mean=None,
            response_rate=None,
            cross_role_share=None,
            completion_rate=None,
            action_follow_through=None,
        )
        is None
    )


def test_cross_role_component_is_full_at_half_the_interactions() -> None:
    components = cohesion_components(
        pulse_mean=1.0,
        response_rate=0.0,
        cross_role_share=0.9,
        completion_rate=None,
        action_follow_through=None,
    )
    assert components["cross_role"] == 1.0
    assert components["pulse_mood"] == 0.0
    assert components["shadowing"] is None


@given(
    mean=st.none() | st.floats(1, 5),
    rate=st.none() | st.floats(0, 1),
    share=st.none() | st.floats(0, 1),
    completion=st.none() | st.floats(0, 1),
    follow=st.none() | st.floats(0, 1),
)
def test_cohesion_score_stays_in_range(
    mean: float | None,
    rate: float | None,
    share: float | None,
    completion: float | None,
    follow: float | None,
) -> None:
    score = cohesion_score(
        pulse_mean=mean,
        response_rate=rate,
        cross_role_share=share,
        completion_rate=completion,
        action_follow_through=follow,
    )
    assert score is None or 0 <= score <= 100

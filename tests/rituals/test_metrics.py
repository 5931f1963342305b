"""ISO weeks, small-group hiding and the cohesion score (pure domain)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.errors import UsageError
from rituals.metrics import (
    Cell,
    IsoWeek,
    PulseAggregates,
    RoleAggregate,
    cohesion_components,
    cohesion_score,
    hidden_cells,
    last_complete_week,
    parse_week,
    pulse_section,
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


# hiding ---------------------------------------------------------------------------


def test_one_small_group_takes_the_next_smallest_with_it() -> None:
    cells = {"a": Cell(10, 30), "b": Cell(2, 4), "c": Cell(5, 9), "d": Cell(4, 8)}
    assert hidden_cells(cells, min_group=3) == {"b", "d"}


def test_nothing_hidden_when_every_group_is_big_enough() -> None:
    cells = {"a": Cell(3, 3), "b": Cell(0, 0), "c": Cell(7, 9)}
    assert hidden_cells(cells, min_group=3) == set()


def test_complements_continue_until_the_split_is_unknown() -> None:
    # When each listed cell is known to hold one answer at least, hiding two cells
    # with one answer each still gives away 1 and 1.
    cells = {"a": Cell(1, 1), "b": Cell(1, 1), "c": Cell(3, 3), "d": Cell(9, 20)}
    assert hidden_cells(cells, min_group=3, floor=1) == {"a", "b", "c"}
    assert hidden_cells(cells, min_group=3, floor=0) == {"a", "b"}


def test_min_group_never_below_three() -> None:
    cells = {"a": Cell(2, 2), "b": Cell(8, 8), "c": Cell(9, 9)}
    assert hidden_cells(cells, min_group=1) == {"a", "b"}


Answer = tuple[int, str, int]  # person, role, score
answers_strategy = st.lists(
    st.tuples(
        st.integers(0, 14),
        st.sampled_from(["camera", "sound", "lighting", "art", "unassigned"]),
        st.integers(1, 5),
    ),
    max_size=60,
)


def aggregate(answers: list[Answer], silent_roles: frozenset[str] = frozenset()) -> PulseAggregates:
    """The aggregates a database would return (one role per person; silent roles were prompted)."""
    role_of: dict[int, str] = {}
    for person, role, _ in answers:
        role_of.setdefault(person, role)
    buckets: dict[int, tuple[int, set[int]]] = defaultdict(lambda: (0, set()))
    roles: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    role_people: dict[str, set[int]] = defaultdict(set)
    for person, _, score in answers:
        count, people = buckets[score]
        buckets[score] = (count + 1, people | {person})
        role = role_of[person]
        roles[role][0] += 1
        roles[role][1] += score
        role_people[role].add(person)
    listed = {r: RoleAggregate(len(role_people[r]), c, t) for r, (c, t) in roles.items()}
    for role in silent_roles:
        listed.setdefault(role, RoleAggregate(0, 0, 0))
    return PulseAggregates(
        prompted=len(answers),
        prompted_people=len(role_of),
        respondents=len(role_of),
        buckets={s: Cell(len(p), c) for s, (c, p) in buckets.items()},
        roles=listed,
    )


def possible_values(total: int, hidden: int, floor: int) -> set[int]:
    """Every value a hidden cell can take when ``hidden`` cells (each ≥ floor) sum to total."""
    values = set()
    for value in range(floor, total + 1):
        rest = total - value
        others = hidden - 1
        if (others == 0 and rest == 0) or (others > 0 and rest >= floor * others):
            values.add(value)
    return values


def assert_not_recoverable(shown: dict[str, int | None], total: int, floor: int) -> None:
    hidden = [key for key, value in shown.items() if value is None]
    if not hidden:
        return
    hidden_total = total - sum(v for v in shown.values() if v is not None)
    assert len(possible_values(hidden_total, len(hidden), floor)) > 1, (shown, total)


@settings(max_examples=300, deadline=None)
@given(
    answers=answers_strategy,
    silent=st.frozensets(st.sampled_from(["writers", "camera", "qa"])),
    min_group=st.integers(3, 5),
)
def test_no_hidden_figure_can_be_worked_out(
    answers: list[Answer], silent: frozenset[str], min_group: int
) -> None:
    agg = aggregate(answers, silent)
    section = pulse_section(agg, min_group=min_group)
    assert sum(agg.buckets[s].count for s in agg.buckets) == section["responses"]

    distribution = section["distribution"]
    by_role = section["by_role"]
    role_counts = {role: figures["responses"] for role, figures in by_role.items()}
    if agg.respondents < min_group:
        assert set(distribution.values()) == {None}
        assert all(v is None for figures in by_role.values() for v in figures.values())
        assert section["mean"] is None
        return
    # Shown groups stand on enough people; hidden ones cannot be subtracted out.
    for score, count in distribution.items():
        cell = agg.buckets.get(int(score), Cell(0, 0))
        if count is not None:
            assert count == cell.count
            assert cell.people == 0 or cell.people >= min_group
    for role, figures in by_role.items():
        if figures["responses"] is not None:
            assert figures["responses"] == 0 or agg.roles[role].people >= min_group
        else:
            assert figures["mean"] is None
    if len(distribution) > 1:
        assert_not_recoverable(distribution, section["responses"], floor=0)
    if len(by_role) > 1:
        assert_not_recoverable(role_counts, section["responses"], floor=0)


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

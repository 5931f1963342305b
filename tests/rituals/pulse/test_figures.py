"""The pulse domain: configuration, timing, and results that never give a person away."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.errors import UsageError
from rituals.pulse import (
    DEFAULT_QUESTION,
    MAX_NOTE,
    SCORES,
    PulseConfig,
    PulseCounts,
    ScoreCount,
    check_question,
    check_window,
    day_bounds,
    hide_buckets,
    local_prompt_time,
    note_problem,
    possible_hidden_values,
    reminder_time,
    round_mean,
    summarize,
    week_bounds,
)

LONDON = "Europe/London"


def counts_of(answers: dict[int, int], *, prompted: int | None = None) -> PulseCounts:
    """Counts of one occurrence: each answer from a different person."""
    total = sum(answers.values())
    return PulseCounts(
        prompts=prompted if prompted is not None else total,
        prompted=prompted if prompted is not None else total,
        answers=total,
        responders=total,
        score_sum=sum(s * c for s, c in answers.items()),
        by_score={s: ScoreCount(c, c) for s, c in answers.items()},
    )


# configuration ---------------------------------------------------------------------


def test_config_defaults() -> None:
    config = PulseConfig.from_config({})
    assert config == PulseConfig(DEFAULT_QUESTION, 4.0, 0.75, False)
    assert config.reminder_after() == timedelta(hours=3)


def test_config_round_trips() -> None:
    config = PulseConfig("How was the get-in?", 6.0, 0.5, True)
    assert PulseConfig.from_config(config.as_config()) == config


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({"window_hours": 0}, PulseConfig()),
        ({"window_hours": 99}, PulseConfig()),
        ({"window_hours": "4h"}, PulseConfig()),
        ({"window_hours": True}, PulseConfig()),
        ({"reminder_at": 1.0}, PulseConfig()),
        ({"reminder_at": -0.2}, PulseConfig()),
        ({"reminder_at": float("nan")}, PulseConfig()),
        ({"question": "   "}, PulseConfig()),
        ({"reminder_at": 0}, PulseConfig(reminder_at=0.0)),
    ],
)
def test_config_falls_back_on_unusable_values(
    stored: dict[str, object], expected: PulseConfig
) -> None:
    assert PulseConfig.from_config(stored) == expected


def test_no_reminder_when_reminder_at_is_zero() -> None:
    prompt = datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert reminder_time(prompt, PulseConfig(reminder_at=0.0)) is None
    assert reminder_time(prompt, PulseConfig()) == prompt + timedelta(hours=3)
    assert reminder_time(
        prompt, PulseConfig(window_hours=2, reminder_at=0.5)
    ) == prompt + timedelta(hours=1)


def test_question_and_window_checks() -> None:
    assert check_question("  How   was  today? ") == "How was today?"
    with pytest.raises(UsageError, match="under 300"):
        check_question("x" * 301)
    assert check_window(timedelta(hours=4)) == 4
    assert check_window(timedelta(days=1)) == 24
    for bad in (timedelta(minutes=30), timedelta(days=2)):
        with pytest.raises(UsageError, match="window 4h"):
            check_window(bad)


def test_note_problems() -> None:
    assert note_problem("Long day on set, good one.") is None
    assert note_problem("x" * MAX_NOTE) is None
    assert "Cancel" in (note_problem("   \n ") or "")
    assert "Cancel" in (note_problem(None) or "")
    assert "2,001" in (note_problem("x" * (MAX_NOTE + 1)) or "")


# timing ----------------------------------------------------------------------------

NINE_LONDON = datetime(2026, 11, 23, 9, tzinfo=UTC)  # Monday, GMT


@pytest.mark.parametrize(
    ("member_zone", "expected"),
    [
        (LONDON, NINE_LONDON),
        ("America/New_York", datetime(2026, 11, 23, 14, tzinfo=UTC)),
        ("Asia/Tokyo", datetime(2026, 11, 24, 0, tzinfo=UTC)),
        ("Australia/Sydney", datetime(2026, 11, 23, 22, tzinfo=UTC)),
        (None, NINE_LONDON),
        ("Mars/Olympus_Mons", NINE_LONDON),
    ],
)
def test_local_prompt_time(member_zone: str | None, expected: datetime) -> None:
    at = local_prompt_time(NINE_LONDON, team_zone=LONDON, member_zone=member_zone)
    assert at == expected


def test_local_prompt_time_across_daylight_saving() -> None:
    # Europe is back on winter time on 30 Oct 2026; New York changes on 1 Nov.
    fires = datetime(2026, 10, 30, 9, tzinfo=UTC)
    at = local_prompt_time(fires, team_zone=LONDON, member_zone="America/New_York")
    assert at == datetime(2026, 10, 30, 13, tzinfo=UTC)
    assert at.astimezone(ZoneInfo("America/New_York")).hour == 9


def test_local_prompt_time_in_a_spring_forward_gap() -> None:
    # 02:30 does not exist in New York on 8 March 2026; the prompt still comes within a day.
    fires = datetime(2026, 3, 8, 2, 30, tzinfo=UTC)
    at = local_prompt_time(fires, team_zone="UTC", member_zone="America/New_York")
    assert fires <= at <= fires + timedelta(hours=25)
    assert at.astimezone(ZoneInfo("America/New_York")).date() == date(2026, 3, 8)


@settings(max_examples=200, deadline=None)
@given(
    fires=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
    ),
    member=st.sampled_from(
        [
            "Europe/London",
            "America/New_York",
            "Asia/Kolkata",
            "Pacific/Auckland",
            "America/Sao_Paulo",
        ]
    ),
)
def test_local_prompt_time_is_within_a_day_at_the_same_wall_clock(
    fires: datetime, member: str
) -> None:
    at = local_prompt_time(fires, team_zone=LONDON, member_zone=member)
    assert fires <= at <= fires + timedelta(hours=25)
    wall = fires.astimezone(ZoneInfo(LONDON)).time()
    local = at.astimezone(ZoneInfo(member))
    if local.replace(tzinfo=None) == datetime.combine(local.date(), wall):
        return
    # Only a daylight-saving gap may move the wall clock (by that gap).
    gap = local.utcoffset() - (local - timedelta(hours=3)).utcoffset()  # type: ignore[operator]
    assert gap != timedelta(0)


def test_day_and_week_bounds_follow_the_team_zone() -> None:
    start, end = day_bounds(date(2026, 10, 25), LONDON)  # clocks go back: a 25-hour day
    assert (start, end) == (
        datetime(2026, 10, 24, 23, tzinfo=UTC),
        datetime(2026, 10, 26, 0, tzinfo=UTC),
    )
    week = week_bounds(datetime(2026, 11, 26, 15, tzinfo=UTC), LONDON)
    assert week == (datetime(2026, 11, 23, 0, tzinfo=UTC), datetime(2026, 11, 30, 0, tzinfo=UTC))
    # Sunday late evening in London is still the same week.
    assert week_bounds(datetime(2026, 11, 29, 23, 30, tzinfo=UTC), LONDON) == week


# results ---------------------------------------------------------------------------


def test_round_mean_is_exact_half_up() -> None:
    assert round_mean(9, 4) == 2.3  # 2.25
    assert round_mean(7, 2) == 3.5
    assert round_mean(47, 10) == 4.7
    assert round_mean(35, 8) == 4.4  # 4.375


def test_fewer_than_three_people_show_nothing() -> None:
    figures = summarize(counts_of({4: 1, 5: 1}, prompted=2), min_group=3)
    assert figures.sent
    assert figures.answers is None and figures.response_rate is None
    assert figures.mean is None
    assert set(figures.distribution.values()) == {None}


def test_rate_shown_when_enough_were_asked_but_few_answered() -> None:
    figures = summarize(counts_of({4: 1, 5: 1}, prompted=10), min_group=3)
    assert figures.answers == 2 and figures.response_rate == pytest.approx(0.2)
    assert figures.mean is None
    assert set(figures.distribution.values()) == {None}


def test_scripted_answers() -> None:
    figures = summarize(counts_of({3: 3, 4: 4, 5: 3}, prompted=12), min_group=3)
    assert figures.prompts == 12 and figures.answers == 10
    assert figures.response_rate == pytest.approx(10 / 12)
    assert figures.mean == 4.0
    assert figures.distribution == {1: 0, 2: 0, 3: 3, 4: 4, 5: 3}


def test_one_small_bucket_hides_the_next_smallest_too() -> None:
    figures = summarize(counts_of({1: 2, 3: 12, 4: 10, 5: 9}), min_group=3)
    hidden = {s for s, c in figures.distribution.items() if c is None}
    assert 1 in hidden and len(hidden) >= 2
    assert figures.mean is not None


def test_hidden_counts_cannot_be_solved_from_the_mean() -> None:
    # Hiding 3 and 4 alone would leave a+b=3, 4a+3b=11 once the mean (4.6) is known.
    buckets = {s: ScoreCount(c, c) for s, c in {5: 7, 4: 2, 3: 1}.items()}
    hidden = hide_buckets(buckets, total=10, mean=4.6, min_group=3)
    assert {3, 4} < hidden
    shown = {s: buckets.get(s, ScoreCount()).answers for s in SCORES if s not in hidden}
    values = possible_hidden_values(hidden=sorted(hidden), shown=shown, total=10, mean=4.6)
    if len(hidden) < len(SCORES):
        assert values is not None and all(len(v) >= 2 for v in values.values())


def test_small_groups_are_judged_by_people_not_answers() -> None:
    # Over a week one person answering 1 five times is still one person.
    counts = PulseCounts(
        prompts=40,
        prompted=8,
        answers=30,
        responders=8,
        score_sum=5 * 1 + 10 * 4 + 15 * 5,
        by_score={1: ScoreCount(5, 1), 4: ScoreCount(10, 4), 5: ScoreCount(15, 5)},
    )
    figures = summarize(counts, min_group=3)
    assert figures.distribution[1] is None
    assert figures.mean == round_mean(120, 30)


def test_min_group_is_never_below_three() -> None:
    figures = summarize(counts_of({4: 2}, prompted=2), min_group=1)
    assert figures.mean is None and figures.answers is None


def test_nothing_sent() -> None:
    figures = summarize(PulseCounts(), min_group=3)
    assert not figures.sent and figures.mean is None and figures.response_rate is None


# properties ------------------------------------------------------------------------


def compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to write ``total`` as ``parts`` non-negative integers (brute force)."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)


@st.composite
def period_counts(draw: st.DrawFn) -> tuple[PulseCounts, int]:
    """Counts of a day (one answer each) or a week (people answer several times)."""
    k = draw(st.integers(3, 5))
    week = draw(st.booleans())
    by_score: dict[int, ScoreCount] = {}
    for score in SCORES:
        answers = draw(st.integers(0, 7))
        people = draw(st.integers(1, answers)) if week and answers else answers
        by_score[score] = ScoreCount(answers, people)
    answers = sum(c.answers for c in by_score.values())
    people = [c.people for c in by_score.values()]
    responders = draw(st.integers(max(people), max(sum(people), max(people))))
    prompted = draw(st.integers(responders, responders + 5))
    counts = PulseCounts(
        prompts=max(answers, prompted),
        prompted=prompted,
        answers=answers,
        responders=responders,
        score_sum=sum(s * c.answers for s, c in by_score.items()),
        by_score=by_score,
    )
    return counts, k


@settings(max_examples=400, deadline=None)
@given(period_counts())
def test_no_figure_about_fewer_than_k_people_is_shown(case: tuple[PulseCounts, int]) -> None:
    counts, k = case
    figures = summarize(counts, min_group=k)
    assert (figures.response_rate is not None) == (counts.prompted >= k)
    assert (figures.mean is not None) == (counts.responders >= k and counts.answers > 0)
    for score, shown in figures.distribution.items():
        if shown is not None:
            assert shown == counts.by_score[score].answers
            assert shown == 0 or counts.by_score[score].people >= k


@settings(max_examples=400, deadline=None)
@given(period_counts())
def test_no_hidden_count_follows_by_subtraction(case: tuple[PulseCounts, int]) -> None:
    counts, k = case
    figures = summarize(counts, min_group=k)
    hidden = [s for s, c in figures.distribution.items() if c is None]
    if figures.mean is None or not hidden:
        return
    # Subtracting the shown counts from the total leaves the sum of two or more hidden
    # counts, at least 1: each of them could be anything from 0 to that sum.
    assert len(hidden) >= 2
    rest = counts.answers - sum(c for c in figures.distribution.values() if c is not None)
    assert rest >= 1


@settings(max_examples=300, deadline=None)
@given(period_counts())
def test_no_hidden_count_follows_from_the_mean_either(case: tuple[PulseCounts, int]) -> None:
    counts, k = case
    figures = summarize(counts, min_group=k)
    hidden = [s for s, c in figures.distribution.items() if c is None]
    if figures.mean is None or not hidden or len(hidden) == len(SCORES):
        return
    shown = {s: c for s, c in figures.distribution.items() if c is not None}
    rest = counts.answers - sum(shown.values())
    known = sum(s * c for s, c in shown.items())
    possible: dict[int, set[int]] = {s: set() for s in hidden}
    for combo in compositions(rest, len(hidden)):
        weighted = known + sum(s * c for s, c in zip(hidden, combo, strict=True))
        if round_mean(weighted, counts.answers) == figures.mean:
            for score, count in zip(hidden, combo, strict=True):
                possible[score].add(count)
    assert all(len(values) >= 2 for values in possible.values()), possible


# two overlapping periods side by side ------------------------------------------------


def test_the_week_does_not_give_away_earlier_days_next_to_today() -> None:
    # Monday: two people answered 1. Tuesday (today): ten people answered.
    monday = counts_of({1: 2}, prompted=2)
    today = counts_of({3: 3, 4: 4, 5: 3}, prompted=10)
    week = PulseCounts(
        prompts=12,
        prompted=12,
        answers=12,
        responders=12,
        score_sum=monday.score_sum + today.score_sum,
        by_score={**today.by_score, 1: ScoreCount(2, 2)},
    )
    alone = summarize(week, min_group=3)
    assert alone.mean is not None and alone.answers == 12
    beside_today = summarize(week, min_group=3, remainder=monday)
    assert beside_today.mean is None  # else Monday's mean = week's minus today's
    assert beside_today.answers is None and beside_today.response_rate is None
    assert beside_today.distribution[1] is None
    assert sum(v is None for v in beside_today.distribution.values()) >= 2


@st.composite
def today_and_earlier(draw: st.DrawFn) -> tuple[PulseCounts, PulseCounts, PulseCounts, int]:
    """Today, the earlier days of the week, and the whole week (people may answer on both)."""
    today, k = draw(period_counts())
    earlier, _ = draw(period_counts())

    def union(a: int, b: int) -> int:
        return draw(st.integers(max(a, b), a + b))

    by_score = {
        s: ScoreCount(
            today.by_score[s].answers + earlier.by_score[s].answers,
            union(today.by_score[s].people, earlier.by_score[s].people),
        )
        for s in SCORES
    }
    people = [c.people for c in by_score.values()]
    responders = union(today.responders, earlier.responders)
    responders = min(max(responders, max(people)), sum(people)) if sum(people) else 0
    week = PulseCounts(
        prompts=today.prompts + earlier.prompts,
        prompted=max(union(today.prompted, earlier.prompted), responders),
        answers=today.answers + earlier.answers,
        responders=responders,
        score_sum=today.score_sum + earlier.score_sum,
        by_score=by_score,
    )
    return today, earlier, week, k


@settings(max_examples=400, deadline=None)
@given(today_and_earlier())
def test_nothing_about_few_people_follows_from_week_minus_today(
    case: tuple[PulseCounts, PulseCounts, PulseCounts, int],
) -> None:
    today, earlier, week, k = case
    day = summarize(today, min_group=k)
    whole = summarize(week, min_group=k, remainder=earlier)
    for score in SCORES:
        shown_today, shown_week = day.distribution[score], whole.distribution[score]
        if shown_today is not None and shown_week is not None:
            assert shown_week - shown_today == earlier.by_score[score].answers
            assert earlier.by_score[score].people == 0 or earlier.by_score[score].people >= k
    if day.mean is not None and whole.mean is not None:
        assert earlier.responders == 0 or earlier.responders >= k
    if day.answers is not None and whole.answers is not None:
        assert earlier.prompted == 0 or earlier.prompted >= k
    hidden = [s for s, c in whole.distribution.items() if c is None]
    assert len(hidden) != 1

"""Group sizes, the cross-role bound and working-hours overlap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rituals.pairing import cross_role_bound, group_sizes, working_hours_overlap


def test_working_hours_overlap() -> None:
    assert working_hours_overlap(0, 0) == 540
    assert working_hours_overlap(0, 60) == 480
    assert working_hours_overlap(60, 0) == 480
    assert working_hours_overlap(0, -300) == 240  # London and New York
    assert working_hours_overlap(0, 540) == 0
    assert working_hours_overlap(840, -600) == 540  # Kiribati and Hawaii: a calendar day apart
    assert working_hours_overlap(0, 330, start_hour=8, end_hour=20) == 720 - 330
    assert working_hours_overlap(0, 720, start_hour=0, end_hour=24) == 1440
    with pytest.raises(ValueError, match="working hours"):
        working_hours_overlap(0, 0, start_hour=18, end_hour=9)


@given(st.integers(-720, 840), st.integers(-720, 840))
def test_overlap_is_symmetric_and_bounded(a: int, b: int) -> None:
    assert working_hours_overlap(a, b) == working_hours_overlap(b, a)
    assert 0 <= working_hours_overlap(a, b) <= 540
    assert working_hours_overlap(a, b) == working_hours_overlap(a + 1440, b)


def test_group_sizes_follow_the_leftover_rule() -> None:
    assert group_sizes(0) == group_sizes(1) == ()
    assert group_sizes(2) == (2,)
    assert group_sizes(3) == (3,)
    assert group_sizes(7) == (2, 2, 3)
    assert group_sizes(6, 3) == (3, 3)
    assert group_sizes(7, 3) == (3, 4)  # n % 3 == 1: one group of four
    assert group_sizes(8, 3) == (3, 3, 2)  # n % 3 == 2: one pair
    assert group_sizes(4, 3) == (4,)
    assert group_sizes(2, 3) == (2,)
    with pytest.raises(ValueError, match="2 or 3"):
        group_sizes(6, 4)


def test_cross_role_bound() -> None:
    assert cross_role_bound({"camera": 2, "sound": 2}) == 2
    assert cross_role_bound({"camera": 9, "sound": 1}) == 1  # one role with most members
    assert cross_role_bound({"camera": 3, "sound": 3, "qa": 1}) == 3
    assert cross_role_bound({"camera": 2, None: 6}) == 0
    assert cross_role_bound({"camera": 1, "sound": 1, None: 6}) == 1
    assert cross_role_bound({"camera": 4, "sound": 4, "qa": 4}, size=3) == 4
    assert cross_role_bound({"camera": 10, "sound": 2}, size=3) == 2
    assert cross_role_bound({}) == 0
    with pytest.raises(ValueError, match="negative"):
        cross_role_bound({"camera": -1})

"""The measures the pairing rules are stated in: group sizes, the cross-role bound, work hours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

ZONE_CAP_HOURS = 3
DAY = 24 * 60  # minutes
_WORK_START, _WORK_END = 9, 18


def working_hours_overlap(
    offset_a_minutes: int, offset_b_minutes: int, *, start_hour: int = 9, end_hour: int = 18
) -> int:
    """Minutes per day two people are both within their local working hours.

    The day is a 24-hour circle, so offsets a whole day apart overlap fully.
    """
    if not 0 <= start_hour < end_hour <= 24:
        raise ValueError(
            f"working hours {start_hour}-{end_hour} must satisfy 0 <= start < end <= 24"
        )
    length = (end_hour - start_hour) * 60
    if length >= DAY:
        return DAY
    shift = abs(offset_a_minutes - offset_b_minutes) % DAY
    return max(0, length - shift) + max(0, length - (DAY - shift))


def common_hours(offsets: Sequence[int]) -> int:
    """Whole hours (up to ZONE_CAP_HOURS) that everyone in a group spends at work at once."""
    starts = [(-offset) % DAY for offset in offsets]
    ref = starts[0]
    # Working days are shorter than half a day, so if all windows share a moment
    # each start lies within half a day of the first one.
    unwrapped = [ref + (start - ref + DAY // 2) % DAY - DAY // 2 for start in starts]
    minutes = min(unwrapped) + (_WORK_END - _WORK_START) * 60 - max(unwrapped)
    return min(max(0, minutes) // 60, ZONE_CAP_HOURS)


def group_sizes(count: int, size: int = 2) -> tuple[int, ...]:
    """Group sizes for ``count`` members: pairs (+ one triple), or threes (+ a four or a pair)."""
    if size not in (2, 3):
        raise ValueError(f"group size must be 2 or 3, not {size}")
    if count < 2:
        return ()
    if size == 2:
        return (2,) * (count // 2 - 1) + ((3,) if count % 2 else (2,))
    threes, rest = divmod(count, 3)
    if rest == 0:
        return (3,) * threes
    if rest == 1:
        return (3,) * (threes - 1) + (4,)
    return (3,) * threes + (2,)


def cross_role_bound(role_counts: Mapping[str | None, int], *, size: int = 2) -> int:
    """The most cross-role groups these role counts allow (``None`` counts unassigned members).

    Each cross-role group needs two assigned members of different roles, one of
    them outside the largest role, so the bound is the least of the number of
    groups, half the assigned members, and the assigned members outside the
    largest role. Grouping can always reach it when nothing else constrains it.
    """
    if any(count < 0 for count in role_counts.values()):
        raise ValueError("role counts cannot be negative")
    groups = len(group_sizes(sum(role_counts.values()), size))
    assigned = [count for role, count in role_counts.items() if role is not None]
    total = sum(assigned)
    return max(0, min(groups, total // 2, total - max(assigned, default=0)))

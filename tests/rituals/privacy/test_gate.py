"""The gate's API: decisions, reasons, the ledger, closed and live periods."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.privacy import (
    Answer,
    Candidate,
    FigureKey,
    Gate,
    Metric,
    Status,
    Value,
    sums_for_mean,
)
from rituals.pulse import round_mean

MEAN, DIST = Metric.MEAN, Metric.DISTRIBUTION


def answers(values: list[int], *, day: str = "d0", first: int = 0) -> list[Answer]:
    return [Answer(f"{day}.{i + first}", f"U{i + first}", v) for i, v in enumerate(values)]


def figure(
    period: str,
    given: list[Answer],
    *,
    metric: Metric = MEAN,
    closed: bool = False,
    scope: str = "team",
    group: str = "",
) -> Candidate:
    return Candidate(FigureKey(scope, period, metric, group), frozenset(given), closed=closed)


@settings(deadline=None)
@given(st.integers(1, 10), st.data())
def test_a_shown_mean_pins_the_sum_for_up_to_ten_answers(count: int, data: st.DataObject) -> None:
    total = data.draw(st.integers(count, 5 * count))
    assert sums_for_mean(count, round_mean(total, count)) == [total]


@settings(deadline=None)
@given(st.integers(11, 60), st.data())
def test_beyond_ten_answers_a_mean_leaves_a_handful_of_sums(
    count: int, data: st.DataObject
) -> None:
    total = data.draw(st.integers(count, 5 * count))
    sums = sums_for_mean(count, round_mean(total, count))
    assert total in sums and len(sums) <= count // 10 + 1


def test_four_people_are_enough_and_three_are_not() -> None:
    gate = Gate()
    out = gate.decide(
        [figure("d0", answers([4, 3, 5, 2])), figure("d1", answers([4, 3, 5], day="d1"))]
    )
    shown, hidden = out.decisions
    assert shown.status is Status.RELEASED and shown.value == Value(4, 14)
    assert shown.value.mean == Fraction(7, 2)
    assert hidden.status is Status.WITHHELD and hidden.value is None
    assert hidden.reason == "fewer than 4 people answered"
    assert [e.key for e in out.new_entries] == [shown.key]


def test_min_group_is_never_below_three() -> None:
    assert Gate(min_group=1).min_group == 3
    gate = Gate(min_group=5)
    out = gate.decide(
        [
            figure("d0", answers([4, 3, 5, 2, 1])),
            figure("d1", answers([1, 2, 3, 4, 5, 4], day="d1")),
        ]
    )
    assert [d.status for d in out.decisions] == [Status.WITHHELD, Status.RELEASED]
    assert out.decisions[0].reason == "fewer than 6 people answered"


def test_everyone_giving_the_same_answer_is_withheld_as_a_mean_and_a_distribution() -> None:
    same = answers([5, 5, 5, 5, 5])
    out = Gate().decide([figure("d0", same), figure("d0", same, metric=DIST)])
    assert all(d.status is Status.WITHHELD for d in out.decisions)
    assert "same answer" in (out.decisions[0].reason or "")


def test_no_answers_yet() -> None:
    out = Gate().decide([figure("d0", [])])
    assert out.decisions[0].reason == "no answers yet" and not out.new_entries


def test_greedy_in_the_given_order() -> None:
    week = answers([4, 3, 5, 2, 4, 3, 5])
    crew, one = figure("w0", week), figure("w0", week[:6], scope="big")
    first = Gate().decide([crew, one]).decisions
    second = Gate().decide([one, crew]).decisions
    assert [d.status for d in first] == [Status.RELEASED, Status.WITHHELD]
    assert [d.status for d in second] == [Status.RELEASED, Status.WITHHELD]
    assert "comparing" in (first[1].reason or "")


def test_the_same_figure_over_the_same_answers_is_shown_again_without_a_new_entry() -> None:
    gate = Gate()
    wanted = figure("d0", answers([4, 3, 5, 2]))
    ledger = list(gate.decide([wanted]).new_entries)
    again = gate.decide([wanted, wanted], ledger=ledger)
    assert [d.status for d in again.decisions] == [Status.RELEASED, Status.RELEASED]
    assert again.new_entries == ()


def test_a_closed_period_keeps_its_first_release_whatever_happens_to_the_answers() -> None:
    gate = Gate()
    week = answers([4, 3, 5, 2, 4])
    out = gate.decide([figure("w0", week, closed=True)])
    ledger = list(out.new_entries)
    assert ledger[0].final
    # later the answers changed groups, one was erased and two arrived late
    later = [*week[1:], *answers([1, 1], first=10)]
    again = gate.decide([figure("w0", later, closed=True)], ledger=ledger)
    assert again.decisions[0].value == out.decisions[0].value
    assert again.decisions[0].refs == out.decisions[0].refs and again.new_entries == ()


def test_a_live_figure_moves_on_only_in_steps_of_more_than_min_group_people() -> None:
    gate = Gate()
    day = answers([4, 3, 5, 2, 4, 3, 5, 1, 2])
    ledger = list(gate.decide([figure("d0", day[:4])]).new_entries)
    for count in (5, 6, 7):
        kept = gate.decide([figure("d0", day[:count])], ledger=ledger).decisions[0]
        assert kept.status is Status.KEPT and kept.value == Value(4, 14)
        assert kept.reason == "as of 4 answers; it updates once enough new people have answered"
    moved = gate.decide([figure("d0", day[:8])], ledger=ledger)
    assert moved.decisions[0].status is Status.RELEASED and moved.decisions[0].value == Value(8, 27)


def test_a_live_figure_kept_when_its_period_closes_is_kept_for_good() -> None:
    gate = Gate()
    day = answers([4, 3, 5, 2, 4])
    ledger = list(gate.decide([figure("d0", day[:4])]).new_entries)
    closing = gate.decide([figure("d0", day, closed=True)], ledger=ledger)
    assert closing.decisions[0].status is Status.KEPT
    assert closing.new_entries[0].final and closing.new_entries[0].value == Value(4, 14)
    ledger += closing.new_entries
    later = gate.decide(
        [figure("d0", day + answers([3, 3, 3, 3], first=20), closed=True)], ledger=ledger
    )
    assert later.decisions[0].value == Value(4, 14)


def test_figures_sharing_no_answers_are_decided_apart() -> None:
    gate = Gate()
    monday, tuesday = answers([4, 3, 5, 2]), answers([1, 2, 3, 4], day="d1")
    out = gate.decide([figure("d0", monday), figure("d1", tuesday), figure("w0", monday + tuesday)])
    assert [d.status for d in out.decisions] == [Status.RELEASED] * 3

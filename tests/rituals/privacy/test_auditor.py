"""The auditor catches what it should: it is only worth running if it can fail."""

from __future__ import annotations

from rituals.privacy import Answer, Metric, Value
from tests.rituals.privacy.auditor import Auditor


def audited(figures: list[tuple[list[Answer], Metric]]) -> list[str]:
    auditor = Auditor()
    for answers, _ in figures:
        for a in answers:
            auditor.know(a.key, a.person, a.value)
    for answers, metric in figures:
        auditor.record([a.ref for a in answers], metric, Value.of(frozenset(answers), metric))
    return auditor.violations()


def crew(values: list[int], first: int = 0) -> list[Answer]:
    return [Answer(f"a{i + first}", f"U{i + first}", v) for i, v in enumerate(values)]


def test_nothing_follows_from_one_mean_over_five() -> None:
    assert audited([(crew([4, 3, 5, 2, 4]), Metric.MEAN)]) == []


def test_a_difference_of_one_answer_follows() -> None:
    five = crew([4, 3, 5, 2, 4])
    found = audited([(five, Metric.MEAN), (five[:4], Metric.MEAN)])
    assert any("['a4'] follows" in v for v in found)


def test_a_mean_of_five_gives_everyone_away() -> None:
    found = audited([(crew([5, 5, 5, 5]), Metric.MEAN)])
    assert any("answer a0 (U0) follows: 5" in v for v in found)


def test_a_viewer_knows_their_own_answer() -> None:
    found = audited([(crew([4, 3, 5]), Metric.MEAN)])
    assert any(v.startswith("view U0: sum of ['a1', 'a2']") for v in found)
    assert not any(v.startswith("view None") for v in found)


def test_bucket_counts_and_sums_together() -> None:
    # the day's distribution has one 5; a group of four whose sum needs it gives away
    # that the other two gave 3 (neither figure alone does)
    day = crew([5, 4, 4, 4, 3, 3])
    found = audited([(day, Metric.DISTRIBUTION), (day[:4], Metric.MEAN)])
    assert any("answer a4" in v for v in found)

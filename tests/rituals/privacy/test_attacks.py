"""The six attacks on figures of issue 14, replayed at the level of figures: the gate refuses
each, and the auditor finds nothing in what it released. The first is also replayed
against what the old small-group hiding showed (it hid costume and "the next smallest
group", the empty role), which the auditor catches, so the auditor can tell."""

from __future__ import annotations

from rituals.privacy import Metric, Status
from tests.rituals.privacy.crew import TEAM, Crew


def by_key(decisions: list, group: str = "", period: str | None = None, metric=Metric.MEAN):
    return next(
        d
        for d in decisions
        if d.key.group == group
        and d.key.metric is metric
        and (period is None or d.key.period == period)
    )


def crew_of(roles: dict[str, int], channel: str = "C0") -> Crew:
    crew = Crew()
    for role, size in roles.items():
        for i in range(size):
            crew.join(f"{role}{i}", channel, role)
    crew.roles.add("props")  # a role nobody in it answers
    return crew


def answer_all(crew: Crew, values: dict[str, int], channel: str = "C0") -> None:
    for person, value in values.items():
        crew.answer(person, channel, value)


def test_1_an_empty_role_is_no_cover() -> None:
    crew = crew_of({"lighting": 4, "sound": 4, "costume": 1})
    scores = {f"lighting{i}": v for i, v in enumerate([4, 5, 3, 4])}
    scores |= {f"sound{i}": v for i, v in enumerate([2, 4, 4, 3])}
    scores["costume0"] = 1
    answer_all(crew, scores)
    crew.day = 5  # the week is over
    shown = crew.digest(TEAM, 0)
    assert by_key(shown).status is Status.RELEASED
    assert by_key(shown, "costume").status is Status.WITHHELD
    assert by_key(shown, "props").status is Status.WITHHELD
    roles = [by_key(shown, r).status for r in ("lighting", "sound")]
    assert Status.WITHHELD in roles  # total - lighting - sound would be costume's answer
    assert crew.auditor.violations() == []


def test_1_main_hid_the_next_smallest_group_and_the_auditor_sees_through_it() -> None:
    crew = crew_of({"lighting": 3, "sound": 3, "costume": 1})
    scores = {"lighting0": 4, "lighting1": 5, "lighting2": 4, "sound0": 2, "sound1": 4}
    scores |= {"sound2": 3, "costume0": 1}
    answer_all(crew, scores)
    keys = {a.person: a for a in crew.answers.values()}
    roles = {
        r: [keys[p] for p in keys if p.startswith(r)] for r in ("lighting", "sound", "costume")
    }
    # the old hiding showed the total and every role of 3 or more, hiding costume (1 person)
    # and, as its complement, the empty role "props"
    everyone = list(keys.values())
    crew.auditor.record([a.ref for a in everyone], Metric.MEAN, _value(everyone))
    for role in ("lighting", "sound"):
        crew.auditor.record([a.ref for a in roles[role]], Metric.MEAN, _value(roles[role]))
    assert any("costume0" in v for v in crew.auditor.violations())


def _value(answers):
    from rituals.privacy import Value

    return Value.of(frozenset(answers), Metric.MEAN)


def test_2_team_minus_channel() -> None:
    crew = Crew()
    for i in range(8):
        crew.join(f"big{i}", "big", "crew")
    crew.join("tiny0", "tiny", "crew")
    answer_all(crew, {f"big{i}": 3 + i % 3 for i in range(8)}, "big")
    crew.answer("tiny0", "tiny", 1)
    assert by_key(crew.home(), period="w0").status is Status.RELEASED
    week = by_key(crew.results("big"), period="w0")
    assert week.status is Status.WITHHELD and "comparing" in (week.reason or "")
    assert crew.auditor.violations() == []


def test_3_a_role_moved_then_the_digest_sent_again() -> None:
    crew = crew_of({"lighting": 4, "sound": 5})
    answer_all(crew, {f"lighting{i}": v for i, v in enumerate([4, 5, 4, 4])})
    answer_all(crew, {f"sound{i}": v for i, v in enumerate([2, 3, 4, 3, 5])})
    crew.day = 5
    first = by_key(crew.digest(TEAM, 0), "lighting")
    assert first.status is Status.RELEASED
    crew.move("sound0", "lighting")
    again = by_key(crew.digest(TEAM, 0), "lighting")
    assert again.value == first.value and again.refs == first.refs
    assert crew.auditor.violations() == []


def test_3_in_an_open_week_the_moved_role_keeps_its_figure() -> None:
    crew = crew_of({"lighting": 4, "sound": 5})
    answer_all(crew, {f"lighting{i}": v for i, v in enumerate([4, 5, 4, 4])})
    answer_all(crew, {f"sound{i}": v for i, v in enumerate([2, 3, 4, 3, 5])})
    first = by_key(crew.digest(TEAM, 0), "lighting")
    crew.move("sound0", "lighting")
    again = by_key(crew.digest(TEAM, 0), "lighting")
    assert again.status is Status.KEPT and again.value == first.value
    assert crew.auditor.violations() == []


def test_4_before_and_after_one_answer() -> None:
    crew = crew_of({"crew": 6})
    answer_all(crew, {f"crew{i}": v for i, v in enumerate([4, 4, 3, 5])})
    monday = by_key(crew.results("C0"), period="w0")
    crew.next_day()
    crew.answer("crew4", "C0", 1)
    tuesday = by_key(crew.results("C0"), period="w0")
    assert monday.status is Status.RELEASED
    assert tuesday.status is Status.KEPT and tuesday.value == monday.value
    assert crew.auditor.violations() == []


def test_5_the_viewers_own_answer_does_not_count() -> None:
    crew = Crew()
    for person in ("manager", "accomplice", "victim"):
        crew.join(person, "private", "crew")
    answer_all(crew, {"manager": 3, "accomplice": 3, "victim": 1}, "private")
    today = by_key(crew.results("private"), period="d0")
    assert today.status is Status.WITHHELD and today.reason == "fewer than 4 people answered"
    assert crew.auditor.violations() == []


def test_6_forget_me_then_export_again() -> None:
    crew = crew_of({"crew": 6})
    answer_all(crew, {f"crew{i}": v for i, v in enumerate([4, 4, 3, 5, 2, 4])})
    crew.day = 5
    before = by_key(crew.digest(TEAM, 0))
    crew.forget("crew3")
    after = by_key(crew.digest(TEAM, 0))
    assert after.value == before.value  # the closed week as exported before
    assert crew.auditor.violations() == []


def test_6_in_an_open_week_the_export_does_not_move_by_one_person() -> None:
    crew = crew_of({"crew": 6})
    answer_all(crew, {f"crew{i}": v for i, v in enumerate([4, 4, 3, 5, 2, 4])})
    before = by_key(crew.digest(TEAM, 0))
    crew.forget("crew3")
    after = by_key(crew.digest(TEAM, 0))
    assert after.status is Status.KEPT and after.value == before.value
    assert crew.auditor.violations() == []

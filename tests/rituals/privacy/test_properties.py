"""Generated crews, moves and viewing orders: whatever the gate releases passes the auditor."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.rituals.privacy.crew import TEAM, Crew

ROLES = ("lighting", "sound", "costume", "props")
SCORES = st.sampled_from((1, 2, 3, 3, 4, 4, 4, 5, 5, 5))
MAYBE = st.one_of(SCORES, SCORES, SCORES, st.none())  # most members answer

wave = st.tuples(st.just("wave"), st.integers(0, 2), st.lists(MAYBE, min_size=4, max_size=10))
views = st.one_of(
    st.tuples(st.just("results"), st.integers(0, 2)),
    st.tuples(st.just("home")),
    st.tuples(st.just("digest"), st.integers(0, 3), st.integers(-1, 0)),
)
moves = st.one_of(
    st.tuples(st.just("answer"), st.integers(0, 9), st.integers(0, 2), SCORES),
    st.tuples(st.just("move"), st.integers(0, 9), st.sampled_from(ROLES)),
    st.tuples(st.just("join"), st.integers(0, 9), st.integers(0, 2)),
    st.tuples(st.just("leave"), st.integers(0, 9), st.integers(0, 2)),
    st.tuples(st.just("forget"), st.integers(0, 9)),
)
# weighted: answers and views most often, a new day now and then, moves now and then
events = st.one_of(
    wave, wave, wave, views, views, st.tuples(st.just("day")), st.tuples(st.just("day")), moves
)


@st.composite
def crews(draw: st.DrawFn) -> tuple[Crew, list[tuple[Any, ...]]]:
    """A crew of 4–10 in one to three pulse channels, and what happens to it."""
    size = draw(st.integers(4, 10))
    channels = draw(st.integers(1, 3))
    crew = Crew()
    for i in range(size):
        crew.join(f"U{i}", "C0", draw(st.sampled_from(ROLES)))
        for c in range(1, channels):
            if draw(st.booleans()):
                crew.join(f"U{i}", f"C{c}")
    return crew, draw(st.lists(events, min_size=12, max_size=40))


def play(crew: Crew, event: tuple[Any, ...]) -> None:
    """Apply one generated event (indices wrap around what exists)."""
    names = sorted(crew.role)
    channels = sorted(crew.channels)
    kind = event[0]
    if not names:
        return
    if kind == "wave":
        channel = channels[event[1] % len(channels)]
        members = sorted(crew.channels[channel])
        for person, value in zip(members, event[2], strict=False):
            if value is not None:
                crew.answer(person, channel, value)
    elif kind == "answer":
        person, channel = names[event[1] % len(names)], channels[event[2] % len(channels)]
        if person in crew.channels[channel]:
            crew.answer(person, channel, event[3])
    elif kind == "day":
        crew.next_day()
    elif kind == "move":
        crew.move(names[event[1] % len(names)], event[2])
    elif kind == "join":
        crew.join(names[event[1] % len(names)], channels[event[2] % len(channels)])
    elif kind == "leave":
        crew.leave(names[event[1] % len(names)], channels[event[2] % len(channels)])
    elif kind == "forget":
        crew.forget(names[event[1] % len(names)])
    elif kind == "results":
        crew.results(channels[event[1] % len(channels)])
    elif kind == "home":
        crew.home()
    elif kind == "digest":
        scopes = [TEAM, *channels]
        week = max(0, crew.week_of(crew.day) + event[2])
        crew.digest(scopes[event[1] % len(scopes)], week)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(crews())
def test_whatever_the_gate_releases_passes_the_auditor(world: tuple[Crew, list[Any]]) -> None:
    crew, happenings = world
    for event in happenings:
        play(crew, event)
    crew.home()
    assert crew.auditor.violations() == []

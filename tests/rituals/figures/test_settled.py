"""Settled weeks (every figure closed and released final, or without answers and never
released) are read from the ledger without their answers, and show exactly what one call
of the gate over every figure and the whole ledger would show."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import storage.metrics
from rituals.figures import week as week_module
from rituals.figures.release import Shown, release
from rituals.figures.reports import digest_report
from rituals.metrics import IsoWeek
from rituals.privacy import Candidate, FigureKey
from rituals.retro import author_hash
from rituals.services import Services
from storage.db import Database
from storage.members import erase_member
from tests.rituals.figures.seed import MONDAY, TEAM, Seed, audit, released, truth

W48 = IsoWeek(2026, 48)
AFTER = datetime(2026, 12, 1, 9, tzinfo=UTC)  # W48 is over
TZ = "Europe/London"


def crew(seed: Seed, roles: dict[str, list[int]], *, day: int = 0) -> None:
    for role, scores in roles.items():
        for n, score in enumerate(scores):
            seed.member(f"U{role}{n}", role)
            seed.answer(f"U{role}{n}", score, day=day)


def report(db: Database, now: datetime) -> Any:
    return digest_report(db, team_id=TEAM, week=W48, tz=TZ, min_group=3, now=now)


def _whole_gate(
    unit: Any,
    *,
    team_id: str,
    wanted: Sequence[tuple[FigureKey, bool]],
    build: Callable[[FigureKey, bool], Candidate],
    min_group: int,
    now: datetime,
    empty: Callable[[FigureKey], bool],
) -> Shown:
    """Every figure built and decided by one call of the gate, as before weeks settled."""
    candidates = [build(key, closed) for key, closed in wanted]
    return release(unit, team_id=team_id, candidates=candidates, min_group=min_group, now=now)


def same_as_whole_gate(
    db: Database, now: datetime, monkeypatch: pytest.MonkeyPatch, reads: list[datetime]
) -> tuple[Any, list[datetime]]:
    """The report and the periods it read answer by answer, checked against the whole
    gate's report (which must add nothing to the ledger either)."""
    reads.clear()
    ours = report(db, now)
    read = list(reads)
    stored = released(db)
    with monkeypatch.context() as patch:
        patch.setattr(week_module, "release_keys", _whole_gate)
        whole = report(db, now)
    assert (ours.metrics, ours.previous, ours.points) == (
        whole.metrics,
        whole.previous,
        whole.points,
    )
    assert released(db) == stored
    return ours, read


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The start of every period whose answers are read one by one."""
    starts: list[datetime] = []
    real = storage.metrics.answers_between

    def spy(unit: Any, **kw: Any) -> Any:
        starts.append(kw["start"])
        return real(unit, **kw)

    monkeypatch.setattr(storage.metrics, "answers_between", spy)
    return starts


def test_a_settled_week_reads_no_answer_and_shows_what_the_gate_released(
    svc: Services, reads: list[datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = Seed(svc.db)
    crew(seed, {"lighting": [4, 5, 3, 4, 2], "sound": [2, 3, 5, 1, 3, 4]})
    seed.member("Uprops0", "props")  # listed, never answers: withheld, never released
    first = report(svc.db, AFTER)
    assert reads  # the first report decides the week from its answers
    again, read = same_as_whole_gate(svc.db, AFTER + timedelta(days=2), monkeypatch, reads)
    assert read == []  # nothing read answer by answer: W48 is final, earlier weeks empty
    pulse = again.metrics["pulse"]
    assert pulse["by_role"]["lighting"] == {"responses": 5, "mean": 3.6}
    assert pulse["withheld"]["by_role.props"] == "no answers yet"
    assert pulse["respondents"] == 11 and pulse["responses"] == 11
    assert (again.metrics, again.points) == (first.metrics, first.points)
    assert audit(svc.db, truth(svc.db)) == []


def test_a_closed_week_with_a_withheld_figure_still_asks_the_gate(
    svc: Services, reads: list[datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = Seed(svc.db)
    crew(seed, {"lighting": [4, 5, 3, 4, 2], "sound": [2, 3, 5, 1, 3], "costume": [1]})
    report(svc.db, AFTER)
    again, read = same_as_whole_gate(svc.db, AFTER + timedelta(days=1), monkeypatch, reads)
    assert read == [
        W48.bounds(TZ)[0]
    ]  # costume's figure is not final: the gate decides the week again
    withheld = again.metrics["pulse"]["withheld"]
    assert withheld["by_role.costume"] == "fewer than 4 people answered"
    assert again.metrics["pulse"]["by_role"]["costume"] == {"responses": 1, "mean": None}


def test_settled_weeks_after_a_role_move_and_forget_me_show_as_released(
    svc: Services, reads: list[datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = Seed(svc.db)
    crew(seed, {"lighting": [4, 5, 4, 4, 2], "sound": [2, 3, 3, 2, 3, 5]})
    first = report(svc.db, AFTER)
    seed.move("Usound0", "lighting")
    moved, read = same_as_whole_gate(svc.db, AFTER + timedelta(days=1), monkeypatch, reads)
    assert read == []
    assert moved.metrics["pulse"]["by_role"] == first.metrics["pulse"]["by_role"]
    with svc.db.unit() as unit:
        erase_member(unit, team_id=TEAM, user_id="Ulighting1", author_hash=author_hash)
    erased, read = same_as_whole_gate(svc.db, AFTER + timedelta(days=2), monkeypatch, reads)
    assert read == []
    assert erased.metrics["pulse"]["mean"] == first.metrics["pulse"]["mean"]
    assert erased.metrics["pulse"]["respondents"] == 10  # counts follow the answers as they stand


def test_a_live_week_is_never_settled(
    svc: Services, reads: list[datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = Seed(svc.db)
    crew(seed, {"camera": [4, 4, 4, 4, 4]})
    tuesday = MONDAY + timedelta(days=1, hours=2)
    report(svc.db, tuesday)
    seed.answer("Ucamera0", 1, day=1)
    live, read = same_as_whole_gate(svc.db, tuesday + timedelta(hours=1), monkeypatch, reads)
    assert read == [W48.bounds(TZ)[0]]  # only the live week: earlier ones have no answers
    assert live.metrics["pulse"]["mean"] == 4.0  # kept: 24 − 20 would be the new answer
    assert live.metrics["pulse"]["responses"] == 5

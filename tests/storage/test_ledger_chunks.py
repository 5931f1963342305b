"""The ledger looks answer keys up in chunks: sets longer than a chunk store and load whole."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage import ledger
from storage.db import Database

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def release(keys: list[str], group: str) -> ledger.NewRelease:
    return ledger.NewRelease(
        scope="team",
        period="2026-W48",
        week="2026-W48",
        metric="mean",
        group=group,
        final=True,
        count=len(keys),
        total=3 * len(keys),
        buckets=None,
        answers=tuple((key, f"U{key}", 3) for key in keys),
    )


def test_sets_longer_than_a_chunk(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "KEYS_PER_QUERY", 3)
    everyone = [f"k{n:02d}" for n in range(11)]
    with db.unit() as unit:
        ledger.store(unit, team_id="T1", releases=[release(everyone[:7], "a")], now=NOW)
    with db.unit() as unit:  # four keys already stored, seven new ones
        ledger.store(unit, team_id="T1", releases=[release(everyone[3:], "b")], now=NOW)
    with db.unit() as unit:
        stored = ledger.load(unit, team_id="T1", weeks=["2026-W48"])
    assert [{key for key, _ in r.refs} for r in stored.releases] == [
        set(everyone[:7]),
        set(everyone[3:]),
    ]
    assert stored.values == {key: (f"U{key}", 3) for key in everyone}

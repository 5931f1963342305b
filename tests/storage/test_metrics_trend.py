"""The digest counts its week and the week before with the trend's series, as the export
counts them on their own (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rituals.figures.reports import compute_week, digest_report
from rituals.metrics import parse_week
from storage.db import Database
from tests.storage.metrics_seed import CREW, NY, seed_scripted_week, seed_second_workspace

NOW = datetime(2026, 12, 7, tzinfo=UTC)


@pytest.fixture
def seeded(db: Database) -> Database:
    with db.session() as session:
        seed_scripted_week(session)
        seed_second_workspace(session)
    return db


@pytest.mark.parametrize("channel_id", [CREW, None])
def test_the_digest_counts_its_weeks_with_the_trend_as_compute_week_does(
    seeded: Database, channel_id: str | None
) -> None:
    scope = {"team_id": "T1", "channel_id": channel_id, "tz": NY, "now": NOW}
    digest = digest_report(seeded, week=parse_week("2026-W48"), min_group=3, **scope)
    assert digest.metrics == compute_week(seeded, week="2026-W48", **scope)
    earlier = compute_week(seeded, week="2026-W47", **scope)
    assert digest.previous is not None
    for name in ("members", "shadowing", "retros", "interactions", "cohesion_components"):
        assert digest.previous[name] == earlier[name], name
    assert digest.previous["pulse"]["prompted"] == earlier["pulse"]["prompted"] > 0
    assert digest.metrics["interactions"]["reactions"] > 0

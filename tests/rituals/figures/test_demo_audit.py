"""The demo's four weeks, every surface it shows (scheduled digests with their trend and
roles, each week's export, App Home), audited together: nothing smaller than the group
follows from everything shown, and the figures the demo needs are still there."""

from __future__ import annotations

import json
from pathlib import Path

from sandbox.demo import write_outputs
from sandbox.demo.driver import Demo
from storage.db import Database
from tests.rituals.figures.seed import audit, released, truth


def test_everything_the_demo_showed_passes_the_auditor(tmp_path: Path) -> None:
    demo = Demo(members=12, weeks=4, seed=1, out=tmp_path)
    result = demo.run(keep_open=True)
    try:
        write_outputs(demo, result)  # exports of every week, the digest, App Home opened
    finally:
        demo.close()
    db = Database(f"sqlite:///{result.out / 'greenroom-demo.db'}")
    try:
        assert released(db, result.team_id) > 0
        assert audit(db, truth(db, result.team_id), result.team_id) == []
    finally:
        db.dispose()
    means = [
        json.loads((result.out / f"export-{week}.json").read_text())["pulse"]["mean"]
        for week in result.weeks
    ]
    assert all(mean is not None for mean in means), means  # a 12-person crew keeps its week

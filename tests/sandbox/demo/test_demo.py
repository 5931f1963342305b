"""``greenroom demo`` on a small crew: the export agrees with what the crew did, the chart is a
real PNG, every request reached the bot signed, and a seed always gives the same export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib.image
import pytest
from slack_sdk.signature import SignatureVerifier

from sandbox.demo import write_outputs
from sandbox.demo.driver import SIGNING_SECRET, Demo, DemoResult


def run(tmp: Path, *, seed: int, record_requests: bool = False) -> tuple[Demo, DemoResult]:
    demo = Demo(members=12, weeks=1, seed=seed, out=tmp, record_requests=record_requests)
    result = demo.run()
    write_outputs(demo, result)
    return demo, result


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Demo, DemoResult]:
    return run(tmp_path_factory.mktemp("demo-a"), seed=3, record_requests=True)


def export(result: DemoResult) -> dict[str, Any]:
    return json.loads((result.out / f"export-{result.weeks[-1]}.json").read_text())


def test_export_counts_what_the_crew_did(
    first_run: tuple[Demo, DemoResult],
) -> None:
    demo, result = first_run
    figures = export(result)
    assert figures["pulse"]["responses"] == len(demo.answered)
    assert figures["pulse"]["prompted"] >= figures["pulse"]["responses"] > 0
    assert figures["interactions"]["reactions"] == result.actions.get("reactions", 0)
    assert figures["interactions"]["replies"] == result.actions.get("replies", 0)
    assert figures["members"] == 12
    assert figures["team_id"] == demo.ws.team_id


def test_outputs_are_written(first_run: tuple[Demo, DemoResult]) -> None:
    _, result = first_run
    png = result.out / "trend.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(png)
    assert image.shape[0] > 100 and image.shape[1] > 100
    assert image.std() > 0  # something was drawn
    page = (result.out / "transcript.html").read_text()
    assert "#crew" in page and "How are you feeling" in page


def test_every_request_of_the_crew_was_signed(first_run: tuple[Demo, DemoResult]) -> None:
    _, result = first_run
    verifier = SignatureVerifier(SIGNING_SECRET)
    made = sum(result.actions.values())
    unsigned = [
        r for r in result.requests if not verifier.is_valid(r.body, r.timestamp, r.signature)
    ]
    assert unsigned == []
    assert len(result.requests) >= made > 0


def test_same_seed_same_export(first_run: tuple[Demo, DemoResult], tmp_path: Path) -> None:
    _, result = first_run
    _, again = run(tmp_path, seed=3)
    assert export(again) == export(result)

"""``greenroom demo`` on a small crew: the export agrees with what the crew did, the chart is a
real PNG, every request reached the bot signed, and a seed always gives the same export."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import matplotlib.image
import pytest
from slack_sdk.signature import SignatureVerifier

from bot.demo import write_outputs
from bot.demo.driver import SIGNING_SECRET, Demo, DemoResult


class SignatureWatch:
    """WSGI middleware counting requests to /slack/events with and without a valid signature."""

    def __init__(self) -> None:
        self.valid = 0
        self.invalid = 0
        self.verifier = SignatureVerifier(SIGNING_SECRET)

    def wrap(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        def watched(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            if environ.get("PATH_INFO") == "/slack/events":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                body = environ["wsgi.input"].read(length)
                headers = {
                    "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", ""),
                    "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
                }
                if self.verifier.is_valid_request(body, headers):
                    self.valid += 1
                else:
                    self.invalid += 1
                import io

                environ["wsgi.input"] = io.BytesIO(body)
            return app(environ, start_response)

        return watched


def run(tmp: Path, *, seed: int, watch: SignatureWatch | None = None) -> tuple[Demo, DemoResult]:
    demo = Demo(
        members=12,
        weeks=1,
        seed=seed,
        out=tmp,
        middleware=watch.wrap if watch else (lambda wsgi: wsgi),
    )
    result = demo.run()
    write_outputs(demo, result)
    return demo, result


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Demo, DemoResult, SignatureWatch]:
    watch = SignatureWatch()
    demo, result = run(tmp_path_factory.mktemp("demo-a"), seed=3, watch=watch)
    return demo, result, watch


def export(result: DemoResult) -> dict[str, Any]:
    return json.loads((result.out / f"export-{result.weeks[-1]}.json").read_text())


def test_export_counts_what_the_crew_did(
    first_run: tuple[Demo, DemoResult, SignatureWatch],
) -> None:
    demo, result, _ = first_run
    figures = export(result)
    assert figures["pulse"]["responses"] == len(demo.answered)
    assert figures["pulse"]["prompted"] >= figures["pulse"]["responses"] > 0
    assert figures["interactions"]["reactions"] == result.actions.get("reactions", 0)
    assert figures["interactions"]["replies"] == result.actions.get("replies", 0)
    assert figures["members"] == 12
    assert figures["team_id"] == demo.ws.team_id


def test_outputs_are_written(first_run: tuple[Demo, DemoResult, SignatureWatch]) -> None:
    _, result, _ = first_run
    png = result.out / "trend.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(png)
    assert image.shape[0] > 100 and image.shape[1] > 100
    assert image.std() > 0  # something was drawn
    page = (result.out / "transcript.html").read_text()
    assert "#crew" in page and "How are you feeling" in page


def test_every_request_of_the_crew_was_signed(
    first_run: tuple[Demo, DemoResult, SignatureWatch],
) -> None:
    _, result, watch = first_run
    made = sum(result.actions.values())
    assert watch.invalid == 0
    assert watch.valid >= made > 0


def test_same_seed_same_export(
    first_run: tuple[Demo, DemoResult, SignatureWatch], tmp_path: Path
) -> None:
    _, result, _ = first_run
    _, again = run(tmp_path, seed=3)
    assert export(again) == export(result)

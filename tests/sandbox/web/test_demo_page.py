"""``greenroom demo --serve``: the page on the demo's final state, and the static transcript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from sandbox.demo import write_outputs
from sandbox.demo.driver import Demo, DemoResult
from sandbox.demo.serve import Served, serve
from tests.sandbox.web.conftest import Page


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Demo, DemoResult, Served]]:
    """A small demo, kept running on its final state, with the page served."""
    demo = Demo(members=12, weeks=2, seed=4, out=tmp_path_factory.mktemp("demo-serve"))
    result = demo.run(keep_open=True)
    try:
        write_outputs(demo, result)
        served = serve(demo, 0)
        try:
            yield demo, result, served
        finally:
            served.close()
    finally:
        demo.close()


class _Served:
    """What :class:`Page` needs of a running sandbox."""

    def __init__(self, demo: Demo, served: Served) -> None:
        self.url = served.url
        self.sandbox = demo.sandbox


@pytest.fixture
def demo_page(driver: WebDriver, finished: tuple[Demo, DemoResult, Served], shots: Path) -> Page:
    demo, _, served = finished
    return Page(driver, _Served(demo, served), shots).open()  # type: ignore[arg-type]


def test_the_page_opens_on_the_final_state_with_the_digest_and_its_chart(
    demo_page: Page, finished: tuple[Demo, DemoResult, Served]
) -> None:
    demo, result, _ = finished
    leads = [demo.ws.users[u] for u in demo.ws.channels[demo.leads_channel].members]
    london = [u for u in leads if u.tz == "Europe/London"]  # times read as the team's
    demo_page.pick((london or [demo.ws.users[demo.manager]])[0].real_name)
    demo_page.go("leads")

    demo_page.message_with(f"Cohesion digest — whole workspace — {result.weeks[-1]}")
    charts = demo_page.until(lambda d: demo_page.all("#messages .file-image img"))
    assert len(charts) == len(result.weeks) + 1  # one digest a week, and the one before
    width = "return arguments[0].naturalWidth"
    demo_page.until(lambda d: demo_page.driver.execute_script(width, charts[-1]) > 100)
    demo_page.driver.execute_script("arguments[0].scrollIntoView(false)", charts[-1])
    demo_page.screenshot("sandbox-digest.png")


def test_the_demo_clock_moves_and_the_bot_follows(
    demo_page: Page, finished: tuple[Demo, DemoResult, Served]
) -> None:
    demo, _, _ = finished
    member = next(u for u in demo.ws.users.values() if u.tz == "Europe/London" and not u.is_admin)
    demo_page.pick(member.real_name)
    before = demo_page.text_of("#clock-now")
    assert "pulse" in demo_page.text_of("#clock-next")  # Monday's pulse, after the digest

    demo_page.find("#clock-next-button").click()

    demo_page.until(lambda d: demo_page.text_of("#clock-now") != before)
    assert "09:00" in demo_page.text_of("#clock-now")
    demo_page.wait_text("#sidebar .side-item.unread", "Greenroom")


def _transcript(result: DemoResult) -> str:
    return (result.out / "transcript.html").read_text()


def test_the_transcript_reads_as_the_crew_saw_it(
    finished: tuple[Demo, DemoResult, Any],
) -> None:
    demo, result, _ = finished
    page = _transcript(result)
    text = re.sub(r"<[^>]+>", "", page)

    assert not re.search(r"&lt;[@#][UC]\d", page) and not re.search(r"<[@#][UC]\d{8}", text)
    manager = demo.ws.users[demo.manager].real_name
    assert f"@{manager}" in text  # mentions resolved to names
    assert "🎭" in page and ":performing_arts:" not in text  # emoji, not their names
    assert "<i>check</i>" not in page and "<i>white" not in page
    for code in re.findall(r"<code>(.*?)</code>", page):
        assert "<b>" not in code  # no bold inside code spans
    assert page.count('src="data:image/png;base64,') == len(result.weeks) + 1
    assert "UTC" not in text.replace("Europe/London", "")
    assert page.index('id="channel-crew"') < page.index('id="dms"')
    assert '<nav class="toc">' in page and "<details>" in page
    assert "Only visible to" in page and "/greenroom pulse schedule" in text
    assert 'id="home"' in page and 'id="modals"' in page
    assert "Add a card" in text or "Pulse note" in text


def test_the_transcript_renders_in_a_browser(
    driver: WebDriver, finished: tuple[Demo, DemoResult, Any]
) -> None:
    _, result, _ = finished
    driver.get(Path(result.out / "transcript.html").as_uri())
    headings = [h.text for h in driver.find_elements("css selector", "section > h2")]
    assert headings[:2] == ["#crew", "#leads"]
    images = driver.find_elements("css selector", ".file-image img")
    assert images and all(
        driver.execute_script("return arguments[0].naturalWidth", i) for i in images
    )

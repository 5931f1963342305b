"""A real headless Chromium (Debian's ``chromium`` and ``chromium-driver``) on the sandbox page.

No browser is ever downloaded: Selenium is pointed at /usr/bin/chromium and
/usr/bin/chromedriver, and a missing browser fails these tests loudly. Every wait is
an explicit wait on the page's DOM.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from sandbox.runner import Running, start

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Screenshots land in docs/ when asked (GREENROOM_SCREENSHOTS=docs), else in a temporary
# folder: a test run must not rewrite tracked files in every checkout.
SHOTS = os.environ.get("GREENROOM_SCREENSHOTS")
# Monday 23 November 2026, 08:30 in London: the weekday pulse is due at 09:00.
MONDAY_MORNING = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
WAIT = 30.0
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
    "--force-device-scale-factor=1",
)


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    """One headless Chromium for a module, with a fresh profile."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.fail(
            "Chromium is missing: install Debian's browser with "
            "`apt-get install -y chromium chromium-driver` (.ci/run does this)."
        )
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a browser or driver
    profile = tempfile.mkdtemp(prefix="greenroom-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go."""
    return Path(SHOTS).resolve() if SHOTS else tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def sandbox_page() -> Iterator[Running]:
    """The sandbox, its page and the bot, on a Monday morning with the usual rituals set up."""
    running = start(port=0, now=MONDAY_MORNING)
    yield running
    running.close()


class Page:
    """The sandbox page in the browser, with waits on what it shows."""

    def __init__(self, driver: WebDriver, running: Running, shots: Path) -> None:
        self.driver = driver
        self.shots = shots
        self.running = running
        self.ws = running.sandbox.workspace

    def open(self) -> Page:
        """Load the page and wait until it has drawn."""
        self.driver.get(self.running.url)
        self.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
        return self

    def until(self, condition: Callable[[WebDriver], Any], message: str = "") -> Any:
        """Wait for a DOM condition (no sleeping)."""
        stale = (StaleElementReferenceException,)
        wait = WebDriverWait(self.driver, WAIT, ignored_exceptions=stale)
        return wait.until(condition, message)

    def read(self, what: Callable[[], Any]) -> Any:
        """Read from the page, again if it was redrawn under the reading."""
        return self.until(lambda _: what())

    def idle(self) -> None:
        """Wait until the act in flight has been answered and drawn."""
        self.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-busy") == "0")

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text_of(self, css: str) -> str:
        """The visible text of everything matching ``css``, read in one step in the page."""
        script = (
            "return Array.from(document.querySelectorAll(arguments[0]))"
            ".map(e => e.innerText).join(' ')"
        )
        return str(self.driver.execute_script(script, css))

    def classes(self, css: str) -> str:
        """The class attribute of the first element matching ``css``."""
        script = "const e = document.querySelector(arguments[0]); return e ? e.className : ''"
        return str(self.driver.execute_script(script, css))

    def wait_text(self, css: str, text: str) -> WebElement:
        """The first element matching ``css`` whose text contains ``text``, once it shows."""

        def found(_: WebDriver) -> WebElement | bool:
            for element in self.all(css):
                if text in element.text:
                    return element
            return False

        return self.until(found, f"no {css} showing {text!r}; page shows {self.text_of(css)!r}")

    def click_text(self, css: str, text: str) -> None:
        """Click the first element matching ``css`` that shows ``text`` (found afresh)."""

        def clicked(_: WebDriver) -> bool:
            for element in self.all(css):
                if text in element.text:
                    element.click()
                    return True
            return False

        self.until(clicked, f"no {css} showing {text!r} to click")

    def fill(self, css: str, text: str, *, clear: bool = False) -> None:
        """Type into the field matching ``css`` (found afresh if the page redrew it)."""

        def typed(_: WebDriver) -> bool:
            field = self.find(css)
            if clear:
                field.clear()
            field.send_keys(text)
            return True

        self.until(typed, f"could not type into {css}")

    def hover_tool(self, tool: str) -> None:
        """Hover the newest message and click one of its tools (react, reply)."""

        def clicked(_: WebDriver) -> bool:
            message = self.all("#messages .msg")[-1]
            ActionChains(self.driver).move_to_element(message).perform()
            message.find_element(By.CSS_SELECTOR, tool).click()
            return True

        self.until(clicked, f"no {tool} on the newest message")

    def select(self, css: str, label: str) -> None:
        """Pick the option showing ``label`` in the select matching ``css``."""

        def picked(_: WebDriver) -> bool:
            options = self.find(css).find_elements(By.TAG_NAME, "option")
            for option in options:
                if label in option.text:
                    option.click()
                    return True
            return False

        self.until(picked, f"no option {label!r} in {css}")

    def press(self, message: str, label: str) -> None:
        """Click the Block Kit button ``label`` on the newest message showing ``message``."""

        def clicked(_: WebDriver) -> bool:
            for found in reversed(self.all("#messages .msg")):
                button = self.button(found, label) if message in found.text else None
                if button is not None:
                    button.click()
                    return True
            return False

        self.until(clicked, f"no button {label!r} on a message with {message!r}")

    def pick(self, name: str) -> None:
        """Act as the person called ``name`` (from the welcome cards or the picker)."""
        if self.find("#welcome").is_displayed():
            self.click_text(".person", name)
        else:
            select = self.find("#who")
            option = next(o for o in select.find_elements(By.TAG_NAME, "option") if name in o.text)
            option.click()
        self.wait_text("#who option:checked", name)
        self.until(lambda d: self.all("#sidebar .side-item.active"))

    def go(self, label: str) -> None:
        """Open a conversation from the sidebar (``crew``, ``Greenroom``…)."""
        self.click_text("#sidebar .side-item", label)
        self.until(lambda d: label in self.text_of("#sidebar .side-item.active"))

    def type(self, text: str) -> None:
        """Type in the composer and press Enter."""
        box = self.find("#compose")
        box.send_keys(text)
        box.send_keys(Keys.ENTER)
        self.idle()

    def message_with(self, text: str) -> WebElement:
        """The newest message in the conversation showing ``text``."""

        def found(_: WebDriver) -> WebElement | bool:
            matches = [m for m in self.all("#messages .msg") if text in m.text]
            return matches[-1] if matches else False

        return self.until(found, f"no message with {text!r}")

    def button(self, within: WebElement, label: str) -> WebElement | None:
        """A Block Kit button by its label, or None."""
        buttons = within.find_elements(By.CSS_SELECTOR, "button.bk-button")
        return next((b for b in buttons if b.text.strip() == label), None)

    def modal(self, title: str) -> WebElement:
        """The open modal, once it shows ``title``."""
        return self.wait_text("#modal-layer .modal", title)

    def screenshot(self, name: str) -> Path:
        """A screenshot for the README (docs/ with GREENROOM_SCREENSHOTS=docs)."""
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / name
        assert self.driver.save_screenshot(str(path)), f"could not write {path}"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        return path


@pytest.fixture
def page(driver: WebDriver, sandbox_page: Running, shots: Path) -> Page:
    return Page(driver, sandbox_page, shots).open()

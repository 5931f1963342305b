"""The App Home in a real browser: a manager opens New ritual and picks a kind, and the modal
redraws with that kind's fields; a member's own controls. Screenshots for the README."""

from __future__ import annotations

from tests.sandbox.web.conftest import Page


def test_a_manager_sets_up_a_ritual_from_the_home(page: Page) -> None:
    page.pick("Maya Okafor")
    page.go("Greenroom")
    page.click_text("#header .tab", "Home")
    page.wait_text("#messages .home-view", "Crew rituals")
    page.click_text("#messages .home-view button.bk-button", "New ritual")
    page.modal("New ritual")
    page.select("#modal-layer select.bk-select", "Informal check-in question")
    page.wait_text("#modal-layer .modal", "from the bank")
    page.screenshot("sandbox-new-ritual.png")
    assert "Days" in page.text_of("#modal-layer .modal")
    page.find("#modal-layer .modal-x").click()
    page.until(lambda d: not page.find("#modal-layer").is_displayed())


def test_a_members_own_home(page: Page) -> None:
    page.pick("Kofi Mensah")
    page.go("Greenroom")
    page.click_text("#header .tab", "Home")
    page.wait_text("#messages .home-view", "Never pair me with")
    assert "Crew rituals" not in page.text_of("#messages .home-view")
    page.screenshot("sandbox-member-home.png")

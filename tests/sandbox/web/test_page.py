"""The sandbox page in a real browser: act as a crew member, and see what the bot does.

Every step goes through the page as a person would use it; every check reads the page.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement

from tests.sandbox.web.conftest import Page


def _classes(element: WebElement | None) -> str:
    assert element is not None
    return str(element.get_attribute("class"))


def test_pick_a_member(page: Page) -> None:
    page.wait_text(".welcome", "Who are you today?")
    assert "manager" in page.wait_text(".person", "Maya Okafor").text.lower()

    page.pick("Ana Ruiz")

    assert page.text_of("#header h1") == "#crew"
    assert "Gaffer" in page.text_of("#who option:checked")
    channels = page.text_of("#sidebar .side-item")
    assert "crew" in channels and "general" in channels and "Greenroom" in channels
    assert "leads" not in channels  # Ana is not in #leads


def test_help_is_a_private_reply(page: Page) -> None:
    page.pick("Ana Ruiz")

    page.type("/greenroom help")

    reply = page.message_with("Only visible to you")
    command, text, classes = page.read(
        lambda: (
            reply.find_element(By.CSS_SELECTOR, ".msg-command").text,
            reply.text,
            reply.get_attribute("class"),
        )
    )
    assert command == "/greenroom help"
    assert "pulse send" in text and "Greenroom" in text
    assert "ephemeral" in classes


def _pulse_reaches(page: Page, member: str) -> None:
    """The manager sends the pulse in #crew; ``member`` opens it in their DM with the bot."""
    page.pick("Maya Okafor")
    page.type("/greenroom pulse send")
    page.message_with("Only visible to you")
    page.pick(member)
    page.wait_text("#sidebar .side-item.unread", "Greenroom")
    page.go("Greenroom")


def test_manager_sends_a_pulse_and_a_member_answers_4(page: Page) -> None:
    _pulse_reaches(page, "Ana Ruiz")
    page.press("How are you feeling about work today?", "4")

    answered = page.message_with("You answered")
    text, four, three = page.read(
        lambda: (
            answered.text,
            _classes(page.button(answered, "4")),
            _classes(page.button(answered, "3")),
        )
    )
    assert "You answered 4" in text
    assert "primary" in four and "primary" not in three
    page.screenshot("sandbox-pulse-dm.png")


def test_a_note_through_the_modal_with_the_bots_field_error(page: Page) -> None:
    _pulse_reaches(page, "Kofi Mensah")
    page.press("How are you feeling about work today?", "3")
    page.press("You answered 3", "Add a note")

    page.modal("note")
    note = "#modal-layer .bk-input textarea, #modal-layer .bk-input input"
    page.fill(note, "   ")
    page.find("#modal-layer .modal-submit").click()
    error = page.wait_text("#modal-layer .bk-error", "Write a few words")
    assert error.is_displayed()

    page.fill(note, "Long night shoot, but the sparks carried it.", clear=True)
    page.screenshot("sandbox-modal.png")
    page.find("#modal-layer .modal-submit").click()
    page.until(lambda d: not page.find("#modal-layer").is_displayed())
    assert "note" in page.read(lambda: page.message_with("You answered").text).lower()


def test_a_retro_with_an_anonymous_card_and_a_vote(page: Page) -> None:
    page.pick("Maya Okafor")
    page.type("/retro start creative-quality Week 48 wrap")
    page.press("Week 48 wrap", "Add card")

    page.modal("Add a card")
    page.select("#modal-layer select.bk-select", "Hurt quality")
    page.fill("#modal-layer textarea", "Nobody told post about the frame-rate change.")
    page.click_text("#modal-layer .bk-choice", "Post anonymously")
    page.find("#modal-layer .modal-submit").click()
    page.until(lambda d: not page.find("#modal-layer").is_displayed())
    page.wait_text("#messages .msg", "1 card")

    page.press("Week 48 wrap", "Start voting")
    page.press("Week 48 wrap", "Vote")
    page.modal("Nobody told post about the frame-rate change.")
    assert "3 of 3 votes left" in page.text_of("#modal-layer .modal")
    assert "Maya" not in page.text_of("#modal-layer .modal")  # anonymous: no author shown
    page.click_text("#modal-layer button.bk-button", "+ Vote")
    page.wait_text("#modal-layer .modal", "2 of 3 votes left")
    assert "yours: ●" in page.text_of("#modal-layer .modal")  # totals stay hidden until close
    page.find("#modal-layer .modal-x").click()
    page.until(lambda d: not page.find("#modal-layer").is_displayed())


def test_app_home_for_a_manager(page: Page) -> None:
    page.pick("Maya Okafor")
    page.go("Greenroom")
    page.click_text("#header .tab", "Home")

    page.wait_text("#messages .home-view", "Daily pulse")
    assert "Home" in page.text_of("#header .tab.active")
    assert not page.find("#composer").is_displayed()
    page.screenshot("sandbox-home.png")
    page.click_text("#messages .home-view button.bk-button", "Pause")
    page.wait_text("#messages .home-view", "Resume")


def test_fast_forward_to_the_scheduled_pulse(page: Page) -> None:
    page.pick("Kofi Mensah")  # in London, like the team: times read the same
    assert "08:30" in page.text_of("#clock-now")
    assert "pulse" in page.text_of("#clock-next")
    assert "How are you feeling" not in page.text_of("#messages")

    page.find("#clock-next-button").click()

    page.wait_text("#clock-now", "09:00")
    page.wait_text("#sidebar .side-item.unread", "Greenroom")
    page.go("Greenroom")
    page.message_with("How are you feeling about work today?")
    assert "09:00" in page.text_of("#messages .msg:last-child time")


def test_a_thread_and_reactions_in_a_channel(page: Page) -> None:
    page.pick("Ana Ruiz")
    page.type("Rushes from yesterday are up on the drive, thanks @kofi")
    posted = page.message_with("Rushes from yesterday")
    assert "@Kofi Mensah" in page.read(lambda: posted.text)

    page.pick("Kofi Mensah")
    page.go("crew")
    page.hover_tool(".tool-react")
    page.click_text("#emoji-picker .emoji-choice", "🎉")
    page.wait_text("#messages .msg:last-child .reaction.mine", "1")
    page.hover_tool(".tool-reply")
    page.until(lambda d: page.find("#thread").is_displayed())
    page.fill("#thread-compose", "Lovely, the night exteriors look great.")
    page.find("#thread-compose").send_keys(Keys.ENTER)

    page.wait_text("#thread .msg.reply", "night exteriors")
    page.wait_text("#messages .thread-link", "1 reply")

    page.pick("Maya Okafor")
    page.type("/greenroom checkin send")
    page.message_with("Check-in")
    assert "🎉 1" in page.text_of("#messages .reaction")
    page.screenshot("sandbox-channel.png")


def test_a_confirm_dialog_before_closing_a_retro(page: Page) -> None:
    page.pick("Maya Okafor")
    page.type("/retro start Load-out")
    page.press("Load-out", "Close")

    page.wait_text("#confirm-layer .modal", "Close the retro?")
    page.click_text("#confirm-layer button", "Not yet")
    page.until(lambda d: not page.find("#confirm-layer").is_displayed())
    assert "summary" not in page.text_of("#messages").lower()

    page.press("Load-out", "Close")
    page.click_text("#confirm-layer button.confirm-ok", "Close it")
    page.wait_text("#messages .msg", "Retro summary")


def test_the_digest_with_its_chart(page: Page) -> None:
    page.pick("Maya Okafor")
    page.go("leads")
    page.type("/greenroom digest send")

    page.message_with("Cohesion digest")
    image = page.until(lambda d: page.all("#messages .file-image img"))[0]
    width = "return arguments[0].naturalWidth"
    page.until(lambda d: page.driver.execute_script(width, image) > 100)
    assert "trend" in page.text_of("#messages .file-image figcaption").lower()


def test_a_pushed_modal_goes_back_to_an_updated_one(page: Page) -> None:
    page.pick("Maya Okafor")
    page.type("/retro start Prep week")
    page.pick("Sam Hughes")
    page.press("Prep week", "Add card")
    page.modal("Add a card")
    page.fill("#modal-layer textarea", "Boom shadows on the dolly track.")
    page.find("#modal-layer .modal-submit").click()
    page.until(lambda d: not page.find("#modal-layer").is_displayed())

    page.press("Prep week", "My cards")
    page.modal("My cards")
    page.click_text("#modal-layer button.bk-button", "Edit")

    page.wait_text("#modal-layer .modal-head", "Edit card")
    assert page.all("#modal-layer .modal-back")  # pushed on top of My cards
    page.fill("#modal-layer textarea", "Boom shadows on the dolly track, scene 12.", clear=True)
    page.find("#modal-layer .modal-submit").click()

    page.wait_text("#modal-layer .modal-head", "My cards")
    page.wait_text("#modal-layer .modal-body", "scene 12")
    page.click_text("#modal-layer .modal-foot button", "Done")
    page.until(lambda d: not page.find("#modal-layer").is_displayed())

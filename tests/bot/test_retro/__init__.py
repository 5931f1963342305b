"""``/retro`` end to end (see ``driver``)."""

from tests.bot.test_retro.driver import Crew, RetroDriver, make_crew, texts

__all__ = ["Crew", "RetroDriver", "make_crew", "texts"]

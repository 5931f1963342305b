"""Fixtures of the ``/retro`` end-to-end tests: the crew and the driver."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.test_retro.driver import Crew, RetroDriver, make_crew
from tests.conftest import RunningBot


@pytest.fixture
def crew(sandbox: Any) -> Crew:
    return make_crew(sandbox)


@pytest.fixture
def retro(bot: RunningBot, sandbox: Any, crew: Crew) -> RetroDriver:
    return RetroDriver(bot, sandbox, crew.channel)

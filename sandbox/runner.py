"""``greenroom sandbox``: the Slack stand-in with its web page, and the real bot beside it.

Unless a ``bot_url`` names a bot running elsewhere, the bot starts in this process on a
fresh SQLite database and shares the page's movable clock; the manager of the seeded
crew sets up the rituals a crew would start with, by the same slash commands anyone
would type (``roles sync``, a weekday pulse, shadowing, a check-in and the digest).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rituals.clock import FakeClock, SystemClock
from sandbox import clientside
from sandbox.botrunner import EmbeddedBot
from sandbox.clockctl import ClockControl
from sandbox.page import Page
from sandbox.sandbox import Sandbox
from sandbox.standalone import seed_crew

logger = logging.getLogger(__name__)

SIGNING_SECRET = "sandbox-signing-secret"
TITLE = "Greenroom sandbox"
SETUP = (
    "roles sync",
    'pulse schedule "0 9 * * 1-5" #crew',
    'shadow schedule "0 10 * * 1" #crew followup 2d',
    'checkin schedule "0 11 * * 3" #crew',
    'digest schedule "0 16 * * 5" #leads',
)


@dataclass
class Running:
    """A running sandbox, its page, and the bot when it was started here."""

    sandbox: Sandbox
    bot: EmbeddedBot | None = None
    clock: ClockControl | None = None
    _folder: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The page's address."""
        return self.sandbox.url

    def close(self) -> None:
        """Stop the bot, the sandbox and remove the bot's database."""
        try:
            if self.bot is not None:
                self.bot.close()
        finally:
            self.sandbox.stop()
            if self._folder is not None:
                self._folder.cleanup()


def start(
    port: int = 3010,
    bot_url: str | None = None,
    *,
    tz: str = "Europe/London",
    now: datetime | None = None,
    rituals: bool = True,
) -> Running:
    """Start the sandbox with its page on ``port`` (0: any free port) and, by default, the bot.

    ``now`` sets the simulated clock's start (default: the current minute).
    """
    if bot_url:
        sb = Sandbox(signing_secret=SIGNING_SECRET)
        seed_crew(sb.workspace)
        sb.bot_url = bot_url
        sb.start(port)
        sb.page = Page(sb, clock=None, title=TITLE)
        return Running(sb)
    clock = FakeClock((now or SystemClock().now()).replace(second=0, microsecond=0))
    sb = Sandbox(signing_secret=SIGNING_SECRET, clock=clock)
    seed_crew(sb.workspace)
    sb.start(port)
    folder = tempfile.TemporaryDirectory(prefix="greenroom-sandbox-")
    running = Running(sb, _folder=folder)
    try:
        running.bot = EmbeddedBot(
            database_url=f"sqlite:///{Path(folder.name) / 'greenroom.db'}",
            api_url=sb.base_url,
            bot_token=sb.workspace.bot_token,
            signing_secret=SIGNING_SECRET,
            tz=tz,
            clock=clock,
        )
        sb.bot_url = running.bot.events_url
        running.clock = ClockControl(
            clock, tz=tz, settle=running.bot.settle, next_due=running.bot.next_due
        )
        sb.page = Page(sb, clock=running.clock, title=TITLE)
        if rituals:
            set_up_rituals(running)
    except BaseException:
        running.close()
        raise
    return running


def set_up_rituals(running: Running) -> None:
    """The crew's manager schedules the usual rituals, in #crew, by slash command."""
    ws = running.sandbox.workspace
    manager = ws.user_id("maya")
    crew = ws.channel_id("crew")
    for text in SETUP:
        for name in ("crew", "leads"):
            text = text.replace(f"#{name}", f"<#{ws.channel_id(name)}|{name}>")
        clientside.run_command(running.sandbox, manager, "/greenroom", text, crew)
        if running.clock is not None:
            running.clock.settle()

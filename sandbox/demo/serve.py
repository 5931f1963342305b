"""``greenroom demo --serve``: the sandbox's page on the demo's final state.

The demo's bot keeps running in its own process; the page's clock moves the demo's
clock and carries each move to the bot (``Demo.settle``), and reads what is scheduled
next from the bot's database. The transcript gets the App Home of a manager and a
member, opened the way a person opens it, after the figures have been written.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.botrunner import Schedule
from sandbox.clockctl import ClockControl
from sandbox.demo.driver import TEAM_TZ, Demo
from sandbox.page import Page
from sandbox.server import SandboxHTTPServer

TITLE = "Greenroom demo"


@dataclass
class Served:
    """The page's server and what it reads from."""

    server: SandboxHTTPServer
    schedule: Schedule

    @property
    def url(self) -> str:
        """The page's address."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        """Stop serving the page."""
        self.server.stop()
        self.schedule.close()


def open_homes(demo: Demo) -> None:
    """A manager and a member open their App Home (the bot publishes it)."""
    members = [uid for uid in sorted(demo.handles) if not demo.ws.users[uid].is_admin]
    for uid in [demo.manager, *members[:1]]:
        demo.sandbox.open_home(uid)
        demo.settle()


def serve(demo: Demo, port: int) -> Served:
    """Serve the page for a demo that is still running (``Demo.run(keep_open=True)``)."""
    with demo.sandbox.lock:
        demo.ws.view_stacks.clear()  # the crew closed Slack: no modal left open from the run
    schedule = Schedule(f"sqlite:///{demo.out / 'greenroom-demo.db'}")
    clock = ClockControl(demo.clock, tz=TEAM_TZ, settle=demo.settle, next_due=schedule.next_due)
    demo.sandbox.page = Page(demo.sandbox, clock=clock, title=TITLE)
    server = SandboxHTTPServer(demo.sandbox, port=port)
    server.start()
    return Served(server, schedule)

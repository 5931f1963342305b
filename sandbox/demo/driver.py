"""Drive the real bot through simulated weeks, as a crew would use it through Slack.

The bot is the one ``greenroom run`` builds (create_app, listeners, engine,
storage), running in a process of its own (``sandbox.demo.botside``); the sandbox
plays Slack over loopback HTTP; a FakeClock moves the simulated days along, and
each move is carried to the bot's clock before anything else reaches it.
Simulated people act only through Slack's own paths: signed slash commands,
button clicks and modal submissions built from what the bot actually posted,
and Events API envelopes for reactions and replies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rituals.clock import FakeClock
from sandbox import Sandbox
from sandbox.clientside import show_reply
from sandbox.demo.behaviour import CrewBehaviour
from sandbox.demo.botside import BotProcess, BotStart, SignedRequest
from sandbox.demo.crew import ROLE_NAMES, CrewMember, make_crew
from sandbox.demo.model import CrewModel

logger = logging.getLogger(__name__)

SIGNING_SECRET = "greenroom-demo-signing-secret"
TEAM_TZ = "Europe/London"
# The simulation starts on a Monday; fixed, so a seed always gives the same run.
FIRST_MONDAY = date(2026, 10, 5)
DAY_HOURS = range(7, 20)  # UTC hours simulated each day


@dataclass
class DemoResult:
    """What the run produced."""

    team_id: str
    weeks: list[str]
    actions: dict[str, int]
    out: Path
    # Every request that reached /slack/events, when the demo was asked to record them.
    requests: list[SignedRequest] = field(default_factory=list)


@dataclass
class Demo(CrewBehaviour):
    """One simulated run: sandbox, bot, crew and clock."""

    members: int
    weeks: int
    seed: int
    out: Path
    progress: Callable[[str], None] = lambda _day: None
    # Keep every request that reaches the bot, with its signature (tests check them).
    record_requests: bool = False
    actions: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.crew = make_crew(self.members, self.seed)
        self.model = CrewModel(self.crew, self.seed)
        start = datetime.combine(FIRST_MONDAY, datetime.min.time(), tzinfo=UTC)
        self.clock = FakeClock(start + timedelta(hours=6))
        self.sandbox = Sandbox(signing_secret=SIGNING_SECRET, clock=self.clock)
        self.ws = self.sandbox.workspace
        self.ids: dict[str, str] = {}
        self.handles: dict[str, str] = {}
        self.calls_seen = 0
        self.crowd = ThreadPoolExecutor(max_workers=8, thread_name_prefix="demo-crew")
        # (member, prompt) pairs answered: what the export's pulse responses must count.
        self.answered: set[tuple[str, str]] = set()
        self.bot: BotProcess | None = None

    # setting up -------------------------------------------------------------
    def _seed_workspace(self) -> None:
        for person in self.crew:
            uid = self.ws.add_user(
                person.handle,
                person.real_name,
                tz=person.tz,
                is_admin=person.is_admin,
                title=person.title,
            )
            self.ids[person.handle] = uid
            self.handles[uid] = person.handle
        everyone = list(self.ids.values())
        self.crew_channel = self.ws.add_channel("crew", members=everyone)
        leads = [self.ids[p.handle] for p in self.crew if p.is_admin]
        self.leads_channel = self.ws.add_channel("leads", members=leads)
        for role, label in ROLE_NAMES.items():
            users = [self.ids[p.handle] for p in self.crew if p.role == role]
            if users:
                self.ws.add_usergroup(role, label, users=users)
        self.manager = self.ids[self.crew[0].handle]

    def _start_bot(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        database = self.out / "greenroom-demo.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        start = BotStart(
            database=str(database),
            api_url=self.sandbox.base_url,
            bot_token=self.ws.bot_token,
            signing_secret=SIGNING_SECRET,
            tz=TEAM_TZ,
            now=self.clock.now(),
            record_requests=self.record_requests,
            log_level=logging.getLogger().getEffectiveLevel(),
        )
        self.bot = BotProcess(start)
        self.sandbox.bot_url = f"{self.bot.url}/slack/events"

    def command(self, user: str, command: str, text: str, channel: str | None = None) -> str:
        """A signed slash command; returns the answer the user saw (kept, as Slack shows it)."""
        channel = channel or self.crew_channel
        response = self.sandbox.slash_command(user, command, text, channel_id=channel)
        show_reply(self.sandbox, user, channel, f"{command} {text}", response)
        self.settle()
        self._count("slash_commands")
        body = response.json() if response.body else {}
        answer = str((body or {}).get("text") or "")
        if not answer:
            late = [r for r in self.sandbox.responses if r.get("text")]
            answer = str(late[-1]["text"]) if late else ""
        return answer

    def _schedule_rituals(self) -> None:
        crew, leads = f"<#{self.crew_channel}|crew>", f"<#{self.leads_channel}|leads>"
        setup = [
            "roles sync",
            f'pulse schedule "0 9 * * 1-5" {crew}',
            f'shadow schedule "0 10 * * 1" {crew} followup 3d',
            f'checkin schedule "0 11 * * 3" {crew}',
            f'digest schedule "0 8 * * 1" {leads} team',
        ]
        for text in setup:
            answer = self.command(self.manager, "/greenroom", text)
            logger.info("demo setup %r → %s", text, answer[:80])

    # running ----------------------------------------------------------------
    def settle(self) -> None:
        """Run everything due now in the bot (at this clock's time), until quiet."""
        assert self.bot is not None
        self.bot.settle(self.clock.now())

    def run(self, *, keep_open: bool = False) -> DemoResult:
        """Seed, schedule and simulate every day of every week.

        With ``keep_open`` the bot and the sandbox keep running on the final state (for
        ``greenroom demo --serve``); the caller then calls :meth:`close`.
        """
        self._seed_workspace()
        self.sandbox.start()
        try:
            self._start_bot()
            result = self._simulate_all()
        except BaseException:
            self.close()
            raise
        if not keep_open:
            result.requests = self.close()
        return result

    def _simulate_all(self) -> DemoResult:
        self._schedule_rituals()
        week_labels: list[str] = []
        for day in self._days():
            self.progress(day.isoformat())
            self._simulate_day(day)
            iso = day.isocalendar()
            label = f"{iso.year}-W{iso.week:02d}"
            if label not in week_labels:
                week_labels.append(label)
        # The last week's digest goes out at 08:00 team time the following Monday,
        # before that Monday's pulse.
        monday = FIRST_MONDAY + timedelta(weeks=self.weeks)
        digest_time = datetime.combine(monday, time(8), tzinfo=ZoneInfo(TEAM_TZ))
        self._at(digest_time.astimezone(UTC))
        return DemoResult(self.ws.team_id, week_labels, dict(self.actions), self.out)

    def close(self) -> list[SignedRequest]:
        """Stop the bot and the sandbox; returns the requests the bot recorded."""
        bot, self.bot = self.bot, None
        try:
            return bot.close() if bot is not None else []
        finally:
            self.sandbox.stop()
            self.crowd.shutdown(wait=True)

    def _days(self) -> Iterator[date]:
        for offset in range(self.weeks * 7):
            yield FIRST_MONDAY + timedelta(days=offset)

    def _at(self, when: datetime) -> None:
        self.clock.set(when)
        self.settle()
        self._react_to_new_messages()
        self.settle()

    def _simulate_day(self, day: date) -> None:
        weekday = day.weekday() < 5
        self.model.new_day(crunch=day.isocalendar().week % 4 == 0)
        for hour in DAY_HOURS:
            self._at(datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour))
            if weekday and hour == 13:
                self._chatter()
            if day.weekday() == 4 and hour == 15 and (day - FIRST_MONDAY).days // 7 % 2 == 1:
                self._run_retro(day)


__all__ = ["CrewMember", "Demo", "DemoResult"]

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
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.views.pulse import SCORE_ACTIONS
from bot.views.pulse import ActionId as PulseAction
from bot.views.retro import ANONYMOUS_VALUE
from bot.views.retro import ActionId as RetroAction
from bot.views.shadow import ShadowAction
from rituals.clock import FakeClock
from rituals.retro import get_format
from sandbox import Sandbox
from sandbox.clientside import show_reply
from sandbox.demo.botside import BotProcess, BotStart, SignedRequest
from sandbox.demo.crew import ROLE_NAMES, CrewMember, make_crew
from sandbox.demo.model import CrewModel

logger = logging.getLogger(__name__)

SIGNING_SECRET = "greenroom-demo-signing-secret"
TEAM_TZ = "Europe/London"
# The simulation starts on a Monday; fixed, so a seed always gives the same run.
FIRST_MONDAY = date(2026, 10, 5)
DAY_HOURS = range(7, 20)  # UTC hours simulated each day

NOTES = (
    "Long day on the night shoot, but the crew carried it.",
    "Call sheet changed three times; I'd like earlier notice.",
    "Loved seeing the rushes with the art department.",
    "Load-out ran late again.",
    "Good handover from the day unit.",
)
CHATTER = (
    "Rushes from yesterday are up on the drive.",
    "Anyone spare a C-stand for stage 2 this afternoon?",
    "Costume fitting moved to 3pm, same room.",
    "The new grade on scene 14 looks lovely.",
    "Lunch truck is at the north gate today.",
    "Call time tomorrow 06:30 — early one, sorry all.",
    "Props for the market scene are in the bay.",
    "Thanks to whoever left the coffee in the edit suite.",
)
REPLIES = (
    "Thanks!",
    "On it.",
    "Nice one.",
    "Good to know — we'll plan around it.",
    "Could we chat about this at the next production meeting?",
    "Seen, thank you.",
)
RETRO_WRITERS = 36  # about how many people write cards in one retro, however large the crew
REACTIONS = ("+1", "tada", "clap", "eyes", "heart", "raised_hands")
CARDS = {
    "raised": (
        "Blocking rehearsal with camera and lighting together saved hours.",
        "Costume and make-up tests before the shoot day.",
        "Sound joined the tech scout — no surprises on the day.",
    ),
    "hurt": (
        "Late script pages meant the art department rebuilt the set twice.",
        "Nobody told post about the frame-rate change.",
        "Wrap ran past midnight three nights in a row.",
    ),
    "next": (
        "Shared call sheet draft the evening before.",
        "Ten-minute cross-department huddle at unit call.",
        "A named contact in each department for changes.",
    ),
}


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
class Demo:
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

    # the crew's behaviour ---------------------------------------------------
    def _count(self, what: str, n: int = 1) -> None:
        self.actions[what] = self.actions.get(what, 0) + n

    def _new_bot_posts(self) -> list[tuple[str, str]]:
        """(channel, ts) of what the bot posted since the last look, in order."""
        calls = self.sandbox.calls[self.calls_seen :]
        self.calls_seen += len(calls)
        return [
            (str(c.response["channel"]), str(c.response["ts"]))
            for c in calls
            if c.method == "chat.postMessage" and c.response.get("ok")
        ]

    def _react_to_new_messages(self) -> None:
        """Everyone answers what reached them: decided in a fixed order, sent in parallel."""
        user_of_im = {self.ws.im_with(uid): uid for uid in self.handles}
        dms, followups, checkins = [], [], []
        for channel, ts in self._new_bot_posts():
            message = self.ws.message(channel, ts)
            if message is None:
                continue
            if channel in user_of_im:
                dms.append((user_of_im[channel], float(ts), dict(message)))
            elif self.ws.channels[channel].kind == "mpim":
                members = tuple(sorted(self.ws.channels[channel].members))
                followups.append((members, float(ts), channel, dict(message)))
            elif channel == self.crew_channel and _has_block(message, "checkin"):
                checkins.append(dict(message))
        tasks: list[Callable[[], Any]] = []
        for uid, _, message in sorted(dms, key=lambda d: (d[0], d[1])):
            tasks += self._answer_dm(uid, message)
        for _, _, channel, message in sorted(followups, key=lambda f: (f[0], f[1])):
            tasks += self._answer_followup(channel, message)
        self._in_parallel(tasks)
        for message in checkins:
            self._answer_checkin(message)

    def _in_parallel(self, tasks: list[Callable[[], Any]]) -> list[Any]:
        """Run the crew's requests side by side, as people click at the same moment."""
        if not tasks:
            return []
        results = list(self.crowd.map(lambda task: task(), tasks))
        self.settle()
        return results

    def _answer_dm(self, uid: str, message: dict[str, Any]) -> list[Callable[[], Any]]:
        if not _has_action(message, PulseAction.SCORE_1):
            return []
        handle = self.handles[uid]
        if not self.model.answers_pulse(handle):
            return []
        score = self.model.pulse_score(handle)
        self._count("pulse_clicks")
        prompt = _values(message, SCORE_ACTIONS[score])[0].rsplit(":", 1)[0]
        self.answered.add((uid, prompt))
        note = self.model.pick(list(NOTES)) if self.model.adds_note() else None
        if note:
            self._count("pulse_notes")

        def answer() -> None:
            self.sandbox.click(uid, message, SCORE_ACTIONS[score])
            if note is None:
                return
            view_id = self._open_modal(
                uid, lambda: self.sandbox.click(uid, message, PulseAction.ADD_NOTE)
            )
            if view_id is not None:
                self.sandbox.fill_view(uid, view_id, {PulseAction.NOTE_TEXT: note})

        return [answer]

    def _open_modal(self, uid: str, click: Callable[[], Any]) -> str | None:
        """Click something that opens a modal and return the new modal's id (None if none came)."""
        before = {view["id"] for view in self.ws.open_views(uid)}
        click()

        def opened() -> str | None:
            fresh = [v["id"] for v in self.ws.open_views(uid) if v["id"] not in before]
            return fresh[-1] if fresh else None

        try:
            return str(self.sandbox.wait_for(opened, timeout=30))
        except TimeoutError:
            logger.warning("no modal opened for %s; they give up on it", uid)
            return None

    def _answer_followup(self, channel: str, message: dict[str, Any]) -> list[Callable[[], Any]]:
        if not _has_action(message, ShadowAction.MET_YES):
            return []
        members = [u for u in sorted(self.ws.channels[channel].members) if u in self.handles]
        handles = [self.handles[u] for u in members]
        met = self.model.pair_meets(handles)
        if met:
            self.model.met(handles)
        action = ShadowAction.MET_YES if met else ShadowAction.MET_NO
        self._count("shadow_answers")
        return [lambda: self.sandbox.click(members[0], message, action)]

    def _answer_checkin(self, post: dict[str, Any]) -> None:
        replies: list[tuple[str, int]] = []
        tasks: list[Callable[[], Any]] = []
        for uid in sorted(self.handles):
            handle = self.handles[uid]
            if not self.model.interacts(handle):
                continue
            if self.model.replies():
                text = self.model.pick(list(REPLIES))
                replies.append((uid, len(tasks)))
                tasks.append(partial(self.ws.post_as, uid, self.crew_channel, text, post["ts"]))
                self._count("replies")
            else:
                emoji = self.model.pick(list(REACTIONS))
                tasks.append(partial(self.ws.react, uid, self.crew_channel, post["ts"], emoji))
                self._count("reactions")
        responses = self._in_parallel(tasks)
        posted = [(uid, _ts(responses[index])) for uid, index in replies]
        self._respond_to_each_other(posted, thread=str(post["ts"]))

    def _chatter(self) -> None:
        """A few posts in #crew, and the crew answering them."""
        posters = [uid for uid in sorted(self.handles) if self.model.chance(0.15)]
        posts = []
        for uid in posters:
            response = self.ws.post_as(uid, self.crew_channel, self.model.pick(list(CHATTER)))
            posts.append((uid, _ts(response)))
            self._count("posts")
        self._respond_to_each_other(posts, thread=None)
        self.settle()

    def _respond_to_each_other(self, posts: list[tuple[str, str]], *, thread: str | None) -> None:
        """Each sociable person answers one post: their own department's, or another's."""
        role = {self.ids[p.handle]: p.role for p in self.crew}
        tasks: list[Callable[[], Any]] = []
        for uid in sorted(self.handles):
            handle = self.handles[uid]
            if not posts or not self.model.interacts(handle):
                continue
            own = [(a, ts) for a, ts in posts if a != uid and role[a] == role[uid]]
            other = [(a, ts) for a, ts in posts if role[a] != role[uid]]
            choice = own if self.model.stays_in_department(handle) else other
            if not choice:
                continue
            _author, ts = choice[self.model.pick(list(range(len(choice))))]
            if self.model.replies():
                text = self.model.pick(list(REPLIES))
                tasks.append(partial(self.ws.post_as, uid, self.crew_channel, text, thread or ts))
                self._count("replies")
            else:
                emoji = self.model.pick(list(REACTIONS))
                tasks.append(partial(self.ws.react, uid, self.crew_channel, ts, emoji))
                self._count("reactions")
        self._in_parallel(tasks)

    def _run_retro(self, day: date) -> None:
        iso = day.isocalendar()
        answer = self.command(
            self.manager, "/retro", f"start creative-quality Week {iso.week} wrap"
        )
        logger.info("demo retro: %s", answer[:80])
        message = self._latest_with(self.crew_channel, RetroAction.ADD_CARD)
        if message is None:
            return
        columns = [c.key for c in get_format("creative-quality").columns]
        texts = list(CARDS.values())
        # Everyone on a small crew; on a large one, about as many as a retro holds.
        share = min(0.3, RETRO_WRITERS / len(self.handles))
        writers = [uid for uid in sorted(self.handles) if self.model.chance(share)]
        tasks: list[Callable[[], Any]] = []
        for uid in writers:
            column = self.model.pick(list(range(len(columns))))
            inputs: dict[str, Any] = {
                RetroAction.COLUMN: columns[column],
                RetroAction.TEXT: self.model.pick(list(texts[column % len(texts)])),
            }
            if self.model.chance(0.3):
                inputs[RetroAction.ANONYMOUS] = [ANONYMOUS_VALUE]
            tasks.append(partial(self._add_card, uid, message, inputs))
        self._count("retro_cards", sum(self._in_parallel(tasks)))
        message = self._latest_with(self.crew_channel, RetroAction.START_VOTING)
        if message is None:
            return
        self.sandbox.click(self.manager, message, RetroAction.START_VOTING)
        self.settle()
        message = self._latest_with(self.crew_channel, RetroAction.VOTE)
        if message is not None:
            votes = [partial(self._vote, uid, message, self.model.fractions(3)) for uid in writers]
            self._count("retro_votes", sum(self._in_parallel(votes)))
        message = self._latest_with(self.crew_channel, RetroAction.CLOSE)
        if message is not None:
            self.sandbox.click(self.manager, message, RetroAction.CLOSE)
            self.settle()
        owner = self.model.pick(sorted(self.handles))
        self.command(
            self.manager,
            "/retro",
            f'action "Share the call sheet draft the evening before" <@{owner}>',
        )
        self._count("retro_actions")

    def _add_card(self, uid: str, message: dict[str, Any], inputs: dict[str, Any]) -> int:
        """Add card → fill the modal; 1 if the card went in."""
        view_id = self._open_modal(
            uid, partial(self.sandbox.click, uid, message, RetroAction.ADD_CARD)
        )
        if view_id is None:
            return 0
        self.sandbox.fill_view(uid, view_id, inputs)
        return 1

    def _vote(self, uid: str, message: dict[str, Any], dice: list[float]) -> int:
        """Vote → a dot on a card per die, as the modal shows them; returns the dots given."""
        view_id = self._open_modal(uid, partial(self.sandbox.click, uid, message, RetroAction.VOTE))
        if view_id is None:
            return 0
        buttons = _values(self.ws.views[view_id], RetroAction.VOTE_ADD)
        given = 0
        for die in dice[: len(buttons)]:
            self.sandbox.click_view(
                uid, view_id, RetroAction.VOTE_ADD, buttons[int(die * len(buttons))]
            )
            given += 1
        return given

    def _latest_with(self, channel: str, action_id: str) -> dict[str, Any] | None:
        for message in reversed(self.ws.messages(channel)):
            if _has_action(message, action_id):
                return dict(message)
        return None


def _ts(response: Any) -> str:
    ts = getattr(response, "ts", None)
    if not ts:
        raise RuntimeError("the sandbox did not say which message was posted")
    return str(ts)


def _elements(message: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for block in message.get("blocks") or []:
        yield from block.get("elements") or []
        if block.get("accessory"):
            yield block["accessory"]


def _has_action(message: dict[str, Any], action_id: str) -> bool:
    return any(e.get("action_id") == action_id for e in _elements(message))


def _has_block(message: dict[str, Any], prefix: str) -> bool:
    return any(str(b.get("block_id", "")).startswith(prefix) for b in message.get("blocks") or [])


def _values(view: dict[str, Any], action_id: str) -> list[str]:
    return [str(e.get("value")) for e in _elements(view) if e.get("action_id") == action_id]


__all__ = ["CrewMember", "Demo", "DemoResult"]

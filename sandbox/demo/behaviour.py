"""How the simulated crew behaves: answering what the bot posts, chatting, reacting, retros.

Mixed into :class:`sandbox.demo.driver.Demo`, whose sandbox, model, clock and bot it uses;
people act only through Slack's own paths.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import partial
from typing import Any

from bot.views.pulse import SCORE_ACTIONS
from bot.views.pulse import ActionId as PulseAction
from bot.views.retro import ANONYMOUS_VALUE
from bot.views.retro import ActionId as RetroAction
from bot.views.shadow import ShadowAction
from rituals.retro import get_format
from sandbox.demo.lines import CARDS, CHATTER, NOTES, REACTIONS, REPLIES
from sandbox.demo.stage import Stage

logger = logging.getLogger(__name__)

RETRO_WRITERS = 36  # about how many people write cards in one retro, however large the crew


class CrewBehaviour(Stage):
    """The crew's side of a :class:`Demo` run."""

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

    def _in_parallel(self, tasks: Sequence[Callable[[], Any]]) -> list[Any]:
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

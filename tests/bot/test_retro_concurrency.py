"""``/retro`` under load: many signed requests at the same moment lose nothing.

Threads wait at a barrier, then send their card submissions or vote clicks to
the bot at once. Every card and every vote is a row; the retro message is
re-rendered from the database, so its figures match the rows.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.hosting import wsgi as bot_server
from bot.views.retro import ActionId
from storage.models import RetroCard, RetroVote
from tests.bot.test_retro import RetroDriver, texts
from tests.conftest import RunningBot


def at_once(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run every job in its own thread, all released together."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[], Any]) -> Any:
        barrier.wait(timeout=30)
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


@pytest.fixture(autouse=True)
def listen_backlog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the loopback server queue 60 simultaneous connections (socketserver's default is 5,
    so the kernel resets the rest); gunicorn in production listens with a backlog of 2048."""
    monkeypatch.setattr(bot_server._ThreadingServer, "request_queue_size", 128)


@pytest.fixture
def members(sandbox: Any) -> list[str]:
    ws = sandbox.workspace
    return [ws.add_user(f"crew{n:02d}", f"Crew Member {n:02d}") for n in range(20)]


@pytest.fixture
def retro(bot: RunningBot, sandbox: Any, members: list[str]) -> RetroDriver:
    channel = sandbox.workspace.add_channel("set", members=members)
    return RetroDriver(bot, sandbox, channel)


def vote_rows(bot: RunningBot) -> Counter[tuple[str, int]]:
    with bot.db.session() as session:
        rows = session.execute(select(RetroVote.user_id, RetroVote.card_id)).all()
    return Counter((user, card) for user, card in rows)


def test_twenty_cards_and_sixty_votes_at_once(
    bot: RunningBot, sandbox: Any, members: list[str], retro: RetroDriver
) -> None:
    columns = ["start", "stop", "continue"]
    retro.slash(members[0], "start Shoot week 2")
    modals = [retro.open_modal(user, ActionId.ADD_CARD) for user in members]

    def submit(n: int) -> Callable[[], Any]:
        text = f"Card {n:02d}: the {columns[n % 3]} idea from the crew"
        return lambda: retro.submit_card(
            members[n], modals[n], columns[n % 3], text, anonymous=n % 4 == 0
        )

    answers = at_once([submit(n) for n in range(20)])
    assert answers == [None] * 20
    bot.drain()
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(RetroCard)) == 20
        anonymous = session.scalars(select(RetroCard).where(RetroCard.anonymous.is_(True))).all()
        assert len(anonymous) == 5 and all(c.author_id is None for c in anonymous)
    shown = texts(retro.retro_message()["blocks"])
    assert "20 cards so far" in shown
    assert "Start* — 7 cards" in shown and "Stop* — 7 cards" in shown
    assert "Continue* — 6 cards" in shown

    assert retro.click(members[0], ActionId.START_VOTING) is None
    cards = [
        retro.card_id(f"Card {n:02d}: the {columns[n % 3]} idea from the crew") for n in range(20)
    ]
    ballots = {user: retro.open_modal(user, ActionId.VOTE) for user in members}
    plan = [(user, cards[(i + k * 7) % 20]) for i, user in enumerate(members) for k in range(3)]
    plan[::2] = [(user, cards[0]) for user, _ in plan[::2]]  # a favourite card, many dots

    def vote(user: str, card: int) -> Callable[[], Any]:
        return lambda: sandbox.click_view(user, ballots[user], ActionId.VOTE_ADD, value=str(card))

    responses = at_once([vote(user, card) for user, card in plan])
    assert [r.status for r in responses] == [200] * 60
    bot.drain()

    assert vote_rows(bot) == Counter(plan)
    shown = texts(retro.retro_message()["blocks"])
    assert "voting: 60 dots from 20 people" in shown
    favourite = sum(1 for _, card in plan if card == cards[0])
    assert f"*{favourite} votes* Card 00" not in shown  # hidden until the retro closes
    assert retro.click(members[0], ActionId.CLOSE) is None
    assert f"*{favourite} votes* Card 00" in texts(retro.summary()["blocks"])
    for user in members:
        assert "*0 of 3 votes left.*" in texts(retro.view(ballots[user]))


def test_concurrent_votes_never_exceed_the_allowance(
    bot: RunningBot, sandbox: Any, members: list[str], retro: RetroDriver
) -> None:
    voters = members[:10]
    retro.slash(members[0], "start 4ls votes 3 Tech rehearsal")
    card = retro.add_card(members[1], "liked", "The fly crew called every cue clearly")
    other = retro.add_card(members[2], "lacked", "A quick-change booth stage left")
    assert retro.click(members[0], ActionId.START_VOTING) is None
    ballots = {user: retro.open_modal(user, ActionId.VOTE) for user in voters}

    jobs = [
        (
            lambda user=user, target=target: sandbox.click_view(
                user, ballots[user], ActionId.VOTE_ADD, value=str(target)
            )
        )
        for user in voters
        for target in (card, other, card, other, card, card)
    ]
    responses = at_once(jobs)
    assert [r.status for r in responses] == [200] * 60
    bot.drain()

    rows = vote_rows(bot)
    per_voter = Counter(user for (user, _), n in rows.items() for _ in range(n))
    assert per_voter == {user: 3 for user in voters}
    assert sum(rows.values()) == 30
    shown = texts(retro.retro_message()["blocks"])
    assert "voting: 30 dots from 10 people" in shown
    for user in voters:
        ballot = texts(retro.view(ballots[user]))
        assert "*0 of 3 votes left.*" in ballot


def test_a_redraw_always_follows_the_last_change() -> None:
    """The retro message is redrawn through the coalescing ``Keyed``: changes committed
    while a redraw runs get one more redraw after it, not one each."""
    from bot.hosting.tasks import Keyed, Tasks

    tasks = Tasks(workers=2, urgent=1)
    keyed = Keyed(tasks, coalesce=True)
    started, release = threading.Event(), threading.Event()
    seen: list[int] = []
    state = {"version": 0}

    def render() -> None:
        seen.append(state["version"])
        started.set()
        release.wait(timeout=10)

    keyed.submit("message", render)
    assert started.wait(timeout=10)
    for version in (1, 2, 3):  # changes committed while the first render is still running
        state["version"] = version
        keyed.submit("message", render)
    release.set()
    assert tasks.wait_idle(timeout=10)
    tasks.shutdown()
    assert seen == [0, 3]  # one more render, after the last change, not three

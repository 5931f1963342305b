"""What members do in Slack, as short steps for the cross-cutting tests (OAuth, faults,
security): type a command, answer the pulse, add a note, write a retro card, react.

Each step goes through the sandbox over signed HTTP, like Slack, and waits for the
bot's background work with ``bot.drain()``/``bot.settle()``.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import MetaData

from bot.views.pulse import ActionId as PulseAction
from bot.views.pulse import BlockId as PulseBlock
from bot.views.retro import ActionId as RetroAction
from tests.conftest import RunningBot

GREENROOM = Path(sys.executable).with_name("greenroom")
SCORES = {n: getattr(PulseAction, f"SCORE_{n}") for n in range(1, 6)}


@dataclass
class Crew:
    """One workspace's crew: a manager, members and the channel they share."""

    ws: Any
    manager: str
    members: list[str]
    channel: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def everyone(self) -> list[str]:
        return [self.manager, *self.members]

    @property
    def team_id(self) -> str:
        return str(self.ws.team_id)


def make_crew(ws: Any, size: int = 3, *, prefix: str = "crew", admin: bool = True) -> Crew:
    """``size`` members and a manager (a workspace admin unless ``admin=False``) in a channel."""
    manager = ws.add_user(f"{prefix}-lead", f"{prefix.title()} Lead", is_admin=admin, title="PM")
    members = [
        ws.add_user(f"{prefix}{n}", f"{prefix.title()} Member {n}", tz="Europe/London")
        for n in range(size)
    ]
    channel = ws.add_channel(prefix, [manager, *members])
    return Crew(ws, manager, members, channel)


def command(
    bot: RunningBot, user: str, text: str, channel: str, *, slash: str = "/greenroom"
) -> str:
    """Type a slash command; the answer, from the ack or (when slow) the response_url."""
    sb: Any = bot.sandbox
    before = len(sb.responses)
    response = sb.slash_command(user, slash, text, channel_id=channel)
    assert response.status == 200, response.text
    bot.drain()
    body = response.json()
    if body and body.get("text"):
        return str(body["text"])
    late = sb.responses[before:]
    assert late, f"`{slash} {text}` answered nothing"
    return str(late[-1].get("text") or "")


def pulse_prompts(crew: Crew, user: str) -> list[dict[str, Any]]:
    """The pulse messages in a member's DM with the bot."""
    return [
        m
        for m in crew.ws.dm_messages(user)
        if any(b.get("block_id") == PulseBlock.ANSWERS for b in m.get("blocks") or [])
    ]


def answer_pulse(bot: RunningBot, crew: Crew, user: str, score: int) -> Any:
    """Click a score on the member's latest pulse prompt."""
    sb: Any = bot.sandbox
    prompt = pulse_prompts(crew, user)[-1]
    response = sb.click(user, prompt, SCORES[score], block_id=PulseBlock.ANSWERS)
    assert response.status == 200, response.text
    bot.settle()
    return response


def add_note(bot: RunningBot, crew: Crew, user: str, text: str) -> None:
    """Open "Add a note" on the member's latest prompt and save ``text``."""
    sb: Any = bot.sandbox
    prompt = pulse_prompts(crew, user)[-1]
    response = sb.click(user, prompt, PulseAction.ADD_NOTE)
    assert response.status == 200, response.text
    bot.settle()
    (view,) = crew.ws.open_views(user)
    response = sb.fill_view(user, view["id"], {PulseAction.NOTE_TEXT: text})
    assert response.status == 200, response.text
    bot.settle()


def retro_message(crew: Crew) -> dict[str, Any]:
    """The latest retro message in the crew's channel."""
    for message in reversed(crew.ws.messages(crew.channel)):
        blocks = message.get("blocks") or []
        if blocks and str(blocks[0].get("text", {}).get("text", "")).startswith("Retro: "):
            return dict(message)
    raise AssertionError("no retro message in the channel")


def add_card(bot: RunningBot, crew: Crew, user: str, column: str, text: str) -> None:
    """Add a card to the open retro through its modal."""
    sb: Any = bot.sandbox
    response = sb.click(user, retro_message(crew), RetroAction.ADD_CARD)
    assert response.status == 200, response.text
    bot.drain()
    view_id = crew.ws.view_stacks[user][-1]
    response = sb.fill_view(user, view_id, {RetroAction.COLUMN: column, RetroAction.TEXT: text})
    assert response.status == 200, response.text
    bot.drain()


def every_value(bot: RunningBot) -> list[tuple[str, str, str]]:
    """(table, column, value) for every non-null value in every table of the database."""
    metadata = MetaData()
    metadata.reflect(bot.db.engine)
    found = []
    with bot.db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(table.select()):
                for column, value in row._mapping.items():
                    if value is not None:
                        found.append((table.name, str(column), str(value)))
    return found


def rows_per_table(bot: RunningBot, team_id: str) -> dict[str, int]:
    """How many rows of each table (with a team_id column) belong to ``team_id``."""
    metadata = MetaData()
    metadata.reflect(bot.db.engine)
    counts = {}
    with bot.db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            if "team_id" in table.c:
                rows = connection.execute(table.select().where(table.c.team_id == team_id))
                counts[table.name] = len(rows.all())
    return counts


def greenroom(
    *args: str, database_url: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``greenroom`` command line on a database, as an operator would."""
    environ = {
        **os.environ,
        "DATABASE_URL": database_url,
        "GREENROOM_ENV_FILE": os.devnull,
        **(env or {}),
    }
    return subprocess.run(
        [str(GREENROOM), *args], env=environ, capture_output=True, text=True, timeout=120
    )


def get_status(url: str) -> int:
    """The HTTP status of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        with error:
            return int(error.code)


def healthz(url: str) -> tuple[int, bytes]:
    """GET /healthz."""
    with urllib.request.urlopen(url + "/healthz", timeout=10) as response:
        return response.status, response.read()


# installing through OAuth -------------------------------------------------------------


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """A GET that does not follow redirects: status, headers, body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}", headers=headers or {})
        response = connection.getresponse()
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read().decode(),
        )
    finally:
        connection.close()


def start_install(bot: RunningBot) -> tuple[str, str, dict[str, list[str]]]:
    """GET /slack/install: the authorize URL's state, the state cookie and the URL's query."""
    status, headers, _ = get(bot.url + "/slack/install")
    assert status == 302
    location = urlsplit(headers["location"])
    assert location.path == "/oauth/v2/authorize"
    assert location.netloc == urlsplit(bot.sandbox.url).netloc
    query = parse_qs(location.query)
    cookie = headers["set-cookie"].split(";")[0]
    return query["state"][0], cookie, query


def install(bot: RunningBot, team_id: str, installer: str) -> str:
    """The whole install as a browser does it; the page Slack's user lands on."""
    state, cookie, _ = start_install(bot)
    code = bot.sandbox.issue_oauth_code(team_id, installer)
    query = urlencode({"code": code, "state": state})
    status, _, page = get(f"{bot.url}/slack/oauth_redirect?{query}", {"Cookie": cookie})
    assert status == 200, page
    return page

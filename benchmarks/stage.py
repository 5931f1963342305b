"""Setting the stage for the HTTP benchmarks: databases, a crew in the sandbox, real prompts.

The ack and fan-out benchmarks drive ``greenroom run`` in a child process exactly as Slack
would: a manager types ``/greenroom pulse send #crew`` in the sandbox, the bot plans and
posts the DMs, and members click the buttons of the messages they actually received.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.views.pulse import SCORE_ACTIONS
from sandbox import Sandbox, payloads, signing
from storage.db import Database
from storage.models import Delivery, PulseAnswer

SIGNING_SECRET = "benchmark-signing-secret"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/greenroom_bench"


@dataclass
class Crew:
    """A sandbox workspace with one manager and ``size`` members in ``#crew``."""

    sandbox: Sandbox
    manager: str
    members: list[str]
    channel: str


def make_crew(size: int, *, sandbox: Sandbox | None = None) -> Crew:
    """Start a sandbox holding a crew of ``size`` members plus their manager."""
    sb = sandbox or Sandbox(signing_secret=SIGNING_SECRET)
    ws = sb.workspace
    manager = ws.add_user("lead", "Lead Producer", tz="Europe/London", is_admin=True)
    members = [ws.add_user(f"crew{n:05d}", f"Crew {n}", tz="Europe/London") for n in range(size)]
    channel = ws.add_channel("crew", [manager, *members])
    sb.start()
    return Crew(sb, manager, members, channel)


# databases -------------------------------------------------------------------------


def postgres_reachable(url: str) -> bool:
    """True when the PostgreSQL database answers (created first when it does not exist)."""
    try:
        ensure_postgres_database(url)
    except Exception:
        return False
    database = Database(url)
    try:
        return database.ping()
    finally:
        database.dispose()


def ensure_postgres_database(url: str) -> None:
    """CREATE DATABASE for ``url`` when the server has none of that name."""
    parsed = make_url(url)
    maintenance = Database(parsed.set(database="postgres").render_as_string(hide_password=False))
    try:
        with maintenance.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT"
        ) as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        maintenance.dispose()


def sibling_database(url: str, suffix: str) -> str:
    """The URL of a database next to ``url`` named ``<name>_<suffix>``."""
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{suffix}").render_as_string(hide_password=False)


def fresh_database(url: str) -> None:
    """Empty a benchmark database: drop and recreate PostgreSQL's public schema, or delete
    the SQLite file (and its journal) so each measurement starts with no rows."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(parsed.database + suffix).unlink(missing_ok=True)
        return
    database = Database(url)
    try:
        if database.dialect == "postgresql":
            with database.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
    finally:
        database.dispose()


def count_deliveries(url: str, kind: str, statuses: tuple[str, ...]) -> int:
    """How many deliveries of ``kind`` are in one of ``statuses``."""
    database = Database(url)
    try:
        with database.session() as session:
            return int(
                session.scalar(
                    select(func.count(Delivery.id)).where(
                        Delivery.kind == kind, Delivery.status.in_(statuses)
                    )
                )
                or 0
            )
    finally:
        database.dispose()


def count_answers(url: str) -> int:
    """How many pulse answers are stored."""
    database = Database(url)
    try:
        with database.session() as session:
            return int(session.scalar(select(func.count(PulseAnswer.id))) or 0)
    finally:
        database.dispose()


def wait_until(check: Callable[[], bool], *, timeout: float, what: str, step: float = 0.1) -> float:
    """Poll ``check`` until true; the seconds it took. TimeoutError naming ``what`` otherwise."""
    began = time.perf_counter()
    while not check():
        if time.perf_counter() - began > timeout:
            raise TimeoutError(f"{what} did not happen within {timeout:.0f}s")
        time.sleep(step)  # another process is working; the benchmark only watches
    return time.perf_counter() - began


# Slack's side ----------------------------------------------------------------------


def send_pulse(crew: Crew, *, timeout: float = 60.0) -> None:
    """The manager types ``/greenroom pulse send #crew``; RuntimeError if the bot refuses.

    A busy machine may take longer than the bot's ack budget: the ack then goes out empty and
    the answer follows through the command's response_url, as Slack would show it.
    """
    sb = crew.sandbox
    earlier = len(sb.responses)
    response = sb.slash_command(
        crew.manager, "/greenroom", f"pulse send <#{crew.channel}|crew>", channel_id=crew.channel
    )
    answer = response.json() or {}
    if response.status == 200 and not answer:
        late: list[Any] = []

        def answered() -> bool:
            late[:] = sb.responses[earlier:]
            return bool(late)

        wait_until(answered, timeout=timeout, what="the late answer to pulse send")
        answer = late[0]
    if response.status != 200 or "Sending today's pulse" not in json.dumps(answer):
        raise RuntimeError(f"pulse send was refused: {response.status} {answer}")


def click_bodies(crew: Crew) -> list[str]:
    """Form bodies of real button clicks: each member presses each score on the DM they got."""
    sb, ws = crew.sandbox, crew.sandbox.workspace
    bodies = []
    for action_id in SCORE_ACTIONS.values():
        for member in crew.members:
            with sb.lock:
                message = ws.dm_messages(member)[0]
                payload = payloads.message_action(
                    sb, ws, member, message, str(action_id), None, None
                )
            bodies.append(urlencode({"payload": json.dumps(payload)}))
    return bodies


def signed_requests(bodies: list[str], secret: str = SIGNING_SECRET) -> list[dict[str, Any]]:
    """Load generator requests: each body with Slack's headers, signed now."""
    now = int(time.time())
    requests = []
    for body in bodies:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **signing.signed_headers(secret, body.encode(), timestamp=now),
        }
        requests.append({"body": body, "headers": headers})
    return requests

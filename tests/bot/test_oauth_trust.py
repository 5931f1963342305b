"""OAuth installs that cannot be turned against a workspace (issue 14, items 16 and 19):
only the first install makes a manager, OAuth states do not pile up, and a forged
``?error=`` is neither logged nor shown as it came."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import MetaData, func, select

from storage.db import Database
from tests.bot import crew_flows as flows
from tests.bot.test_oauth import crew_in, oauth_bot
from tests.conftest import RunningBot

__all__ = ["oauth_bot"]  # the fixture


def test_a_reinstall_by_someone_else_makes_no_manager(oauth_bot: RunningBot) -> None:
    crew = crew_in(oauth_bot, "T0SANDBOX", 2, "stage")
    people = oauth_bot.app.svc.people
    flows.install(oauth_bot, crew.team_id, crew.manager)
    assert people.is_manager(crew.team_id, crew.manager)
    flows.install(oauth_bot, crew.team_id, crew.members[0])
    assert not people.is_manager(crew.team_id, crew.members[0])
    # not even after the first installer used forget-me (their rights went with their data)
    flows.command(oauth_bot, crew.manager, "forget-me confirm", crew.channel)
    flows.install(oauth_bot, crew.team_id, crew.members[1])
    assert not people.is_manager(crew.team_id, crew.members[1])
    refused = flows.command(
        oauth_bot, crew.members[1], f"manager add <@{crew.members[1]}>", crew.channel
    )
    assert refused.startswith("Only managers")


def _states(db: Database) -> list[Any]:
    metadata = MetaData()
    metadata.reflect(db.engine, only=["slack_oauth_states"])
    table = metadata.tables["slack_oauth_states"]
    with db.engine.connect() as connection:
        return list(connection.execute(select(table.c.state, table.c.expire_at)))


def test_expired_oauth_states_are_purged(oauth_bot: RunningBot, db: Database) -> None:
    metadata = MetaData()
    metadata.reflect(db.engine, only=["slack_oauth_states"])
    table = metadata.tables["slack_oauth_states"]
    long_ago = datetime.now(UTC).replace(tzinfo=None) - timedelta(
        hours=1
    )  # naive UTC, as slack_sdk
    with db.engine.begin() as connection:
        connection.execute(
            table.insert(), [{"state": f"abandoned-{n}", "expire_at": long_ago} for n in range(50)]
        )
    state, _, _ = flows.start_install(oauth_bot)
    assert [row.state for row in _states(db)] == [state]
    with db.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(table)) == 1


@pytest.mark.parametrize(
    "error", ["access_denied\nINFO fake: user U1 granted admin", "<script>alert(1)</script>"]
)
def test_a_forged_error_is_neither_logged_nor_shown_raw(
    oauth_bot: RunningBot, caplog: pytest.LogCaptureFixture, error: str
) -> None:
    with caplog.at_level(logging.DEBUG):
        status, _, page = flows.get(f"{oauth_bot.url}/slack/oauth_redirect?error={quote(error)}")
    assert status == 200
    assert "unrecognised_error" in page and "fake" not in page and "<script>" not in page
    assert "granted admin" not in caplog.text and "<script>" not in caplog.text
    assert "installation failed: unrecognised_error" in caplog.text


def test_slacks_own_error_code_is_kept(
    oauth_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        status, _, page = flows.get(f"{oauth_bot.url}/slack/oauth_redirect?error=access_denied")
    assert status == 200 and "access_denied" in page
    assert "installation failed: access_denied" in caplog.text

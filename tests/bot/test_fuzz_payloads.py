"""Arbitrary and malformed requests, signed as Slack signs them, over HTTP: slash-command text,
block_actions with wrong values and ids, view submissions with odd state, events with missing
fields. Never a 5xx, never an unhandled exception in the log."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bot import crew_flows as flows
from tests.bot.fuzz_strategies import (
    CALLBACK_IDS,
    CONTAINER,
    EVENT,
    EXAMPLES,
    FORM,
    JSON,
    MISSING,
    OTHER_ACTION_IDS,
    RETRO_ACTION_IDS,
    TEXT,
    actions,
    maybe,
    present,
    views,
)
from tests.conftest import RunningBot


class Probe:
    """Sends signed requests and checks each answer and the log after it."""

    def __init__(self, bot: RunningBot, crew: flows.Crew, caplog: pytest.LogCaptureFixture):
        self.bot, self.crew, self.caplog = bot, crew, caplog
        self.sb: Any = bot.sandbox
        self.sent = 0
        self.statuses: dict[int, int] = {}
        self._ids = itertools.count(1)

    def send(self, body: str, content_type: str) -> None:
        self.caplog.clear()
        response = self.sb.signed_post(self.sb.bot_url, body, content_type)
        self.bot.settle()
        self.sent += 1
        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
        assert response.status < 500, (response.status, body[:500])
        errors = [r for r in self.caplog.records if r.levelno >= logging.ERROR]
        assert errors == [], [r.getMessage() for r in errors]

    def people(self, user: str) -> dict[str, Any]:
        team = self.crew.team_id
        return {
            "user": {"id": user, "username": "someone", "team_id": team},
            "team": {"id": team, "domain": "sandbox-crew"},
            "api_app_id": "A0SANDBOX",
            "token": "sandbox-verification-token",
            "is_enterprise_install": False,
            "trigger_id": self.sb.issue_trigger(team, user),
            "response_url": self.sb.issue_response_url(team, user, self.crew.channel),
        }

    def interaction(self, payload: dict[str, Any]) -> None:
        self.send(urlencode({"payload": json.dumps(payload)}), FORM)

    def event(self, event: dict[str, Any]) -> None:
        envelope = {
            "token": "sandbox-verification-token",
            "team_id": self.crew.team_id,
            "api_app_id": "A0SANDBOX",
            "event": event,
            "type": "event_callback",
            "event_id": f"EvFuzz{next(self._ids)}",
            "event_time": 1795420800,
            "authorizations": [{"team_id": self.crew.team_id, "user_id": "U0BOT", "is_bot": True}],
        }
        self.send(json.dumps(envelope), JSON)


@pytest.fixture
def probe(bot: RunningBot, caplog: pytest.LogCaptureFixture) -> Probe:
    """A crew with a pulse in their DMs and a retro in their channel, and the probe."""
    crew = flows.make_crew(bot.sandbox.workspace, 3)
    flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
    flows.command(bot, crew.manager, "start Fuzz week", crew.channel, slash="/retro")
    bot.drain()
    caplog.set_level(logging.INFO)
    return Probe(bot, crew, caplog)


def run(check: Callable[[Any], None], strategy: st.SearchStrategy[Any]) -> None:
    """``check`` on examples of ``strategy``: few, and the same ones every run."""
    settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=True,
    )(given(strategy)(check))()


def test_slash_commands_with_any_text(probe: Probe) -> None:
    words = st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "pulse",
                    "send",
                    "results",
                    "schedule",
                    "retro",
                    "start",
                    "close",
                    "action",
                    "done",
                    "pause",
                    "resume",
                    "delete",
                    "role",
                    "set",
                    "manager",
                    "add",
                    "away",
                    "shadow",
                    "pair",
                    "avoid",
                    "digest",
                    "checkin",
                    "holidays",
                    "size",
                    "followup",
                    '"* * * * *"',
                    "<#C00000001|crew>",
                    "<@U00000002>",
                    "#nowhere",
                    "@ghost",
                ]
            ),
            TEXT,
        ),
        max_size=6,
    ).map(" ".join)

    def check(command: str, text: str, user: str) -> None:
        form = {
            "command": command,
            "text": text,
            "team_id": probe.crew.team_id,
            "user_id": user,
            "channel_id": probe.crew.channel,
            "response_url": probe.sb.issue_response_url(
                probe.crew.team_id, user, probe.crew.channel
            ),
            "trigger_id": probe.sb.issue_trigger(probe.crew.team_id, user),
        }
        probe.send(urlencode(form), FORM)

    users = st.sampled_from(probe.crew.everyone)
    commands = st.sampled_from(["/greenroom", "/retro"])
    run(lambda args: check(*args), st.tuples(commands, st.one_of(words, TEXT), users))


def block_actions(probe: Probe, ids: list[str], callback_ids: list[str]) -> None:
    crew = probe.crew
    prompt = flows.pulse_prompts(crew, crew.members[0])[-1]
    retro = flows.retro_message(crew)

    def check(args: tuple[Any, ...]) -> None:
        elements, container, message, view, user = args
        payload = {
            "type": "block_actions",
            **probe.people(user),
            "container": container,
            "actions": elements,
            "message": message,
            "view": view,
            "channel": {"id": crew.channel, "name": "crew"},
            "state": {"values": {}},
        }
        probe.interaction(present(payload))

    run(
        check,
        st.tuples(
            # a few bodies Slack would never send (no actions) are refused with 400
            st.one_of(
                st.lists(actions(ids), min_size=1, max_size=2), st.just([]), st.just(MISSING)
            ),
            maybe(CONTAINER),
            maybe(st.sampled_from([prompt, retro])),
            maybe(views(callback_ids)),
            st.sampled_from(crew.everyone),
        ),
    )


def view_submissions(probe: Probe, callback_ids: list[str]) -> None:
    def check(args: tuple[dict[str, Any], str]) -> None:
        view, user = args
        probe.interaction({"type": "view_submission", **probe.people(user), "view": view})

    run(check, st.tuples(views(callback_ids), st.sampled_from(probe.crew.everyone)))


def test_block_actions_with_wrong_values_and_ids(probe: Probe) -> None:
    block_actions(probe, OTHER_ACTION_IDS, CALLBACK_IDS)


def test_retro_buttons_with_wrong_values(probe: Probe) -> None:
    block_actions(probe, RETRO_ACTION_IDS, CALLBACK_IDS)


def test_view_submissions_with_odd_state(probe: Probe) -> None:
    view_submissions(probe, CALLBACK_IDS)


def test_events_with_missing_fields(probe: Probe) -> None:
    run(probe.event, EVENT)
    print(f"\nfuzz: {probe.sent} events, statuses {probe.statuses}")

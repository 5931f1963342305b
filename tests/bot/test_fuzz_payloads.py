"""Arbitrary and malformed requests, signed as Slack signs them, over HTTP: slash-command text,
block_actions with wrong values and ids, view submissions with odd state, events with missing
fields. Never a 5xx, never an unhandled exception in the log."""

from __future__ import annotations

import importlib
import itertools
import json
import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bot import crew_flows as flows
from tests.conftest import RunningBot

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
EXAMPLES = 40
VIEW_MODULES = ("pulse", "retro", "home", "shadow")


def slack_ids(kind: str, modules: tuple[str, ...] = VIEW_MODULES) -> list[str]:
    """Every action or callback id these views define (``kind``: "Action" or "Callback")."""
    found: set[str] = set()
    for name in modules:
        module = importlib.import_module(f"bot.views.{name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and kind in value.__name__:
                found.update(member.value for member in value)
    return sorted(found)


ACTION_IDS = slack_ids("Action")
CALLBACK_IDS = slack_ids("Callback")
RETRO_ACTION_IDS = slack_ids("Action", ("retro",))
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)
SLACK_ID = st.one_of(
    st.sampled_from(["U00000001", "U00000002", "C00000001", "D00000001", "U0BOT", "T0SANDBOX"]),
    st.from_regex(r"[UCDGTVW][A-Z0-9]{2,11}", fullmatch=True),
    TEXT,
)
# Values we put in buttons and private_metadata, right and wrong.
VALUE = st.one_of(
    TEXT,
    st.integers().map(str),
    st.sampled_from(
        ["occ:1", "occ:1:3", "occ:1:9", "occ:999999:5", "occ:-1:2", "occ::", "1", "0", "-1", ""]
    ),
    st.builds(lambda n, s: f"occ:{n}:{s}", st.integers(-5, 10**12), st.integers(-2, 7)),
    st.builds(lambda k, n: f"{k}:{n}", st.sampled_from(["retro", "card", "x"]), st.integers()),
)
TS = st.one_of(st.sampled_from(["1795420800.000001", "0", "abc", ""]), TEXT)
MISSING = object()


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The value, or the field left out (see ``present``)."""
    return st.one_of(st.just(MISSING), strategy)


def present(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not MISSING}


def optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An object with any subset of these fields: Slack's shapes, with parts missing."""
    return st.fixed_dictionaries({}, optional=fields)


OPTION = optional(value=VALUE, text=optional(type=st.just("plain_text"), text=TEXT))


def actions(ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """One element of ``actions``: one of these ids (or any text) with odd or missing fields."""
    return st.builds(
        lambda action_id, rest: {"action_id": action_id, **rest},
        st.one_of(st.sampled_from(ids), TEXT),
        ACTION_FIELDS,
    )


ACTION_FIELDS = optional(
    block_id=TEXT,
    value=VALUE,
    type=st.sampled_from(["button", "static_select", "checkboxes", "weird"]),
    selected_option=OPTION,
    selected_options=st.lists(OPTION, max_size=2),
    action_ts=TS,
)
CONTAINER = optional(
    type=st.sampled_from(["message", "view", "weird"]),
    message_ts=TS,
    channel_id=SLACK_ID,
    view_id=SLACK_ID,
    is_ephemeral=st.booleans(),
)
ELEMENT = optional(
    type=st.sampled_from(["plain_text_input", "static_select", "checkboxes", "weird"]),
    value=st.one_of(st.none(), TEXT),
    selected_option=st.one_of(st.none(), OPTION),
    selected_options=st.lists(OPTION, max_size=2),
)
STATE_VALUES = st.dictionaries(
    st.one_of(st.sampled_from(["pulse_note", "retro_card_column", "retro_card_text"]), TEXT),
    st.dictionaries(st.one_of(st.sampled_from(ACTION_IDS), TEXT), ELEMENT, max_size=3),
    max_size=3,
)


def views(callback_ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A submitted or clicked view: one of these callback ids (or any), with odd state."""
    return st.fixed_dictionaries(
        {
            "id": SLACK_ID,
            "type": st.sampled_from(["modal", "home"]),
            "callback_id": st.one_of(st.sampled_from(callback_ids), TEXT),
            "private_metadata": VALUE,
            "state": st.fixed_dictionaries({"values": STATE_VALUES}),
            "blocks": st.just([]),
        },
        optional={"root_view_id": SLACK_ID, "previous_view_id": SLACK_ID, "hash": TEXT},
    )


OTHER_ACTION_IDS = sorted(set(ACTION_IDS) - set(RETRO_ACTION_IDS))
MESSAGE_FIELDS = optional(
    type=st.just("message"),
    user=SLACK_ID,
    text=TEXT,
    ts=TS,
    thread_ts=TS,
    subtype=st.sampled_from(["bot_message", "thread_broadcast", "weird"]),
    bot_id=SLACK_ID,
)
EVENT = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            [
                "reaction_added",
                "reaction_removed",
                "message",
                "member_joined_channel",
                "app_home_opened",
                "tokens_revoked",
                "app_mention",
            ]
        )
    },
    optional={
        "user": SLACK_ID,
        "reaction": TEXT,
        "item_user": SLACK_ID,
        "item": optional(
            type=st.sampled_from(["message", "file", "weird"]), channel=SLACK_ID, ts=TS
        ),
        "channel": SLACK_ID,
        "channel_type": st.sampled_from(["channel", "group", "im", "mpim", "weird"]),
        "ts": TS,
        "event_ts": TS,
        "thread_ts": TS,
        "parent_user_id": SLACK_ID,
        "text": TEXT,
        "subtype": st.sampled_from(
            ["bot_message", "message_changed", "message_deleted", "thread_broadcast", "weird"]
        ),
        "message": MESSAGE_FIELDS,
        "previous_message": MESSAGE_FIELDS,
        "deleted_ts": TS,
        "hidden": st.booleans(),
        "tab": st.sampled_from(["home", "messages", "weird"]),
        "view": optional(id=SLACK_ID, type=st.just("home"), hash=TEXT),
        "tokens": optional(oauth=st.lists(SLACK_ID, max_size=2)),
        "bot_id": SLACK_ID,
    },
)


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

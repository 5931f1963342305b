"""Hypothesis strategies for Slack payloads: action and callback ids, odd values, views, events."""

from __future__ import annotations

import importlib
from enum import StrEnum
from typing import Any

from hypothesis import strategies as st

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

"""``serve()`` for ``greenroom sandbox``: a seeded crew and a description to print."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from sandbox import Sandbox, serve


@pytest.fixture
def served() -> Iterator[Sandbox]:
    sandbox = serve(port=0, seed_demo=True)
    yield sandbox
    sandbox.stop()


def test_serve_seeds_a_production_crew(served: Sandbox) -> None:
    client = WebClient(token=served.workspace.bot_token, base_url=served.base_url)

    people = [m for m in client.users_list()["members"] if not m["is_bot"]]
    channels = {c["name"]: c for c in client.conversations_list()["channels"]}
    groups = {g["handle"]: g for g in client.usergroups_list(include_users=True)["usergroups"]}

    assert len(people) == 12
    assert sum(p["is_admin"] for p in people) == 2
    assert {"crew", "general"} <= set(channels)
    assert channels["crew"]["is_member"] is True
    assert {
        "lighting",
        "camera",
        "sound",
        "art",
        "costume",
        "post",
        "direction",
        "production",
    } == set(groups)
    assert sum(len(g["users"]) for g in groups.values()) == 12
    assert len({p["tz"] for p in people}) > 3


def test_describe_tells_how_to_connect(served: Sandbox) -> None:
    text = served.describe()

    assert served.base_url in text
    assert "xoxb-sandbox-T0SANDBOX" in text
    assert served.signing_secret in text
    assert "#crew" in text and "@ana" in text


def test_serve_without_seed_is_empty() -> None:
    sandbox = serve(seed_demo=False)
    try:
        assert list(sandbox.workspace.users) == ["U0BOT"]
        assert sandbox.workspace.channels == {}
    finally:
        sandbox.stop()

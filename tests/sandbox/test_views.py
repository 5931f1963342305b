"""views.open / push / update / publish."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import Sandbox
from sandbox.hooks import Hooks
from tests.sandbox.conftest import Crew


def modal(title: str = "Add a card", **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "retro_card",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Add"},
        "blocks": [
            {
                "type": "input",
                "block_id": "card",
                "label": {"type": "plain_text", "text": "Card"},
                "element": {"type": "plain_text_input", "action_id": "text"},
            }
        ],
        **extra,
    }


def home(text: str) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def _error(call: Any) -> str:
    with pytest.raises(SlackApiError) as error:
        call()
    return str(error.value.response["error"])


def test_open_needs_a_trigger_the_sandbox_issued(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    trigger = sb.issue_trigger("T0SANDBOX", crew.ana)

    view = client.views_open(trigger_id=trigger, view=modal(private_metadata="retro:1"))["view"]

    assert view["id"].startswith("V")
    assert view["hash"] and view["root_view_id"] == view["id"]
    assert view["private_metadata"] == "retro:1"
    assert view["state"] == {"values": {}}
    assert sb.workspace.views[view["id"]]["callback_id"] == "retro_card"
    assert [v["id"] for v in sb.workspace.open_views(crew.ana)] == [view["id"]]
    reuse = lambda: client.views_open(trigger_id=trigger, view=modal())  # noqa: E731
    assert _error(reuse) == "exchanged_trigger_id"
    made_up = lambda: client.views_open(trigger_id="12.34.ab", view=modal())  # noqa: E731
    assert _error(made_up) == "invalid_trigger_id"


def test_trigger_expires_after_three_seconds(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    now = [100.0]
    sb.hooks = Hooks(monotonic=lambda: now[0])
    trigger = sb.issue_trigger("T0SANDBOX", crew.ana)
    now[0] += 3.5

    assert (
        _error(lambda: client.views_open(trigger_id=trigger, view=modal())) == "expired_trigger_id"
    )


def test_views_are_checked(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    long_title = modal(title="A title far longer than Slack allows")
    no_submit = modal()
    del no_submit["submit"]

    for view in (long_title, no_submit, home("not a modal")):
        trigger = sb.issue_trigger("T0SANDBOX", crew.ana)
        with pytest.raises(SlackApiError) as error:
            client.views_open(trigger_id=trigger, view=view)
        assert error.value.response["error"] == "invalid_arguments"
        assert error.value.response["response_metadata"]["messages"]


def test_update_by_id_or_external_id_with_hash(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    trigger = sb.issue_trigger("T0SANDBOX", crew.ana)
    opened = client.views_open(trigger_id=trigger, view=modal(external_id="card-1"))["view"]

    by_id = client.views_update(view_id=opened["id"], view=modal("Edit card"), hash=opened["hash"])
    by_external = client.views_update(
        external_id="card-1", view=modal("Again", external_id="card-1")
    )

    assert by_id["view"]["id"] == opened["id"] == by_external["view"]["id"]
    assert by_id["view"]["hash"] != opened["hash"]
    assert sb.workspace.views[opened["id"]]["title"]["text"] == "Again"
    stale = lambda: client.views_update(view_id=opened["id"], view=modal(), hash=opened["hash"])  # noqa: E731
    assert _error(stale) == "hash_conflict"
    assert _error(lambda: client.views_update(view_id="V404", view=modal())) == "not_found"


def test_duplicate_external_id(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    client.views_open(
        trigger_id=sb.issue_trigger("T0SANDBOX", crew.ana), view=modal(external_id="x")
    )
    second = sb.issue_trigger("T0SANDBOX", crew.ben)

    dup = lambda: client.views_open(trigger_id=second, view=modal(external_id="x"))  # noqa: E731
    assert _error(dup) == "duplicate_external_id"


def test_push_stacks_up_to_three(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    root = client.views_open(trigger_id=sb.issue_trigger("T0SANDBOX", crew.ana), view=modal())[
        "view"
    ]
    pushed = [
        client.views_push(
            trigger_id=sb.issue_trigger("T0SANDBOX", crew.ana), view=modal(f"Step {i}")
        )
        for i in (2, 3)
    ]

    assert pushed[0]["view"]["root_view_id"] == root["id"]
    assert pushed[1]["view"]["previous_view_id"] == pushed[0]["view"]["id"]
    assert len(sb.workspace.open_views(crew.ana)) == 3
    fourth = lambda: client.views_push(  # noqa: E731
        trigger_id=sb.issue_trigger("T0SANDBOX", crew.ana), view=modal("Step 4")
    )
    assert _error(fourth) == "push_limit_reached"


def test_publish_home_per_user(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    first = client.views_publish(user_id=crew.ana, view=home("Your week"))["view"]
    second = client.views_publish(user_id=crew.ana, view=home("Updated"), hash=first["hash"])[
        "view"
    ]
    client.views_publish(user_id=crew.ben, view=home("Ben's week"))

    assert second["id"] == first["id"]
    assert sb.workspace.home_views[crew.ana]["blocks"][0]["text"]["text"] == "Updated"
    assert sb.workspace.home_views[crew.ben]["id"] != first["id"]
    stale = lambda: client.views_publish(user_id=crew.ana, view=home("x"), hash=first["hash"])  # noqa: E731
    assert _error(stale) == "hash_conflict"

"""The sandbox answers as Slack's reference says: methods, error codes, tiers, shapes."""

from __future__ import annotations

import contextlib
from importlib import resources
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import Sandbox, reference, web_api
from tests.sandbox.conftest import Crew, Receiver

DATA = Path(__file__).parents[1] / "data"


def test_reference_ships_with_its_licence() -> None:
    root = resources.files("sandbox").joinpath("api_ref")

    assert "MIT License" in root.joinpath("LICENSE.md").read_text(encoding="utf-8")
    assert set(web_api.HANDLERS) <= set(reference.method_names())
    assert reference.tier("chat.postMessage") == "t5"
    assert reference.tier("users.list") == "t2"
    assert reference.tier("no.such.method") is None


def test_manifest_schema_is_kept_for_the_manifest_test() -> None:
    schema = (DATA / "manifest.schema.1.0.0.json").read_text(encoding="utf-8")

    assert '"$schema"' in schema
    assert "MIT" in (DATA / "LICENSE.manifest-schema").read_text(encoding="utf-8")


def test_every_error_the_sandbox_gave_is_documented(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    attempts = [
        ("chat.postMessage", {"channel": "C404", "text": "x"}),
        ("chat.postMessage", {"channel": crew.quiet, "text": "x"}),
        ("chat.postMessage", {"channel": crew.crew}),
        ("chat.update", {"channel": crew.crew, "ts": "1.1", "text": "x"}),
        ("chat.delete", {"channel": crew.crew, "ts": "1.1"}),
        ("chat.postEphemeral", {"channel": crew.quiet, "user": crew.ben, "text": "x"}),
        ("chat.getPermalink", {"channel": crew.crew, "message_ts": "1.1"}),
        ("reactions.add", {"channel": crew.crew, "timestamp": "1.1", "name": "x"}),
        ("conversations.open", {"users": "U404"}),
        ("conversations.history", {"channel": crew.crew, "latest": "soon"}),
        ("conversations.replies", {"channel": crew.crew, "ts": "1.1"}),
        ("conversations.list", {"cursor": "garbage"}),
        ("conversations.members", {"channel": "C404"}),
        ("conversations.info", {"channel": "C404"}),
        ("users.info", {"user": "U404"}),
        ("users.list", {"cursor": "garbage"}),
        ("team.info", {"team": "T404"}),
        ("usergroups.users.list", {"usergroup": "S404"}),
        ("views.open", {"trigger_id": "1.2.3", "view": {"type": "modal", "blocks": []}}),
        ("views.update", {"view_id": "V404", "view": {"type": "modal", "blocks": []}}),
        ("views.push", {"trigger_id": "1.2.3", "view": {"type": "modal", "blocks": []}}),
        ("views.publish", {"user_id": "U404", "view": {"type": "home", "blocks": []}}),
        ("files.getUploadURLExternal", {"filename": "x"}),
        ("files.completeUploadExternal", {"files": [{"id": "F404"}]}),
        ("oauth.v2.access", {"client_id": "x", "client_secret": "y", "code": "z"}),
        ("apps.connections.open", {}),
    ]
    for method, args in attempts:
        with contextlib.suppress(SlackApiError):  # each attempt is meant to fail
            client.api_call(method, json=args)

    failures = [c for c in sb.calls if not c.response["ok"]]
    assert len(failures) == len(attempts)
    for call in failures:
        assert call.response["error"] in reference.known_errors(call.method), call


def test_events_carry_the_fields_of_the_reference_examples(
    sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver
) -> None:
    ws = sb.workspace
    ts = client.chat_postMessage(channel=crew.crew, text="Morning all")["ts"]
    ws.post_as(crew.ana, crew.crew, "morning!")
    ws.react(crew.ben, crew.crew, ts, "wave")
    ws.unreact(crew.ben, crew.crew, ts, "wave")
    ws.join(ws.add_user("dana"), crew.crew)

    for received in receiver.received:
        event = received.payload()["event"]
        example = reference.event_ref(event["type"])["example"]
        optional = {"enterprise", "inviter"}  # enterprise grid and invitations only
        assert set(example) - optional <= set(event), event["type"]


def test_responses_carry_the_fields_of_the_reference_examples(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    ts = client.chat_postMessage(channel=crew.crew, text="x")["ts"]
    client.chat_update(channel=crew.crew, ts=ts, text="y")
    client.conversations_history(channel=crew.crew)
    client.conversations_info(channel=crew.crew)
    client.users_info(user=crew.ana)
    client.usergroups_list()
    client.team_info()

    for call in sb.calls:
        example = reference.method_ref(call.method)["examples"]["success"]["example"]
        missing = set(example) - set(call.response) - {"warning"}
        assert not missing, (call.method, missing)
        for key in ("channel", "user", "team"):
            if isinstance(example.get(key), dict) and isinstance(call.response.get(key), dict):
                inner = set(example[key]) - set(call.response[key])
                inner -= {
                    "enterprise_id",
                    "enterprise_name",
                    "properties",
                    "updated",
                    "parent_conversation",
                }
                inner -= {
                    "is_frozen",
                    "shared_team_ids",
                    "pending_connected_team_ids",
                    "image_original",
                }
                inner -= {"avatar_hash", "color", "image_24", "image_32", "image_48", "image_72"}
                assert not inner, (call.method, key, inner)

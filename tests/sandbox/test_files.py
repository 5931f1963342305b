"""The external upload flow, driven by slack_sdk's files_upload_v2."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import Sandbox
from tests.sandbox.conftest import Crew

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_files_upload_v2_end_to_end(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    response = client.files_upload_v2(
        channel=crew.crew,
        content=PNG,
        filename="cohesion.png",
        title="Cohesion, last 8 weeks",
        initial_comment="Weekly digest",
    )

    file_id = response["file"]["id"]
    stored = sb.workspace.files[file_id]
    assert stored.content == PNG
    assert stored.title == "Cohesion, last 8 weeks"
    assert stored.initial_comment == "Weekly digest"
    assert stored.channels == [crew.crew]
    [message] = sb.workspace.messages(crew.crew)
    assert message["text"] == "Weekly digest"
    assert message["files"][0]["id"] == file_id
    assert message["files"][0]["size"] == len(PNG)
    assert [c.method for c in sb.calls] == [
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]
    url = sb.calls[0].response["upload_url"]
    assert url == f"{sb.url}upload/{file_id}"
    assert sb.calls[1].args["files"] == [{"id": file_id, "title": "Cohesion, last 8 weeks"}]


def test_several_files_in_a_thread(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    parent = client.chat_postMessage(channel=crew.crew, text="Digest")["ts"]

    client.files_upload_v2(
        channel=crew.crew,
        thread_ts=parent,
        file_uploads=[
            {"content": b"a,b\n1,2\n", "filename": "pulse.csv"},
            {"content": "notes", "filename": "notes.txt", "title": "Notes"},
        ],
    )

    reply = sb.workspace.messages(crew.crew)[-1]
    assert reply["thread_ts"] == parent
    assert [f["name"] for f in reply["files"]] == ["pulse.csv", "notes.txt"]
    contents = sorted(f.content for f in sb.workspace.files.values())
    assert contents == [b"a,b\n1,2\n", b"notes"]


def test_upload_errors(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    with pytest.raises(SlackApiError) as error:
        client.api_call("files.getUploadURLExternal", params={"filename": "x.png"})
    assert error.value.response["error"] == "missing_argument"
    pending = client.files_getUploadURLExternal(filename="x.png", length=3)["file_id"]
    with pytest.raises(SlackApiError) as error:
        client.files_completeUploadExternal(files=[{"id": pending}], channel_id=crew.crew)
    assert error.value.response["error"] == "file_not_found"
    with pytest.raises(SlackApiError) as error:
        client.files_completeUploadExternal(files=[{"id": "F404"}])
    assert error.value.response["error"] == "file_not_found"

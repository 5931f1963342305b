"""The external file upload flow: get an upload URL, POST the bytes, complete the upload."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from typing import TYPE_CHECKING, Any

from sandbox.api_base import ApiError, ApiRequest
from sandbox.api_chat import target_channel
from sandbox.model import File

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox


def get_upload_url(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    filename = req.require("filename", "missing_argument")
    try:
        length = int(req.require("length", "missing_argument"))
    except ValueError:
        raise ApiError("invalid_arguments") from None
    file_id = req.sb.ids.next("F")
    ws.files[file_id] = File(
        id=file_id,
        team_id=ws.team_id,
        user=ws.bot_user_id,
        name=filename,
        length=length,
        alt_txt=req.text("alt_txt"),
        created=int(req.sb.now().timestamp()),
    )
    return {"ok": True, "upload_url": f"{req.sb.url}upload/{file_id}", "file_id": file_id}


def _uploaded_bytes(body: bytes, content_type: str) -> bytes:
    """The file's bytes: the raw body, or the file part of a multipart body."""
    if not content_type.startswith("multipart/form-data"):
        return body
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    for part in message.iter_parts():
        if (
            part.get_filename() is not None
            or part.get_param("name", header="content-disposition") == "file"
        ):
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else b""
    return body


def receive_upload(sb: Sandbox, file_id: str, body: bytes, content_type: str) -> tuple[int, str]:
    """Store the bytes POSTed to an upload URL; (status, text) for the HTTP answer."""
    with sb.lock:
        for ws in sb.workspaces.values():
            file = ws.files.get(file_id)
            if file is not None:
                file.content = _uploaded_bytes(body, content_type)
                sb.changed()
                return 200, f"OK - {len(file.content)}"
    return 404, "file_not_found"


def complete_upload(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    items = req.json("files", "invalid_arguments")
    if not isinstance(items, list) or not items:
        raise ApiError("invalid_arguments")
    files: list[tuple[File, dict[str, Any]]] = []
    for item in items:
        file = ws.files.get(str(item.get("id") if isinstance(item, dict) else ""))
        if file is None or file.content is None or file.completed:
            raise ApiError("file_not_found")
        files.append((file, item))
    targets = [req.text("channel_id")] if req.text("channel_id") else []
    targets += [c.strip() for c in (req.text("channels") or "").split(",") if c.strip()]
    channels = [target_channel(req, t) for t in targets]
    thread_ts = req.text("thread_ts")
    if thread_ts and len(channels) != 1:
        raise ApiError("invalid_arguments")
    comment = req.text("initial_comment")
    for file, item in files:
        file.title = str(item.get("title") or file.name)
        file.completed = True
        file.initial_comment = comment
        file.thread_ts = thread_ts
        file.channels = [c.id for c in channels]
    for channel in channels:
        fields: dict[str, Any] = {
            "text": comment or "",
            "files": [f.to_slack() for f, _ in files],
            "upload": True,
            "display_as_bot": False,
        }
        if thread_ts:
            fields["thread_ts"] = thread_ts
        ws.post_bot_message(channel.id, fields)
    return {"ok": True, "files": [{"id": f.id, "title": f.title} for f, _ in files]}


HANDLERS = {
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
}

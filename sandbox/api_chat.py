"""``chat.*`` and ``reactions.add``."""

from __future__ import annotations

import copy
from typing import Any

from sandbox.api_base import ApiError, ApiRequest
from sandbox.blocks import InvalidBlocks, normalise_blocks
from sandbox.model import Channel


def target_channel(req: ApiRequest, channel_arg: str | None) -> Channel:
    """A channel id, a ``#name`` or a user id (which means the bot's IM with that member)."""
    ws = req.workspace
    if channel_arg and channel_arg[0] in "UW":
        user = ws.users.get(channel_arg)
        if user is None or user.deleted or user.id == ws.bot_user_id:
            raise ApiError("channel_not_found")
        return ws.channels[ws.open_im(user.id)]
    if channel_arg and channel_arg not in ws.channels:
        try:
            channel_arg = ws.channel_id(channel_arg)
        except KeyError:
            raise ApiError("channel_not_found") from None
    channel = req.bot_channel(channel_arg)
    if channel.is_archived:
        raise ApiError("is_archived")
    return channel


def content_fields(req: ApiRequest) -> dict[str, Any]:
    """``text``/``blocks``/``attachments``/``metadata`` of a message, checked like Slack does."""
    fields: dict[str, Any] = {}
    if "text" in req.args:
        fields["text"] = req.text("text") or ""
    blocks = req.json("blocks", "invalid_blocks_format")
    if blocks is not None:
        try:
            fields["blocks"] = normalise_blocks(blocks, limit=50, new_id=req.sb.new_block_id)
        except InvalidBlocks as exc:
            raise ApiError.from_blocks("invalid_blocks", exc) from None
    attachments = req.json("attachments", "invalid_arguments")
    if attachments is not None:
        if not isinstance(attachments, list):
            raise ApiError("invalid_arguments")
        fields["attachments"] = attachments
    metadata = req.json("metadata", "invalid_metadata_format")
    if metadata is not None:
        if not isinstance(metadata, dict):
            raise ApiError("invalid_metadata_format")
        if metadata and (
            not isinstance(metadata.get("event_type"), str)
            or not isinstance(metadata.get("event_payload"), dict)
        ):
            raise ApiError("invalid_metadata_schema")
        fields["metadata"] = metadata
    return fields


def _has_content(fields: dict[str, Any]) -> bool:
    return bool(fields.get("text") or fields.get("blocks") or fields.get("attachments"))


def post_message(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    channel = target_channel(req, req.text("channel"))
    fields = content_fields(req)
    fields.setdefault("text", "")
    if not _has_content(fields):
        raise ApiError("no_text")
    if fields.get("metadata") == {}:
        del fields["metadata"]
    thread_ts = req.text("thread_ts")
    if thread_ts:
        parent = ws.store.get_live(channel.id, thread_ts)
        if parent is not None and parent.get("thread_ts") not in (None, parent["ts"]):
            thread_ts = parent["thread_ts"]  # Slack threads a reply-to-a-reply under the parent
        fields["thread_ts"] = thread_ts
        if req.flag("reply_broadcast"):
            fields["subtype"] = "thread_broadcast"
    message = ws.post_bot_message(channel.id, fields)
    return {"ok": True, "channel": channel.id, "ts": message["ts"], "message": message}


def _own_message(req: ApiRequest, channel: Channel, ts: str | None, error: str) -> dict[str, Any]:
    ws = req.workspace
    message = ws.store.get_live(channel.id, ts or "")
    if message is None:
        raise ApiError("message_not_found")
    if message.get("bot_id") != ws.bot_id:
        raise ApiError(error)
    return message


def update(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    channel = req.bot_channel(req.text("channel"))
    message = _own_message(req, channel, req.text("ts"), "cant_update_message")
    fields = content_fields(req)
    updated = {**message, **fields}
    if not _has_content(updated):
        raise ApiError("no_text")
    if updated.get("metadata") == {}:
        del updated["metadata"]
    updated["edited"] = {"user": ws.bot_user_id, "ts": req.sb.next_ts()}
    message.clear()
    message.update(updated)
    result = copy.deepcopy(message)
    return {
        "ok": True,
        "channel": channel.id,
        "ts": message["ts"],
        "text": result.get("text", ""),
        "message": result,
    }


def post_ephemeral(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    channel = target_channel(req, req.text("channel"))
    user_id = req.require("user", "user_not_in_channel")
    if user_id not in channel.members:
        raise ApiError("user_not_in_channel")
    fields = content_fields(req)
    if not _has_content(fields):
        raise ApiError("no_text")
    if req.text("thread_ts"):
        fields["thread_ts"] = req.text("thread_ts")
    ts = ws.add_ephemeral(channel.id, user_id, {**fields, "via": "chat.postEphemeral"})
    return {"ok": True, "message_ts": ts}


def delete(req: ApiRequest) -> dict[str, Any]:
    channel = req.bot_channel(req.text("channel"))
    ts = req.text("ts")
    _own_message(req, channel, ts, "cant_delete_message")
    req.workspace.store.delete(channel.id, ts or "")
    return {"ok": True, "channel": channel.id, "ts": ts}


def get_permalink(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    channel = req.bot_channel(req.text("channel"), member=False)
    ts = req.require("message_ts", "message_not_found")
    message = ws.store.get_live(channel.id, ts)
    if message is None:
        raise ApiError("message_not_found")
    link = f"https://{ws.domain}.slack.com/archives/{channel.id}/p{ts.replace('.', '')}"
    if message.get("thread_ts") not in (None, ts):
        link += f"?thread_ts={message['thread_ts']}&cid={channel.id}"
    return {"ok": True, "channel": channel.id, "permalink": link}


def reactions_add(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    channel_id, ts = req.text("channel"), req.text("timestamp")
    if not channel_id or not ts:
        raise ApiError("no_item_specified")
    name = (req.text("name") or "").strip(":")
    if not name:
        raise ApiError("invalid_name")
    channel = req.bot_channel(channel_id)
    message = ws.store.get_live(channel.id, ts)
    if message is None:
        raise ApiError("message_not_found")
    reactions = message.setdefault("reactions", [])
    entry = next((r for r in reactions if r["name"] == name), None)
    if entry is None:
        entry = {"name": name, "users": [], "count": 0}
        reactions.append(entry)
    if ws.bot_user_id in entry["users"]:
        raise ApiError("already_reacted")
    entry["users"].append(ws.bot_user_id)
    entry["count"] = len(entry["users"])
    return {"ok": True}


HANDLERS = {
    "chat.postMessage": post_message,
    "chat.update": update,
    "chat.postEphemeral": post_ephemeral,
    "chat.delete": delete,
    "chat.getPermalink": get_permalink,
    "reactions.add": reactions_add,
}

"""``conversations.*``."""

from __future__ import annotations

from typing import Any

from sandbox.api_base import ApiError, ApiRequest, paginate
from sandbox.ids import ts_key
from sandbox.messages import Message

MAX_MPIM_USERS = 8


def open_(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    channel_arg, users_arg = req.text("channel"), req.text("users")
    if channel_arg:
        channel = req.bot_channel(channel_arg)
        if channel.kind not in ("im", "mpim"):
            raise ApiError("method_not_supported_for_channel_type")
    elif users_arg:
        users = [u.strip() for u in users_arg.split(",") if u.strip()]
        others = sorted(set(users) - {ws.bot_user_id})
        if not others:
            raise ApiError("not_enough_users")
        if len(others) > MAX_MPIM_USERS:
            raise ApiError("too_many_users")
        for uid in others:
            user = ws.users.get(uid)
            if user is None:
                raise ApiError("user_not_found")
            if user.deleted:
                raise ApiError("user_disabled")
        known = ws.im_with(others[0]) if len(others) == 1 else ws.mpim_with(others)
        if known is None and req.flag("prevent_creation"):
            return {"ok": True, "no_op": True, "channel": None}
        channel_id = ws.open_im(others[0]) if len(others) == 1 else ws.open_mpim(others)
        channel = ws.channels[channel_id]
        if known is not None:
            extra: dict[str, Any] = {"no_op": True, "already_open": True}
        else:
            extra = {}
    else:
        raise ApiError("users_list_not_supplied")
    if channel.kind == "mpim" or req.flag("return_im"):
        body = channel.to_slack(ws.bot_user_id)
    else:
        body = {"id": channel.id}
    result: dict[str, Any] = {"ok": True, "channel": body}
    if channel_arg:
        result.update(no_op=True, already_open=True)
    else:
        result.update(extra)
    return result


def members(req: ApiRequest) -> dict[str, Any]:
    channel = req.bot_channel(req.text("channel"), member=False)
    page, cursor = paginate(req, channel.members, str, kind="user_id")
    return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}


TYPES = {"public_channel": "public", "private_channel": "private", "im": "im", "mpim": "mpim"}


def list_(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    names = [t.strip() for t in (req.text("types") or "public_channel").split(",") if t.strip()]
    if any(t not in TYPES for t in names):
        raise ApiError("invalid_types")
    kinds = {TYPES[t] for t in names}
    visible = [
        c
        for c in ws.channels.values()
        if c.kind in kinds
        and (c.kind == "public" or ws.bot_user_id in c.members)
        and not (c.is_archived and req.flag("exclude_archived"))
    ]
    page, cursor = paginate(req, visible, lambda c: c.id, kind="team")
    channels = [c.to_slack(ws.bot_user_id) for c in page]
    return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": cursor}}


def info(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    channel = req.bot_channel(req.text("channel"), member=False)
    data = channel.to_slack(ws.bot_user_id, num_members=req.flag("include_num_members"))
    return {"ok": True, "channel": data}


def _window(req: ApiRequest, messages: list[Message]) -> list[Message]:
    """Messages within ``oldest``/``latest`` (exclusive unless ``inclusive``)."""
    inclusive = req.flag("inclusive")
    bounds = {}
    for name in ("oldest", "latest"):
        raw = req.text(name)
        if raw is not None:
            try:
                bounds[name] = ts_key(raw)
            except ValueError:
                raise ApiError(f"invalid_ts_{name}") from None
    oldest, latest = bounds.get("oldest"), bounds.get("latest")

    def keep(message: Message) -> bool:
        key = ts_key(message["ts"])
        if oldest is not None and (key < oldest or (key == oldest and not inclusive)):
            return False
        return latest is None or key < latest or (key == latest and inclusive)

    return [m for m in messages if keep(m)]


def _shown(req: ApiRequest, message: Message) -> Message:
    if not req.flag("include_all_metadata"):
        message.pop("metadata", None)
    return message


def history(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    channel = req.bot_channel(req.text("channel"))
    messages = _window(req, ws.store.top_level(channel.id))
    page, cursor = paginate(req, messages, lambda m: m["ts"], kind="next_ts")
    return {
        "ok": True,
        "messages": [_shown(req, m) for m in page],
        "has_more": bool(cursor),
        "pin_count": 0,
        "response_metadata": {"next_cursor": cursor},
    }


def replies(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    channel = req.bot_channel(req.text("channel"))
    ts = req.require("ts", "thread_not_found")
    thread = ws.store.thread(channel.id, ts)
    if not thread:
        raise ApiError("thread_not_found")
    page, cursor = paginate(req, _window(req, thread), lambda m: m["ts"], kind="next_ts")
    return {
        "ok": True,
        "messages": [_shown(req, m) for m in page],
        "has_more": bool(cursor),
        "response_metadata": {"next_cursor": cursor},
    }


HANDLERS = {
    "conversations.open": open_,
    "conversations.members": members,
    "conversations.list": list_,
    "conversations.info": info,
    "conversations.history": history,
    "conversations.replies": replies,
}

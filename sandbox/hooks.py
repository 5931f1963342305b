"""Trigger ids and response URLs the sandbox issues with each interaction (sandbox lock held)."""

from __future__ import annotations

import copy
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sandbox.api_base import ApiError
from sandbox.blocks import InvalidBlocks, normalise_blocks

if TYPE_CHECKING:
    from sandbox.state import Workspace


@dataclass
class Trigger:
    team_id: str
    user_id: str
    issued: float
    used: bool = False


@dataclass
class ResponseTarget:
    """Where a response_url's payloads land: the invoking member's channel or message."""

    team_id: str
    user_id: str
    channel_id: str
    message_ts: str | None = None
    ephemeral: bool = False


class Hooks:
    """Issues and redeems trigger ids (one use, short-lived) and response URLs."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._seq = itertools.count(1)
        self.triggers: dict[str, Trigger] = {}
        self.targets: dict[str, ResponseTarget] = {}
        self.log: list[tuple[str, dict[str, Any]]] = []

    def issue_trigger(self, team_id: str, user_id: str) -> str:
        n = next(self._seq)
        trigger_id = f"{n}.{int(time.time())}.{n * 7919:032x}"
        self.triggers[trigger_id] = Trigger(team_id, user_id, self._monotonic())
        return trigger_id

    def use_trigger(self, trigger_id: str, team_id: str, ttl: float | None) -> str:
        """The member behind a trigger; Slack's errors for unknown, reused or stale ones."""
        trigger = self.triggers.get(trigger_id)
        if trigger is None or trigger.team_id != team_id:
            raise ApiError("invalid_trigger_id")
        if trigger.used:
            raise ApiError("exchanged_trigger_id")
        if ttl is not None and self._monotonic() - trigger.issued > ttl:
            raise ApiError("expired_trigger_id")
        trigger.used = True
        return trigger.user_id

    def issue_response_url(self, base_url: str, target: ResponseTarget) -> str:
        key = f"{target.team_id}/{next(self._seq)}"
        self.targets[key] = target
        return f"{base_url}response/{key}"


def apply_response(
    ws: Workspace, target: ResponseTarget, payload: dict[str, Any], new_id: Callable[[], str]
) -> None:
    """Do what Slack does with a response_url payload (replace/delete/in_channel/ephemeral)."""
    fields: dict[str, Any] = {
        k: copy.deepcopy(payload[k]) for k in ("text", "blocks", "attachments") if k in payload
    }
    if "blocks" in fields:
        try:
            normalise_blocks(fields["blocks"], limit=50, new_id=new_id)
        except InvalidBlocks as exc:
            raise ApiError.from_blocks("invalid_blocks", exc) from None
    ts = target.message_ts
    if payload.get("delete_original") or payload.get("replace_original"):
        if ts is None:
            return  # a slash command has no original message to change
        if target.ephemeral:
            entry = next((e for e in ws.ephemerals if e["ts"] == ts), None)
            if entry is not None and payload.get("delete_original"):
                ws.ephemerals.remove(entry)
            elif entry is not None:
                entry.update(fields)
        elif payload.get("delete_original"):
            ws.store.delete(target.channel_id, ts)
        else:
            message = ws.store.get_live(target.channel_id, ts)
            if message is not None:
                message.update(fields)
                message["edited"] = {"user": ws.bot_user_id, "ts": ts}
        return
    if payload.get("thread_ts"):
        fields["thread_ts"] = payload["thread_ts"]
    if payload.get("response_type") == "in_channel":
        ws.post_bot_message(target.channel_id, {"text": "", **fields})
    else:
        ws.add_ephemeral(target.channel_id, target.user_id, {**fields, "via": "response_url"})

"""``views.open``, ``views.push``, ``views.update`` and ``views.publish``."""

from __future__ import annotations

from typing import Any

from sandbox.api_base import ApiError, ApiRequest
from sandbox.blocks import InvalidBlocks, normalise_view

MAX_STACK = 3


def _view_arg(req: ApiRequest, kind: str) -> dict[str, Any]:
    view = req.json("view", "invalid_arguments")
    try:
        view = normalise_view(view, new_id=req.sb.new_block_id)
    except InvalidBlocks as exc:
        raise ApiError.from_blocks("invalid_arguments", exc) from None
    if view["type"] != kind:
        messages = [f"[ERROR] view type must be {kind} [json-pointer:/view/type]"]
        raise ApiError("invalid_arguments", response_metadata={"messages": messages})
    return view


def _check_external_id(req: ApiRequest, view: dict[str, Any], view_id: str | None) -> None:
    external_id = view.get("external_id")
    if external_id and any(
        v.get("external_id") == external_id and vid != view_id
        for vid, v in req.workspace.views.items()
    ):
        raise ApiError("duplicate_external_id")


def _store(req: ApiRequest, view: dict[str, Any], **where: Any) -> dict[str, Any]:
    return {"ok": True, "view": req.workspace.store_view(view, **where)}


def _trigger_user(req: ApiRequest) -> str:
    trigger_id = req.text("trigger_id") or req.text("interactivity_pointer")
    if not trigger_id:
        raise ApiError("invalid_trigger_id")
    return req.sb.use_trigger(trigger_id, req.workspace.team_id)


def open_(req: ApiRequest) -> dict[str, Any]:
    view = _view_arg(req, "modal")
    user_id = _trigger_user(req)
    _check_external_id(req, view, None)
    result = _store(req, view, user_id=user_id)
    req.workspace.view_stacks[user_id] = [result["view"]["id"]]
    return result


def push(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    view = _view_arg(req, "modal")
    user_id = _trigger_user(req)
    stack = ws.view_stacks.get(user_id) or []
    if not stack:
        raise ApiError("not_found")
    if len(stack) >= MAX_STACK:
        raise ApiError("push_limit_reached")
    _check_external_id(req, view, None)
    result = _store(req, view, user_id=user_id, root_view_id=stack[0], previous_view_id=stack[-1])
    stack.append(result["view"]["id"])
    return result


def update(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    view_id, external_id = req.text("view_id"), req.text("external_id")
    if view_id is None and external_id is not None:
        view_id = next(
            (k for k, v in ws.views.items() if v.get("external_id") == external_id), None
        )
    current = ws.views.get(view_id or "")
    if current is None:
        raise ApiError("not_found")
    view = _view_arg(req, current["type"])
    expected = req.text("hash")
    if expected is not None and expected != current["hash"]:
        raise ApiError("hash_conflict")
    if not view.get("external_id") and current.get("external_id"):
        view["external_id"] = current["external_id"]
    _check_external_id(req, view, current["id"])
    return _store(
        req,
        view,
        user_id=ws.view_owners[current["id"]],
        view_id=current["id"],
        root_view_id=current["root_view_id"],
        previous_view_id=current["previous_view_id"],
    )


def publish(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    user_id = req.require("user_id", "invalid_arguments")
    if user_id not in ws.users:
        raise ApiError("invalid_arguments")
    view = _view_arg(req, "home")
    current = ws.home_views.get(user_id)
    expected = req.text("hash")
    if expected is not None and current is not None and expected != current["hash"]:
        raise ApiError("hash_conflict")
    view_id = current["id"] if current else None
    _check_external_id(req, view, view_id)
    result = _store(req, view, user_id=user_id, view_id=view_id)
    ws.home_views[user_id] = ws.views[result["view"]["id"]]
    return result


HANDLERS = {
    "views.open": open_,
    "views.push": push,
    "views.update": update,
    "views.publish": publish,
}

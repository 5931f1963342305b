"""Block Kit checks Slack applies to messages and views, and the ids it fills in.

Only the limits bots trip over in practice are checked (lengths, counts, required parts);
a failure is reported the way Slack does, as a list of ``[ERROR] …`` messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BLOCK_TYPES = frozenset(
    {
        "actions",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "video",
        "table",
    }
)
INTERACTIVE = frozenset(
    {
        "button",
        "checkboxes",
        "datepicker",
        "datetimepicker",
        "timepicker",
        "overflow",
        "radio_buttons",
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
        "plain_text_input",
        "number_input",
        "email_text_input",
        "url_text_input",
        "rich_text_input",
        "file_input",
    }
)


class InvalidBlocks(ValueError):
    """Blocks Slack would reject; ``messages`` are Slack-style error lines."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _text(obj: Any, where: str, limit: int, errors: list[str], *, plain: bool = False) -> None:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        errors.append(f"[ERROR] must be a text object [json-pointer:{where}]")
        return
    if plain and obj["type"] != "plain_text":
        errors.append(f"[ERROR] must be plain_text [json-pointer:{where}/type]")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        errors.append(f"[ERROR] must be more than 0 characters [json-pointer:{where}/text]")
    elif len(text) > limit:
        errors.append(
            f"[ERROR] must be less than {limit + 1} characters [json-pointer:{where}/text]"
        )


def _element(
    el: Any, where: str, errors: list[str], seen: set[str], new_id: Callable[[], str]
) -> None:
    if not isinstance(el, dict) or not isinstance(el.get("type"), str):
        errors.append(f"[ERROR] element must be an object with a type [json-pointer:{where}]")
        return
    if el["type"] not in INTERACTIVE:
        return
    action_id = el.setdefault("action_id", new_id())
    if not isinstance(action_id, str) or len(action_id) > 255:
        errors.append(f"[ERROR] invalid action_id [json-pointer:{where}/action_id]")
    elif action_id in seen:
        errors.append(f"[ERROR] action_id already exists in this block [json-pointer:{where}]")
    seen.add(str(action_id))
    if el["type"] == "button":
        _text(el.get("text"), f"{where}/text", 75, errors, plain=True)
        if len(str(el.get("value", ""))) > 2000:
            errors.append(f"[ERROR] must be less than 2001 characters [json-pointer:{where}/value]")


def _block(block: dict[str, Any], where: str, errors: list[str], new_id: Callable[[], str]) -> None:
    kind = block["type"]
    seen: set[str] = set()
    if kind == "section":
        if "text" not in block and "fields" not in block:
            errors.append(f"[ERROR] must provide text or fields [json-pointer:{where}]")
        if "text" in block:
            _text(block["text"], f"{where}/text", 3000, errors)
        for i, item in enumerate(block.get("fields") or []):
            _text(item, f"{where}/fields/{i}", 2000, errors)
        if len(block.get("fields") or []) > 10:
            errors.append(
                f"[ERROR] must provide no more than 10 items [json-pointer:{where}/fields]"
            )
        if "accessory" in block:
            _element(block["accessory"], f"{where}/accessory", errors, seen, new_id)
    elif kind == "header":
        _text(block.get("text"), f"{where}/text", 150, errors, plain=True)
    elif kind in ("actions", "context"):
        limit = 25 if kind == "actions" else 10
        elements = block.get("elements")
        if not isinstance(elements, list) or not elements or len(elements) > limit:
            errors.append(f"[ERROR] must provide 1 to {limit} elements [json-pointer:{where}]")
        for i, el in enumerate(elements or []):
            if kind == "actions":
                _element(el, f"{where}/elements/{i}", errors, seen, new_id)
    elif kind == "input":
        _text(block.get("label"), f"{where}/label", 2000, errors, plain=True)
        if "element" not in block:
            errors.append(f"[ERROR] missing required field: element [json-pointer:{where}]")
        else:
            _element(block["element"], f"{where}/element", errors, seen, new_id)


def normalise_blocks(blocks: Any, *, limit: int, new_id: Callable[[], str]) -> list[dict[str, Any]]:
    """Check ``blocks`` in place, add missing ``block_id``/``action_id``; raise InvalidBlocks."""
    if not isinstance(blocks, list):
        raise InvalidBlocks(["[ERROR] blocks must be an array [json-pointer:/blocks]"])
    errors: list[str] = []
    if len(blocks) > limit:
        errors.append(f"[ERROR] no more than {limit} items allowed [json-pointer:/blocks]")
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"/blocks/{i}"
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            errors.append(f"[ERROR] unsupported type [json-pointer:{where}/type]")
            continue
        block_id = block.setdefault("block_id", new_id())
        if not isinstance(block_id, str) or not block_id or len(block_id) > 255:
            errors.append(f"[ERROR] invalid block_id [json-pointer:{where}/block_id]")
        elif block_id in block_ids:
            errors.append(f"[ERROR] duplicate block_id [json-pointer:{where}/block_id]")
        block_ids.add(str(block_id))
        _block(block, where, errors, new_id)
    if errors:
        raise InvalidBlocks(errors)
    return blocks


def normalise_view(view: Any, *, new_id: Callable[[], str]) -> dict[str, Any]:
    """Check a modal or home view the way ``views.*`` do; raise InvalidBlocks."""
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        raise InvalidBlocks(["[ERROR] view type must be modal or home [json-pointer:/view/type]"])
    errors: list[str] = []
    if view["type"] == "modal":
        _text(view.get("title"), "/view/title", 24, errors, plain=True)
        for key in ("submit", "close"):
            if view.get(key) is not None:
                _text(view[key], f"/view/{key}", 24, errors, plain=True)
        has_input = any(
            isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or []
        )
        if has_input and not view.get("submit"):
            errors.append("[ERROR] submit is required when using input blocks [json-pointer:/view]")
    if len(str(view.get("private_metadata") or "")) > 3000:
        errors.append(
            "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"
        )
    try:
        normalise_blocks(view.get("blocks"), limit=100, new_id=new_id)
    except InvalidBlocks as exc:
        errors.extend(
            m.replace("json-pointer:/blocks", "json-pointer:/view/blocks") for m in exc.messages
        )
    if errors:
        raise InvalidBlocks(errors)
    return view

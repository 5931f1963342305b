"""Finding interactive elements in blocks, and the ``actions``/``state`` Slack sends for them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

SELECTS_ONE = {"static_select", "external_select", "radio_buttons", "overflow"}
SELECTS_MANY = {"multi_static_select", "multi_external_select", "checkboxes"}
PICKED = {
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
    "multi_users_select": "selected_users",
    "multi_conversations_select": "selected_conversations",
    "multi_channels_select": "selected_channels",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
}


def elements(blocks: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every interactive element with its block: actions, section accessories, inputs."""
    for block in blocks:
        kind = block.get("type")
        if kind == "actions":
            for element in block.get("elements", []):
                yield block, element
        elif kind == "section" and isinstance(block.get("accessory"), dict):
            yield block, block["accessory"]
        elif kind == "input" and isinstance(block.get("element"), dict):
            yield block, block["element"]


def options(element: dict[str, Any]) -> list[dict[str, Any]]:
    """The options of a select/radio/checkbox/overflow element, groups flattened."""
    found = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        found.extend(group.get("options") or [])
    return found


def _option(element: dict[str, Any], value: Any) -> dict[str, Any]:
    for option in options(element):
        if option.get("value") == value:
            return option
    values = [o.get("value") for o in options(element)]
    raise LookupError(f"{element.get('action_id')} has no option {value!r} (options: {values})")


def _matches(element: dict[str, Any], value: Any) -> bool:
    if value is None:
        return True
    if element.get("type") == "button":
        return bool(element.get("value") == value)
    if element.get("type") in SELECTS_ONE | SELECTS_MANY:
        wanted = value if isinstance(value, list) else [value]
        return all(any(o.get("value") == v for o in options(element)) for v in wanted)
    return True


def find_element(
    blocks: list[dict[str, Any]], action_id: str, value: Any = None, block_id: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (block, element) with this action_id (and value/block_id); LookupError otherwise."""
    candidates = [
        (block, element)
        for block, element in elements(blocks)
        if element.get("action_id") == action_id
        and (block_id is None or block.get("block_id") == block_id)
        and _matches(element, value)
    ]
    if not candidates:
        known = sorted({str(e.get("action_id")) for _, e in elements(blocks)})
        raise LookupError(f"no element {action_id!r} (value {value!r}); action_ids here: {known}")
    if len(candidates) > 1:
        values = [e.get("value") for _, e in candidates]
        raise LookupError(
            f"{len(candidates)} elements {action_id!r}: pass value= (one of {values})"
        )
    return candidates[0]


def element_state(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """What Slack reports for an element set to ``value`` (an option value, text, id, date…)."""
    kind = element.get("type", "")
    state: dict[str, Any] = {"type": kind}
    if kind in SELECTS_ONE:
        state["selected_option"] = None if value is None else _option(element, value)
    elif kind in SELECTS_MANY:
        wanted = [] if value is None else value if isinstance(value, list) else [value]
        state["selected_options"] = [_option(element, v) for v in wanted]
    elif kind in PICKED:
        state[PICKED[kind]] = value
    else:
        state["value"] = value
    return state


def action(
    block: dict[str, Any], element: dict[str, Any], value: Any, action_ts: str
) -> dict[str, Any]:
    """One entry of a block_actions payload's ``actions``."""
    kind = element.get("type", "")
    entry: dict[str, Any] = {
        "action_id": element.get("action_id"),
        "block_id": block.get("block_id"),
        "type": kind,
        "action_ts": action_ts,
    }
    if kind == "button":
        entry["text"] = element.get("text")
        if "value" in element:
            entry["value"] = element["value"]
        if "style" in element:
            entry["style"] = element["style"]
    else:
        entry.update(element_state(element, value))
    return entry


def view_state(
    view: dict[str, Any], values: dict[str, Any], *, strict: bool = True
) -> dict[str, dict[str, Any]]:
    """``state.values`` of a view whose inputs are set from ``{action_id: value}``.

    Inputs not mentioned are reported empty; a required input left empty or an unknown
    action_id raises ValueError, since Slack's client would not let that submission through
    (``strict=False`` skips the required check, for state sent along with a click).
    """
    state: dict[str, dict[str, Any]] = {}
    unused = dict(values)
    for block, element in elements(view.get("blocks") or []):
        action_id = element.get("action_id")
        if element.get("type") == "button" or action_id is None:
            continue
        value = unused.pop(action_id, None)
        if block.get("type") != "input":
            if value is None:
                continue  # stateful elements outside inputs only report once touched
        elif value is None and strict and not block.get("optional"):
            raise ValueError(
                f"required input {action_id!r} (block {block.get('block_id')!r}) is empty"
            )
        state.setdefault(block["block_id"], {})[action_id] = element_state(element, value)
    if unused:
        raise ValueError(f"view {view.get('id')} has no input(s) {sorted(unused)}")
    return state

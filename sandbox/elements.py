"""Block Kit's interactive elements as HTML controls the page's script can read and send.

Every control carries ``data-kind`` (the element type), ``data-action-id`` and
``data-block-id``; ``data-dispatch`` marks those whose change Slack reports at once as
``block_actions`` (anything outside an input block, or an input with ``dispatch_action``).
Without ``interactive`` (the static transcript) controls are drawn disabled.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sandbox.interactions import options as all_options
from sandbox.mrkdwn import Names, plain, text_object

Element = Mapping[str, Any]
USER_SELECTS = ("users_select", "multi_users_select")
CHANNEL_SELECTS = (
    "conversations_select",
    "channels_select",
    "multi_conversations_select",
    "multi_channels_select",
)
TEXT_INPUTS = {
    "plain_text_input": "text",
    "email_text_input": "email",
    "url_text_input": "url",
    "number_input": "number",
}


@dataclass(frozen=True)
class Context:
    """What drawing needs besides the blocks: names, choices for selects, files, time zone."""

    names: Names = field(default_factory=Names)
    interactive: bool = True
    people: Sequence[tuple[str, str]] = ()  # (user id, name) for users selects
    conversations: Sequence[tuple[str, str]] = ()  # (channel id, #name) for conversation selects
    file_src: Callable[[Mapping[str, Any]], str | None] = lambda _file: None
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))


def attr(value: object) -> str:
    """A quoted, escaped attribute value."""
    return '"' + html.escape(str(value), quote=True) + '"'


def _data(element: Element, block: Element, *, dispatch: bool) -> str:
    parts = [
        f"data-kind={attr(element.get('type', ''))}",
        f"data-action-id={attr(element.get('action_id', ''))}",
        f"data-block-id={attr(block.get('block_id', ''))}",
    ]
    if dispatch:
        parts.append('data-dispatch="1"')
    return " ".join(parts)


def _confirm(obj: Mapping[str, Any] | None, ctx: Context) -> str:
    if not obj:
        return ""
    dialog = {
        "title": text_object(obj.get("title"), ctx.names) or "Are you sure?",
        "text": text_object(obj.get("text"), ctx.names),
        "confirm": text_object(obj.get("confirm"), ctx.names) or "Yes",
        "deny": text_object(obj.get("deny"), ctx.names) or "Cancel",
        "style": obj.get("style") or "",
    }
    return f" data-confirm={attr(json.dumps(dialog))}"


def _disabled(ctx: Context) -> str:
    return "" if ctx.interactive else " disabled"


def button(element: Element, block: Element, ctx: Context) -> str:
    """A button (primary, danger or default); a ``url`` button also opens its link."""
    style = element.get("style")
    classes = "bk-button" + (f" {style}" if style in ("primary", "danger") else "")
    extra = ""
    if "value" in element:
        extra += f" data-value={attr(element['value'])}"
    if element.get("url"):
        extra += f" data-url={attr(element['url'])}"
    extra += _confirm(element.get("confirm"), ctx)
    label = text_object(element.get("text"), ctx.names)
    data = _data(element, block, dispatch=True)
    tail = f"{extra}{_disabled(ctx)}"
    return f'<button type="button" class={attr(classes)} {data}{tail}>{label}</button>'


def _option_label(option: Mapping[str, Any], ctx: Context) -> str:
    return text_object(option.get("text"), ctx.names)


def _choices(element: Element, ctx: Context) -> list[tuple[str, str]]:
    """(value, label HTML) of a select's options, from the element or the workspace."""
    kind = element.get("type", "")
    if kind in USER_SELECTS:
        return [(uid, html.escape(name)) for uid, name in ctx.people]
    if kind in CHANNEL_SELECTS:
        return [(cid, html.escape(name)) for cid, name in ctx.conversations]
    return [(str(o.get("value")), _option_label(o, ctx)) for o in all_options(dict(element))]


def _initial(element: Element) -> set[str]:
    """Values selected at first."""
    found: list[Any] = []
    for key in ("initial_user", "initial_conversation", "initial_channel"):
        found.append(element.get(key))
    for key in ("initial_users", "initial_conversations", "initial_channels"):
        found.extend(element.get(key) or [])
    if isinstance(element.get("initial_option"), Mapping):
        found.append(element["initial_option"].get("value"))
    for option in element.get("initial_options") or []:
        found.append(option.get("value"))
    return {str(v) for v in found if v}


def select(element: Element, block: Element, ctx: Context, *, dispatch: bool) -> str:
    """A static, users or conversations select (``multi_`` ones allow several)."""
    multiple = element.get("type", "").startswith("multi_")
    chosen = _initial(element)
    placeholder = plain(str((element.get("placeholder") or {}).get("text") or "Select an item"))
    blank = "" if chosen else " selected"
    rows = [] if multiple else [f'<option value=""{blank}>{placeholder}</option>']
    for value, label in _choices(element, ctx):
        picked = " selected" if value in chosen else ""
        rows.append(f"<option value={attr(value)}{picked}>{label}</option>")
    if element.get("type") == "external_select" and not rows[1:]:
        rows.append('<option value="" disabled>(options come from the app)</option>')
    many = " multiple" if multiple else ""
    data = _data(element, block, dispatch=dispatch)
    return f'<select class="bk-select" {data}{many}{_disabled(ctx)}>{"".join(rows)}</select>'


def overflow(element: Element, block: Element, ctx: Context) -> str:
    """The ⋯ menu: each option is sent as the selected option."""
    items = "".join(
        f'<button type="button" class="bk-menu-item" data-value={attr(o.get("value"))}'
        f"{_confirm(element.get('confirm'), ctx)}>{_option_label(o, ctx)}</button>"
        for o in all_options(dict(element))
    )
    data = _data(element, block, dispatch=True)
    return (
        f'<span class="bk-overflow" {data}><button type="button" class="bk-overflow-toggle" '
        f'aria-label="More actions"{_disabled(ctx)}>⋯</button>'
        f'<span class="bk-menu" hidden>{items}</span></span>'
    )


def choice_list(element: Element, block: Element, ctx: Context, *, dispatch: bool) -> str:
    """Checkboxes or radio buttons, with each option's description."""
    kind = element.get("type")
    chosen = _initial(element)
    box = "checkbox" if kind == "checkboxes" else "radio"
    name = f"{block.get('block_id', '')}.{element.get('action_id', '')}"
    rows = []
    for option in all_options(dict(element)):
        value = str(option.get("value"))
        checked = " checked" if value in chosen else ""
        about = option.get("description")
        note = text_object(about, ctx.names) if about else ""
        note = f'<span class="bk-option-note">{note}</span>' if note else ""
        rows.append(
            f'<label class="bk-choice"><input type="{box}" name={attr(name)} value={attr(value)}'
            f"{checked}{_disabled(ctx)}><span>{_option_label(option, ctx)}{note}</span></label>"
        )
    data = _data(element, block, dispatch=dispatch)
    return f'<div class="bk-choices" {data}>{"".join(rows)}</div>'


def _local_datetime(epoch: Any, tz: ZoneInfo) -> str:
    if not isinstance(epoch, int | float):
        return ""
    return datetime.fromtimestamp(epoch, UTC).astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def text_input(element: Element, block: Element, ctx: Context, *, dispatch: bool) -> str:
    """Plain text (one line or several), number, email and URL inputs; date and time pickers."""
    kind = element.get("type", "")
    placeholder = (element.get("placeholder") or {}).get("text")
    extra = f" placeholder={attr(placeholder)}" if placeholder else ""
    if element.get("max_length"):
        extra += f" maxlength={attr(element['max_length'])}"
    data = _data(element, block, dispatch=dispatch) + _disabled(ctx)
    if kind == "plain_text_input" and element.get("multiline") or kind == "rich_text_input":
        value = html.escape(str(element.get("initial_value") or ""), quote=False)
        return f'<textarea class="bk-textarea" rows="4" {data}{extra}>{value}</textarea>'
    if kind == "datepicker":
        value, html_type = element.get("initial_date") or "", "date"
    elif kind == "timepicker":
        value, html_type = element.get("initial_time") or "", "time"
    elif kind == "datetimepicker":
        value = _local_datetime(element.get("initial_date_time"), ctx.tz)
        html_type = "datetime-local"
    else:
        value, html_type = element.get("initial_value") or "", TEXT_INPUTS.get(kind, "text")
        if kind == "number_input" and element.get("is_decimal_allowed"):
            extra += ' step="any"'
    return f'<input class="bk-text-input" type="{html_type}" value={attr(value)} {data}{extra}>'


def image(element: Element, ctx: Context) -> str:
    """A small image element (context blocks, section accessories)."""
    src = element.get("image_url") or ctx.file_src(element.get("slack_file") or {}) or ""
    return f'<img class="bk-image-el" src={attr(src)} alt={attr(element.get("alt_text", ""))}>'


def element(element: Element, block: Element, ctx: Context, *, in_input: bool = False) -> str:
    """Any element; in an input block it reports its change only with ``dispatch_action``."""
    kind = str(element.get("type", ""))
    dispatch = not in_input or bool(block.get("dispatch_action"))
    if kind == "button":
        return button(element, block, ctx)
    if kind == "image":
        return image(element, ctx)
    if kind == "overflow":
        return overflow(element, block, ctx)
    if kind.endswith("select"):
        return select(element, block, ctx, dispatch=dispatch)
    if kind in ("checkboxes", "radio_buttons"):
        return choice_list(element, block, ctx, dispatch=dispatch)
    if kind in (*TEXT_INPUTS, "rich_text_input", "datepicker", "timepicker", "datetimepicker"):
        return text_input(element, block, ctx, dispatch=dispatch)
    return f'<span class="bk-unsupported">[{html.escape(kind)}]</span>'


def elements(items: Iterable[Element], block: Element, ctx: Context) -> str:
    """Elements of an actions block, side by side."""
    return "".join(element(e, block, ctx) for e in items)

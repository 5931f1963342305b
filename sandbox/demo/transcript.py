"""A self-contained HTML page of what the bot posted, channel by channel.

Block Kit is rendered simply: headers, sections, context lines, fields,
buttons as pills, images as their alt text. Good enough to read a month of
rituals the way a crew member would have seen them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

STYLE = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem auto;max-width:60rem;
color:#1d1c1d;background:#fafafa}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid #ddd}
.msg{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:.6rem .9rem;margin:.6rem 0}
.meta{color:#616061;font-size:.8rem;margin-bottom:.3rem}.ctx{color:#616061;font-size:.85rem}
.btn{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:.1rem .5rem;margin:.15rem;
font-size:.85rem}.primary{background:#007a5a;color:#fff;border-color:#007a5a}
.hdr{font-weight:700;font-size:1.05rem}.reply{margin-left:2rem}
"""


def _mrkdwn(text: str) -> str:
    escaped = html.escape(text)
    escaped = re.sub(r"\*([^*\n]+)\*", r"<b>\1</b>", escaped)
    escaped = re.sub(r"_([^_\n]+)_", r"<i>\1</i>", escaped)
    escaped = re.sub(r"`([^`\n]+)`", r"<code>\1</code>", escaped)
    return escaped.replace("\n", "<br>")


def _text(obj: Mapping[str, Any] | None) -> str:
    if not obj:
        return ""
    return _mrkdwn(str(obj.get("text") or ""))


def _block(block: Mapping[str, Any]) -> str:
    kind = block.get("type")
    if kind == "header":
        return f'<div class="hdr">{_text(block.get("text"))}</div>'
    if kind == "section":
        parts = [f"<div>{_text(block.get('text'))}</div>"]
        fields = block.get("fields") or []
        if fields:
            parts.append("<div>" + " · ".join(_text(f) for f in fields) + "</div>")
        accessory = block.get("accessory")
        if accessory and accessory.get("type") == "button":
            parts.append(_button(accessory))
        return "".join(parts)
    if kind == "context":
        return (
            '<div class="ctx">' + " ".join(_text(e) for e in block.get("elements", [])) + "</div>"
        )
    if kind == "actions":
        return "<div>" + "".join(_button(e) for e in block.get("elements", [])) + "</div>"
    if kind == "image":
        return f'<div class="ctx">[image: {html.escape(str(block.get("alt_text", "")))}]</div>'
    if kind == "divider":
        return "<hr>"
    return ""


def _button(element: Mapping[str, Any]) -> str:
    style = " primary" if element.get("style") == "primary" else ""
    label = _text(element.get("text")) or html.escape(str(element.get("type", "")))
    return f'<span class="btn{style}">{label}</span>'


def _message(message: Mapping[str, Any], names: Mapping[str, str]) -> str:
    when = datetime.fromtimestamp(float(message["ts"]), tz=UTC).strftime("%a %d %b %H:%M UTC")
    who = names.get(str(message.get("user")), str(message.get("user", "")))
    body = "".join(_block(b) for b in message.get("blocks") or []) or _mrkdwn(
        str(message.get("text") or "")
    )
    reply = (
        " reply" if message.get("thread_ts") and message.get("thread_ts") != message["ts"] else ""
    )
    return (
        f'<div class="msg{reply}"><div class="meta">{html.escape(who)} · {when}</div>{body}</div>'
    )


def render(
    title: str,
    channels: Iterable[tuple[str, list[Mapping[str, Any]]]],
    names: Mapping[str, str],
) -> str:
    """The HTML page: one section per channel, messages in order."""
    sections = []
    for label, messages in channels:
        if not messages:
            continue
        rendered = "\n".join(_message(m, names) for m in messages)
        sections.append(f"<h2>{html.escape(label)}</h2>\n{rendered}")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>\n"
        + "\n".join(sections)
        + "\n</body></html>\n"
    )

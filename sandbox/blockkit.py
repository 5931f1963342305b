"""Block Kit as HTML: one renderer for the sandbox's page and the demo's transcript.

Layout blocks are drawn here; interactive elements in :mod:`sandbox.elements`.
Files (the digest's chart) and legacy attachments are drawn with the message.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sandbox.elements import Context, attr, element, elements, image
from sandbox.mrkdwn import mrkdwn, plain, text_object

Block = Mapping[str, Any]
IMAGE_TYPES = ("png", "jpg", "jpeg", "gif", "webp")
_COLOURS = {"good": "#2eb67d", "warning": "#ecb22e", "danger": "#e01e5a"}


def _section(block: Block, ctx: Context) -> str:
    body = ""
    if block.get("text"):
        body += f'<div class="bk-text">{text_object(block["text"], ctx.names)}</div>'
    fields = block.get("fields") or []
    if fields:
        cells = "".join(f'<div class="bk-field">{text_object(f, ctx.names)}</div>' for f in fields)
        body += f'<div class="bk-fields">{cells}</div>'
    accessory = block.get("accessory")
    side = ""
    if isinstance(accessory, Mapping):
        side = f'<div class="bk-accessory">{element(accessory, block, ctx)}</div>'
    return f'<div class="bk-section-body">{body}</div>{side}'


def _context(block: Block, ctx: Context) -> str:
    parts = []
    for item in block.get("elements") or []:
        if item.get("type") == "image":
            parts.append(image(item, ctx))
        else:
            parts.append(f"<span>{text_object(item, ctx.names)}</span>")
    return "".join(parts)


def _image_block(block: Block, ctx: Context) -> str:
    title = block.get("title")
    caption = f'<div class="bk-image-title">{text_object(title, ctx.names)}</div>' if title else ""
    src = block.get("image_url") or ctx.file_src(block.get("slack_file") or {}) or ""
    alt = attr(block.get("alt_text", ""))
    return f"{caption}<img src={attr(src)} alt={alt}>"


def _input(block: Block, ctx: Context) -> str:
    label = text_object(block.get("label"), ctx.names)
    optional = ' <span class="bk-optional">(optional)</span>' if block.get("optional") else ""
    hint = block.get("hint")
    note = f'<div class="bk-hint">{text_object(hint, ctx.names)}</div>' if hint else ""
    inner = element(block.get("element") or {}, block, ctx, in_input=True)
    error = '<div class="bk-error" role="alert"></div>'
    return f'<div class="bk-label">{label}{optional}</div>{inner}{note}{error}'


def _rich_inline(items: Iterable[Mapping[str, Any]], ctx: Context) -> str:
    out = []
    for item in items:
        kind = item.get("type")
        if kind == "text":
            text = plain(str(item.get("text", "")))
            style = item.get("style") or {}
            for key, tag in (("code", "code"), ("bold", "b"), ("italic", "i"), ("strike", "s")):
                if style.get(key):
                    text = f"<{tag}>{text}</{tag}>"
            out.append(text.replace("\n", "<br>"))
        elif kind == "link":
            out.append(mrkdwn(f"<{item.get('url', '')}|{item.get('text') or item.get('url')}>"))
        elif kind == "user":
            out.append(mrkdwn(f"<@{item.get('user_id', '')}>", ctx.names))
        elif kind == "channel":
            out.append(mrkdwn(f"<#{item.get('channel_id', '')}>", ctx.names))
        elif kind == "emoji":
            out.append(mrkdwn(f":{item.get('name', '')}:"))
    return "".join(out)


def _rich_text(block: Block, ctx: Context) -> str:
    parts = []
    for part in block.get("elements") or []:
        kind = part.get("type")
        inner = part.get("elements") or []
        if kind == "rich_text_list":
            tag = "ol" if part.get("style") == "ordered" else "ul"
            items = "".join(f"<li>{_rich_inline(i.get('elements') or [], ctx)}</li>" for i in inner)
            parts.append(f"<{tag}>{items}</{tag}>")
        elif kind == "rich_text_quote":
            parts.append(f"<blockquote>{_rich_inline(inner, ctx)}</blockquote>")
        elif kind == "rich_text_preformatted":
            parts.append(f'<pre class="code">{_rich_inline(inner, ctx)}</pre>')
        else:
            parts.append(f"<div>{_rich_inline(inner, ctx)}</div>")
    return "".join(parts)


def block(item: Block, ctx: Context) -> str:
    """One block as HTML, wrapped in a ``div.bk-<type>`` carrying its block id."""
    kind = str(item.get("type", ""))
    if kind == "divider":
        return '<hr class="bk-divider">'
    if kind == "header":
        inner = text_object(item.get("text"), ctx.names)
    elif kind == "section":
        inner = _section(item, ctx)
    elif kind == "context":
        inner = _context(item, ctx)
    elif kind == "actions":
        inner = elements(item.get("elements") or [], item, ctx)
    elif kind == "image":
        inner = _image_block(item, ctx)
    elif kind == "input":
        inner = _input(item, ctx)
    elif kind == "rich_text":
        inner = _rich_text(item, ctx)
    elif kind == "markdown":
        inner = mrkdwn(re.sub(r"\*\*(.+?)\*\*", r"*\1*", str(item.get("text", ""))), ctx.names)
    elif kind == "video":
        inner = mrkdwn(f"<{item.get('video_url', '')}|{item.get('title', {}).get('text', '')}>")
    else:
        inner = f"[{html.escape(kind)} block]"
    block_id = attr(item.get("block_id", ""))
    optional = ' data-optional="1"' if kind == "input" and item.get("optional") else ""
    classes = attr(f"bk-block bk-{kind}")
    return f"<div class={classes} data-block-id={block_id}{optional}>{inner}</div>"


def blocks(items: Iterable[Block], ctx: Context) -> str:
    """A list of blocks as HTML."""
    return "".join(block(b, ctx) for b in items if isinstance(b, Mapping))


def files(items: Iterable[Mapping[str, Any]], ctx: Context) -> str:
    """Uploaded files: images shown, anything else as a named chip."""
    out = []
    for file in items:
        title = plain(str(file.get("title") or file.get("name") or "file"))
        src = ctx.file_src(file)
        if str(file.get("filetype", "")).lower() in IMAGE_TYPES and src:
            out.append(
                f'<figure class="file-image"><figcaption>{title}</figcaption>'
                f"<img src={attr(src)} alt={attr(file.get('title') or file.get('name') or '')}>"
                "</figure>"
            )
        else:
            out.append(f'<div class="file-chip">📄 {title}</div>')
    return "".join(out)


def attachments(items: Iterable[Mapping[str, Any]], ctx: Context) -> str:
    """Legacy attachments: a coloured bar with pretext, title, text, fields and blocks."""
    out = []
    for item in items:
        colour = str(item.get("color") or "#dddddd")
        colour = _COLOURS.get(colour, colour)
        if not re.fullmatch(r"#?[0-9a-fA-F]{3,8}", colour):
            colour = "#dddddd"
        colour = colour if colour.startswith("#") else f"#{colour}"
        parts = []
        for key in ("pretext", "title", "text"):
            if item.get(key):
                parts.append(f'<div class="att-{key}">{mrkdwn(str(item[key]), ctx.names)}</div>')
        for field in item.get("fields") or []:
            title, value = plain(str(field.get("title", ""))), mrkdwn(str(field.get("value", "")))
            parts.append(f'<div class="bk-field"><b>{title}</b><br>{value}</div>')
        parts.append(blocks(item.get("blocks") or [], ctx))
        out.append(f'<div class="attachment" style="border-color:{colour}">{"".join(parts)}</div>')
    return "".join(out)


def message_body(message: Mapping[str, Any], ctx: Context) -> str:
    """What a message shows: its blocks (or its text), files and attachments."""
    if message.get("blocks"):
        body = blocks(message["blocks"], ctx)
    else:
        body = f'<div class="msg-text">{mrkdwn(str(message.get("text") or ""), ctx.names)}</div>'
    if message.get("files"):
        body += files(message["files"], ctx)
    if message.get("attachments"):
        body += attachments(message["attachments"], ctx)
    return body

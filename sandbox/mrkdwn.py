"""Slack's ``mrkdwn`` as HTML, the way the Slack client shows it.

Mentions and channels resolve to names, ``:emoji:`` to characters; ``*bold*``,
``_italic_`` and ``~strike~`` apply only at word boundaries (so the underscores of
``:white_check_mark:`` never start italics) and never inside ``code`` or
```` ``` ```` blocks. Everything else is escaped: the result is safe to put in a page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sandbox import emoji

_CODE_BLOCK = re.compile(r"```(.*?)```", re.DOTALL)
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_ANGLE = re.compile(r"<([^<>\n]+)>")
_EMOJI = re.compile(r":([a-z0-9_+\-']+):")
_HOLE = re.compile(r"\x00(\d+)\x00")
_SCHEMES = ("http://", "https://", "mailto:")


def _style(mark: str) -> re.Pattern[str]:
    m = re.escape(mark)
    # Opens after a non-word character and before a non-space; closes the other way round.
    return re.compile(rf"(?<![\w{m}]){m}(?=\S)([^{m}\n]*?[^\s{m}]|[^\s{m}]){m}(?![\w{m}])")


_STYLES = ((_style("*"), "b"), (_style("_"), "i"), (_style("~"), "s"))


@dataclass(frozen=True)
class Names:
    """What ids resolve to: users, channels and user groups (id → name)."""

    users: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)
    groups: Mapping[str, str] = field(default_factory=dict)


def decode(text: str) -> str:
    """Undo Slack's escaping of ``&``, ``<`` and ``>``."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain(text: str, *, with_emoji: bool = True) -> str:
    """A ``plain_text`` object's text as HTML: escaped, emoji shown."""
    shown = emoji.replace(text) if with_emoji else text
    return html.escape(shown, quote=False)


def _mention(kind: str, label: str) -> str:
    return f'<span class="mention {kind}">{html.escape(label, quote=False)}</span>'


def _angle(body: str, names: Names) -> str:
    """One ``<…>`` sequence: a mention, a channel, a special mention or a link."""
    target, _, label = body.partition("|")
    if target.startswith("@"):
        uid = target[1:]
        return _mention("user", "@" + (names.users.get(uid) or label or uid))
    if target.startswith("#"):
        cid = target[1:]
        return _mention("channel", "#" + (names.channels.get(cid) or label or cid))
    if target.startswith("!subteam^"):
        sid = target.removeprefix("!subteam^")
        handle = names.groups.get(sid) or label.lstrip("@") or sid
        return _mention("group", "@" + handle)
    if target in ("!here", "!channel", "!everyone"):
        return _mention("special", "@" + target[1:])
    if target.startswith("!date^"):
        return html.escape(decode(label or target), quote=False)
    url = decode(target)
    if url.startswith(_SCHEMES):
        text = plain(decode(label)) if label else html.escape(url, quote=False)
        href = html.escape(url, quote=True)
        return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{text}</a>'
    return html.escape(decode(f"<{body}>"), quote=False)


def _inline(text: str, names: Names) -> str:
    """Text outside code: mentions, links and emoji set aside, the rest escaped and styled."""
    holes: list[str] = []

    def hole(markup: str) -> str:
        holes.append(markup)
        return f"\x00{len(holes) - 1}\x00"

    text = _ANGLE.sub(lambda m: hole(_angle(m.group(1), names)), text)
    text = _EMOJI.sub(
        lambda m: (
            hole(f'<span class="emoji" title=":{m.group(1)}:">{char}</span>')
            if (char := emoji.emoji(m.group(1)))
            else m.group(0)
        ),
        text,
    )
    out = html.escape(decode(text), quote=False)
    for pattern, tag in _STYLES:
        out = pattern.sub(rf"<{tag}>\1</{tag}>", out)
    return _HOLE.sub(lambda m: holes[int(m.group(1))], out)


def _line(text: str, names: Names) -> str:
    parts = []
    last = 0
    for match in _INLINE_CODE.finditer(text):
        parts.append(_inline(text[last : match.start()], names))
        parts.append(f"<code>{html.escape(decode(match.group(1)), quote=False)}</code>")
        last = match.end()
    parts.append(_inline(text[last:], names))
    return "".join(parts)


def _quote_free(text: str, names: Names) -> str:
    """Lines, with runs of ``>``-quoted lines as a blockquote."""
    out: list[str] = []
    quoted: list[str] = []
    for raw in text.split("\n"):
        line = raw
        for marker in ("&gt;", ">"):
            if line.startswith(marker):
                quoted.append(_line(line[len(marker) :].removeprefix(" "), names))
                break
        else:
            if quoted:
                out.append("<blockquote>" + "<br>".join(quoted) + "</blockquote>")
                quoted = []
            out.append(_line(line, names) + "<br>")
    if quoted:
        out.append("<blockquote>" + "<br>".join(quoted) + "</blockquote>")
    joined = "".join(out)
    return joined.removesuffix("<br>")


def mrkdwn(text: str, names: Names | None = None) -> str:
    """A ``mrkdwn`` text as HTML."""
    names = names or Names()
    parts = []
    last = 0
    for match in _CODE_BLOCK.finditer(text):
        parts.append(_quote_free(text[last : match.start()], names))
        code = html.escape(decode(match.group(1).strip("\n")), quote=False)
        parts.append(f'<pre class="code">{code}</pre>')
        last = match.end()
    parts.append(_quote_free(text[last:], names))
    return "".join(parts)


def as_typed(text: str, names: Names | None = None) -> str:
    """Text a person typed, as they typed it: mentions back to ``@name`` and ``#channel``."""
    names = names or Names()

    def back(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target[:1] == "@":
            return "@" + (label or names.users.get(target[1:], target[1:]))
        if target[:1] == "#":
            return "#" + (label or names.channels.get(target[1:], target[1:]))
        return label or target

    return html.escape(decode(_ANGLE.sub(back, text)), quote=False)


def text_object(obj: Mapping[str, object] | None, names: Names | None = None) -> str:
    """A Block Kit text object (``plain_text`` or ``mrkdwn``) as HTML."""
    if not obj:
        return ""
    text = str(obj.get("text") or "")
    if obj.get("type") == "mrkdwn":
        return mrkdwn(text, names)
    return plain(text, with_emoji=obj.get("emoji", True) is not False)

"""Messages as the Slack client draws them: author, time, blocks, files, reactions, threads.

Shared by the page (interactive, in the viewer's time zone) and the demo's transcript
(static, in the team's zone). Ephemeral messages say "Only visible to you".
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sandbox.blockkit import message_body
from sandbox.elements import Context, attr
from sandbox.emoji import emoji
from sandbox.ids import ts_key
from sandbox.mrkdwn import as_typed

Message = Mapping[str, Any]
PALETTE = ("#e8912d", "#2eb67d", "#36c5f0", "#e01e5a", "#4a154b", "#1264a3", "#9e6a03", "#7c3085")


def when(ts: str, tz: ZoneInfo) -> datetime:
    """A message's time in a zone."""
    return datetime.fromtimestamp(ts_key(ts)[0], UTC).astimezone(tz)


def clock_label(moment: datetime) -> str:
    """``Mon 23 Nov 2026, 09:00 GMT``."""
    return moment.strftime("%a %-d %b %Y, %H:%M ") + (moment.tzname() or "")


def day_label(moment: datetime) -> str:
    """``Monday, 23 November``."""
    return moment.strftime("%A, %-d %B")


def avatar(user_id: str, name: str, *, bot: bool = False) -> str:
    """A coloured square with initials (the bot's is green with a G)."""
    if bot:
        return '<div class="avatar bot" aria-hidden="true">G</div>'
    initials = "".join(part[0] for part in name.split()[:2]).upper() or "?"
    colour = PALETTE[int(hashlib.sha1(user_id.encode()).hexdigest(), 16) % len(PALETTE)]
    return f'<div class="avatar" style="background:{colour}" aria-hidden="true">{initials}</div>'


def reactions(message: Message, viewer: str | None, names: Mapping[str, str], *, live: bool) -> str:
    """Reaction pills (yours highlighted); on the page each one toggles, and ☺ adds one."""
    pills = []
    for entry in message.get("reactions") or []:
        name = str(entry.get("name", ""))
        users = list(entry.get("users") or [])
        mine = " mine" if viewer in users else ""
        who = ", ".join(names.get(u, u) for u in users)
        face = emoji(name) or f":{name}:"
        pills.append(
            f'<button type="button" class="reaction{mine}" data-emoji={attr(name)} '
            f"title={attr(f'{who} reacted with :{name}:')}{'' if live else ' disabled'}>"
            f'{html.escape(face)} <span class="count">{len(users)}</span></button>'
        )
    if live and pills:
        pills.append('<button type="button" class="reaction-add" title="Add reaction">☺+</button>')
    return f'<div class="reactions">{"".join(pills)}</div>' if pills else ""


def _thread_summary(message: Message, names: Mapping[str, str], *, live: bool) -> str:
    count = int(message.get("reply_count") or 0)
    if not count or message.get("thread_ts") not in (None, message.get("ts")):
        return ""
    people = ", ".join(names.get(u, u) for u in (message.get("reply_users") or [])[:3])
    label = f"{count} repl{'y' if count == 1 else 'ies'}"
    tag = "button" if live else "span"
    return (
        f'<{tag} class="thread-link" data-thread={attr(message.get("ts"))}>'
        f'<b>{label}</b> <span class="thread-people">{html.escape(people)}</span></{tag}>'
    )


def message(
    item: Message,
    ctx: Context,
    *,
    viewer: str | None,
    names: Mapping[str, str],
    bot_user: str,
    in_thread: bool = False,
) -> str:
    """One message (or ephemeral message) as HTML."""
    author = str(item.get("user") or "")
    is_bot = author == bot_user or bool(item.get("bot_id")) or item.get("via") == "slack"
    name = "Slackbot" if item.get("via") == "slack" else names.get(author, author or "Greenroom")
    moment = when(str(item["ts"]), ctx.tz)
    head = f'<span class="msg-author">{html.escape(name)}</span>'
    if is_bot:
        head += '<span class="app-badge">APP</span>'
    head += f"<time title={attr(clock_label(moment))}>{moment.strftime('%H:%M')}</time>"
    if item.get("edited"):
        head += '<span class="edited">(edited)</span>'
    extra = ""
    ephemeral = "via" in item
    if ephemeral:
        who = "you" if viewer == item.get("user") else names.get(str(item.get("user")), "")
        extra += f'<div class="only-you">👁 Only visible to {html.escape(who)}</div>'
        if item.get("command"):
            typed = as_typed(str(item["command"]), ctx.names)
            extra += f'<div class="msg-command">{typed}</div>'
    live = ctx.interactive and not ephemeral
    body = message_body(item, ctx)
    tail = reactions(item, viewer, names, live=live) if not ephemeral else ""
    if not in_thread:
        tail += _thread_summary(item, names, live=ctx.interactive)
    classes = "msg" + (" ephemeral" if ephemeral else "") + (" reply" if in_thread else "")
    tools = ""
    if live:
        reply = (
            ""
            if in_thread
            else '<button type="button" class="tool-reply" title="Reply in thread">💬</button>'
        )
        tools = (
            '<div class="msg-tools">'
            '<button type="button" class="tool-react" title="Add reaction">☺</button>'
            f"{reply}</div>"
        )
    return (
        f'<div class="{classes}" data-ts={attr(item["ts"])}>'
        f"{avatar(author, name, bot=is_bot)}"
        f'<div class="msg-main"><div class="msg-head">{head}</div>{extra}'
        f'<div class="msg-body">{body}</div>{tail}</div>{tools}</div>'
    )


def timeline(
    items: Iterable[Message],
    ctx: Context,
    *,
    viewer: str | None,
    names: Mapping[str, str],
    bot_user: str,
    in_thread: bool = False,
    replies: Mapping[str, list[Message]] | None = None,
) -> str:
    """Messages oldest first, with a divider at each new day (and ``replies`` nested)."""
    out = []
    day = None
    for item in sorted(items, key=lambda m: ts_key(str(m["ts"]))):
        moment = when(str(item["ts"]), ctx.tz)
        if moment.date() != day and not in_thread:
            day = moment.date()
            out.append(f'<div class="day-divider"><span>{day_label(moment)}</span></div>')
        out.append(
            message(item, ctx, viewer=viewer, names=names, bot_user=bot_user, in_thread=in_thread)
        )
        nested = (replies or {}).get(str(item["ts"]))
        if nested:
            inner = timeline(
                nested, ctx, viewer=viewer, names=names, bot_user=bot_user, in_thread=True
            )
            out.append(f'<div class="replies">{inner}</div>')
    return "".join(out)

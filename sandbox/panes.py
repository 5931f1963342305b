"""The page's panes for one viewer: sidebar, channel header, messages, thread, modal, Home.

Pure reads of a workspace (callers hold the sandbox lock); HTML out.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rituals.words import plural
from sandbox.blockkit import blocks
from sandbox.elements import Context, attr
from sandbox.ids import ts_key
from sandbox.mrkdwn import Names, plain, text_object
from sandbox.msgview import avatar, timeline

if TYPE_CHECKING:
    from sandbox.model import Channel
    from sandbox.state import Workspace

HOME = "home"


@dataclass(frozen=True)
class Person:
    """Someone the page can act as."""

    id: str
    name: str
    title: str
    role: str
    manager: bool
    tz: str


def people(ws: Workspace) -> list[Person]:
    """Everyone but bots, managers first, then by name."""
    role_of: dict[str, str] = {}
    for group in sorted(ws.usergroups.values(), key=lambda g: len(g.users)):
        for uid in group.users:
            role_of.setdefault(uid, group.name)
    found = [
        Person(u.id, u.real_name, u.title, role_of.get(u.id, ""), u.is_admin or u.is_owner, u.tz)
        for u in ws.users.values()
        if not u.is_bot and not u.deleted
    ]
    return sorted(found, key=lambda p: (not p.manager, p.name))


def names(ws: Workspace) -> Names:
    """Ids to the names the client shows."""
    return Names(
        users={u.id: u.real_name for u in ws.users.values()},
        channels={c.id: c.name for c in ws.channels.values() if c.kind in ("public", "private")},
        groups={g.id: g.handle for g in ws.usergroups.values()},
    )


def context(ws: Workspace, viewer: str, *, file_src: Any, interactive: bool = True) -> Context:
    """How to draw blocks for ``viewer``: in their zone, with the workspace's people."""
    user = ws.users.get(viewer)
    return Context(
        names=names(ws),
        interactive=interactive,
        people=[(p.id, p.name) for p in sorted(people(ws), key=lambda p: p.name)],
        conversations=[
            (c.id, f"#{c.name}")
            for c in sorted(ws.channels.values(), key=lambda c: c.name)
            if c.kind in ("public", "private")
        ],
        file_src=file_src,
        tz=ZoneInfo(user.tz if user else "UTC"),
    )


def label(ws: Workspace, viewer: str, channel: Channel) -> str:
    """``#crew``, ``Greenroom`` for the bot's DM, or the other people of a group DM."""
    if channel.kind in ("public", "private"):
        return f"#{channel.name}"
    if channel.kind == "im":
        return "Greenroom"
    others = [ws.users[u].real_name for u in channel.members if u not in (viewer, ws.bot_user_id)]
    return ", ".join(others) or "you"


def sidebar_items(ws: Workspace, viewer: str) -> list[tuple[str, list[Channel]]]:
    """(section title, conversations) the viewer is in."""
    mine = [c for c in ws.channels.values() if viewer in c.members]
    channels = sorted((c for c in mine if c.kind in ("public", "private")), key=lambda c: c.name)
    groups = sorted((c for c in mine if c.kind == "mpim"), key=lambda c: c.id)
    app = [ws.channels[ws.open_im(viewer)]]
    return [("Channels", channels), ("Apps", app), ("Direct messages", groups)]


def default_conversation(ws: Workspace, viewer: str) -> str:
    """The first channel the viewer is in (else their DM with the bot)."""
    for title, items in sidebar_items(ws, viewer):
        if title == "Channels" and items:
            return items[0].id
    return ws.open_im(viewer)


def unread(ws: Workspace, viewer: str, channel_id: str, seen: str | None) -> int:
    """Messages by others since the viewer last looked."""
    after = ts_key(seen) if seen else (0, 0)
    return sum(
        1
        for m in ws.store.top_level(channel_id)
        if m.get("user") != viewer and ts_key(m["ts"]) > after
    )


def sidebar(ws: Workspace, viewer: str, conv: str, seen: Mapping[str, str]) -> str:
    """Sections of conversations, the open one marked, unread counts as badges."""
    out = []
    for title, items in sidebar_items(ws, viewer):
        if not items:
            continue
        out.append(f'<div class="side-title">{title}</div>')
        for channel in items:
            active = channel.id == conv or (channel.kind == "im" and conv == HOME)
            count = (
                0 if channel.id == conv else unread(ws, viewer, channel.id, seen.get(channel.id))
            )
            badge = f'<span class="badge">{count}</span>' if count else ""
            classes = "side-item" + (" active" if active else "") + (" unread" if count else "")
            icon = {"im": "🎭", "mpim": "👥"}.get(channel.kind, "#")
            text = html.escape(label(ws, viewer, channel).lstrip("#"))
            out.append(
                f'<a href="#" class={attr(classes)} data-conv={attr(channel.id)}>'
                f'<span class="side-icon">{icon}</span>{text}{badge}</a>'
            )
    return "".join(out)


def header(ws: Workspace, viewer: str, conv: str) -> str:
    """The conversation's name and purpose; Home/Messages tabs for the app."""
    if conv == HOME or ws.channels[conv].kind == "im":
        im = ws.open_im(viewer)
        tabs = "".join(
            f'<a href="#" class="tab{" active" if (key == HOME) == (conv == HOME) else ""}" '
            f"data-conv={attr(key)}>{name}</a>"
            for key, name in ((HOME, "Home"), (im, "Messages"))
        )
        return f'{avatar("", "", bot=True)}<h1>Greenroom</h1><nav class="tabs">{tabs}</nav>'
    channel = ws.channels[conv]
    about = html.escape(channel.purpose or channel.topic)
    count = len([u for u in channel.members if u != ws.bot_user_id])
    people_label = plural(count, "member")
    return (
        f"<h1>{html.escape(label(ws, viewer, channel))}</h1>"
        f'<span class="about">{about}</span><span class="members">{people_label}</span>'
    )


def conversation(ws: Workspace, viewer: str, conv: str, ctx: Context) -> str:
    """The open conversation's messages with the viewer's ephemeral ones among them."""
    shown = [dict(m, channel=conv) for m in ws.store.top_level(conv)]
    shown += [
        e
        for e in ws.ephemerals
        if e["channel"] == conv and e["user"] == viewer and not e.get("thread_ts")
    ]
    if not shown:
        return '<div class="empty">No messages yet.</div>'
    who = names(ws).users
    return timeline(shown, ctx, viewer=viewer, names=who, bot_user=ws.bot_user_id)


def thread(ws: Workspace, viewer: str, conv: str, ts: str, ctx: Context) -> str:
    """A thread: its parent, then the replies."""
    items = ws.store.thread(conv, ts)
    if not items:
        return ""
    items += [e for e in ws.ephemerals if e["user"] == viewer and e.get("thread_ts") == ts]
    who = names(ws).users
    parent = timeline(items[:1], ctx, viewer=viewer, names=who, bot_user=ws.bot_user_id)
    replies = timeline(
        items[1:], ctx, viewer=viewer, names=who, bot_user=ws.bot_user_id, in_thread=True
    )
    count = len(items) - 1
    return (
        f'<div class="thread-head"><h2>Thread</h2><button type="button" class="thread-close" '
        f'aria-label="Close thread">✕</button></div><div class="thread-parent">{parent}</div>'
        f'<div class="thread-count">{count} repl{"y" if count == 1 else "ies"}</div>{replies}'
    )


def modal(ws: Workspace, viewer: str, ctx: Context) -> tuple[str, str] | None:
    """(key, HTML) of the modal on top of the viewer's stack; the key changes with the view."""
    stack = ws.view_stacks.get(viewer) or []
    if not stack:
        return None
    view = ws.views[stack[-1]]
    title = text_object(view.get("title"), ctx.names)
    close = text_object(view.get("close"), ctx.names) or ("Back" if len(stack) > 1 else "Cancel")
    submit = ""
    if view.get("submit"):
        submit_label = text_object(view["submit"], ctx.names)
        submit = f'<button type="button" class="modal-submit primary">{submit_label}</button>'
    back = '<span class="modal-back">‹</span>' if len(stack) > 1 else ""
    body = blocks(view.get("blocks") or [], ctx)
    markup = (
        f'<div class="modal" role="dialog" aria-modal="true" data-view={attr(view["id"])}>'
        f'<div class="modal-head">{back}<h2>{title}</h2>'
        '<button type="button" class="modal-x" aria-label="Close">✕</button></div>'
        '<div class="modal-error" role="alert" hidden></div>'
        f'<form class="modal-body" onsubmit="return false">{body}</form>'
        f'<div class="modal-foot"><button type="button" class="modal-close">{close}</button>'
        f"{submit}</div></div>"
    )
    return f"{view['id']}:{view['hash']}", markup


def home(ws: Workspace, viewer: str, ctx: Context) -> str:
    """The viewer's App Home as the bot last published it."""
    view = ws.home_views.get(viewer)
    if view is None:
        return '<div class="empty">Opening Home…</div>'
    body = blocks(view.get("blocks") or [], ctx)
    return f'<div class="home-view" data-view={attr(view["id"])}>{body}</div>'


def who_options(ws: Workspace, viewer: str | None) -> str:
    """The "you are…" picker's options."""
    rows = ['<option value="">Pick someone…</option>'] if not viewer else []
    for person in people(ws):
        picked = " selected" if person.id == viewer else ""
        flag = " · manager" if person.manager else ""
        text = f"{person.name} — {person.title}{flag}"
        rows.append(f"<option value={attr(person.id)}{picked}>{html.escape(text)}</option>")
    return "".join(rows)


def welcome(ws: Workspace) -> str:
    """Cards to pick a person from, before anyone is picked."""
    cards = []
    for person in people(ws):
        flag = '<span class="manager-badge">manager</span>' if person.manager else ""
        cards.append(
            f'<button type="button" class="person" data-person={attr(person.id)}>'
            f"{avatar(person.id, person.name)}<span><b>{plain(person.name)}</b>{flag}<br>"
            f'<span class="muted">{plain(person.title)} · {plain(person.role)}</span>'
            "</span></button>"
        )
    return (
        "<h1>Who are you today?</h1><p>Act as any member of the crew. Managers can schedule "
        "rituals; everyone answers pulses, writes retro cards and has an App Home.</p>"
        f'<div class="people">{"".join(cards)}</div>'
    )

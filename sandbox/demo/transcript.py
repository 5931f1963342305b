"""``transcript.html``: the demo as its crew saw it, one self-contained page.

Drawn with the sandbox page's own renderer (names, emoji, mrkdwn, Block Kit, the
digest's chart embedded as a data URI), in the team's time zone: channels first with a
table of contents, then each person's DM with the bot (collapsed), the shadowing group
DMs, App Home as people last saw it, and one of each kind of modal. Private replies are
shown where they appeared, marked with whom they were visible to.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sandbox import panes
from sandbox.blockkit import IMAGE_TYPES, blocks
from sandbox.elements import Context
from sandbox.mrkdwn import text_object
from sandbox.msgview import timeline
from sandbox.page import static_file

if TYPE_CHECKING:
    from sandbox.model import Channel
    from sandbox.state import Workspace

EXTRA_STYLE = """
body{display:block;height:auto;max-width:1040px;margin:0 auto;padding:24px 32px;background:#fff}
h1{margin:0 0 6px}
section>h2{margin:36px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
.toc{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:8px 20px}
.toc h2{margin-top:8px}
details{border:1px solid var(--line);border-radius:8px;margin:8px 0;padding:4px 10px}
summary{cursor:pointer;font-weight:700;padding:4px 0}summary .muted{font-weight:400}
.replies{margin-left:44px;border-left:2px solid var(--line)}
.modal.static{margin:10px 0;box-shadow:none;border:1px solid var(--line);max-height:none}
.msg:hover{background:transparent}.msg.ephemeral:hover{background:#f4f9fb}
"""


def _data_uri(ws: Workspace) -> Any:
    def src(file: Mapping[str, Any]) -> str | None:
        found = ws.files.get(str(file.get("id") or ""))
        if found is None or found.content is None:
            return None
        kind = found.name.rpartition(".")[2].lower()
        if kind not in IMAGE_TYPES:
            return None
        encoded = base64.b64encode(found.content).decode()
        return f"data:image/{'jpeg' if kind == 'jpg' else kind};base64,{encoded}"

    return src


def _conversation(ws: Workspace, channel: Channel, ctx: Context) -> tuple[str, int]:
    """A conversation's messages (replies nested) and private replies; HTML and a count."""
    everything = ws.store.read_only(channel.id)  # drawn, never changed: no copies
    top = [m for m in everything if m.get("thread_ts") in (None, m["ts"])]
    replies: dict[str, list[Mapping[str, Any]]] = {}
    for message in everything:
        if message.get("thread_ts") not in (None, message["ts"]):
            replies.setdefault(message["thread_ts"], []).append(message)
    top += [e for e in ws.ephemerals if e["channel"] == channel.id and not e.get("thread_ts")]
    body = timeline(
        top, ctx, viewer=None, names=ctx.names.users, bot_user=ws.bot_user_id, replies=replies
    )
    return body, len(everything)


def _details(summary: str, body: str, *, open_: bool = False) -> str:
    return f"<details{' open' if open_ else ''}><summary>{summary}</summary>{body}</details>"


def _view(view: Mapping[str, Any], ctx: Context) -> str:
    title = text_object(view.get("title"), ctx.names)
    foot = "".join(
        f'<button type="button" disabled>{text_object(view[key], ctx.names)}</button>'
        for key in ("close", "submit")
        if view.get(key)
    )
    return (
        f'<div class="modal static"><div class="modal-head"><h2>{title}</h2></div>'
        f'<div class="modal-body">{blocks(view.get("blocks") or [], ctx)}</div>'
        f'<div class="modal-foot">{foot}</div></div>'
    )


Part = tuple[str, str]  # (table of contents line, section)


def _section(anchor: str, heading: str, count: str, body: str) -> Part:
    line = f'<li><a href="#{anchor}">{heading}</a> · {count}</li>'
    return line, f'<section id="{anchor}"><h2>{heading}</h2>{body}</section>'


def _channels(ws: Workspace, ctx: Context) -> list[Part]:
    parts = []
    shared = (c for c in ws.channels.values() if c.kind in ("public", "private"))
    for channel in sorted(shared, key=lambda c: c.name):
        body, count = _conversation(ws, channel, ctx)
        name = f"#{html.escape(channel.name)}"
        parts.append(_section(f"channel-{channel.name}", name, f"{count} messages", body))
    return parts


def _dms(ws: Workspace, ctx: Context, people: Mapping[str, panes.Person]) -> list[Part]:
    dms = []
    for person in sorted(people.values(), key=lambda p: p.name):
        im = ws.im_with(person.id)
        if im is None:
            continue
        body, count = _conversation(ws, ws.channels[im], ctx)
        about = f"{html.escape(person.title)} · {count} messages"
        dms.append(
            _details(f'{html.escape(person.name)} <span class="muted">— {about}</span>', body)
        )
    groups = []
    for channel in sorted(
        (c for c in ws.channels.values() if c.kind == "mpim"), key=lambda c: c.id
    ):
        body, count = _conversation(ws, channel, ctx)
        members = html.escape(", ".join(people[u].name for u in channel.members if u in people))
        groups.append(_details(f'{members} <span class="muted">· {count} messages</span>', body))
    parts = [_section("dms", "Direct messages with Greenroom", f"{len(dms)} people", "".join(dms))]
    if groups:
        parts.append(_section("groups", "Shadowing group DMs", str(len(groups)), "".join(groups)))
    return parts


def _homes_and_modals(
    ws: Workspace, ctx: Context, people: Mapping[str, panes.Person]
) -> list[Part]:
    homes = []
    for uid, view in sorted(ws.home_views.items()):
        if uid in people:
            body = f'<div class="home-view">{blocks(view.get("blocks") or [], ctx)}</div>'
            homes.append(_details(f"{html.escape(people[uid].name)}’s Home", body, open_=True))
    latest: dict[str, Mapping[str, Any]] = {}
    for view_id, view in ws.views.items():
        if view.get("type") == "modal":
            latest[str(view.get("callback_id") or view_id)] = view
    modals = []
    for modal in latest.values():
        owner = people.get(ws.view_owners.get(str(modal["id"]), ""))
        seen = f' <span class="muted">— as {html.escape(owner.name)} saw it</span>' if owner else ""
        modals.append(
            _details(text_object(modal.get("title"), ctx.names) + seen, _view(modal, ctx))
        )
    parts = []
    if homes:
        parts.append(_section("home", "App Home", f"{len(homes)} people", "".join(homes)))
    if modals:
        parts.append(_section("modals", "Modals", f"{len(modals)} kinds", "".join(modals)))
    return parts


def render(ws: Workspace, *, title: str, tz: str) -> str:
    """The whole page."""
    ctx = Context(names=panes.names(ws), interactive=False, file_src=_data_uri(ws), tz=ZoneInfo(tz))
    people = {p.id: p for p in panes.people(ws)}
    parts = _channels(ws, ctx) + _dms(ws, ctx, people) + _homes_and_modals(ws, ctx, people)
    style = static_file("style.css").decode() + EXTRA_STYLE
    heading = html.escape(title)
    intro = f"Times in {html.escape(tz)}. Private replies say whom they were visible to."
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{heading}</title>"
        f'<style>{style}</style></head><body><h1>{heading}</h1><p class="muted">{intro}</p>'
        f'<nav class="toc"><h2>Contents</h2><ul>{"".join(line for line, _ in parts)}</ul></nav>'
        + "".join(section for _, section in parts)
        + "</body></html>\n"
    )

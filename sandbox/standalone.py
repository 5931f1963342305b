"""The sandbox on its own (``greenroom sandbox``): a seeded production crew and a description."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox
    from sandbox.state import Workspace

# name, real name, role, title, time zone, admin
CREW = (
    ("maya", "Maya Okafor", "production", "Producer", "Europe/London", True),
    ("tom", "Tom Lindqvist", "direction", "Director", "Europe/Stockholm", True),
    ("ana", "Ana Ruiz", "lighting", "Gaffer", "Europe/Madrid", False),
    ("kofi", "Kofi Mensah", "lighting", "Best Boy Electric", "Europe/London", False),
    ("lena", "Lena Vogel", "camera", "Director of Photography", "Europe/Berlin", False),
    ("raj", "Raj Patel", "camera", "First AC", "Europe/London", False),
    ("sam", "Sam Hughes", "sound", "Production Sound Mixer", "Europe/London", False),
    ("ines", "Inês Costa", "art", "Production Designer", "Europe/Lisbon", False),
    ("yuki", "Yuki Tanaka", "costume", "Costume Designer", "Europe/London", False),
    ("omar", "Omar Haddad", "post", "Editor", "America/New_York", False),
    ("priya", "Priya Nair", "post", "Colourist", "Asia/Kolkata", False),
    ("jo", "Jo Byrne", "production", "Production Coordinator", "Europe/Dublin", False),
)


def seed_crew(ws: Workspace) -> dict[str, str]:
    """Add the crew, ``#general``, ``#crew`` and ``#leads``, and one user group per role.

    Returns name -> id.
    """
    ids: dict[str, str] = {}
    roles: dict[str, list[str]] = {}
    for name, real_name, role, title, tz, admin in CREW:
        uid = ws.add_user(
            name, real_name, tz=tz, is_admin=admin, is_owner=name == "maya", title=title
        )
        ids[name] = uid
        roles.setdefault(role, []).append(uid)
    people = list(ids.values())
    ws.add_channel("general", people, purpose="Announcements for the whole crew")
    ws.add_channel("crew", people, purpose="Day-to-day chatter, pulses and check-ins")
    leads = [ids[name] for name in ("maya", "tom", "jo")]
    ws.add_channel("leads", leads, purpose="Heads of department: the weekly digest")
    for role, members in roles.items():
        ws.add_usergroup(role, role.title(), members, description=f"The {role} department")
    return ids


def serve(port: int = 0, seed_demo: bool = True, *, signing_secret: str = "s3cret") -> Sandbox:
    """Start a sandbox on loopback (seeded with the demo crew) and return it."""
    from sandbox.sandbox import Sandbox

    sb = Sandbox(signing_secret=signing_secret)
    if seed_demo:
        seed_crew(sb.workspace)
    sb.start(port)
    return sb


def describe(sb: Sandbox) -> str:
    """A plain-text summary for the command line."""
    lines = [
        f"Slack sandbox at {sb.url}",
        f"  SLACK_API_URL={sb.base_url}",
        f"  SLACK_SIGNING_SECRET={sb.signing_secret}",
        f"  events, commands and actions go to: {sb.bot_url or '(set bot_url)'}",
    ]
    with sb.lock:
        for ws in sb.workspaces.values():
            lines += [
                "",
                f"Workspace {ws.team_id} {ws.name!r}",
                f"  SLACK_BOT_TOKEN={ws.bot_token}",
                f"  bot user {ws.bot_user_id}, bot id {ws.bot_id}",
                "  Users:",
            ]
            for user in ws.users.values():
                flags = [
                    f
                    for f, on in (
                        ("admin", user.is_admin),
                        ("owner", user.is_owner),
                        ("bot", user.is_bot),
                    )
                    if on
                ]
                extra = f"  [{', '.join(flags)}]" if flags else ""
                who = f"@{user.name:<8} {user.real_name:<16} {user.title:<24}"
                lines.append(f"    {user.id:<10} {who} {user.tz}{extra}")
            lines.append("  Channels:")
            for channel in ws.channels.values():
                if channel.kind in ("public", "private"):
                    lines.append(
                        f"    {channel.id}  #{channel.name:<12} {len(channel.members)} members"
                    )
            if ws.usergroups:
                handles = ", ".join(f"@{g.handle} ({len(g.users)})" for g in ws.usergroups.values())
                lines.append(f"  User groups: {handles}")
    return "\n".join(lines)

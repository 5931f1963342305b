"""Block Kit for the App Home: a member's own corner, then the crew's rituals for managers.

Pure functions from the Home use case's result to a ``home`` view; nothing here reads
the database, the clock or Slack. The manager's part is ``bot.views.home_rituals``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    Option,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.views.home_rituals import rituals_blocks
from bot.views.team_week import team_week_block
from rituals.home import Home, MemberHome
from rituals.words import plural

if TYPE_CHECKING:
    from rituals.home import LatestGroup

MAX_ROLE_OPTIONS = 100  # a static select holds 100 options
MAX_REMOVE_BUTTONS = 20
MAX_LISTED = 100  # a section's text holds 3,000 characters


class ActionId(StrEnum):
    """Action ids of the member's part of the App Home."""

    TOGGLE_OPT_OUT = "home_toggle_opt_out"
    AWAY_UNTIL = "home_away_until"
    BACK = "home_back"
    ROLE_PICK = "home_role_pick"
    ROLE_NEW = "home_role_new"
    AVOID_ADD = "home_avoid_add"
    AVOID_REMOVE = "home_avoid_remove"
    PRIVACY = "home_privacy"


class BlockId(StrEnum):
    """Block ids of the member's part of the App Home."""

    NOTICE = "home_notice"
    STREAK = "home_streak"
    PAIR = "home_pair"
    AWAY = "home_away"
    ROLE = "home_role"
    ROLE_NEW = "home_role_new"
    OPT_OUT = "home_opt_out"
    AVOID = "home_avoid"
    AVOID_REMOVE = "home_avoid_remove"
    PRIVACY = "home_privacy"


class OptOut(StrEnum):
    """Values of the opt-out toggle: what the click asks for."""

    OUT = "out"
    IN = "in"


def home_view(home: Home, *, notice: str | None = None) -> dict[str, Any]:
    """The App Home of one person; managers also see this week's figures (as the privacy
    gate released them) above the crew's rituals."""
    blocks: list[Block] = [HeaderBlock(text="Greenroom")]
    if notice:
        blocks.append(SectionBlock(block_id=BlockId.NOTICE, text=f":information_source: {notice}"))
    blocks += member_blocks(home.member)
    page = 0
    if home.rituals is not None:
        figures = [team_week_block(home.team_week)] if home.team_week is not None else []
        blocks += rituals_blocks(home.rituals, team_figures=figures)
        page = home.rituals.page
    return View(type="home", blocks=blocks, private_metadata=str(page)).to_dict()


def member_blocks(member: MemberHome) -> list[Block]:
    """The member's own part: streak, group, away, role, opt-out, avoid list, privacy."""
    blocks: list[Block] = [
        SectionBlock(block_id=BlockId.STREAK, text=_streak_text(member.streak)),
        SectionBlock(block_id=BlockId.PAIR, text=_group_text(member.group)),
        DividerBlock(),
        HeaderBlock(text="Your settings"),
        *_away_blocks(member),
        *_role_blocks(member),
        _opt_out_block(member),
        *_avoid_blocks(member),
        _privacy_block(),
    ]
    return blocks


def _streak_text(streak: int) -> str:
    if streak <= 0:
        return "*Pulse streak:* none yet — answer today's pulse to start one."
    return f"*Pulse streak:* :fire: {plural(streak, 'day')} in a row."


def _group_text(group: LatestGroup | None) -> str:
    if group is None:
        return "*Shadowing:* you haven't been paired yet."
    partners = ", ".join(f"<@{user}>" for user in group.partners) or "nobody else"
    text = f"*Shadowing:* you're paired with {partners}."
    if group.suggestion:
        text += f"\n_Suggestion:_ {group.suggestion}"
    if group.met is True:
        text += "\n:white_check_mark: You met."
    elif group.met is False:
        text += "\nNot met yet — there's still time."
    return text


def _away_blocks(member: MemberHome) -> list[Block]:
    picker = DatePickerElement(
        action_id=ActionId.AWAY_UNTIL,
        placeholder="Away until…",
        initial_date=member.away_until.isoformat() if member.away_until else None,
    )
    if member.away_until is None:
        text = "*Away:* no. Going away? Pick your last day away: no prompts or pairings till then."
        return [SectionBlock(block_id=BlockId.AWAY, text=text, accessory=picker)]
    text = (
        f"*Away:* until {member.away_until:%a %d %b %Y} (included): no prompts or pairings. "
        "Pick another date to change it."
    )
    back = ButtonElement(text="I'm back", action_id=ActionId.BACK, value="back", style="primary")
    return [
        SectionBlock(block_id=BlockId.AWAY, text=text, accessory=picker),
        ActionsBlock(elements=[back]),
    ]


def _role_blocks(member: MemberHome) -> list[Block]:
    said = f"*{member.role}*" if member.role else "none yet"
    text = f"*Your role:* {said}. Shadowing pairs you with people from other roles."
    roles = [r for r in member.crew_roles if r != member.role][: MAX_ROLE_OPTIONS - 1]
    if member.role:
        roles = [member.role, *roles]
    new = ButtonElement(text="New role…", action_id=ActionId.ROLE_NEW, value="new")
    if not roles:
        return [SectionBlock(block_id=BlockId.ROLE, text=text, accessory=new)]
    options = [Option(value=role, label=role[:75]) for role in roles]
    pick = StaticSelectElement(
        action_id=ActionId.ROLE_PICK,
        placeholder="Pick the crew's role",
        options=options,
        initial_option=options[0] if member.role else None,
    )
    return [
        SectionBlock(block_id=BlockId.ROLE, text=text, accessory=pick),
        ActionsBlock(block_id=BlockId.ROLE_NEW, elements=[new]),
    ]


def _opt_out_block(member: MemberHome) -> Block:
    if member.opted_out:
        status = (
            "*You're opted out:* no pulse prompts and no pairings. "
            "Your past answers stay private to you."
        )
        button = ButtonElement(
            text="Opt back in", action_id=ActionId.TOGGLE_OPT_OUT, value=OptOut.IN, style="primary"
        )
    else:
        status = "*You're taking part* in pulse check-ins and shadowing pairings."
        button = ButtonElement(text="Opt out", action_id=ActionId.TOGGLE_OPT_OUT, value=OptOut.OUT)
    return SectionBlock(block_id=BlockId.OPT_OUT, text=status, accessory=button)


def _avoid_blocks(member: MemberHome) -> list[Block]:
    people = member.avoiding.people
    listed = ", ".join(f"<@{p.user_id}>" for p in people[:MAX_LISTED]) if people else "nobody"
    if len(people) > MAX_LISTED:
        listed += f" and {len(people) - MAX_LISTED} more"
    text = f"*Never pair me with:* {listed}. _Only you see this list, and nobody on it is told._"
    add = UserSelectElement(action_id=ActionId.AVOID_ADD, placeholder="Add someone")
    blocks: list[Block] = [SectionBlock(block_id=BlockId.AVOID, text=text, accessory=add)]
    if people:
        buttons = [
            ButtonElement(
                text=f"Remove {p.name}"[:75], action_id=ActionId.AVOID_REMOVE, value=p.user_id
            )
            for p in people[:MAX_REMOVE_BUTTONS]
        ]
        blocks.append(ActionsBlock(block_id=BlockId.AVOID_REMOVE, elements=buttons))
    return blocks


def _privacy_block() -> Block:
    text = (
        "*What Greenroom does with your answers:* your pulse answers and notes are seen by "
        "you alone; managers and the digest see only figures about several people together, "
        "never fewer than three. `/greenroom forget-me` erases what is stored about you."
    )
    more = ButtonElement(text="Privacy", action_id=ActionId.PRIVACY, value="privacy")
    return SectionBlock(block_id=BlockId.PRIVACY, text=text, accessory=more)

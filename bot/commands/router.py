"""Slash-command routing: ``/greenroom pulse send #crew`` → the handler for "pulse send".

Each feature registers its subcommands with their usage line; the router
matches the longest run of words, checks manager rights, and turns domain
errors into the ephemeral message the user sees. The usage lines are the help.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.commands.args import ChannelRef, UserRef, channel_ref, split_words, user_ref
from bot.commands.suggest import suggest
from rituals.actors import Actor
from rituals.errors import GreenroomError, NotAllowed, UsageError

if TYPE_CHECKING:
    from rituals.people import Directory

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """What a command answers: ephemeral by default."""

    text: str
    blocks: list[dict[str, Any]] | None = None
    in_channel: bool = False

    def as_message(self) -> dict[str, Any]:
        """The message body Slack expects in an ack or a response_url post."""
        message: dict[str, Any] = {
            "response_type": "in_channel" if self.in_channel else "ephemeral",
            "text": self.text,
        }
        if self.blocks:
            message["blocks"] = self.blocks
        return message


@dataclass
class CommandContext:
    """One slash command as the handler sees it."""

    people: Directory  # resolves the channels and people a command names
    team_id: str
    user_id: str
    channel_id: str
    command: str
    text: str
    args: list[str]
    now: datetime
    response_url: str | None = None
    trigger_id: str | None = None
    user_name: str = ""
    channel_name: str = ""
    matched: str = ""

    @property
    def actor(self) -> Actor:
        """Who typed the command, in which workspace."""
        return Actor(self.team_id, self.user_id)

    def take_channel(self) -> str | None:
        """Remove a channel reference from the arguments and return its id (None if absent)."""
        for index, word in enumerate(self.args):
            ref = channel_ref(word)
            if ref is not None:
                del self.args[index]
                return self.people.resolve_channel(self.team_id, channel_id=ref.id, name=ref.name)
        return None

    def take_user(self, *, usage: str) -> str:
        """Remove the first @user from the arguments and return its id; UsageError if none."""
        for index, word in enumerate(self.args):
            ref = user_ref(word)
            if ref is not None:
                del self.args[index]
                return self.people.resolve_user(self.team_id, user_id=ref.id, name=ref.name)
        raise UsageError(f"Name someone with @, e.g. `{usage}`")

    def take_all(self) -> list[str]:
        """Every argument word, for a parser of named options (none are left behind)."""
        words, self.args = list(self.args), []
        return words

    def channel_named(self, ref: ChannelRef | None) -> str:
        """The id of the channel an option named, or the one the command was typed in."""
        if ref is None:
            return self.channel_id
        return self.people.resolve_channel(self.team_id, channel_id=ref.id, name=ref.name)

    def channel_or_here(self) -> str:
        """The channel named in the arguments, or the one the command was typed in."""
        return self.take_channel() or self.channel_id

    def shared_channel(self, *, reason: str, example: str) -> str:
        """The channel named (or typed in); UsageError when it is a DM, saying ``reason``."""
        channel = self.channel_or_here()
        if channel[:1] not in ("C", "G"):
            raise UsageError(f"{reason}: name one, e.g. `{self.command} {example}`.")
        return channel

    def is_manager(self) -> bool:
        """Whether the caller may change team-wide settings."""
        return self.people.is_manager(self.team_id, self.user_id)


Handler = Callable[[CommandContext], "Reply | str | None"]


@dataclass(frozen=True)
class Subcommand:
    """A registered subcommand."""

    words: tuple[str, ...]
    handler: Handler
    usage: str
    manager: bool = False


# Help lists the rituals first (in this order), then everything else as registered.
RITUAL_WORDS = ("pulse", "shadow", "checkin", "digest", "start", "close", "action", "actions")


@dataclass
class CommandRouter:
    """Subcommands of one slash command (``/greenroom`` or ``/retro``)."""

    command: str
    title: str
    subcommands: dict[tuple[str, ...], Subcommand] = field(default_factory=dict)
    # The other slash commands (set when listeners are registered), for "did you mean".
    siblings: dict[str, CommandRouter] = field(default_factory=dict, repr=False, compare=False)

    def add(self, words: str, handler: Handler, *, usage: str, manager: bool = False) -> None:
        """Register ``handler`` for the subcommand ``words`` (e.g. "pulse send")."""
        key = tuple(words.split())
        if key in self.subcommands:
            raise ValueError(f"{self.command} {words} registered twice")
        self.subcommands[key] = Subcommand(key, handler, usage, manager)

    def usage_line(self, sub: Subcommand) -> str:
        """``• `/greenroom pulse send …` — what it does (managers)``."""
        marker = " _(managers)_" if sub.manager else ""
        usage, _, what = sub.usage.partition(" — ")
        described = f" — {what}" if what else ""
        return f"• `{self.command} {usage}`{described}{marker}"

    def help_text(self) -> str:
        """Usage of every subcommand, one per line: the rituals first, then the rest."""
        subs = list(self.subcommands.values())
        rituals = [s for w in RITUAL_WORDS for s in subs if s.words[0] == w]
        rest = sorted(
            (sub for sub in subs if sub not in rituals), key=lambda s: s.words == ("help",)
        )
        lines = [f"*{self.title}* — type `{self.command} <command>`:"]
        both = bool(rituals) and any(sub.words != ("help",) for sub in rest)
        if both:
            lines.append("*Rituals*")
        lines += [self.usage_line(sub) for sub in rituals]
        if both:
            lines.append("*You, your crew and settings*")
        lines += [self.usage_line(sub) for sub in rest]
        for name, other in self.siblings.items():
            if other is not self:
                lines.append(f"{other.title}: `{name} help` lists `{name}`'s commands.")
        return "\n".join(lines)

    def unknown(self, words: list[str]) -> str:
        """What to say to words no subcommand starts with: the nearest one and its usage."""
        others = {
            name: list(other.subcommands)
            for name, other in self.siblings.items()
            if other is not self
        }
        found = suggest(words, list(self.subcommands), others=others)
        typed = f"`{self.command} {' '.join(words[: max(found.used, 1) if found else 2])}`"
        if found is None:
            return f"I don't know {typed}. `{self.command} help` lists every command."
        router = self.siblings.get(found.command or "", self) if found.command else self
        subs = [router.subcommands[choice] for choice in found.choices]
        if found.confident:
            usage = subs[0].usage.partition(" — ")[0]
            return (
                f"I don't know {typed}. Did you mean `{router.command} {' '.join(subs[0].words)}`?"
                f"\nUsage: `{router.command} {usage}`"
            )
        lines = [f"I don't know {typed}. Did you mean one of these?"]
        lines += [router.usage_line(sub) for sub in subs]
        return "\n".join(lines)

    def match(self, words: list[str]) -> tuple[Subcommand | None, list[str]]:
        """The subcommand the words start with (longest match) and the remaining words."""
        lowered = [w.lower() for w in words]
        for length in range(min(len(words), 3), 0, -1):
            sub = self.subcommands.get(tuple(lowered[:length]))
            if sub is not None:
                return sub, words[length:]
        return None, words

    def dispatch(self, ctx: CommandContext) -> Reply:
        """Run the command in ``ctx.text`` and return the reply (never raises GreenroomError)."""
        try:
            words = split_words(ctx.text)
            if not words or words[0].lower() in ("help", "?", "-h", "--help"):
                asked, _ = self.match(words[1:])
                if asked is None:
                    return Reply(self.help_text())
                usage, _, what = asked.usage.partition(" — ")
                return Reply(f"`{self.command} {usage}`" + (f" — {what}" if what else ""))
            sub, rest = self.match(words)
            if sub is None:
                return Reply(self.unknown(words))
            ctx.args = list(rest)
            ctx.matched = " ".join(sub.words)
            if sub.manager and not ctx.is_manager():
                raise NotAllowed(
                    f"Only managers can use `{self.command} {ctx.matched}`. "
                    "Ask a workspace admin or a manager to run it, or to add you with "
                    "`/greenroom manager add @you`."
                )
            result = sub.handler(ctx)
        except GreenroomError as exc:
            return Reply(exc.message)
        if result is None:
            return Reply("Done.")
        return Reply(result) if isinstance(result, str) else result


def leftover_words(ctx: CommandContext, *, usage: str) -> None:
    """UsageError when arguments remain that the handler did not use."""
    if ctx.args:
        raise UsageError(
            f"I didn't understand `{' '.join(ctx.args)}`. Usage: `{ctx.command} {usage}`"
        )


__all__ = [
    "ChannelRef",
    "CommandContext",
    "CommandRouter",
    "Reply",
    "UserRef",
    "leftover_words",
]

"""What a ritual is set up with: its kind, channel, schedule, zone and the kind's own options.

Rules:
- The kinds are the pulse, shadowing, the informal check-in and the digest.
- A ritual's zone is a named zone of its own, else the team's (it then follows the
  team's zone when that changes); a pulse may instead go at its time in each
  member's own zone.
- The kind's options are checked here, each error naming the field it is about
  (:class:`InvalidField`), so a command says what is wrong and a form marks the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from rituals.errors import UsageError
from rituals.pulse.config import (
    DEFAULT_REMINDER_AT,
    MAX_QUESTION,
    MAX_WINDOW_HOURS,
    PulseConfig,
)
from rituals.schedule import Schedule
from rituals.shadowing.options import MAX_FOLLOWUP, RoundOptions

PULSE, SHADOW, CHECKIN, DIGEST = "pulse", "shadow", "checkin", "digest"
KINDS = (PULSE, SHADOW, CHECKIN, DIGEST)
KIND_NAMES = {
    PULSE: "pulse",
    SHADOW: "shadowing ritual",
    CHECKIN: "check-in",
    DIGEST: "digest",
}
ONCE_A_DAY = {  # what the once-a-day rule calls each kind
    PULSE: "a pulse",
    SHADOW: "a shadowing round",
    CHECKIN: "a check-in",
    DIGEST: "the digest",
}
OWN_ZONE = "own_zone"  # config flag: the ritual keeps its zone when the team's changes
CREW_CHANNEL = "crew_channel"  # digest config: the channel whose crew it covers
WHOLE_TEAM = "team"  # digest config: it covers the whole workspace


class InvalidField(UsageError):
    """A value that cannot be used, and the field (``channel``, ``time``, ``question``…) it is."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Zone:
    """Where a schedule's time is: a named zone, the team's (``name`` None), or each member's."""

    name: str | None = None
    member_local: bool = False


@dataclass(frozen=True)
class KindOptions:
    """The kind's own options; None leaves an option as it is (or at its default)."""

    question: str | None = None  # pulse, check-in ("" for a check-in: the bank)
    window_hours: float | None = None  # pulse
    reminder: bool | None = None  # pulse
    in_channel: bool | None = None  # pulse
    size: int | None = None  # shadowing
    followup: timedelta | None = None  # shadowing
    crew_channel: str | None = None  # digest
    whole_team: bool | None = None  # digest


@dataclass(frozen=True)
class RitualSpec:
    """Everything a ritual is set up with (the New ritual form, or a ritual being edited)."""

    kind: str
    channel_id: str
    schedule: Schedule
    zone: Zone
    options: KindOptions


def _question(text: str) -> str:
    said = " ".join(text.split())
    if len(said) > MAX_QUESTION:
        raise InvalidField(
            "question", f"That question is {len(said)} characters; keep it to {MAX_QUESTION}."
        )
    return said


def _pulse(options: KindOptions, zone: Zone, base: dict[str, Any]) -> dict[str, Any]:
    current = PulseConfig.from_config(base)
    question = current.question
    if options.question is not None:
        question = _question(options.question) or current.question
    window = current.window_hours if options.window_hours is None else options.window_hours
    if not 1 <= window <= MAX_WINDOW_HOURS:
        raise InvalidField(
            "window", f"The answer window can be from 1 to {MAX_WINDOW_HOURS:.0f} hours."
        )
    reminder = current.reminder_at
    if options.reminder is not None:
        reminder = DEFAULT_REMINDER_AT if options.reminder else 0.0
    in_channel = current.in_channel if options.in_channel is None else options.in_channel
    if zone.member_local and in_channel:
        raise InvalidField(
            "zone",
            "A pulse posted in the channel goes out at one time for everyone, so it can't go "
            "at each member's own time. Pick a zone, or send it as DMs.",
        )
    return PulseConfig(question, window, reminder, zone.member_local, in_channel).as_config()


def _shadow(options: KindOptions, zone: Zone, base: dict[str, Any]) -> dict[str, Any]:
    if zone.member_local:
        raise InvalidField(
            "zone", "Shadowing rounds run at one time for the whole crew: pick a zone."
        )
    current = RoundOptions.from_config(base)
    size = current.size if options.size is None else options.size
    followup = current.followup if options.followup is None else options.followup
    if size not in (2, 3):
        raise InvalidField("size", f"Groups can be of 2 or 3 people, not {size}.")
    if not timedelta(0) <= followup <= MAX_FOLLOWUP:
        raise InvalidField("followup", "“Did you meet?” can come from at once to 30 days later.")
    return RoundOptions.checked(size=size, followup=followup).as_config()


def _checkin(options: KindOptions, zone: Zone, base: dict[str, Any]) -> dict[str, Any]:
    if zone.member_local:
        raise InvalidField("zone", "A check-in is one post in the channel: pick a zone.")
    question = str(base.get("question") or "")
    if options.question is not None:
        question = _question(options.question)
    return {"question": question} if question else {}


def _digest(
    options: KindOptions, zone: Zone, base: dict[str, Any], channel_id: str
) -> dict[str, Any]:
    if zone.member_local:
        raise InvalidField("zone", "The digest is one post in the channel: pick a zone.")
    team = bool(base.get(WHOLE_TEAM)) if options.whole_team is None else options.whole_team
    if team:
        return {WHOLE_TEAM: True}
    crew = options.crew_channel or str(base.get(CREW_CHANNEL) or "") or channel_id
    if crew.startswith("D"):
        raise InvalidField("crew", "Pick the channel whose crew the digest is about.")
    return {CREW_CHANNEL: crew}


_APPLIES = {  # which options each kind takes, and how commands call them
    PULSE: {"question", "window_hours", "reminder", "in_channel"},
    SHADOW: {"size", "followup"},
    CHECKIN: {"question"},
    DIGEST: {"crew_channel", "whole_team"},
}
_CALLED = {
    "question": ("question", "question"),
    "window_hours": ("window", "window"),
    "reminder": ("reminder", "reminder"),
    "in_channel": ("in-channel", "zone"),
    "size": ("size", "size"),
    "followup": ("followup", "followup"),
    "crew_channel": ("crew", "crew"),
    "whole_team": ("team", "crew"),
}


def _check_applies(kind: str, options: KindOptions) -> None:
    for name in sorted(set(_CALLED) - _APPLIES.get(kind, set(_CALLED))):
        if getattr(options, name) is not None:
            said, field = _CALLED[name]
            raise InvalidField(field, f"`{said}` isn't an option of a {KIND_NAMES[kind]}.")


def kind_config(
    kind: str, options: KindOptions, zone: Zone, *, channel_id: str, base: dict[str, Any]
) -> dict[str, Any]:
    """The stored config of a ritual of ``kind``: ``base`` (its current one) changed by
    ``options``; InvalidField naming the field when something can't be used."""
    if kind in KIND_NAMES:
        _check_applies(kind, options)
    if kind == PULSE:
        config = _pulse(options, zone, base)
    elif kind == SHADOW:
        config = _shadow(options, zone, base)
    elif kind == CHECKIN:
        config = _checkin(options, zone, base)
    elif kind == DIGEST:
        config = _digest(options, zone, base, channel_id)
    else:
        config = dict(base)
    if zone.name:
        config[OWN_ZONE] = True
    else:
        config.pop(OWN_ZONE, None)
    return config


def zone_of(config: dict[str, Any], tz: str) -> Zone:
    """The zone a stored ritual was set up with."""
    return Zone(tz if config.get(OWN_ZONE) else None, bool(config.get("local_time")))


def options_of(kind: str, config: dict[str, Any], channel_id: str | None) -> KindOptions:
    """The kind's options as stored (for a form filled in to edit)."""
    if kind == PULSE:
        pulse = PulseConfig.from_config(config)
        return KindOptions(
            question=pulse.question,
            window_hours=pulse.window_hours,
            reminder=pulse.reminder_at > 0,
            in_channel=pulse.in_channel,
        )
    if kind == SHADOW:
        rounds = RoundOptions.from_config(config)
        return KindOptions(size=rounds.size, followup=rounds.followup)
    if kind == CHECKIN:
        return KindOptions(question=str(config.get("question") or ""))
    if kind == DIGEST:
        return KindOptions(
            crew_channel=str(config.get(CREW_CHANNEL) or channel_id or "") or None,
            whole_team=bool(config.get(WHOLE_TEAM)),
        )
    return KindOptions()

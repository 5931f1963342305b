"""Named options in any order for slash commands, and the options commands share.

``Options(usage, (SCHEDULE, CHANNEL, QUESTION, WINDOW, ZONE, IN_CHANNEL)).parse(words)``
reads ``pulse schedule "0 9 * * 1-5" #crew question "How rested do you feel?"
window 4h tz Europe/London`` and ``pulse schedule weekdays 09:00 #crew local`` alike.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.commands.options.kinds import (
    LOCAL,
    ChannelOption,
    Flag,
    Keyword,
    Option,
    ScheduleOption,
    ZoneChoice,
    ZoneOption,
    choice,
    duration,
    flag,
    text,
)
from bot.commands.options.parser import Options, Parsed
from rituals.pulse import MAX_QUESTION, MAX_WINDOW_HOURS

MAX_FOLLOWUP = timedelta(days=30)

CHANNEL = ChannelOption()
SCHEDULE = ScheduleOption()
QUESTION = text("question", max_length=MAX_QUESTION, example='question "How rested do you feel?"')
WINDOW = duration(
    "window",
    minimum=timedelta(hours=1),
    maximum=timedelta(hours=MAX_WINDOW_HOURS),
    example="window 4h",
)
ZONE = ZoneOption()
SIZE = choice("size", {"2": 2, "3": 3}, example="size 3")
FOLLOWUP = duration(
    "followup",
    minimum=timedelta(0),
    maximum=MAX_FOLLOWUP,
    example="followup 3d",
    aliases=("follow-up",),
)
IN_CHANNEL = flag("in-channel", "inchannel")
TEAM = flag("team")
OPTIONAL_SCHEDULE = replace(SCHEDULE, required=False)

__all__ = [
    "CHANNEL",
    "FOLLOWUP",
    "IN_CHANNEL",
    "LOCAL",
    "MAX_FOLLOWUP",
    "OPTIONAL_SCHEDULE",
    "QUESTION",
    "SCHEDULE",
    "SIZE",
    "TEAM",
    "WINDOW",
    "ZONE",
    "ChannelOption",
    "Flag",
    "Keyword",
    "Option",
    "Options",
    "Parsed",
    "ScheduleOption",
    "ZoneChoice",
    "ZoneOption",
    "choice",
    "duration",
    "flag",
    "text",
]

"""Emoji short names to characters: the ones the bot and the crew use, and common ones.

A name not listed stays as ``:name:``, as Slack shows an emoji it does not know.
"""

from __future__ import annotations

import re

EMOJI: dict[str, str] = {
    "+1": "👍",
    "thumbsup": "👍",
    "-1": "👎",
    "thumbsdown": "👎",
    "100": "💯",
    "ballot_box_with_check": "☑️",
    "bar_chart": "📊",
    "bell": "🔔",
    "bulb": "💡",
    "busts_in_silhouette": "👥",
    "bust_in_silhouette": "👤",
    "calendar": "📆",
    "camera": "📷",
    "chart_with_downwards_trend": "📉",
    "chart_with_upwards_trend": "📈",
    "clap": "👏",
    "clapper": "🎬",
    "clipboard": "📋",
    "clock9": "🕘",
    "coffee": "☕",
    "confetti_ball": "🎊",
    "crossed_fingers": "🤞",
    "date": "📅",
    "eyes": "👀",
    "fire": "🔥",
    "grinning": "😀",
    "handshake": "🤝",
    "heart": "❤️",
    "heavy_check_mark": "✔️",
    "hourglass": "⌛",
    "hourglass_flowing_sand": "⏳",
    "information_source": "ℹ️",
    "joy": "😂",
    "key": "🔑",
    "lock": "🔒",
    "mag": "🔍",
    "memo": "📝",
    "movie_camera": "🎥",
    "muscle": "💪",
    "ok_hand": "👌",
    "palm_tree": "🌴",
    "partying_face": "🥳",
    "pencil": "📝",
    "performing_arts": "🎭",
    "point_right": "👉",
    "pray": "🙏",
    "raised_hands": "🙌",
    "raising_hand": "🙋",
    "rocket": "🚀",
    "seedling": "🌱",
    "slightly_smiling_face": "🙂",
    "smile": "😄",
    "sparkles": "✨",
    "speech_balloon": "💬",
    "star": "⭐",
    "sunny": "☀️",
    "sunrise": "🌅",
    "tada": "🎉",
    "thinking_face": "🤔",
    "thought_balloon": "💭",
    "warning": "⚠️",
    "wave": "👋",
    "white_check_mark": "✅",
    "x": "❌",
    "zap": "⚡",
    "zzz": "💤",
}
# The emoji offered by the page's reaction picker, in order.
REACTION_CHOICES = ("+1", "heart", "tada", "clap", "eyes", "raised_hands", "joy", "fire")

_NAME = re.compile(r":([a-z0-9_+\-']+):")


def emoji(name: str) -> str | None:
    """The character for a short name (with or without colons), or None if unknown."""
    return EMOJI.get(name.strip(":").lower())


def replace(text: str) -> str:
    """``text`` with every known ``:name:`` replaced by its character."""
    return _NAME.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)

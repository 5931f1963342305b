"""Interaction capture: reactions and thread replies between people, each Slack event once.

What counts (who → to whom, where, when; never the text) is decided by the bot when it
reads Slack's payload; here are the captured facts and how they are written:
- a reaction is kept once per (channel, message, person, emoji); a removal deletes the
  reaction added before it (by event time), so a late retry of an old removal leaves
  the same reaction added again alone;
- a reply is kept once per (channel, reply ts); deleting it in Slack deletes it here;
- nothing a bot did counts, and a reply or reaction to a bot counts with no target;
- a Slack event id is remembered, so Slack's retry of it changes nothing.
"""

from rituals.interactions.writes import (
    Captured,
    Reaction,
    Reply,
    ReplyDeleted,
    capture,
    first_delivery,
)
from storage.interactions import ReactionKey

__all__ = [
    "Captured",
    "Reaction",
    "ReactionKey",
    "Reply",
    "ReplyDeleted",
    "capture",
    "first_delivery",
]

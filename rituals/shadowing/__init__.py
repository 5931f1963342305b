"""Shadowing pairings: a channel's members in pairs (or trios) across roles.

Rules:
- Who takes part is ``rituals.eligibility.why_left_out``: the same as every ritual.
- A round is made once per occurrence and stored (``rounds``); the grouping itself is
  ``rituals.pairing``, with suggestions from ``rituals.shadowing_bank``.
- Each group gets an intro, then "Did you meet?" — never before the intro (``fanout``).
- Only a group's members answer for it, and only its own message is redrawn
  (``answers``).
- Avoid lists are private: never shown to anyone but their owner, and never given as
  the reason for anything the bot says (``avoid``, ``messages.Unplaced``).
- Managers start and schedule rounds and see them in counts (``manage``, ``history``);
  members see their own groups.
"""

from __future__ import annotations

from rituals.shadowing.options import KIND, RoundOptions, ShadowDelivery

__all__ = ["KIND", "RoundOptions", "ShadowDelivery"]

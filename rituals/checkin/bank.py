"""The check-in question bank and how a channel's next question is chosen.

Rules:
- Questions come from ``QUESTIONS``: written for crews in film, theatre, games,
  events and media; light, social and cross-department; never about health,
  money, family or anything a person would not say in front of the whole crew.
- A channel never gets the same question twice in a row. Beyond that, questions
  asked in the channel's last ``RECENT`` check-ins are avoided while fresher ones
  remain, so a weekly check-in cycles through most of the bank before repeating.
- The choice is random but reproducible: the caller passes the ``random.Random``
  (seeded per occurrence), so planning the same occurrence twice picks the same
  question.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

RECENT = 20

QUESTIONS: tuple[str, ...] = (
    "What's one thing another department did this week that made your job easier?",
    "Which department's work would you like to see up close for a day?",
    "What's a small detail someone on the crew got right this week that most people missed?",
    "What's the best tool, trick or shortcut you've picked up from another team?",
    "What's your go-to snack for a long day on set, in the venue or at the desk?",
    "Who gave you a hand this week — and with what?",
    "What's a question you've always wanted to ask another department about how they work?",
    "What's one handoff between teams that went smoothly this week?",
    "Which scene, level, cue or page are you quietly proud of this week?",
    "What's a bit of jargon from your department the rest of the crew should learn?",
    "What's the most useful thing you've learned from someone outside your role?",
    "What's a production you worked on or watched that felt like one crew — and why?",
    "What made you laugh at work this week?",
    "If you could swap roles with someone on the crew for a morning, whose would it be?",
    "What's one thing that would make the next handover to your team smoother?",
    "What's the best call sheet, schedule or brief you've ever been handed, and what made it work?",
    "What's a behind-the-scenes moment from this week worth sharing?",
    "Which tool or workaround from your department could save another team some time?",
    "What song belongs on the crew playlist this week?",
    "What's one small win from this week, from any department?",
    "Who's someone new on the crew we should all say hello to?",
    "What's a tradition from a past production you'd bring to this one?",
    "What's something another team asked you for that you were glad to help with?",
    "What's the best thing you've seen come out of a quick chat between departments?",
    "What's a skill from your first job in the industry that you still use?",
    "Which department would you love a five-minute show-and-tell from?",
    "What's your favourite spot on set, backstage, in the studio or around the office?",
    "When did the whole crew pull together this week?",
    "What's one thing you'd tell a newcomer about working with your department?",
    "What film, game, show or book has inspired your work lately?",
    "What's the most creative fix you've seen on this production so far?",
    "Who deserves a thank-you from another department — and what for?",
    "What made a recent rehearsal, playtest, run-through or review go well?",
    "What's coming up for your department that other teams might like to know about?",
    "What's your favourite way to recharge between long days?",
    "Which word from another department's vocabulary have you picked up without noticing?",
    "What's a small change in how two teams work together that paid off?",
    "What's the best advice someone in a different role ever gave you?",
    "Which prop, costume, asset or shot from this production would you love to keep?",
    "If this week were a trailer, what would the tagline be?",
    "What would you like to learn from another department this month?",
    "What's one question you'd love the rest of the crew to ask you about your work?",
)


def choose_question(
    recent: Sequence[str],
    rng: random.Random,
    *,
    bank: Sequence[str] = QUESTIONS,
) -> str:
    """A question for the channel, given its recent questions (newest first).

    Never ``recent[0]``; prefers questions outside the last ``RECENT`` asked.
    """
    if not bank:
        raise ValueError("the question bank is empty")
    last = recent[0] if recent else None
    avoided = set(recent[:RECENT])
    fresh = [q for q in bank if q not in avoided]
    if not fresh:
        fresh = [q for q in bank if q != last] or list(bank)
    return rng.choice(fresh)

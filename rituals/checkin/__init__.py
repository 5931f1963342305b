"""The informal check-in: a light, social question posted to a crew's shared channel.

Rules:
- A check-in goes to a channel the crew shares, never a DM; the bot must be in it.
- Managers post one now (``manage.send_now``) or on a schedule (``manage.schedule``).
- Each occurrence plans one post; its question comes from the bank (``bank``), never
  the one the channel got last, chosen reproducibly per occurrence (``fanout``).
- Scheduled check-ins skip public holidays when the team has turned them on; a
  manual send goes out regardless.
- Thread replies and reactions to the post are captured like any other interactions.
"""

from __future__ import annotations

from rituals.checkin.bank import QUESTIONS, RECENT, choose_question
from rituals.checkin.messages import KIND, POST, CheckinPost

__all__ = ["KIND", "POST", "QUESTIONS", "RECENT", "CheckinPost", "choose_question"]

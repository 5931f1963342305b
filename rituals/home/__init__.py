"""The App Home: each member's own corner, and the crew's rituals for managers.

Rules:
- A member sees only what is theirs: their pulse streak, their latest shadowing
  group, their away dates, role, opt-out, and their own avoid list (never anyone
  else's, and nobody is told they are on one).
- Managers also see this week's figures, as the privacy gate released them
  (``rituals.figures.home``), and every ritual of the workspace, a page at a time, with
  what sets them up (``rituals.scheduled``).
- Every click and form is checked again against the person and the object it changes:
  manager rights on each ritual button, the ritual looked up by id within the
  clicker's workspace.
"""

from __future__ import annotations

from rituals.home.member import Home, MemberHome, home, member_home
from rituals.home.streak import answer_streak
from storage.home import LatestGroup

__all__ = ["Home", "LatestGroup", "MemberHome", "answer_streak", "home", "member_home"]

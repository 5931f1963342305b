"""Every figure about pulse answers, on every surface, is released here and only here.

Surfaces (``pulse results``, App Home, the digest and its chart, ``greenroom export``,
the demo) say which figures they would like to show; ``release`` builds nothing of its
own: it loads the ledger of what was shown before for the weeks involved, asks the
privacy gate (``rituals.privacy.Gate``), stores what it releases in the same
transaction, and returns each decision with the reason for what is withheld.

The rule (PRODUCT.md, Privacy; the gate's docstring has the reasoning):
- Taking every figure ever released for the workspace together, no set of answers
  given by fewer than ``GREENROOM_MIN_GROUP`` people has a sum, mean or bucket count
  that follows, and no single answer follows together with the 1–5 range.
- A viewer's own answers never count toward the minimum: the gate checks the rule for
  every person who answered (figures are pooled across viewers), so a figure is never
  shown over fewer than ``min_group + 1`` people and never depends on who looks.
- Groups with no answers are never shown as figures, so they are never cover: a figure
  withheld is withheld on its own account, and the gate checks what the shown ones
  give away together, whatever is hidden.
- A figure of a closed period (a day once it is over, a week once its last day is over,
  in the team's zone) is shown as first released ever after: role moves, channel moves
  and forget-me never change it. After forget-me the ledger keeps that person's answers
  only inside released totals (pseudonymous keys, no values).
- Counts (how many answered, prompts sent) are public; a live period's mean or
  distribution moves only when the rule holds against everything shown before (until
  then the last release is shown, "as of N answers").
"""

from __future__ import annotations

from rituals.figures.pool import Pool, round_mean
from rituals.figures.release import Shown, release

__all__ = ["Pool", "Shown", "release", "round_mean"]

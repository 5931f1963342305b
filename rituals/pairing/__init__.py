"""Shadowing pairings: who meets whom this round.

Input: the eligible members (:class:`Candidate`: role, UTC offset on the
round's date, whether their last pairing met, whether they were in a triple
last round), past rounds (most recent first) and the private avoid lists.

Hard rules
- Everyone eligible is placed. ``size=2`` makes pairs, with one triple when
  the count is odd; ``size=3`` makes groups of three, and the leftovers follow
  :func:`group_sizes`: ``n % 3 == 1`` gives one group of four, ``n % 3 == 2``
  one pair. Nobody is left out silently: a member who cannot be placed (the
  only one eligible, or avoid lists leave no group they could join) comes back
  in ``unplaced`` with the reason, fit to show them. Such a member may, as a
  last resort, join a group one larger than usual rather than sit out.
- No group holds two members where either has the other on their avoid list.

Objective, compared in this order (each level only breaks ties of the one before)
1. Repeats: the fewest pairs of members grouped together who already met in
   the last ``recent_rounds`` rounds (a triple counts its three pairs).
2. Cross-role: the most groups holding at least two different assigned roles
   (unassigned members pair with anyone but never make a group cross-role).
3. Working hours: the most hours the group's members all spend at work at the
   same time (09:00–18:00 local, on a 24-hour clock so a day apart in the
   calendar still overlaps), counted per group up to 3 hours: beyond that a
   remote pair has enough time to meet.
4. Spread: members whose last pairing did not meet get the best groups (their
   group's cross-role and working-hours scores count again for them), pairs who
   never met at all in the history given are preferred, and the triple of a
   pairing round avoids anyone who was in the triple last round and anyone
   whose last pairing did not meet.
5. The seed: among equally good answers the seed picks one, the same every
   time for the same input.

How
- Pairs, up to ``EXACT_LIMIT`` members: an exact maximum-weight matching
  (:mod:`rituals.pairing.matching`) with the levels packed into one integer weight,
  plus a constant per edge so that the most members are paired first. An even
  count gets the exact optimum of the objective. An odd count takes the best
  of: the matching with a virtual "join" vertex (its partner becomes the
  triple's third; the edge carries the fewest repeats that member could bring
  to a triple), and fixed triples with exact pairs for everyone else (every
  possible triple up to ``SMALL_ODD`` members; beyond, the best few hosts of
  the few best odd ones out); each triple is then re-split with any pair when
  that scores better.
- Pairs beyond ``EXACT_LIMIT``: members are sorted into role buckets (members
  whose last pairing did not meet first in each). When no role holds more than
  half the assigned members the buckets, in seeded order, are laid end to end
  and cut into two halves, so that a member of one half meets a different role
  in the other (the one role cut in two is untangled by trading partners);
  otherwise every member of a smaller role is matched with a member of the
  largest role in the nearest time zone. Each half is sorted by time zone and
  matched in order; everyone left pairs with a neighbour in time zone order.
  Local swaps then remove repeats, avoid conflicts and short working-hours
  overlaps, first only where no cross-role group is lost. This reaches the
  cross-role bound (:func:`cross_role_bound`) unless repeats can only be
  removed at its expense.
- Groups of three: every split is tried up to 10 members; beyond, groups are
  seeded with as many cross-role pairs as the bound allows and filled by time
  zone, then improved by re-splitting any two groups (up to 40 members, best
  of several seeded starts) or by swapping members between nearby groups.
- Whoever is left over (the odd one out at scale, or members split off a group
  that still broke an avoid list) joins the pair, else the triple, where they
  cost least; if no group can take them they are returned in ``unplaced``.

Modules: :mod:`~rituals.pairing.measures` (group sizes, the cross-role bound,
working hours), :mod:`~rituals.pairing.crew` (the scoring model),
:mod:`~rituals.pairing.exact` (pairs by matching, with
:mod:`~rituals.pairing.matching`), :mod:`~rituals.pairing.scale` (pairs at
scale), :mod:`~rituals.pairing.threes` (groups of three),
:mod:`~rituals.pairing.repair` (re-splits, swaps, leftovers) and
:mod:`~rituals.pairing.assembly` (:func:`make_groups`).
"""

from __future__ import annotations

from rituals.pairing.assembly import NO_GROUP, ONLY_MEMBER, PairingResult, make_groups
from rituals.pairing.crew import Candidate, PastRound
from rituals.pairing.exact import EXACT_LIMIT, SMALL_ODD
from rituals.pairing.measures import (
    ZONE_CAP_HOURS,
    cross_role_bound,
    group_sizes,
    working_hours_overlap,
)

__all__ = [
    "EXACT_LIMIT",
    "NO_GROUP",
    "ONLY_MEMBER",
    "SMALL_ODD",
    "ZONE_CAP_HOURS",
    "Candidate",
    "PairingResult",
    "PastRound",
    "cross_role_bound",
    "group_sizes",
    "make_groups",
    "working_hours_overlap",
]

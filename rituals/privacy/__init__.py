"""The privacy gate for pulse figures: one rule, checked against everything shown before.

Pure: no I/O, no Slack, no database. Surfaces (pulse results, App Home, the digest
and its chart, the export, the demo) hand ``Gate.decide`` the figures they would
like to show and the ledger of what was shown before, and show what it releases.

The model
---------
Each answer is an unknown ``x_i`` in 1..5, identified by a stable key that survives
its deletion and belonging to one person. A figure is over a set of answers; its
count is public. A mean releases the sum of its answers (a mean shown to one
decimal with its count pins the sum when ``n <= 10``, see ``figures``); a
distribution releases, for each score ``b``, the count ``sum_{i in S} x_{i,b}`` of
the bucket indicators (each answer is in exactly one bucket), hence also the sum.

What follows linearly
---------------------
Write ``1_T`` for the indicator of a set of answers T. The sum over T follows from
the released figures iff ``1_T`` lies in the rational span of the indicators of
every released set (means and distributions); a bucket count over T follows iff
``1_T`` lies in the span of the distribution sets alone.

Why: the knowledge is the span of ``1_D (x) e_b`` (D a distribution, b a score),
``1_S (x) w`` (S any figure, ``w = (1,2,3,4,5)``) and ``e_i (x) u`` (each answer in
one bucket, ``u = (1,1,1,1,1)``). Suppose ``1_T (x) e_b`` is a combination with
coefficients ``a_{D,c}``, ``s_S``, ``g_i``; at answer i and score c that reads
``[i in T][c = b] = A_c(i) + c B(i) + g_i`` with ``A_c(i) = sum_{D ni i} a_{D,c}``,
``B(i) = sum_{S ni i} s_S``. Two scores ``c1 != c2`` other than b give
``B(i) = (A_{c2}(i) - A_{c1}(i)) / (c1 - c2)``, a combination of distribution
indicators, and then ``[i in T] = A_b(i) - A_{c1}(i) + (b - c1) B(i)`` is one too.
For the sum, ``[i in T] c = A_c(i) + c B(i) + g_i`` at two scores gives
``[i in T] = (A_{c1}(i) - A_{c2}(i)) / (c1 - c2) + B(i)``, a combination of figure
indicators. The converse directions are immediate.

Every vector in these spans is constant on the *atoms* (answers grouped by which
released sets contain them), so only unions of atoms can be determined, and the
checks work on atoms, not answers.

The rule (PRODUCT.md, Privacy)
------------------------------
Taking every figure ever released for the workspace together, with ``k = min_group
>= 3``:

1. no set of answers given by fewer than k people has a sum or a bucket count that
   follows (bucket counts follow only where sums do, so the sum span is searched);
2. no single answer follows together with the 1..5 range: no bucket count is held
   at the whole of its atom and no atom's sum at the end of its range by the
   released figures (``cone`` proves that such a determined combination at the end
   of its range is exactly what pins something, and ``pins`` runs it);
3. a viewer's own answers never count: they are constants to that viewer, so the
   rule must hold with them removed from every set. Figures are pooled across
   viewers (anyone can pass on what they saw), so the gate checks the rule for
   every person who answered, not just the one looking: what a figure releases
   never depends on who asks, and no figure is shown over fewer than ``k + 1``
   people.

A colluding group of viewers who pool their own answers can learn more than any one
of them (e.g. two members of a 4-person figure learn the sum of the other two): the
rule does not cover collusion.

Speed
-----
Figures that share no answers are decided apart (components; weeks never share
answers). Identical answer sets are one row. Atoms of more than k people can never
be in a set found by (1), so the search runs only on the span's vectors that vanish
on them; atoms whose answers differ (beyond one person's) can never sit on a bound,
so (2) runs only on vectors that vanish on those. A figure whose row adds nothing
to either space is decided by one row reduction. All arithmetic is exact
(``fractions.Fraction``).

Storing the ledger (a proposal for the storage layer)
-----------------------------------------------------
Per released figure (``Released``): the figure key (scope, period, metric, group),
an order number, ``final`` (released for a closed period), the count, the sum and
for a distribution the five bucket counts, and a reference to its answer set. The
answer sets live in a table of their own, stored once however many figures and
views use them (keyed by a hash of the sorted keys), each as the sorted answer ids
delta-encoded (first id, then gaps, as varints). Answer keys that change with the
answer's value can be ``(answer id, revision)`` with the revision stored beside the
gap. A second table maps each answer id to its person; ``forget-me`` replaces that
person's user id there by a random pseudonym (and deletes the answers and notes as
before), so the ledger keeps sets and totals but no value and no name. Periods
older than anything a surface can still show can be dropped wholesale.
"""

from __future__ import annotations

from rituals.privacy.figures import (
    Answer,
    AnswerRef,
    Candidate,
    Decision,
    FigureKey,
    Metric,
    Outcome,
    Released,
    Status,
    Value,
    sums_for_mean,
)
from rituals.privacy.gate import Gate

__all__ = [
    "Answer",
    "AnswerRef",
    "Candidate",
    "Decision",
    "FigureKey",
    "Gate",
    "Metric",
    "Outcome",
    "Released",
    "Status",
    "Value",
    "sums_for_mean",
]

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
   follows (bucket counts follow only where sums do, so the sum span is searched;
   ``knowledge``);
2. no single answer follows together with the 1..5 range. On atoms: each atom's
   bucket counts ``n[A, c] >= 0`` add up to its size; a bound ``n[A, c] = 0`` is held
   by the released figures exactly when some determined combination sits at the
   end of its range (``cone``: Stiemke's lemma), and an atom whose answers all gave
   one score is given away when every other score is held at 0 (``pins``). This is
   the joint relaxation of sums and bucket counts: a mean of exactly 1.0 or 5.0, a
   distribution with every answer in one bucket, and combinations such as "the
   day's distribution has one 5 and this group's mean needs it";
3. a viewer's own answers never count: they are constants to that viewer, so the
   rule must hold with them removed from every set. Figures are pooled across
   viewers (anyone can pass on what they saw, and a channel post is seen by every
   member), so the gate checks the rule for every person who answered, not only the
   one looking: what a figure releases never depends on who asks, and no figure is
   shown over fewer than ``k + 1`` people. ``Gate.decide`` therefore takes no viewer.

A figure is released when it adds no new *finding* (a set or an answer that would
follow) to those the ledger already gives, so a ledger released under older rules
cannot block every later figure.

Limits, stated plainly:

- A group of viewers who pool their own answers can learn more than any one of them
  (two members of a 4-person figure learn the sum of the other two).
- Pinning is decided on the relaxation over real numbers: reasoning that uses the
  answers being whole numbers beyond it is not covered.
- The gate must know the value of every answer a released figure used. An answer
  replaced by a later one keeps its key and value in the ledger's answer table
  (its successor gets a new key); after ``forget-me`` its values are gone, so the
  gate cannot tell whether a new figure pins them against the 1..5 range: a
  component holding an erased answer releases no new figure (its figures stay as
  released).

Speed
-----
Figures that share no answers are decided apart (components; weeks never share
answers). Identical answer sets are one row. Atoms of more than k people can never
be in a set found by (1), so that search runs only on the span's vectors that
vanish on them. For (2), one echelon form (given scores first) serves every view: a
person's view only frees the columns of scores they alone gave and of their own
atoms. A figure whose rows add nothing known is decided by one row reduction. All
arithmetic is exact and on whole numbers: rows are kept as integer vectors without a
common factor (fraction-free elimination, ``algebra``) and the small simplex pivots
on integers over one common denominator (``cone``), which decides exactly as the
same steps over ``fractions.Fraction`` (``tests/rituals/privacy/reference.py``
checks it) at a fraction of the cost. Measured by ``benchmarks/privacy.py``.

Storing the ledger (a proposal for the storage layer)
-----------------------------------------------------
Per released figure (``Released``): the figure key (scope, period, metric, group),
an order number, ``final`` (released for a closed period), the count, the sum and
for a distribution the five bucket counts, and a reference to its answer set. The
answer sets live in a table of their own, stored once however many figures and
views use them (keyed by a hash of the sorted keys), each as the sorted answer ids
delta-encoded (first id, then gaps, as varints). Answer keys that change with the
answer's value can be ``(answer id, revision)`` with the revision stored beside the
gap. A second table holds, per answer key a released figure used, its person and
its value while the answer is replaced but not erased (the current answers are in
``pulse_answers``); ``forget-me`` deletes the values and replaces that person's user
id there by a random pseudonym (and deletes the answers and notes as before), so
the ledger keeps sets and totals but no value and no name of theirs. Periods older
than anything a surface can still show can be dropped wholesale.
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

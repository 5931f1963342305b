"""Did you mean: the registered subcommand nearest to what was typed.

Rules:
- Words are compared by edit distance, a swap of two neighbouring letters
  counting once (``sned`` → ``send``). A word of one or two letters must be
  exact; three to five letters may be one edit off; longer words two.
- A subcommand is offered when each of its words is near the typed word at its
  place (``pluse send``, ``shadow avoids``), when its words are the typed ones
  swapped (``send pulse``), or when the typed words run together or apart spell
  it within one edit (``pulsesend``, ``opt out``, ``forget me``);
  words with digits or signs are arguments and never joined (``delete 4``).
  Subcommands using more of the typed words win, then fewer edits; a tie
  offers every tied subcommand.
- When only the first word is near (``manager list``), every subcommand that
  starts with it is offered.
- Words for another slash command (``retro start`` typed to ``/greenroom``, or
  ``actions``) point to that command.
- Otherwise nothing: a far-fetched guess is worse than the help.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MAX_WORDS = 3  # the longest subcommand


@dataclass(frozen=True)
class Suggestion:
    """What to offer: subcommands of this command (or of ``command``), best first."""

    choices: tuple[tuple[str, ...], ...]
    used: int  # how many typed words the choices stand for; the rest are arguments
    command: str | None = None  # another slash command, e.g. "/retro"

    @property
    def confident(self) -> bool:
        """Whether there is exactly one thing to offer."""
        return len(self.choices) == 1


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn ``a`` into ``b``."""
    rows = [list(range(len(b) + 1))]
    for i, char in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, other in enumerate(b, start=1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def allowance(word: str) -> int:
    """How many edits a typed word may be from ``word`` and still mean it."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def near(typed: str, word: str) -> int | None:
    """Edits from ``typed`` to ``word`` when within the allowance, else None."""
    distance = edit_distance(typed.lower(), word.lower())
    return distance if distance <= allowance(word) else None


def close_word(typed: str, vocabulary: Iterable[str]) -> str | None:
    """The one word of ``vocabulary`` nearest to ``typed`` within the allowance (None on a tie)."""
    scored = sorted((d, w) for w in set(vocabulary) if (d := near(typed, w)) is not None)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def _squashed(words: Iterable[str]) -> str:
    return "".join(words).lower().replace("-", "")


def _score(typed: Sequence[str], known: tuple[str, ...]) -> tuple[int, int] | None:
    """(typed words used, edits) for the best way ``typed`` can mean ``known``, or None."""
    best: tuple[int, int] | None = None
    if len(typed) >= len(known):
        pairs = [near(t, k) for t, k in zip(typed, known, strict=False)]
        if all(d is not None for d in pairs):
            best = (len(known), sum(d for d in pairs if d is not None))
        elif len(known) == 2 and [t.lower() for t in typed[1::-1]] == list(known):
            best = (2, 1)
    target = _squashed(known)
    for used in range(1, min(len(typed), MAX_WORDS) + 1):
        if used == len(known) > 1 or not all(t.replace("-", "").isalpha() for t in typed[:used]):
            continue  # word by word above; arguments ("delete 4") are never part of a name
        distance = edit_distance(_squashed(typed[:used]), target)
        better = best is None or (-used, distance) < (-best[0], best[1])
        if distance <= min(1, allowance(target)) and better:
            best = (used, distance)
    return best


def _best(typed: Sequence[str], known: Iterable[tuple[str, ...]]) -> Suggestion | None:
    scored = [(score, words) for words in known if (score := _score(typed, words)) is not None]
    if not scored:
        return None
    top = max((used, -edits) for (used, edits), _ in scored)
    choices = tuple(sorted(w for (used, edits), w in scored if (used, -edits) == top))
    return Suggestion(choices, used=top[0])


def _group(typed: Sequence[str], known: Sequence[tuple[str, ...]]) -> Suggestion | None:
    """Every longer subcommand whose first word is near the first typed word."""
    firsts = {words[0] for words in known if len(words) > 1}
    first = typed[0].lower() if typed[0].lower() in firsts else close_word(typed[0], firsts)
    if first is None:
        return None
    return Suggestion(tuple(sorted(w for w in known if len(w) > 1 and w[0] == first)), used=1)


def suggest(
    typed: Sequence[str],
    known: Iterable[tuple[str, ...]],
    *,
    others: Mapping[str, Iterable[tuple[str, ...]]] | None = None,
) -> Suggestion | None:
    """The subcommands ``typed`` most likely meant, here or in ``others`` (command → words)."""
    words = [word for word in typed[:MAX_WORDS] if word]
    if not words:
        return None
    registered = list(known)
    elsewhere = {name: list(subs) for name, subs in (others or {}).items()}
    for name, subs in elsewhere.items():  # "retro start" typed to /greenroom
        if near(words[0], name.lstrip("/")) is not None and not _best(words, registered):
            found = _best(words[1:], subs) if len(words) > 1 else None
            if found is None:
                return Suggestion(tuple(sorted(subs)), used=1, command=name)
            return Suggestion(found.choices, used=found.used + 1, command=name)
    found = _best(words, registered) or _group(words, registered)
    if found is not None:
        return found
    for name, subs in elsewhere.items():  # "actions" typed to /greenroom
        exact = [sub for sub in subs if [w.lower() for w in words[: len(sub)]] == list(sub)]
        if exact:
            longest = max(exact, key=len)
            return Suggestion((longest,), used=len(longest), command=name)
    return None

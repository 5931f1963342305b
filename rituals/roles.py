"""Roles: how a member's department is written, checked, derived and matched.

Rules:
- A role name is normalised before it is stored or compared: surrounding
  space is dropped, letters are lower-cased (``str.casefold``), ``&`` reads as
  ``and``, and every run of spaces, underscores or hyphens becomes a single
  ``-``. Trailing words that say "a department" without saying which one
  (``dept``, ``department``, ``team``, ``crew``, ``group``, plurals too) are
  dropped, as long as a word is left: a role names the department itself, so
  ``Lighting Dept`` and ``lighting crew`` are both ``lighting``, while ``crew``
  alone stays ``crew``. ``Costume & Make-up`` becomes ``costume-and-make-up``,
  ``LIGHTING`` becomes ``lighting``.
- After normalising, a role uses letters (any script), digits and ``-`` only,
  and is 1 to 40 characters long (the storage column's width).
- A member without a role is *unassigned*. Unassigned is not a role: the word
  (and ``none``) is refused by :func:`normalise_role`; :func:`parse_role`
  turns it into ``None`` for commands that clear a role.
- Roles from Slack user groups (:func:`role_from_groups`): each group offers
  its handle as the role, or its name when the handle is not a valid role.
  A member in several groups takes the role of the *smallest* group (the most
  specific: ``@gaffers`` over ``@crew``); ties go to the alphabetically first
  role, then the first handle. Groups with no valid role are ignored, and so
  is a member left with none (they stay unassigned).
- A new role close to one the crew has is questioned, never merged silently
  (:func:`suggest_role`): a standard name for the same department in film,
  TV, theatre or games (``gaffer`` → ``lighting``), a near spelling
  (``lightning``), or part of a combined department (``post`` →
  ``editing-and-post``). Grips are left out on purpose: they belong to camera
  in the UK and are their own department in the US.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

from rituals.errors import UsageError

MAX_ROLE_LENGTH = 40
UNASSIGNED = "unassigned"
_RESERVED = frozenset({UNASSIGNED, "none"})
_SEPARATORS = re.compile(r"[\s_\-]+")
_GENERIC = frozenset(
    {"dept", "dept.", "depts", "depts.", "department", "departments", "team", "teams"}
    | {"crew", "crews", "group"}
)


class InvalidRole(UsageError, ValueError):
    """A role name that cannot be used; the message says why and what to type."""


def _tidy(raw: str) -> str:
    words = [word for word in _SEPARATORS.split(raw.casefold().replace("&", " and ")) if word]
    while len(words) > 1 and words[-1] in _GENERIC:
        words.pop()
    return "-".join(words)


def normalise_role(raw: str) -> str:
    """The canonical form of a role name, or InvalidRole (a ValueError) saying what is wrong."""
    role = _tidy(raw)
    if not role:
        raise InvalidRole("A role needs a name, for example `lighting` or `editing-and-post`.")
    bad = sorted({ch for ch in role if not (ch.isalnum() or ch == "-")})
    if bad:
        shown = " ".join(f"`{ch}`" for ch in bad)
        raise InvalidRole(
            f"Role `{raw.strip()}` has characters a role cannot use: {shown}. "
            "Use letters, digits, spaces and hyphens, for example `art-and-set`."
        )
    if len(role) > MAX_ROLE_LENGTH:
        raise InvalidRole(
            f"Role `{role[:20]}…` is {len(role)} characters long; "
            f"keep it to {MAX_ROLE_LENGTH} or fewer."
        )
    if role in _RESERVED:
        raise InvalidRole(
            f"`{role}` means no role at all, so it cannot be a role's name. "
            "Pick the department's name, for example `camera`."
        )
    return role


def parse_role(raw: str) -> str | None:
    """Like normalise_role, but ``unassigned`` or ``none`` mean "no role" and give None."""
    if _tidy(raw) in _RESERVED:
        return None
    return normalise_role(raw)


def display_role(role: str | None) -> str:
    """How a role is shown: its name, or ``unassigned``."""
    return role if role is not None else UNASSIGNED


def _group_role(handle: str, name: str) -> str | None:
    """The role a user group stands for: its handle, else its name, else none."""
    for raw in (handle, name):
        try:
            return normalise_role(raw)
        except ValueError:
            continue
    return None


def role_from_groups(memberships: Mapping[str, Sequence[tuple[str, str, int]]]) -> dict[str, str]:
    """Each member's role from their user groups: ``user_id -> [(handle, name, size), ...]``.

    The smallest group wins (ties: alphabetical role, then handle); members
    whose groups offer no valid role are left out, i.e. stay unassigned.
    """
    roles: dict[str, str] = {}
    for user_id, groups in memberships.items():
        options = []
        for handle, name, size in groups:
            role = _group_role(handle, name)
            if role is not None:
                options.append((size, role, handle))
        if options:
            roles[user_id] = min(options)[1]
    return roles


def memberships_from_groups(
    groups: Iterable[tuple[str, str, Iterable[str]]],
) -> dict[str, list[tuple[str, str, int]]]:
    """``(handle, name, user_ids)`` per user group, turned into role_from_groups' input."""
    memberships: dict[str, list[tuple[str, str, int]]] = {}
    for handle, name, user_ids in groups:
        members = sorted(set(user_ids))
        for user_id in members:
            memberships.setdefault(user_id, []).append((handle, name, len(members)))
    return memberships


# Standard names for each department of CONTEXT.md's crew, as productions write them.
_DEPARTMENTS = {
    "direction": "director directing ad 1st-ad first-ad 2nd-ad assistant-director",
    "production": "production-manager production-coordinator coordinator pm upm runner "
    "production-assistant pa production-office",
    "camera": "dp dop cinematographer director-of-photography camera-operator camera-op cam-op "
    "focus-puller ac 1st-ac 2nd-ac camera-assistant clapper-loader dit",
    "lighting": "lights gaffer electrician electric electrics sparks spark lx "
    "best-boy-electric lighting-designer lighting-technician",
    "sound": "audio boom boom-op boom-operator sound-mixer production-sound-mixer mixer "
    "sound-recordist recordist",
    "art-and-set": "art art-department production-design production-designer art-director "
    "set sets set-design set-designer set-dresser set-decorator props prop props-master "
    "prop-master scenic scenic-artist construction",
    "costume-and-make-up": "costume costumes wardrobe costume-designer make-up makeup "
    "hair hair-and-make-up hair-and-makeup hmu mua make-up-artist",
    "editing-and-post": "editing editor edit post post-production postproduction "
    "assistant-editor colourist colorist grading",
    "writers": "writer writing screenwriter scriptwriter",
    "producers": "producer executive-producer exec-producer ep co-producer line-producer",
    "design": "designer game-design game-designer level-design level-designer ux ui",
    "engineering": "engineer developer dev devs programmer programming software-engineer",
    "qa": "tester testers testing quality-assurance",
}
_STANDARD = {name: dept for dept, names in _DEPARTMENTS.items() for name in names.split()} | {
    dept: dept for dept in _DEPARTMENTS
}


def standard_department(role: str) -> str | None:
    """The department a normalised role names by its usual name (``gaffer`` → ``lighting``)."""
    if role in _STANDARD:
        return _STANDARD[role]
    if role.endswith("s") and role[:-1] in _STANDARD:  # gaffers, editors
        return _STANDARD[role[:-1]]
    close = difflib.get_close_matches(role, list(_STANDARD), n=1, cutoff=0.85)  # gafer
    return _STANDARD[close[0]] if close else None


def _sides(role: str) -> list[set[str]]:
    """The parts a combined department joins with ``and``: art-and-set → {art}, {set}."""
    return [set(part.strip("-").split("-")) for part in f"-{role}-".split("-and-")]


def suggest_role(raw: str, existing: Iterable[str]) -> str | None:
    """An existing role that ``raw`` most likely means when it is not one already, else None.

    The same department by a standard name first, then a near spelling, then a
    part of a combined department (``post`` → ``editing-and-post``). A role
    stored before today's rules (``lighting-dept``) is offered for its new form.
    """
    role = normalise_role(raw)
    crew: dict[str, str] = {}
    for stored in sorted(set(existing)):
        try:
            crew.setdefault(normalise_role(stored), stored)
        except InvalidRole:
            continue
    if crew.get(role) == role:
        return None
    if role in crew:
        return crew[role]
    department = standard_department(role)
    same = [name for name in crew if department and standard_department(name) == department]
    if same:
        return crew[department] if department in same else crew[same[0]]
    close = difflib.get_close_matches(role, list(crew), n=1, cutoff=0.8)
    if close:
        return crew[close[0]]
    words = set(role.split("-")) - {"and"}
    for name in crew:
        sides = _sides(name)
        if len(sides) > 1 and any(words <= side for side in [*sides, set().union(*sides)]):
            return crew[name]
    return None

"""Roles: how a member's department is written, checked and derived.

Rules:
- A role name is normalised before it is stored or compared: surrounding
  space is dropped, letters are lower-cased (``str.casefold``), and every run
  of spaces, underscores or hyphens becomes a single ``-``.
  ``"  Art & Set"`` is refused (``&``), ``"Costume and Make-up"`` becomes
  ``costume-and-make-up``, ``"LIGHTING"`` becomes ``lighting``.
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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from rituals.errors import UsageError

MAX_ROLE_LENGTH = 40
UNASSIGNED = "unassigned"
_RESERVED = frozenset({UNASSIGNED, "none"})
_SEPARATORS = re.compile(r"[\s_\-]+")


class InvalidRole(UsageError, ValueError):
    """A role name that cannot be used; the message says why and what to type."""


def normalise_role(raw: str) -> str:
    """The canonical form of a role name, or InvalidRole (a ValueError) saying what is wrong."""
    role = _SEPARATORS.sub("-", raw.strip().casefold()).strip("-")
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
    if _SEPARATORS.sub("-", raw.strip().casefold()).strip("-") in _RESERVED:
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

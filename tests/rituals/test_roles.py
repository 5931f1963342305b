"""Role names and roles from Slack user groups."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.errors import UsageError
from rituals.roles import (
    MAX_ROLE_LENGTH,
    InvalidRole,
    display_role,
    memberships_from_groups,
    normalise_role,
    parse_role,
    role_from_groups,
    standard_department,
    suggest_role,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("lighting", "lighting"),
        ("LIGHTING", "lighting"),
        ("  Camera  ", "camera"),
        ("Editing and Post", "editing-and-post"),
        ("Costume and Make-up", "costume-and-make-up"),
        ("art   set", "art-set"),
        ("art_set", "art-set"),
        ("art - set", "art-set"),
        ("-sound-", "sound"),
        ("QA", "qa"),
        ("2nd-unit", "2nd-unit"),
        ("Régie", "régie"),
        # `&` reads as "and" (issue 16: `costume & make-up` was refused)
        ("costume & make-up", "costume-and-make-up"),
        ("Art&Set", "art-and-set"),
        # words that only say "a department" are dropped (`Lighting Dept` was `lighting-dept`)
        ("Lighting Dept", "lighting"),
        ("Lighting Dept.", "lighting"),
        ("sound department", "sound"),
        ("camera crew", "camera"),
        ("Art and Set Team", "art-and-set"),
        ("lighting-dept-team", "lighting"),
        ("team", "team"),
        ("Crew", "crew"),
        ("Dept Store", "dept-store"),
        ("x" * MAX_ROLE_LENGTH, "x" * MAX_ROLE_LENGTH),
    ],
)
def test_normalise_role(raw: str, expected: str) -> None:
    assert normalise_role(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("---", "needs a name"),
        ("art + set", "`+`"),
        ("camera/grip", "`/`"),
        ("sound!", "`!`"),
        ("x" * (MAX_ROLE_LENGTH + 1), f"{MAX_ROLE_LENGTH} or fewer"),
        ("Unassigned", "no role"),
        ("none", "no role"),
    ],
)
def test_invalid_roles_say_why(raw: str, fragment: str) -> None:
    with pytest.raises(ValueError) as caught:
        normalise_role(raw)
    assert fragment in str(caught.value)
    # The same error is a UsageError, so the command error boundary shows it as it is.
    assert isinstance(caught.value, UsageError)
    assert isinstance(caught.value, InvalidRole)


def test_every_bad_character_is_named_once() -> None:
    with pytest.raises(InvalidRole) as caught:
        normalise_role("a/b/c?")
    assert str(caught.value).count("`/`") == 1
    assert "`?`" in str(caught.value)


@settings(deadline=None)  # pure, but the machine may be busy
@given(st.text(max_size=60))
def test_normalised_roles_are_stable_and_well_formed(raw: str) -> None:
    try:
        role = normalise_role(raw)
    except ValueError:
        return
    assert normalise_role(role) == role
    assert 1 <= len(role) <= MAX_ROLE_LENGTH
    assert role == role.casefold()
    assert all(ch.isalnum() or ch == "-" for ch in role)
    assert not role.startswith("-") and not role.endswith("-") and "--" not in role


def test_parse_role_clears_with_unassigned_or_none() -> None:
    assert parse_role("Unassigned") is None
    assert parse_role(" none ") is None
    assert parse_role("Sound") == "sound"
    with pytest.raises(InvalidRole):
        parse_role("so/und")


def test_display_role() -> None:
    assert display_role(None) == "unassigned"
    assert display_role("camera") == "camera"


def test_smallest_group_wins() -> None:
    memberships = {
        "U1": [("crew", "Whole crew", 40), ("gaffers", "Gaffers", 4)],
        "U2": [("crew", "Whole crew", 40)],
    }
    assert role_from_groups(memberships) == {"U1": "gaffers", "U2": "crew"}


def test_ties_go_to_the_alphabetically_first_role() -> None:
    memberships = {"U1": [("sound", "Sound", 5), ("camera", "Camera", 5)]}
    assert role_from_groups(memberships) == {"U1": "camera"}


def test_name_is_used_when_the_handle_is_not_a_valid_role() -> None:
    memberships = {
        "U1": [("art&set", "Art and Set", 3)],
        "U2": [("x/y", "a/b", 2), ("Post_Team", "Post", 9)],
    }
    # "Post_Team" names the post department: the trailing "team" is dropped.
    assert role_from_groups(memberships) == {"U1": "art-and-set", "U2": "post"}


def test_member_without_a_valid_group_stays_unassigned() -> None:
    memberships = {"U1": [("x/y", "a/b", 2)], "U2": []}
    assert role_from_groups(memberships) == {}


def test_rule_does_not_depend_on_group_order() -> None:
    groups = [("lighting", "Lighting", 6), ("electrics", "Electrics", 6), ("crew", "Crew", 30)]
    forward = role_from_groups({"U1": groups})
    backward = role_from_groups({"U1": list(reversed(groups))})
    assert forward == backward == {"U1": "electrics"}


def test_memberships_from_groups_counts_distinct_members() -> None:
    memberships = memberships_from_groups(
        [
            ("crew", "Whole crew", ["U1", "U2", "U3", "U1"]),
            ("sound", "Sound", ["U2"]),
        ]
    )
    assert memberships["U1"] == [("crew", "Whole crew", 3)]
    assert memberships["U2"] == [("crew", "Whole crew", 3), ("sound", "Sound", 1)]
    assert role_from_groups(memberships) == {"U1": "crew", "U2": "sound", "U3": "crew"}


# -- suggestions -----------------------------------------------------------------------------

CREW = ["lighting", "camera", "sound", "art-and-set", "costume-and-make-up", "editing-and-post"]


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        # the same department by its usual name in film, TV and theatre
        ("gaffer", "lighting"),
        ("Gaffers", "lighting"),
        ("sparks", "lighting"),
        ("electrician", "lighting"),
        ("LX", "lighting"),
        ("DP", "camera"),
        ("DoP", "camera"),
        ("cinematographer", "camera"),
        ("focus puller", "camera"),
        ("boom op", "sound"),
        ("mixer", "sound"),
        ("editor", "editing-and-post"),
        ("colorist", "editing-and-post"),
        ("wardrobe", "costume-and-make-up"),
        ("HMU", "costume-and-make-up"),
        ("props", "art-and-set"),
        ("gafer", "lighting"),  # a near spelling of a usual name
        # near spellings of the crew's roles
        ("lightning", "lighting"),
        ("camra", "camera"),
        ("sounds", "sound"),
        # part of a combined department, or its parts reordered
        ("post", "editing-and-post"),
        ("set", "art-and-set"),
        ("make-up & costume", "costume-and-make-up"),
        # not new at all
        ("Lighting Dept", None),
        ("camera", None),
        # nothing close: a new department
        ("grip", None),  # camera in the UK, its own department in the US
        ("vfx", None),
        ("writers", None),
        ("design", None),
    ],
)
def test_suggest_role(typed: str, suggested: str | None) -> None:
    assert suggest_role(typed, CREW) == suggested


def test_suggestion_is_a_role_the_crew_has() -> None:
    assert suggest_role("gaffer", ["electrics", "camera"]) == "electrics"
    assert suggest_role("gaffer", ["camera"]) is None
    assert suggest_role("gaffer", []) is None
    # A role stored under the old rules is offered for its new spelling.
    assert suggest_role("lighting", ["lighting-dept"]) == "lighting-dept"
    assert suggest_role("lighting", ["x/y", "lighting"]) is None  # unreadable roles are skipped


def test_standard_department() -> None:
    assert standard_department("gaffer") == "lighting"
    assert standard_department("editors") == "editing-and-post"
    assert standard_department("lighting") == "lighting"
    assert standard_department("vfx") is None


@settings(deadline=None)  # pure, but the machine may be busy
@given(st.text(max_size=30), st.lists(st.text(max_size=30), max_size=6))
def test_suggestions_are_existing_roles_other_than_the_new_one(raw: str, crew: list[str]) -> None:
    try:
        suggested = suggest_role(raw, crew)
    except InvalidRole:
        return
    assert suggested is None or suggested in crew
    assert suggested != normalise_role(raw) or normalise_role(raw) not in crew

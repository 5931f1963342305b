"""Shadowing suggestions: one concrete thing a group can do together.

Rules:
- Roles are free-form names, so each is read as a department *family* by its
  words: ``gaffer``, ``lx`` and ``lighting-design`` are lighting,
  ``editing-and-post``, ``vfx`` and ``grade`` are post, and so on (the first
  family in :data:`FAMILIES` order whose keyword matches wins). Unknown roles
  and unassigned members have no family.
- A group holding two families gets a suggestion written for that pair
  (lighting × post: sit in on a grade). Failing that, a group where one member
  has a family and someone else does not share it gets one written for that
  department. Everyone else gets a generic suggestion.
- :func:`suggest` picks among the candidates with ``random.Random(seed)``: the
  same roles (in any order) and seed always give the same suggestion.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations

FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lighting", ("lighting", "light", "lx", "gaffer", "gaffers", "electrics", "sparks", "dimmer")),
    ("camera", ("camera", "cam", "dop", "dp", "cinematography", "focus-puller", "grip", "grips")),
    ("sound", ("sound", "audio", "boom", "mixer", "foley", "music")),
    ("costume", ("costume", "costumes", "wardrobe", "make-up", "makeup", "hair", "mua")),
    ("art", ("art", "set", "props", "scenic", "construction", "production-design", "animation")),
    ("post", ("post", "editing", "edit", "editor", "vfx", "grade", "colour", "color", "dit")),
    ("writing", ("writers", "writer", "writing", "script", "narrative", "story")),
    ("direction", ("direction", "director", "directing", "ad", "1st-ad", "assistant-director")),
    ("production", ("production", "producer", "producers", "pm", "coordinator", "office")),
    ("stage", ("stage-management", "stage", "sm", "dsm", "crew-chief", "rigging", "automation")),
    ("events", ("events", "event", "venue", "logistics", "hospitality", "ticketing")),
    (
        "engineering",
        ("engineering", "engineer", "engineers", "programming", "programmers", "dev", "code"),
    ),
    ("qa", ("qa", "testing", "test", "testers", "quality")),
    ("design", ("design", "designer", "game-design", "level-design", "ux", "ui")),
    ("editorial", ("editorial", "journalism", "reporter", "reporters", "news", "research")),
    ("marketing", ("marketing", "publicity", "comms", "social", "press", "distribution")),
)

_PAIRS: dict[frozenset[str], tuple[str, ...]] = {
    frozenset({"lighting", "post"}): (
        "Sit in on a grade session and see how the light you set survives the edit.",
    ),
    frozenset({"camera", "costume"}): (
        "Join a costume fitting and talk through how fabrics read on camera.",
    ),
    frozenset({"camera", "lighting"}): (
        "Walk the set before the next setup and agree where the key light comes from "
        "and where the camera wants to be.",
    ),
    frozenset({"camera", "post"}): (
        "Watch yesterday's rushes side by side: camera explains the choices made on the day, "
        "post shows what they had to cut around.",
    ),
    frozenset({"sound", "post"}): (
        "Sit in on a sound edit or mix and hear which production-sound takes survived, and why.",
    ),
    frozenset({"sound", "camera"}): (
        "Stand by the boom operator for a scene and see how the frame line leaves room "
        "for the mic.",
    ),
    frozenset({"sound", "art"}): (
        "Walk the set with the sound team and find the floors, props and surfaces "
        "that will creak or clatter on a take.",
    ),
    frozenset({"costume", "art"}): (
        "Hold fabric swatches against the set dressing and check the palette "
        "from both departments at once.",
    ),
    frozenset({"costume", "lighting"}): (
        "Light a costume on a stand together and watch colour temperature change the fabric.",
    ),
    frozenset({"art", "lighting"}): (
        "Check the practicals together: which lamps art dressed in, "
        "and which ones lighting needs to dim or swap.",
    ),
    frozenset({"direction", "production"}): (
        "Go through tomorrow's call sheet and mark the one change that would buy "
        "the most time on the floor.",
    ),
    frozenset({"direction", "writing"}): (
        "Read a scene aloud together and note where the page and the blocking pull apart.",
    ),
    frozenset({"direction", "camera"}): (
        "Sit in on a shot-listing session and hear how a scene turns into setups.",
    ),
    frozenset({"art", "production"}): (
        "Walk through the props and set budget line by line and see where the money really goes.",
    ),
    frozenset({"production", "post"}): (
        "Trace the delivery schedule together and see how a one-day slip on set "
        "moves the whole post calendar.",
    ),
    frozenset({"writing", "post"}): (
        "Watch an assembly of a scene from the script and list what the edit kept, "
        "cut and reordered.",
    ),
    frozenset({"engineering", "design"}): (
        "Pair on one feature for an hour: design talks through the intent, "
        "engineering shows what makes it hard to build.",
    ),
    frozenset({"engineering", "qa"}): (
        "Triage last week's bugs together and pick one that neither of you would have found alone.",
    ),
    frozenset({"design", "qa"}): (
        "Play the latest build together, one at the controls and one saying out loud "
        "what they expect to happen next.",
    ),
    frozenset({"engineering", "art"}): (
        "Drop a new asset into the build together and watch what the engine does to it: "
        "memory, lighting, level of detail.",
    ),
    frozenset({"sound", "engineering"}): (
        "Hook a new sound into the build together and hear it in the game, not just in the DAW.",
    ),
    frozenset({"writing", "design"}): (
        "Play through a level and read every line of dialogue and interface text where it appears.",
    ),
    frozenset({"production", "engineering"}): (
        "Go through the sprint board together and find the dependency that worries each of you "
        "most.",
    ),
    frozenset({"stage", "lighting"}): (
        "Sit at the desk during a plotting session and see how a lighting state becomes a cue.",
    ),
    frozenset({"stage", "sound"}): (
        "Sit beside the stage manager on the book for a run and hear how sound cues are called.",
    ),
    frozenset({"stage", "costume"}): (
        "Stand in the wings for a quick change and time it with the wardrobe team.",
    ),
    frozenset({"events", "production"}): (
        "Walk the venue with the site plan in hand, from the load-in door to the green room.",
    ),
    frozenset({"events", "sound"}): (
        "Be there for a line check before doors and hear what the room does to the sound.",
    ),
    frozenset({"marketing", "post"}): (
        "Cut a fifteen-second teaser from approved footage and compare what each of you "
        "thinks sells the piece.",
    ),
    frozenset({"editorial", "design"}): (
        "Lay out one story together: editorial explains the angle, design shows what "
        "the page or screen can carry.",
    ),
    frozenset({"editorial", "camera"}): (
        "Plan a shoot list for a story: what the reporter needs to show, "
        "and what the camera needs to get it.",
    ),
}

_DEPARTMENT: dict[str, tuple[str, ...]] = {
    "lighting": (
        "Spend a setup with the lighting team and learn what a flag, a bounce and a gel each do.",
    ),
    "camera": ("Watch the camera team set marks and pull focus through a rehearsal take.",),
    "sound": ("Wear the headphones for a take and hear the scene the way the mic does.",),
    "costume": (
        "Join a fitting or a quick change and see how much happens in the minutes nobody films.",
    ),
    "art": ("Help dress one corner of the set and count how many choices go into a single shelf.",),
    "post": ("Sit in on an edit for an hour and watch a scene being built from takes.",),
    "writing": ("Sit in on a script read and follow how a scene changes between drafts.",),
    "direction": ("Sit at video village for a scene and hear how notes are given between takes.",),
    "production": ("Sit with the production office while tomorrow's call sheet comes together.",),
    "stage": ("Follow the stage manager through the half-hour call before a show.",),
    "engineering": ("Follow a change from commit to playable build and ask about every step.",),
    "qa": ("Run a test pass together and write up one bug the way QA would.",),
    "design": ("Sit in on a design review and hear how a feature is argued for and cut.",),
}

GENERIC: tuple[str, ...] = (
    "Trade an hour: each of you walks the other through a task from your day "
    "that nobody outside your department sees.",
    "Bring one thing that slowed you down this week and work out whether "
    "the other department could have made it easier.",
    "Take the next break together and each explain what 'done' means in your department.",
    "Swap schedules for a day and mark every place where your work touches the other's.",
    "Walk the set, stage or studio floor together and each point out one thing "
    "the other has never noticed.",
    "Shadow each other for the first half hour of a day: how you set up and who you talk to first.",
    "Each bring a piece of work you're proud of and explain one decision in it.",
    "Pick one handover between your departments and map who waits on whom, and for how long.",
    "Sit together at the next production meeting and compare afterwards what each of you heard.",
    "Talk through the last time your departments disagreed and what each side needed.",
)


def family(role: str | None) -> str | None:
    """The department family a (normalised) role name belongs to, if any."""
    if not role:
        return None
    words = set(role.split("-"))
    for name, keywords in FAMILIES:
        if any(k in words or ("-" in k and k in role) for k in keywords):
            return name
    return None


def suggestions_for(roles: Sequence[str | None]) -> tuple[str, ...]:
    """Every suggestion that fits a group with these roles, most specific kind first."""
    families = [family(role) for role in roles]
    present = sorted({f for f in families if f is not None})
    paired = tuple(
        text for a, b in combinations(present, 2) for text in _PAIRS.get(frozenset({a, b}), ())
    )
    if paired:
        return paired
    mixed = len(set(families)) > 1
    department = tuple(text for f in present if mixed for text in _DEPARTMENT.get(f, ()))
    return department or GENERIC


def suggest(roles: tuple[str | None, ...], *, seed: int) -> str:
    """One suggestion for a group with these roles; the same for the same roles and seed."""
    return random.Random(seed).choice(suggestions_for(roles))


def all_suggestions() -> tuple[str, ...]:
    """The whole bank, for review and tests."""
    return (
        tuple(text for texts in _PAIRS.values() for text in texts)
        + tuple(text for texts in _DEPARTMENT.values() for text in texts)
        + GENERIC
    )

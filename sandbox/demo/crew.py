"""A simulated production crew: names, departments, time zones, managers.

Seeded, so the same seed always gives the same crew.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Departments of a mid-sized production, with how many of a crew work in each.
ROLES: tuple[tuple[str, int], ...] = (
    ("camera", 4),
    ("lighting", 5),
    ("sound", 2),
    ("art-and-set", 4),
    ("costume-and-make-up", 3),
    ("post-and-edit", 3),
    ("production", 3),
    ("direction", 1),
)
ROLE_NAMES = {
    "camera": "Camera",
    "lighting": "Lighting",
    "sound": "Sound",
    "art-and-set": "Art & Set",
    "costume-and-make-up": "Costume & Make-up",
    "post-and-edit": "Post & Edit",
    "production": "Production",
    "direction": "Direction",
}
TITLES = {
    "camera": ("Director of Photography", "Camera Operator", "1st AC", "2nd AC", "DIT"),
    "lighting": ("Gaffer", "Best Boy Electric", "Spark", "Lighting Technician"),
    "sound": ("Production Sound Mixer", "Boom Operator"),
    "art-and-set": ("Production Designer", "Art Director", "Set Decorator", "Props Master"),
    "costume-and-make-up": ("Costume Designer", "Wardrobe Supervisor", "Make-up Artist"),
    "post-and-edit": ("Editor", "Assistant Editor", "Colourist", "VFX Coordinator"),
    "production": ("Line Producer", "Production Manager", "Production Coordinator"),
    "direction": ("Director", "1st AD", "2nd AD"),
}
FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Ewa",
    "Farid",
    "Gwen",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Leo",
    "Maya",
    "Nils",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Vik",
    "Wren",
    "Xav",
    "Yara",
    "Zed",
    "Amir",
    "Bea",
    "Cal",
    "Dina",
    "Eli",
    "Fen",
    "Gus",
    "Hana",
    "Ivo",
    "Jade",
    "Kai",
    "Lina",
    "Mo",
    "Noor",
    "Otto",
    "Pia",
    "Raf",
    "Sol",
    "Tom",
    "Una",
    "Val",
    "Wes",
]
LAST = [
    "Adeyemi",
    "Brandt",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Laurent",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quaid",
    "Rossi",
    "Santos",
    "Tanaka",
    "Ueda",
    "Vargas",
    "Walsh",
    "Xu",
    "Young",
    "Zimmer",
]
ZONES = (
    ("Europe/London", 70),
    ("Europe/Berlin", 15),
    ("America/New_York", 10),
    ("Asia/Kolkata", 5),
)


@dataclass(frozen=True)
class CrewMember:
    """One simulated person."""

    handle: str
    real_name: str
    role: str
    title: str
    tz: str
    is_admin: bool
    responsiveness: float  # chance of answering a prompt
    sociability: float  # chance of reacting or replying to a post
    mood: float  # baseline pulse 1..5


def make_crew(size: int, seed: int) -> list[CrewMember]:
    """``size`` people spread over the departments, two of them managers (workspace admins)."""
    if size < 4:
        raise ValueError("a crew needs at least 4 people")
    rng = random.Random(seed)
    weights = [w for _, w in ROLES]
    roles = [name for name, _ in ROLES]
    # Every department is staffed before the rest is drawn by weight.
    picked = roles[: min(size, len(roles))]
    picked += rng.choices(roles, weights=weights, k=size - len(picked))
    rng.shuffle(picked)
    zone_names = [z for z, _ in ZONES]
    zone_weights = [w for _, w in ZONES]
    crew = []
    used: set[str] = set()
    for index, role in enumerate(picked):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        handle = f"{first}.{last}".lower()
        while handle in used:
            handle = f"{first}.{last}{len(used)}".lower()
        used.add(handle)
        crew.append(
            CrewMember(
                handle=handle,
                real_name=f"{first} {last}",
                role=role,
                title=rng.choice(TITLES[role]),
                tz=rng.choices(zone_names, weights=zone_weights)[0],
                is_admin=index < 2,
                responsiveness=rng.uniform(0.55, 0.95),
                sociability=rng.uniform(0.1, 0.6),
                mood=rng.uniform(2.8, 4.4),
            )
        )
    return crew

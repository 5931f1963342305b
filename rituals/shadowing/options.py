"""How a shadowing round is made: group size and the delay before "Did you meet?"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from rituals.errors import UsageError

KIND = "shadow"
DEFAULT_FOLLOWUP = timedelta(days=3)
MAX_FOLLOWUP = timedelta(days=30)


class ShadowDelivery(StrEnum):
    """Delivery kinds of a shadowing round."""

    INTRO = "shadow_intro"
    FOLLOWUP = "shadow_followup"
    UNPLACED = "shadow_unplaced"


def group_recipient(pairing_id: int) -> str:
    """The delivery recipient naming a group (its messages go to the group DM)."""
    return f"pairing:{pairing_id}"


@dataclass(frozen=True)
class RoundOptions:
    """Group size (2: pairs, 3: trios) and the delay before "Did you meet?"."""

    size: int = 2
    followup: timedelta = DEFAULT_FOLLOWUP

    @classmethod
    def checked(cls, *, size: int = 2, followup: timedelta = DEFAULT_FOLLOWUP) -> RoundOptions:
        """Options a manager asked for; UsageError saying what is allowed."""
        if size not in (2, 3):
            raise UsageError(f"Groups can be of size 2 or 3, not `{size}`.")
        if followup < timedelta(0):
            raise UsageError("The follow-up cannot come before the intro.")
        if followup > MAX_FOLLOWUP:
            raise UsageError("The follow-up can come at most 30 days later (`followup 30d`).")
        return cls(size=size, followup=followup)

    def as_config(self) -> dict[str, Any]:
        """The occurrence / ritual config."""
        return {"size": self.size, "followup_minutes": int(self.followup.total_seconds() // 60)}

    @classmethod
    def from_config(cls, config: dict[str, Any] | None) -> RoundOptions:
        """Read a stored config; missing or unreadable values take the defaults."""
        config = config or {}
        size = 3 if config.get("size") == 3 else 2
        minutes = config.get("followup_minutes")
        delay = DEFAULT_FOLLOWUP
        if isinstance(minutes, int) and 0 <= minutes <= MAX_FOLLOWUP.total_seconds() // 60:
            delay = timedelta(minutes=minutes)
        return cls(size=size, followup=delay)

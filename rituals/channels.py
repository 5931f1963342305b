"""Which channel a ritual posts in: one the crew shares, never a DM."""

from __future__ import annotations

from rituals.errors import UsageError
from rituals.services import Services


def shared_channel(
    svc: Services, team_id: str, channel_id: str, *, purpose: str, example: str
) -> str:
    """``channel_id`` when it is a channel (not a DM) the bot can see; UsageError saying
    ``purpose`` and an ``example`` command otherwise."""
    wrong = UsageError(f"{purpose}: name one, e.g. `{example}`.")
    if not channel_id.startswith(("C", "G")):
        raise wrong
    if svc.people.check_channel(team_id, channel_id).is_direct:
        raise wrong
    return channel_id

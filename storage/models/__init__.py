"""The schema: every table carries the workspace (``team_id``) it belongs to.

Times are stored as aware UTC datetimes. Message text is kept only for retro
cards, pulse notes and action items; interactions keep who, to whom and when.
Schema changes go through Alembic migrations in ``storage/migrations``.
The models are grouped by feature in this package and re-exported here.
"""

from storage.models.base import NAMING, Base, SlackId, TeamId, UTCDateTime
from storage.models.figures import FigureAnswerList, FigureRelease, FigureSet
from storage.models.people import AvoidPair, Member, Welcome, Workspace
from storage.models.pulse import PulseAnswer, PulseNote
from storage.models.retro import ActionItem, Retro, RetroCard, RetroVote
from storage.models.rituals import Delivery, Interaction, Occurrence, ProcessedEvent, Ritual
from storage.models.shadowing import Pairing, PairingMember

__all__ = [
    "ActionItem",
    "AvoidPair",
    "Base",
    "Delivery",
    "FigureAnswerList",
    "FigureRelease",
    "FigureSet",
    "Interaction",
    "Member",
    "NAMING",
    "Occurrence",
    "Pairing",
    "PairingMember",
    "ProcessedEvent",
    "PulseAnswer",
    "PulseNote",
    "Retro",
    "RetroCard",
    "RetroVote",
    "Ritual",
    "SlackId",
    "TeamId",
    "UTCDateTime",
    "Welcome",
    "Workspace",
]

"""The New ritual / Edit form of the App Home: what was filled in, checked and saved.

Rules:
- The form gives days (Mon–Sun) and a time, never cron; the zone is the team's, a
  named one (picked, or typed as Area/City), or — for a pulse — each member's own.
- Every problem names its field (``InvalidField``), so the form marks that field.
- A new ritual takes its kind from the form; an edited one keeps its kind, id and
  history. Both go through ``rituals.scheduled`` (manager rights, the channel, the
  once-a-day and one-per-channel rules), and an edit finds the ritual by id within
  the editor's own workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rituals.actors import Actor, require_manager
from rituals.errors import UsageError
from rituals.schedule import Day, Schedule, find_zone, schedule_from_days
from rituals.scheduled import (
    InvalidField,
    KindOptions,
    RitualSpec,
    Zone,
    current_spec,
    edit_spec,
    set_up,
)
from rituals.scheduled.spec import KINDS, PULSE
from rituals.services import Services
from rituals.teams import team_zone

TEAM_ZONE = "team"
MEMBER_ZONE = "local"


@dataclass(frozen=True)
class RitualForm:
    """The form as filled in: raw values, None when a field was left empty or not shown."""

    kind: str | None = None
    channel_id: str | None = None
    days: tuple[int, ...] = ()
    time: str | None = None
    zone: str | None = None  # "team", "local" or an Area/City picked
    zone_typed: str | None = None  # an Area/City typed (wins over the one picked)
    question: str | None = None
    window_hours: float | None = None
    reminder: bool | None = None
    size: int | None = None
    followup_minutes: int | None = None
    crew_channel: str | None = None
    whole_team: bool | None = None


def _zone(form: RitualForm, kind: str) -> Zone:
    typed = (form.zone_typed or "").strip()
    if typed:
        try:
            return Zone(find_zone(typed))
        except UsageError as error:
            raise InvalidField("zone_typed", error.message) from None
    if form.zone in (None, "", TEAM_ZONE):
        return Zone()
    if form.zone == MEMBER_ZONE:
        if kind != PULSE:
            raise InvalidField("zone", "Only a pulse can go at each member's own time.")
        return Zone(member_local=True)
    try:
        return Zone(find_zone(form.zone))
    except UsageError as error:
        raise InvalidField("zone", error.message) from None


def _schedule(form: RitualForm) -> Schedule:
    if not form.days:
        raise InvalidField("days", "Tick at least one day.")
    if not form.time:
        raise InvalidField("time", "Pick a time.")
    try:
        return schedule_from_days((Day(int(d) % 7) for d in form.days), form.time)
    except (UsageError, ValueError) as error:
        message = error.message if isinstance(error, UsageError) else "Pick a time."
        raise InvalidField("time", message) from None


def spec_of(form: RitualForm, *, kind: str) -> RitualSpec:
    """The ritual the form describes; InvalidField naming the field that can't be used."""
    if kind not in KINDS:
        raise InvalidField("kind", "Pick what kind of ritual this is.")
    if not form.channel_id:
        raise InvalidField("channel", "Pick the channel whose crew this ritual is for.")
    followup = None if form.followup_minutes is None else timedelta(minutes=form.followup_minutes)
    options = KindOptions(
        question=form.question,
        window_hours=form.window_hours,
        reminder=form.reminder,
        size=form.size,
        followup=followup,
        crew_channel=form.crew_channel,
        whole_team=form.whole_team,
    )
    return RitualSpec(kind, form.channel_id, _schedule(form), _zone(form, kind), options)


@dataclass(frozen=True)
class Saved:
    """A ritual set up or changed from the form."""

    id: int
    words: str
    new: bool


def save(svc: Services, actor: Actor, form: RitualForm, *, ritual_id: int | None) -> Saved:
    """Set up a new ritual (``ritual_id`` None) or change one in place from the form."""
    if ritual_id is None:
        done = set_up(svc, actor, spec_of(form, kind=form.kind or ""))
        return Saved(done.id, done.words, new=True)
    kind = current_spec(svc, actor, ritual_id).kind  # its own kind, found within the team
    changed = edit_spec(svc, actor, ritual_id, spec_of(form, kind=kind))
    return Saved(changed.id, changed.words, new=False)


@dataclass(frozen=True)
class FormStart:
    """What the form opens with: the team's zone, and the ritual being edited (if one)."""

    team_tz: str
    ritual_id: int | None = None
    spec: RitualSpec | None = None


def open_form(svc: Services, actor: Actor, *, ritual_id: int | None = None) -> FormStart:
    """The New ritual form (``ritual_id`` None) or the Edit form of a ritual of the
    actor's workspace, filled in (managers only)."""
    require_manager(svc, actor, doing="set up rituals")
    spec = None if ritual_id is None else current_spec(svc, actor, ritual_id)
    return FormStart(team_zone(svc, actor.team_id), ritual_id, spec)

"""Creating a ritual and changing one in place, under the same rules.

Rules:
- The schedule is checked in the ritual's zone: it must fire at all, and a pulse,
  shadowing round, check-in or digest fires at most once a day (the rule of
  ``rituals.schedule.check_once_a_day``).
- A channel has at most one ritual of each kind: a second is refused with the
  existing ritual's id, to edit instead.
- The channel is one the bot is in, never a DM.
- Editing keeps the ritual's id, so its history (occurrences, answers) stays its own;
  its next run is recomputed from now.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rituals.actors import Actor, require_manager
from rituals.errors import NotFound, UsageError
from rituals.schedule import (
    CRON_EXAMPLE,
    Schedule,
    check_once_a_day,
    describe,
    next_fire,
    parse_cron,
    schedule_from_cron,
    zone,
)
from rituals.scheduled.listing import RitualInfo, info, words_of
from rituals.scheduled.spec import (
    KIND_NAMES,
    ONCE_A_DAY,
    OWN_ZONE,
    InvalidField,
    KindOptions,
    RitualSpec,
    Zone,
    kind_config,
    options_of,
    zone_of,
)
from rituals.services import Services
from rituals.teams import team_zone
from storage import schedules
from storage.schedules import RitualRecord
from storage.unit import Unit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scheduled:
    """A ritual just created or changed."""

    id: int
    next_run_at: datetime
    tz: str
    words: str = ""


def _schedule(cron: str) -> Schedule:
    try:
        return schedule_from_cron(cron)
    except UsageError as error:
        raise InvalidField("time", error.message) from None


def _upcoming(schedule: Schedule, tz_name: str, now: datetime) -> datetime:
    try:
        zone(tz_name)
    except UsageError as error:
        raise InvalidField("zone", error.message) from None
    upcoming = next_fire(parse_cron(schedule.cron, tz_name), now)
    if upcoming is None:
        raise InvalidField("time", f"`{schedule.cron}` never fires. Example: {CRON_EXAMPLE}.")
    return upcoming


def _check_rules(
    unit: Unit,
    *,
    team_id: str,
    kind: str,
    channel_id: str | None,
    schedule: Schedule,
    tz: str,
    other_than: int | None = None,
) -> None:
    if kind in ONCE_A_DAY:
        try:
            check_once_a_day(schedule, ritual=ONCE_A_DAY[kind])
        except UsageError as error:
            raise InvalidField("time", error.message) from None
    existing = schedules.same_place(
        unit, team_id=team_id, kind=kind, channel_id=channel_id, other_than=other_than
    )
    if existing is not None and kind in KIND_NAMES:
        where = f"<#{channel_id}>" if channel_id else "This workspace"
        said = words_of(existing.cron, existing.tz)
        raise InvalidField(
            "channel",
            f"{where} already has a {KIND_NAMES[kind]}: ritual #{existing.id} ({said}). "
            f"Edit it instead: `/greenroom rituals edit {existing.id} …`, or Edit on the "
            "Greenroom App Home.",
        )


def _check_channel(svc: Services, team_id: str, channel_id: str | None) -> None:
    if not channel_id:
        return
    if channel_id.startswith("D"):
        raise InvalidField("channel", "A ritual runs for a channel's crew: pick a channel.")
    try:
        svc.people.check_channel(team_id, channel_id)
    except UsageError as error:
        raise InvalidField("channel", error.message) from None
    except NotFound as error:
        raise InvalidField("channel", error.message) from None


def create(
    svc: Services,
    actor: Actor,
    *,
    kind: str,
    cron: str,
    channel_id: str | None,
    config: dict[str, Any] | None = None,
    tz: str | None = None,
) -> Scheduled:
    """Validate and store a ritual and tell the engine; UsageError on a bad schedule or
    channel, or when the channel has a ritual of this kind already."""
    now = svc.clock.now()
    tz_name = tz or team_zone(svc, actor.team_id)
    schedule = _schedule(cron)
    upcoming = _upcoming(schedule, tz_name, now)
    _check_channel(svc, actor.team_id, channel_id)
    stored = {**(config or {}), OWN_ZONE: True} if tz else dict(config or {})
    with svc.db.unit() as unit:
        _check_rules(
            unit,
            team_id=actor.team_id,
            kind=kind,
            channel_id=channel_id,
            schedule=schedule,
            tz=tz_name,
        )
        ritual_id = schedules.create(
            unit,
            team_id=actor.team_id,
            kind=kind,
            channel_id=channel_id,
            cron=cron,
            tz=tz_name,
            config=stored,
            next_run_at=upcoming,
            created_by=actor.user_id,
            now=now,
        )
    svc.wake()
    logger.info(
        "ritual %s (%s) created by %s team=%s", ritual_id, kind, actor.user_id, actor.team_id
    )
    return Scheduled(ritual_id, upcoming, tz_name, _words(schedule, tz_name, stored))


def _words(schedule: Schedule, tz: str, config: dict[str, Any]) -> str:
    return describe(schedule, tz=tz, member_local=bool(config.get("local_time")))


def set_up(svc: Services, actor: Actor, spec: RitualSpec) -> Scheduled:
    """A new ritual from the New ritual form (managers)."""
    require_manager(svc, actor, doing="set up rituals")
    _check_channel(svc, actor.team_id, spec.channel_id)
    config = kind_config(spec.kind, spec.options, spec.zone, channel_id=spec.channel_id, base={})
    if spec.kind == "digest" and config.get("crew_channel") not in (None, spec.channel_id):
        _check_channel(svc, actor.team_id, str(config["crew_channel"]))
    return create(
        svc,
        actor,
        kind=spec.kind,
        cron=spec.schedule.cron,
        channel_id=spec.channel_id,
        config=config,
        tz=spec.zone.name,
    )


def _find(svc: Services, actor: Actor, ritual_id: int) -> RitualRecord:
    with svc.db.unit() as unit:
        found = schedules.get(unit, team_id=actor.team_id, ritual_id=ritual_id)
    if found is None:
        raise NotFound(f"No ritual #{ritual_id} here. Type `/greenroom rituals` to see ids.")
    return found


def current_spec(svc: Services, actor: Actor, ritual_id: int) -> RitualSpec:
    """How a ritual of the actor's workspace is set up (managers), to fill in the edit form."""
    require_manager(svc, actor, doing="edit rituals")
    found = _find(svc, actor, ritual_id)
    return RitualSpec(
        found.kind,
        found.channel_id or "",
        _schedule(found.cron),
        zone_of(found.config, found.tz),
        options_of(found.kind, found.config, found.channel_id),
    )


def edit(
    svc: Services,
    actor: Actor,
    ritual_id: int,
    *,
    schedule: Schedule | None = None,
    channel_id: str | None = None,
    zone_choice: Zone | None = None,
    options: KindOptions | None = None,
) -> RitualInfo:
    """Change a ritual in place (managers): what is not given stays as it is; the ritual now."""
    require_manager(svc, actor, doing="edit rituals")
    found = _find(svc, actor, ritual_id)
    now = svc.clock.now()
    schedule = schedule or _schedule(found.cron)
    channel = channel_id or found.channel_id
    if channel != found.channel_id:
        _check_channel(svc, actor.team_id, channel)
    chosen = zone_choice or zone_of(found.config, found.tz)
    config = kind_config(
        found.kind, options or KindOptions(), chosen, channel_id=channel or "", base=found.config
    )
    tz_name = chosen.name or team_zone(svc, actor.team_id)
    upcoming = _upcoming(schedule, tz_name, now)
    with svc.db.unit() as unit:
        _check_rules(
            unit,
            team_id=actor.team_id,
            kind=found.kind,
            channel_id=channel,
            schedule=schedule,
            tz=tz_name,
            other_than=found.id,
        )
        schedules.change(
            unit,
            ritual_id=found.id,
            cron=schedule.cron,
            tz=tz_name,
            channel_id=channel,
            config=config,
            next_run_at=upcoming,
        )
        changed = schedules.get(unit, team_id=actor.team_id, ritual_id=found.id)
    svc.wake()
    logger.info("ritual %s edited by %s team=%s", found.id, actor.user_id, actor.team_id)
    assert changed is not None
    return info(changed)


def edit_spec(svc: Services, actor: Actor, ritual_id: int, spec: RitualSpec) -> RitualInfo:
    """Change a ritual in place from the filled-in form (its kind stays)."""
    return edit(
        svc,
        actor,
        ritual_id,
        schedule=spec.schedule,
        channel_id=spec.channel_id,
        zone_choice=spec.zone,
        options=spec.options,
    )

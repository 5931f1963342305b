"""The App Home: published when a member opens it, and again after each button there.

Every member sees their pulse streak, their latest shadowing group and an
opt-out toggle. Managers also see this week's team figures (the digest metrics
for the current ISO week in the team's zone) and the rituals with their next
run and a pause/resume button. Manager rights are checked again on every click.

The streak counts the member's pulse days answered in a row, newest first: a
day is a pulse day when the member was sent a pulse prompt (or answered one)
that day in the team's zone, so weekends and holidays without a pulse do not
break it, and today's prompt not answered yet does not either.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from sqlalchemy import select

from bot.scheduling import local_time, rituals_of, team_tz
from bot.views.home import (
    ActionId,
    ManagerPanel,
    MemberHome,
    OptOut,
    PairCard,
    RitualRow,
    home_view,
)
from rituals.errors import GreenroomError, NotAllowed, NotFound
from rituals.schedule import zone
from storage.models import Delivery, Occurrence, Pairing, PairingMember, PulseAnswer, Ritual

if TYPE_CHECKING:
    from bot.wiring import Wiring

logger = logging.getLogger(__name__)

PULSE_KIND = "pulse"
STREAK_LOOKBACK = timedelta(days=400)


def register(app: App, deps: Wiring) -> None:
    """Publish the App Home on open; handle its opt-out and pause/resume buttons."""

    @app.event("app_home_opened")
    def on_home_opened(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            team_id = str(body.get("team_id") or context.team_id or "")
            deps.after_ack(publish_home, deps, team_id, str(event["user"]))

    @app.action(ActionId.TOGGLE_OPT_OUT)
    def on_toggle_opt_out(ack: Ack, action: dict[str, Any], context: BoltContext) -> None:
        ack()
        team_id, user_id = str(context.team_id), str(context.user_id)
        opted_out = action.get("value") == OptOut.OUT
        deps.directory.update(team_id, user_id, opted_out=opted_out)
        notice = (
            "You're opted out: no more pulse prompts or pairings until you opt back in."
            if opted_out
            else "Welcome back: you'll get pulse prompts and pairings again."
        )
        deps.after_ack(publish_home, deps, team_id, user_id, notice=notice)

    def on_ritual_button(ack: Ack, action: dict[str, Any], context: BoltContext) -> None:
        ack()
        paused = action.get("action_id") == ActionId.PAUSE_RITUAL
        deps.after_ack(
            set_paused,
            deps,
            str(context.team_id),
            str(context.user_id),
            str(action.get("value") or ""),
            paused=paused,
        )

    app.action(ActionId.PAUSE_RITUAL)(on_ritual_button)
    app.action(ActionId.RESUME_RITUAL)(on_ritual_button)


def set_paused(deps: Wiring, team_id: str, user_id: str, value: str, *, paused: bool) -> None:
    """Pause or resume a ritual from the App Home (managers only), then re-publish it."""
    try:
        notice = _set_paused(deps, team_id, user_id, value, paused=paused)
    except GreenroomError as refusal:
        logger.info(
            "home %s refused team=%s user=%s", "pause" if paused else "resume", team_id, user_id
        )
        notice = refusal.message
    publish_home(deps, team_id, user_id, notice=notice)


def _set_paused(deps: Wiring, team_id: str, user_id: str, value: str, *, paused: bool) -> str:
    verb = "pause" if paused else "resume"
    if not deps.directory.is_manager(team_id, user_id):
        raise NotAllowed(f"Only managers can {verb} rituals. Ask a manager, or a workspace admin.")
    ritual_id = int(value) if value.isdigit() else -1
    with deps.db.session() as session:
        ritual = session.scalar(
            select(Ritual).where(Ritual.id == ritual_id, Ritual.team_id == team_id)
        )
        if ritual is None:
            raise NotFound(f"No ritual with id {value}. Type `/greenroom rituals` to see ids.")
        ritual.paused = paused
    logger.info("ritual %s: %s from the home tab by %s", ritual_id, verb, user_id)
    if paused:
        return (
            f"Paused ritual #{ritual_id}; resume it here or with `/greenroom resume {ritual_id}`."
        )
    deps.engine.schedule(ritual_id)
    return f"Resumed ritual #{ritual_id}."


def publish_home(deps: Wiring, team_id: str, user_id: str, *, notice: str | None = None) -> None:
    """Build and publish the member's App Home (views.publish)."""
    now = deps.clock.now()
    tz = team_tz(deps, team_id)
    someone = deps.directory.get(team_id, user_id)
    member = MemberHome(
        user_id=user_id,
        streak=member_streak(deps, team_id, user_id, tz=tz, now=now),
        pair=latest_pair(deps, team_id, user_id),
        opted_out=bool(someone and someone.opted_out),
    )
    is_manager = deps.directory.is_manager(team_id, user_id)
    panel = manager_panel(deps, team_id, tz=tz, now=now) if is_manager else None
    view = home_view(member, panel, notice=notice)
    deps.client_for(team_id).views_publish(user_id=user_id, view=view)


# the member's part ---------------------------------------------------------------------


def answer_streak(prompted: Iterable[date], answered: Iterable[date], today: date) -> int:
    """Consecutive pulse days answered, newest first; today's open prompt does not break it."""
    done = set(answered)
    streak = 0
    for day in sorted(set(prompted) | done, reverse=True):
        if day > today:
            continue
        if day in done:
            streak += 1
        elif day != today:
            break
    return streak


def member_streak(deps: Wiring, team_id: str, user_id: str, *, tz: str, now: datetime) -> int:
    """The member's pulse streak in the team's zone."""
    since = now - STREAK_LOOKBACK
    with deps.db.session() as session:
        prompted = session.scalars(
            select(Occurrence.scheduled_for)
            .join(Delivery, Delivery.occurrence_id == Occurrence.id)
            .where(
                Occurrence.team_id == team_id,
                Occurrence.kind == PULSE_KIND,
                Occurrence.scheduled_for >= since,
                Delivery.recipient == user_id,
                Delivery.status == "sent",
            )
        ).all()
        answered = session.scalars(
            select(Occurrence.scheduled_for)
            .join(PulseAnswer, PulseAnswer.occurrence_id == Occurrence.id)
            .where(
                PulseAnswer.team_id == team_id,
                PulseAnswer.user_id == user_id,
                Occurrence.scheduled_for >= since,
            )
        ).all()
    local = zone(tz)
    return answer_streak(
        (when.astimezone(local).date() for when in prompted),
        (when.astimezone(local).date() for when in answered),
        now.astimezone(local).date(),
    )


def latest_pair(deps: Wiring, team_id: str, user_id: str) -> PairCard | None:
    """The member's most recent shadowing group, or None."""
    with deps.db.session() as session:
        pairing = session.scalar(
            select(Pairing)
            .join(PairingMember, PairingMember.pairing_id == Pairing.id)
            .where(Pairing.team_id == team_id, PairingMember.user_id == user_id)
            .order_by(Pairing.created_at.desc(), Pairing.id.desc())
            .limit(1)
        )
        if pairing is None:
            return None
        partners = session.scalars(
            select(PairingMember.user_id)
            .where(PairingMember.pairing_id == pairing.id, PairingMember.user_id != user_id)
            .order_by(PairingMember.user_id)
        ).all()
        return PairCard(partners=tuple(partners), suggestion=pairing.suggestion, met=pairing.met)


# the manager's part --------------------------------------------------------------------


def iso_week(now: datetime, tz: str) -> str:
    """``2026-W48``: the ISO week of ``now`` in the zone."""
    year, week, _ = now.astimezone(zone(tz)).isocalendar()
    return f"{year}-W{week:02d}"


def manager_panel(deps: Wiring, team_id: str, *, tz: str, now: datetime) -> ManagerPanel:
    """This week's figures and the team's rituals."""
    week = iso_week(now, tz)
    rows = tuple(
        RitualRow(
            id=ritual.id,
            kind=ritual.kind,
            channel_id=ritual.channel_id,
            cron=ritual.cron,
            paused=ritual.paused,
            next_run=local_time(ritual.next_run_at, ritual.tz) if ritual.next_run_at else None,
        )
        for ritual in rituals_of(deps, team_id)
    )
    return ManagerPanel(week=week, figures=week_figures(deps, team_id, week, tz=tz), rituals=rows)


def week_figures(deps: Wiring, team_id: str, week: str, *, tz: str) -> Mapping[str, Any] | None:
    """This week's team figures, released through the privacy gate (None when they cannot be
    computed)."""
    try:
        from rituals.figures.home import team_week
    except ModuleNotFoundError as missing:
        if missing.name not in ("rituals.figures.home", "rituals.figures"):
            raise
        return None
    try:
        return team_week(deps.svc, team_id).metrics
    except Exception:  # the figures are one panel: the rest of the home must still publish
        logger.exception("team figures failed team=%s week=%s", team_id, week)
        return None

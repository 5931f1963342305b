"""Shadowing pairings: commands, the round planner, intro / follow-up / unplaced senders,
and the "Did you meet?" buttons.

A round belongs to one occurrence of kind ``shadow``. Its groups are made once —
by ``shadow pair`` (so the answer can report them) or by the planner for a
scheduled round — and stored with the occurrence; planning again, or a second
process, reuses them. Each group gets an intro in its own group DM
(conversations.open with its members) and, after the follow-up delay, a
"Did you meet?" question whose answer is stored on the group.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_bolt import Ack, App, Respond

from bot.commands.args import parse_duration
from bot.commands.router import CommandContext, Reply, leftover_words
from bot.scheduling import holiday_name, schedule_ritual, scheduled_reply, take_cron, team_tz
from bot.views import shadow as views
from bot.views.render import Blocks
from rituals.eligibility import why_left_out
from rituals.engine.types import (
    OccurrenceInfo,
    PlanContext,
    Planned,
    SendContext,
    SkipDelivery,
    SkipOccurrence,
)
from rituals.errors import Conflict, GreenroomError, NotFound, UsageError
from rituals.pairing import Candidate, PastRound, make_groups
from rituals.people import Person
from rituals.shadowing_bank import suggest
from storage import pairing as store

if TYPE_CHECKING:
    from bot.wiring import Wiring

logger = logging.getLogger(__name__)

KIND = "shadow"
RECENT_ROUNDS = 6
HISTORY_ROUNDS = 8
MEMBER_HISTORY = 10
DEFAULT_FOLLOWUP = timedelta(days=3)
MAX_FOLLOWUP = timedelta(days=30)
PAIR_USAGE = "shadow pair [#channel] [size 2|3] [followup <N>d|<N>h]"
SCHEDULE_USAGE = 'shadow schedule "<cron>" [#channel] [size 2|3] [followup <N>d|<N>h]'
AVOID_USAGE = "shadow avoid @someone"
UNAVOID_USAGE = "shadow unavoid @someone"


class ShadowDelivery(StrEnum):
    """Delivery kinds of a shadowing round."""

    INTRO = "shadow_intro"
    FOLLOWUP = "shadow_followup"
    UNPLACED = "shadow_unplaced"


@dataclass(frozen=True)
class RoundOptions:
    """How a round is made: group size and the delay before "Did you meet?"."""

    size: int = 2
    followup: timedelta = DEFAULT_FOLLOWUP

    def as_config(self) -> dict[str, Any]:
        """The occurrence / ritual config."""
        return {"size": self.size, "followup_minutes": int(self.followup.total_seconds() // 60)}

    @classmethod
    def from_config(cls, config: dict[str, Any] | None) -> RoundOptions:
        """Read a stored config; missing values take the defaults."""
        config = config or {}
        size = 3 if config.get("size") == 3 else 2
        minutes = config.get("followup_minutes")
        delay = timedelta(minutes=minutes) if isinstance(minutes, int) else DEFAULT_FOLLOWUP
        return cls(size=size, followup=delay)


def register(app: App, deps: Wiring) -> None:
    """Register the shadowing commands, planner, senders and buttons."""
    router = deps.commands["/greenroom"]
    router.add("shadow pair", pair_command, usage=PAIR_USAGE, manager=True)
    router.add("shadow schedule", schedule_command, usage=SCHEDULE_USAGE, manager=True)
    router.add("shadow history", history_command, usage="shadow history [#channel]")
    router.add("shadow avoid", avoid_command, usage=AVOID_USAGE)
    router.add("shadow unavoid", unavoid_command, usage=UNAVOID_USAGE)
    deps.engine.register_planner(KIND, partial(plan_round, deps))
    deps.engine.register_sender(ShadowDelivery.INTRO, partial(send_intro, deps))
    deps.engine.register_sender(ShadowDelivery.FOLLOWUP, partial(send_followup, deps))
    deps.engine.register_sender(ShadowDelivery.UNPLACED, partial(send_unplaced, deps))
    app.action(views.ShadowAction.MET_YES)(_answer_listener(deps, met=True))
    app.action(views.ShadowAction.MET_NO)(_answer_listener(deps, met=False))


# commands --------------------------------------------------------------------


def take_options(ctx: CommandContext, *, usage: str) -> RoundOptions:
    """Read ``size 2|3`` and ``followup <N>d|<N>h`` from the remaining arguments."""
    size, delay = 2, DEFAULT_FOLLOWUP
    words = list(ctx.args)
    ctx.args.clear()
    while words:
        word = words.pop(0).lower()
        if word in ("size", "followup", "follow-up") and not words:
            raise UsageError(f"`{word}` needs a value. Usage: `{ctx.command} {usage}`")
        if word == "size":
            value = words.pop(0)
            if value not in ("2", "3"):
                raise UsageError(f"Groups can be of size 2 or 3, not `{value}`.")
            size = int(value)
        elif word in ("followup", "follow-up"):
            delay = parse_duration(words.pop(0), example="followup 3d")
            if delay > MAX_FOLLOWUP:
                raise UsageError("The follow-up can come at most 30 days later (`followup 30d`).")
        else:
            ctx.args.append(word)
    leftover_words(ctx, usage=usage)
    return RoundOptions(size=size, followup=delay)


def _crew_channel(ctx: CommandContext, channel_id: str, *, usage: str) -> str:
    """``channel_id`` when it is a channel the bot is in (not a DM); UsageError otherwise."""
    example = f"`{ctx.command} {usage.split(' [')[0]} #crew`"
    if channel_id.startswith("D"):
        raise UsageError(f"Shadowing pairs the members of a channel: name one, e.g. {example}.")
    info = ctx.deps.directory.check_channel(ctx.team_id, channel_id)
    if info.is_direct:
        raise UsageError(f"Shadowing pairs the members of a channel: name one, e.g. {example}.")
    return channel_id


def local_day(deps: Wiring, team_id: str, when: datetime) -> date:
    """The team's calendar day at ``when``."""
    return when.astimezone(ZoneInfo(team_tz(deps, team_id))).date()


def _why_left(person: Person, day: date) -> str:
    return why_left_out(person, day) or "not available"


def pair_command(ctx: CommandContext) -> Reply:
    """``shadow pair``: make a round now and say how it went."""
    channel_id = _crew_channel(ctx, ctx.channel_or_here(), usage=PAIR_USAGE)
    options = take_options(ctx, usage=PAIR_USAGE)
    day = local_day(ctx.deps, ctx.team_id, ctx.now)
    eligible, left = ctx.deps.directory.eligible(ctx.team_id, channel_id, day)
    left_out = [
        views.LeftOut(p.display, _why_left(p, day)) for p in left if not (p.is_bot or p.deleted)
    ]
    if len(eligible) < 2:
        names = ", ".join(f"{item.name} ({item.reason})" for item in left_out)
        raise Conflict(
            f"Only {len(eligible)} member(s) of <#{channel_id}> can be paired right now"
            + (f"; not available: {names}" if names else "")
            + ". Shadowing needs at least two."
        )
    occurrence_id = ctx.deps.engine.enqueue(
        team_id=ctx.team_id,
        kind=KIND,
        channel_id=channel_id,
        config=options.as_config(),
        created_by=ctx.user_id,
    )
    occurrence = OccurrenceInfo(
        id=occurrence_id,
        team_id=ctx.team_id,
        ritual_id=None,
        kind=KIND,
        channel_id=channel_id,
        scheduled_for=ctx.now,
        config=options.as_config(),
        created_by=ctx.user_id,
    )
    round_ = ensure_round(ctx.deps, occurrence, ctx.now, eligible=eligible)
    logger.info(
        "shadow round occurrence=%s groups=%s unplaced=%s",
        occurrence_id,
        len(round_.pairings),
        len(round_.unplaced),
    )
    return Reply(views.round_summary(round_, left_out=left_out, followup_delay=options.followup))


def schedule_command(ctx: CommandContext) -> str:
    """``shadow schedule "<cron>"``: a recurring round."""
    named = ctx.take_channel()
    cron = take_cron(ctx, usage=SCHEDULE_USAGE)
    options = take_options(ctx, usage=SCHEDULE_USAGE)
    channel_id = _crew_channel(ctx, named or ctx.channel_id, usage=SCHEDULE_USAGE)
    scheduled = schedule_ritual(
        ctx, kind=KIND, cron=cron, channel_id=channel_id, config=options.as_config()
    )
    when = views.delay_label(options.followup)
    ask = "right after the intros" if when == "now" else f"{when} after each round"
    return (
        scheduled_reply("shadowing pairings", scheduled, cron, channel_id)
        + f' "Did you meet?" comes {ask}.'
    )


def history_command(ctx: CommandContext) -> Reply:
    """``shadow history``: rounds for managers, one's own pairings for everyone else."""
    channel_id = ctx.take_channel()
    leftover_words(ctx, usage="shadow history [#channel]")
    tz = team_tz(ctx, ctx.team_id)
    if ctx.is_manager():
        with ctx.deps.db.session() as session:
            rounds = store.rounds_for_history(
                session, ctx.team_id, channel_id=channel_id, rounds=HISTORY_ROUNDS
            )
        message = views.history_manager(rounds, tz=tz)
    else:
        with ctx.deps.db.session() as session:
            mine = store.pairings_of_member(session, ctx.team_id, ctx.user_id, limit=MEMBER_HISTORY)
        people = ctx.deps.directory.people(
            ctx.team_id, store.members_of(mine) - {ctx.user_id}, refresh=False
        )
        names = {uid: p.display for uid, p in people.items()}
        message = views.history_member(ctx.user_id, mine, names=names, tz=tz)
    return Reply(message.text, blocks=message.blocks)


def _named_person(ctx: CommandContext, *, usage: str) -> Person:
    other = ctx.take_user(usage=usage)
    leftover_words(ctx, usage=usage)
    if other == ctx.user_id:
        raise UsageError("That's you — name someone else, e.g. `/greenroom " + usage + "`.")
    person = ctx.deps.directory.get(ctx.team_id, other)
    if person is None:
        raise NotFound("I can't find that person in this workspace. Mention them with @.")
    return person


def avoid_command(ctx: CommandContext) -> str:
    """``shadow avoid @someone``: never pair me with them (private)."""
    other = _named_person(ctx, usage=AVOID_USAGE)
    with ctx.deps.db.session() as session:
        added = store.add_avoid(session, ctx.team_id, ctx.user_id, other.user_id, now=ctx.now)
    first = (
        f"Done: you won't be paired with {other.display} for shadowing."
        if added
        else f"You're already never paired with {other.display}."
    )
    return (
        f"{first} This stays private — {other.display} is not told. "
        f"Undo with `/greenroom shadow unavoid @{other.name or other.user_id}`."
    )


def unavoid_command(ctx: CommandContext) -> str:
    """``shadow unavoid @someone``: take them off my avoid list."""
    other = _named_person(ctx, usage=UNAVOID_USAGE)
    with ctx.deps.db.session() as session:
        removed = store.remove_avoid(session, ctx.team_id, ctx.user_id, other.user_id)
    if not removed:
        return f"{other.display} wasn't on your avoid list, so nothing changed."
    return f"Done: {other.display} can be paired with you again. Nobody else is told."


# making a round --------------------------------------------------------------


def _utc_offset_minutes(tz: str | None, when: datetime) -> int:
    try:
        offset = when.astimezone(ZoneInfo(tz or "UTC")).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds() // 60) if offset is not None else 0


def candidates(
    people: list[Person], past: list[store.RoundRecord], when: datetime
) -> list[Candidate]:
    """The pairing input: each person's role, zone offset and what happened last time."""
    last_met: dict[str, bool | None] = {}
    for round_ in past:
        for pairing in round_.pairings:
            for user_id in pairing.user_ids:
                last_met.setdefault(user_id, pairing.met)
    in_triple = (
        {uid for p in past[0].pairings if len(p.members) == 3 for uid in p.user_ids}
        if past
        else set()
    )
    return [
        Candidate(
            user_id=p.user_id,
            role=p.role,
            utc_offset_minutes=_utc_offset_minutes(p.tz, when),
            last_met=last_met.get(p.user_id),
            was_in_triple_last_round=p.user_id in in_triple,
        )
        for p in sorted(people, key=lambda p: p.user_id)
    ]


def is_cross_role(roles: tuple[str | None, ...]) -> bool:
    """At least two different known roles in the group."""
    return len({r for r in roles if r}) >= 2


def ensure_round(
    deps: Wiring,
    occurrence: OccurrenceInfo,
    now: datetime,
    *,
    eligible: list[Person] | None = None,
) -> store.RoundRecord:
    """The occurrence's round: the stored one, or a new one made and stored exactly once."""
    team_id, channel_id = occurrence.team_id, occurrence.channel_id
    with deps.db.session() as session:
        found = store.stored_round(session, team_id, occurrence.id)
    if found is not None:
        return found
    if channel_id is None:
        raise SkipOccurrence("no channel to pair")
    when = occurrence.scheduled_for
    if eligible is None:
        eligible, _ = deps.directory.eligible(team_id, channel_id, local_day(deps, team_id, when))
    options = RoundOptions.from_config(occurrence.config)
    with deps.db.session() as session:
        past = store.recent_rounds(
            session, team_id, channel_id, rounds=RECENT_ROUNDS, before_occurrence=occurrence.id
        )
        avoid = store.avoid_lists(session, team_id)
    result = make_groups(
        candidates(eligible, past, when),
        history=tuple(PastRound(groups=tuple(p.user_ids for p in r.pairings)) for r in past),
        avoid=avoid,
        recent_rounds=RECENT_ROUNDS,
        size=options.size,
        seed=occurrence.id,
    )
    roles = {p.user_id: p.role for p in eligible}
    groups = []
    for index, group in enumerate(result.groups):
        group_roles = tuple(roles.get(uid) for uid in group)
        groups.append(
            store.NewGroup(
                members=tuple(store.PairedMember(uid, roles.get(uid)) for uid in group),
                cross_role=is_cross_role(group_roles),
                suggestion=suggest(group_roles, seed=occurrence.id * 1000 + index),
            )
        )
    with deps.db.session() as session:
        store.lock_occurrence(session, occurrence.id)
        found = store.stored_round(session, team_id, occurrence.id)
        if found is not None:
            return found
        return store.create_round(
            session,
            team_id=team_id,
            occurrence_id=occurrence.id,
            channel_id=channel_id,
            groups=groups,
            unplaced=[(str(uid), str(reason)) for uid, reason in result.unplaced],
            cross_role_bound=_bound(result),
            now=now,
        )


def _bound(result: Any) -> int | None:
    bound = getattr(result, "cross_role_bound", None)
    return int(bound) if isinstance(bound, int) else None


def plan_round(w: Wiring, ctx: PlanContext) -> list[Planned]:
    """Planner: one intro and one follow-up per group, one DM per member left unplaced."""
    occurrence = ctx.occurrence
    if occurrence.ritual_id is not None:
        holiday = holiday_name(w, occurrence.team_id, local_day(w, occurrence.team_id, ctx.now))
        if holiday:
            raise SkipOccurrence(f"public holiday: {holiday}")
    round_ = ensure_round(w, occurrence, ctx.now)
    if not round_.pairings and not round_.unplaced:
        raise SkipOccurrence("fewer than two members to pair")
    ask_at = round_.created_at + RoundOptions.from_config(occurrence.config).followup
    planned = [
        Planned(ShadowDelivery.INTRO, f"pairing:{p.id}", {"pairing_id": p.id})
        for p in round_.pairings
    ]
    planned += [
        Planned(ShadowDelivery.FOLLOWUP, f"pairing:{p.id}", {"pairing_id": p.id}, not_before=ask_at)
        for p in round_.pairings
    ]
    planned += [
        Planned(ShadowDelivery.UNPLACED, uid, {"reason": reason}) for uid, reason in round_.unplaced
    ]
    return planned


# sending ---------------------------------------------------------------------


def _pairing(w: Wiring, ctx: SendContext) -> store.PairingRecord:
    pairing_id = int(ctx.delivery.payload.get("pairing_id") or 0)
    with w.db.session() as session:
        found = store.get_pairing(session, ctx.delivery.team_id, pairing_id)
    if found is None:
        raise SkipDelivery("pairing no longer exists")
    if len(found.members) < 2:
        raise SkipDelivery("fewer than two members left in the group")
    return found


def _group_dm(w: Wiring, ctx: SendContext, pairing: store.PairingRecord) -> str:
    """The group's DM, opened on first use (conversations.open is idempotent at Slack)."""
    if pairing.group_channel:
        return pairing.group_channel
    channel = w.messenger.open_conversation(pairing.team_id, pairing.user_ids)
    with w.db.session() as session:
        store.set_group_channel(session, pairing.team_id, pairing.id, channel)
    return channel


def send_intro(w: Wiring, ctx: SendContext) -> None:
    """Open the group DM and post the intro with a shadowing suggestion."""
    pairing = _pairing(w, ctx)
    channel = _group_dm(w, ctx, pairing)
    delay = RoundOptions.from_config(ctx.occurrence.config).followup
    message = views.intro(
        pairing.members,
        suggestion=pairing.suggestion,
        channel_id=pairing.channel_id,
        cross_role=pairing.cross_role,
        followup_at=pairing.created_at + delay if delay else None,
        tz=team_tz(w, pairing.team_id),
    )
    ctx.post(channel, Blocks(message.text, message.blocks))


def send_followup(w: Wiring, ctx: SendContext) -> None:
    """Ask the group whether they met."""
    pairing = _pairing(w, ctx)
    if pairing.met is not None:
        raise SkipDelivery("already answered")
    channel = _group_dm(w, ctx, pairing)
    message = views.followup(pairing.id, pairing.members)
    ctx.post(channel, Blocks(message.text, message.blocks))


def send_unplaced(w: Wiring, ctx: SendContext) -> None:
    """Tell a member why they have no group this round."""
    reason = str(ctx.delivery.payload.get("reason") or "the numbers didn't work out")
    message = views.unplaced(reason, channel_id=ctx.occurrence.channel_id)
    ctx.post(ctx.delivery.recipient, Blocks(message.text, message.blocks))


# "Did you meet?" -------------------------------------------------------------


def _answer_listener(deps: Wiring, *, met: bool) -> Any:
    def on_answer(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        user_id = body["user"]["id"]
        team_id = (body.get("team") or {}).get("id") or body["user"].get("team_id") or ""
        try:
            pairing_id = int(action.get("value") or "")
        except ValueError:
            ack()
            logger.warning("shadow answer with an unreadable value from %s", user_id)
            return
        try:
            with deps.db.session() as session:
                record = store.record_met(
                    session, team_id, pairing_id, user_id=user_id, met=met, now=deps.clock.now()
                )
        except GreenroomError as exc:
            ack()
            deps.after_ack(
                respond, text=exc.message, response_type="ephemeral", replace_original=False
            )
            return
        ack()
        container = body.get("container") or {}
        deps.after_ack(
            _show_answer, deps, record, container.get("channel_id"), container.get("message_ts")
        )

    return on_answer


def _show_answer(
    deps: Wiring, record: store.PairingRecord, channel: str | None, ts: str | None
) -> None:
    if not channel or not ts:
        return
    message = views.followup(
        record.id, record.members, met=record.met, answered_by=record.met_answered_by
    )
    deps.client_for(record.team_id).chat_update(
        channel=channel, ts=ts, text=message.text, blocks=message.blocks
    )

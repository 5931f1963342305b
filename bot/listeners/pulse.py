"""The pulse: ``/greenroom pulse send|schedule|results``, answer buttons, the note modal,
and the engine's planner and senders.

A pulse occurrence (kind ``pulse``) plans one ``pulse_prompt`` per eligible
channel member and, when the ritual has one, a ``pulse_reminder`` inside the
answer window. The reminder is a new message in the same DM carrying the same
buttons, sent only if the member has not answered; whichever message they
click, every pulse message of that day in their DM is updated to show the
answer. Only the member a message was sent to can answer through it.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.commands.args import parse_duration
from bot.commands.router import CommandContext, Reply, leftover_words
from bot.engine import PlanContext, Planned, SendContext, SkipDelivery, SkipOccurrence
from bot.scheduling import holiday_name, schedule_ritual, scheduled_reply, take_cron, team_tz
from bot.views.pulse import (
    ELSE_PROMPT,
    SCORE_ACTIONS,
    ActionId,
    BlockId,
    CallbackId,
    note_errors,
    note_modal,
    parse_answer_value,
    pulse_blocks,
    pulse_text,
    results_blocks,
    results_text,
)
from rituals.errors import Conflict, UsageError
from rituals.pulse import (
    DEFAULT_QUESTION,
    DEFAULT_REMINDER_AT,
    DEFAULT_WINDOW_HOURS,
    PulseConfig,
    check_question,
    check_window,
    day_bounds,
    local_prompt_time,
    note_problem,
    reminder_time,
    summarize,
    week_bounds,
)
from rituals.schedule import zone
from storage import deliveries
from storage import pulse as store

if TYPE_CHECKING:
    from bot.deps import Deps

logger = logging.getLogger(__name__)

KIND = store.OCCURRENCE_KIND
PROMPT = store.PROMPT
REMINDER = store.REMINDER
SEND_USAGE = "pulse send [#channel] — ask the channel's members today's pulse now"
SCHEDULE_USAGE = (
    'pulse schedule "<cron>" [#channel] [question…] [window 4h] [local] — ask on a schedule; '
    "`local`: at that hour in each member's own time zone"
)
RESULTS_USAGE = "pulse results [#channel] — today's and this week's answers, in aggregate"


def register(app: App, deps: Deps) -> None:
    """Register the pulse commands, buttons, note modal, planner and senders."""
    router = deps.commands["/greenroom"]
    router.add("pulse send", send_command, usage=SEND_USAGE, manager=True)
    router.add("pulse schedule", schedule_command, usage=SCHEDULE_USAGE, manager=True)
    router.add("pulse results", results_command, usage=RESULTS_USAGE, manager=True)
    refresh = MessageRefresher(deps)
    for action_id in SCORE_ACTIONS.values():
        app.action(action_id)(answer_listener(deps, refresh))
    app.action(ActionId.ADD_NOTE)(note_button_listener(deps))
    app.view(CallbackId.NOTE)(note_submit_listener(deps, refresh))
    deps.engine.register_planner(KIND, plan_pulse)
    deps.engine.register_sender(PROMPT, send_prompt)
    deps.engine.register_sender(REMINDER, send_reminder)


def min_group(deps: Deps) -> int:
    """The smallest group whose figures are shown (never below 3)."""
    return max(3, deps.settings.min_group)


# commands --------------------------------------------------------------------------


def _members_channel(ctx: CommandContext, channel: str, usage: str) -> str:
    """The channel whose members are asked; a DM has no crew to ask."""
    if channel.startswith("D"):
        raise UsageError(
            f"Name the channel whose members to ask, e.g. `{ctx.command} {usage} #crew`."
        )
    return channel


def send_command(ctx: CommandContext) -> str:
    """``pulse send [#channel]``: enqueue today's pulse for the channel's members."""
    channel = _members_channel(ctx, ctx.channel_or_here(), "pulse send")
    leftover_words(ctx, usage=SEND_USAGE.split(" — ")[0])
    ctx.deps.directory.check_channel(ctx.team_id, channel)
    tz = team_tz(ctx, ctx.team_id)
    start, end = day_bounds(ctx.now.astimezone(zone(tz)).date(), tz)
    with ctx.deps.db.session() as session:
        earlier = store.occurrence_today(session, ctx.team_id, channel, start, end)
        sent_at = None if earlier is None else earlier.scheduled_for
    if sent_at is not None:
        raise Conflict(
            f"Today's pulse already went to <#{channel}> at "
            f"{sent_at.astimezone(zone(tz)):%H:%M}, so I won't ask twice. "
            f"See how it's going with `/greenroom pulse results <#{channel}>`."
        )
    ctx.deps.engine.enqueue(
        team_id=ctx.team_id,
        kind=KIND,
        channel_id=channel,
        config=PulseConfig().as_config(),
        created_by=ctx.user_id,
    )
    return (
        f"Sending today's pulse to the members of <#{channel}>… Each gets a DM; see the "
        f"figures later with `/greenroom pulse results <#{channel}>`."
    )


def schedule_command(ctx: CommandContext) -> str:
    """``pulse schedule "<cron>" [#channel] [question…] [window 4h] [local]``."""
    cron = take_cron(ctx, usage=SCHEDULE_USAGE.split(" — ")[0])
    channel = _members_channel(ctx, ctx.take_channel() or ctx.channel_id, "pulse schedule")
    window, local = DEFAULT_WINDOW_HOURS, False
    while ctx.args:  # options trail the question
        if ctx.args[-1].lower() == "local":
            local = True
            ctx.args.pop()
        elif len(ctx.args) >= 2 and ctx.args[-2].lower() == "window":
            window = check_window(parse_duration(ctx.args[-1], example="window 4h"))
            del ctx.args[-2:]
        else:
            break
    question = check_question(" ".join(ctx.args)) or DEFAULT_QUESTION
    ctx.args.clear()
    config = PulseConfig(question, window, DEFAULT_REMINDER_AT, local)
    scheduled = schedule_ritual(
        ctx, kind=KIND, cron=cron, channel_id=channel, config=config.as_config()
    )
    timing = (
        "at that hour in each member's own time zone"
        if local
        else f"at that time in {scheduled.tz}"
    )
    return (
        scheduled_reply("the pulse", scheduled, cron, channel)
        + f"\nQuestion: “{question}” — sent {timing}; answers are open for {window:g}h, "
        f"with one gentle reminder at {DEFAULT_REMINDER_AT:.0%} of that to those who "
        "haven't answered."
    )


def results_command(ctx: CommandContext) -> Reply:
    """``pulse results [#channel]``: today's and this week's figures, suppressed below k."""
    channel = _members_channel(ctx, ctx.channel_or_here(), "pulse results")
    leftover_words(ctx, usage=RESULTS_USAGE.split(" — ")[0])
    tz = team_tz(ctx, ctx.team_id)
    today = ctx.now.astimezone(zone(tz)).date()
    day_start, day_end = day_bounds(today, tz)
    week_start, week_end = week_bounds(ctx.now, tz)
    with ctx.deps.db.session() as session:
        day_counts = store.period_counts(
            session, team_id=ctx.team_id, channel_id=channel, start=day_start, end=day_end
        )
        week_counts = store.period_counts(
            session, team_id=ctx.team_id, channel_id=channel, start=week_start, end=week_end
        )
        earlier_counts = store.period_counts(
            session, team_id=ctx.team_id, channel_id=channel, start=week_start, end=day_start
        )
    k = min_group(ctx.deps)
    today_figures = summarize(day_counts, min_group=k)
    week_figures = summarize(week_counts, min_group=k, remainder=earlier_counts)
    monday = week_start.astimezone(zone(tz))
    return Reply(
        results_text(channel, today_figures, week_figures),
        blocks=results_blocks(
            channel,
            today_label=f"Today ({today:%a %d %b})",
            today=today_figures,
            week_label=f"This week (since {monday:%a %d %b})",
            week=week_figures,
            min_group=k,
        ),
    )


# answering -------------------------------------------------------------------------


def _own_message(
    session: store.Unit,
    team_id: str,
    occurrence_id: int,
    user_id: str,
    container: dict[str, Any],
) -> store.PromptMessage | None:
    """The pulse message the member acted on, or None when it was not sent to them."""
    own = store.member_messages(session, team_id, occurrence_id, user_id)
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if channel and ts:
        mine = next((m for m in own if m.channel == channel and m.ts == ts), None)
        if mine is not None:
            return mine
        if store.message_at(session, team_id, occurrence_id, channel, ts) is not None:
            return None  # someone else's message
    # The message's ts may not be recorded yet (a click right after sending).
    return next((m for m in own if m.kind == PROMPT), None)


def _someone_else(respond: Respond) -> None:
    respond(text=ELSE_PROMPT, response_type="ephemeral", replace_original=False)


def answer_listener(deps: Deps, refresh: MessageRefresher) -> Any:
    """block_actions on an answer button: store the answer, ack, then update the DM."""

    def on_answer(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        team_id, user_id = context.team_id or "", body["user"]["id"]
        try:
            occurrence_id, score = parse_answer_value(body["actions"][0].get("value"))
        except ValueError:
            ack()
            logger.warning("pulse answer with an unknown value from %s", user_id)
            return
        with deps.db.connection() as unit:
            message = _own_message(
                unit, team_id, occurrence_id, user_id, body.get("container") or {}
            )
            if message is not None and score is not None:
                store.save_answer(
                    unit,
                    team_id=team_id,
                    occurrence_id=occurrence_id,
                    channel_id=message.occurrence_channel,
                    user_id=user_id,
                    score=score,
                    now=deps.clock.now(),
                )
        ack()
        if message is None:
            deps.after_ack(_someone_else, respond)
        else:
            deps.after_ack(refresh, team_id, occurrence_id, user_id)

    return on_answer


def note_button_listener(deps: Deps) -> Any:
    """block_actions on "Add a note": open the note modal (after the ack, with the trigger)."""

    def on_note(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        team_id, user_id = context.team_id or "", body["user"]["id"]
        try:
            occurrence_id, _ = parse_answer_value(body["actions"][0].get("value"))
        except ValueError:
            ack()
            return
        container = body.get("container") or {}
        with deps.db.connection() as unit:
            message = _own_message(unit, team_id, occurrence_id, user_id, container)
            current = store.note_of(unit, team_id, occurrence_id, user_id)
        ack()
        if message is None:
            deps.after_ack(_someone_else, respond)
            return
        view = note_modal(occurrence_id, message.question or DEFAULT_QUESTION, current=current)
        client = deps.client_for(team_id)
        deps.open_soon(client.views_open, trigger_id=body["trigger_id"], view=view)

    return on_note


def note_submit_listener(deps: Deps, refresh: MessageRefresher) -> Any:
    """view_submission of the note modal: check, store privately, close, refresh the DM."""

    def on_submit(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        team_id, user_id = context.team_id or "", body["user"]["id"]
        view = body["view"]
        try:
            occurrence_id, _ = parse_answer_value(view.get("private_metadata"))
        except ValueError:
            ack()
            return
        field = (view.get("state") or {}).get("values", {}).get(BlockId.NOTE.value, {})
        text = (field.get(ActionId.NOTE_TEXT.value) or {}).get("value") or ""
        problem = note_problem(text)
        if problem is not None:
            ack(**note_errors(problem))
            return
        with deps.db.session() as session:
            own = store.member_messages(session, team_id, occurrence_id, user_id)
            allowed = any(m.kind == PROMPT for m in own)
            if allowed:
                store.save_note(
                    session,
                    team_id=team_id,
                    occurrence_id=occurrence_id,
                    user_id=user_id,
                    text=text.strip(),
                    now=deps.clock.now(),
                )
        if not allowed:
            ack(**note_errors(ELSE_PROMPT))
            return
        ack()
        deps.after_ack(refresh, team_id, occurrence_id, user_id)

    return on_submit


class MessageRefresher:
    """Redraws a member's pulse messages from the stored answer, one refresh at a time per member.

    Serialising per member makes the last redraw show the latest answer even when
    clicks arrive faster than chat.update returns. A fixed set of locks, picked by
    hashing the member, keeps memory flat however many prompts go out.
    """

    STRIPES = 64

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._locks = [threading.Lock() for _ in range(self.STRIPES)]

    def __call__(self, team_id: str, occurrence_id: int, user_id: str) -> None:
        """chat.update every pulse message of the occurrence in the member's DM."""
        with self._locks[hash((team_id, occurrence_id, user_id)) % self.STRIPES]:
            with self.deps.db.connection() as unit:
                messages = store.member_messages(unit, team_id, occurrence_id, user_id)
                score = store.answer_of(unit, team_id, occurrence_id, user_id)
                noted = store.note_of(unit, team_id, occurrence_id, user_id) is not None
            if score is not None:  # the reminder is not needed any more
                deliveries.skip_pending(
                    self.deps.db,
                    team_id=team_id,
                    occurrence_id=occurrence_id,
                    kind=REMINDER,
                    user_id=user_id,
                    reason="already answered",
                )
            client = self.deps.client_for(team_id)
            for message in messages:
                if message.status != "sent" or not message.channel or not message.ts:
                    continue
                question = message.question or DEFAULT_QUESTION
                reminder = message.kind == REMINDER
                client.chat_update(
                    channel=message.channel,
                    ts=message.ts,
                    text=pulse_text(question, score=score, reminder=reminder),
                    blocks=pulse_blocks(
                        occurrence_id,
                        question,
                        score=score,
                        note_saved=noted,
                        reminder=reminder,
                        min_group=min_group(self.deps),
                    ),
                )


# planning and sending --------------------------------------------------------------


def plan_pulse(ctx: PlanContext) -> list[Planned]:
    """One prompt (and reminder) per eligible channel member; holidays skip scheduled runs."""
    occurrence, deps = ctx.occurrence, ctx.deps
    config = PulseConfig.from_config(occurrence.config)
    tz = team_tz(deps, occurrence.team_id)
    day = occurrence.scheduled_for.astimezone(zone(tz)).date()
    if occurrence.ritual_id is not None:
        holiday = holiday_name(deps, occurrence.team_id, day)
        if holiday:
            raise SkipOccurrence(f"public holiday: {holiday}")
    if not occurrence.channel_id:
        raise SkipOccurrence("no channel to take members from")
    people, _ = deps.directory.eligible(occurrence.team_id, occurrence.channel_id, day)
    if not people:
        raise SkipOccurrence(f"no one to ask in {occurrence.channel_id}")
    planned = []
    for person in sorted(people, key=lambda p: p.user_id):
        prompt_at = occurrence.scheduled_for
        if config.local_time:
            prompt_at = local_prompt_time(prompt_at, team_zone=tz, member_zone=person.tz)
        payload = {"question": config.question, "window_hours": config.window_hours}
        planned.append(Planned(PROMPT, person.user_id, payload, prompt_at))
        remind_at = reminder_time(prompt_at, config)
        if remind_at is not None:
            planned.append(
                Planned(REMINDER, person.user_id, {"question": config.question}, remind_at)
            )
    logger.info("pulse occurrence %s: %s members to ask", occurrence.id, len(people))
    return planned


def _still_welcome(ctx: SendContext) -> None:
    """SkipDelivery when the member opted out, went away or left since planning."""
    team_id, user_id = ctx.delivery.team_id, ctx.delivery.recipient
    person = ctx.deps.directory.get(team_id, user_id, refresh=False)
    if person is None:
        return
    tz = person.tz if person.tz and _known_zone(person.tz) else team_tz(ctx.deps, team_id)
    day = ctx.now.astimezone(zone(tz)).date()
    if person.opted_out:
        raise SkipDelivery("opted out")
    if person.away_on(day):
        raise SkipDelivery("away")
    if person.deleted or person.is_bot:
        raise SkipDelivery("not a member who can be asked")


def _known_zone(name: str) -> bool:
    try:
        zone(name)
    except Exception:
        return False
    return True


def send_prompt(ctx: SendContext) -> None:
    """Post the pulse DM to its member."""
    _still_welcome(ctx)
    question = str(ctx.delivery.payload.get("question") or DEFAULT_QUESTION)
    ctx.post(
        ctx.delivery.recipient,
        text=pulse_text(question),
        blocks=pulse_blocks(ctx.delivery.occurrence_id, question, min_group=min_group(ctx.deps)),
    )


def send_reminder(ctx: SendContext) -> None:
    """Post the reminder in the same DM, unless the member has answered (or left) since."""
    delivery = ctx.delivery
    with ctx.deps.db.session() as session:
        answered = store.answer_of(
            session, delivery.team_id, delivery.occurrence_id, delivery.recipient
        )
        own = store.member_messages(
            session, delivery.team_id, delivery.occurrence_id, delivery.recipient
        )
    if answered is not None:
        raise SkipDelivery("already answered")
    prompt = next((m for m in own if m.kind == PROMPT), None)
    if prompt is None or prompt.status != "sent":
        raise SkipDelivery("the prompt did not go out")
    _still_welcome(ctx)
    question = str(delivery.payload.get("question") or prompt.question or DEFAULT_QUESTION)
    ctx.post(
        prompt.channel or delivery.recipient,
        text=pulse_text(question, reminder=True),
        blocks=pulse_blocks(
            delivery.occurrence_id, question, reminder=True, min_group=min_group(ctx.deps)
        ),
    )

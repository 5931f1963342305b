"""The pulse in Slack: ``/greenroom pulse send|schedule|results``, the answer buttons and
the note modal. Each handler reads the payload, calls one use case in ``rituals.pulse``,
and renders what it returns (``bot.views.pulse``)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.commands.args import parse_duration
from bot.commands.router import CommandContext, Reply, leftover_words
from bot.scheduling import scheduled_reply, take_cron
from bot.views.pulse import (
    ELSE_PROMPT,
    SCORE_ACTIONS,
    ActionId,
    BlockId,
    CallbackId,
    note_errors,
    note_modal,
    parse_answer_value,
)
from bot.views.pulse_results import results_blocks, results_text, sending_text
from bot.views.render import render
from bot.wiring import Wiring
from rituals.actors import Actor
from rituals.pulse import (
    DEFAULT_QUESTION,
    DEFAULT_REMINDER_AT,
    DEFAULT_WINDOW_HOURS,
    PulseConfig,
    answers,
    check_question,
    check_window,
    manage,
)
from rituals.pulse import channel as channel_pulse
from rituals.pulse.messages import AnswerNoted

logger = logging.getLogger(__name__)

SEND_USAGE = (
    "pulse send [#channel] [in-channel] — ask the channel's members today's pulse now; "
    "`in-channel`: one post with the buttons in the channel, for large crews"
)
SCHEDULE_USAGE = (
    'pulse schedule "<cron>" [#channel] [question…] [window 4h] [local] [in-channel] — ask on '
    "a schedule; `local`: at that hour in each member's own time zone"
)
IN_CHANNEL = "in-channel"


def _take_flag(ctx: CommandContext, flag: str) -> bool:
    """Remove ``flag`` from the arguments wherever it stands; whether it was there."""
    found = [word for word in ctx.args if word.lower() == flag]
    ctx.args[:] = [word for word in ctx.args if word.lower() != flag]
    return bool(found)


RESULTS_USAGE = "pulse results [#channel] — today's and this week's answers, in aggregate"


def register(app: App, w: Wiring) -> None:
    """Register the pulse commands, answer buttons and note modal."""
    router = w.commands["/greenroom"]
    router.add("pulse send", partial(send_command, w), usage=SEND_USAGE, manager=True)
    router.add("pulse schedule", partial(schedule_command, w), usage=SCHEDULE_USAGE, manager=True)
    router.add("pulse results", partial(results_command, w), usage=RESULTS_USAGE, manager=True)
    for action_id in SCORE_ACTIONS.values():
        app.action(action_id)(partial(on_answer, w))
    app.action(ActionId.ADD_NOTE)(partial(on_note_button, w))
    app.view(CallbackId.NOTE)(partial(on_note_submit, w))


def _actor(ctx: CommandContext) -> Actor:
    return Actor(ctx.team_id, ctx.user_id)


def send_command(w: Wiring, ctx: CommandContext) -> str:
    """``pulse send [#channel]``: today's pulse for the channel's members, now."""
    in_channel = _take_flag(ctx, IN_CHANNEL)
    channel = ctx.channel_or_here()
    leftover_words(ctx, usage=SEND_USAGE.split(" — ")[0])
    sending = manage.send_now(
        w.svc, _actor(ctx), channel_id=channel, in_channel=in_channel, report_in=ctx.channel_id
    )
    return sending_text(sending)


def schedule_command(w: Wiring, ctx: CommandContext) -> str:
    """``pulse schedule "<cron>" [#channel] [question…] [window 4h] [local]``."""
    in_channel = _take_flag(ctx, IN_CHANNEL)
    cron = take_cron(ctx, usage=SCHEDULE_USAGE.split(" — ")[0])
    channel = ctx.take_channel() or ctx.channel_id
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
    config = PulseConfig(question, window, DEFAULT_REMINDER_AT, local, in_channel)
    scheduled = manage.schedule(w.svc, _actor(ctx), cron=cron, channel_id=channel, config=config)
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


def results_command(w: Wiring, ctx: CommandContext) -> Reply:
    """``pulse results [#channel]``: today's and this week's figures, in aggregate."""
    channel = ctx.channel_or_here()
    leftover_words(ctx, usage=RESULTS_USAGE.split(" — ")[0])
    found = manage.results(w.svc, _actor(ctx), channel_id=channel)
    return Reply(
        results_text(found.channel_id, found.today, found.week),
        blocks=results_blocks(
            found.channel_id,
            today_label=found.today_label,
            today=found.today,
            week_label=found.week_label,
            week=found.week,
            min_group=found.min_group,
        ),
    )


def _clicked(body: dict[str, Any]) -> answers.Clicked:
    container = body.get("container") or {}
    return answers.Clicked(container.get("channel_id"), container.get("message_ts"))


def _someone_else(respond: Respond) -> None:
    respond(text=ELSE_PROMPT, response_type="ephemeral", replace_original=False)


def _confirm(w: Wiring, team_id: str, occurrence_id: int, user_id: str) -> None:
    """Redraw the member's pulse DM after the ack, one redraw at a time per member."""
    w.keyed.submit(
        ("pulse", team_id, occurrence_id, user_id),
        partial(
            answers.confirm, w.svc, team_id=team_id, occurrence_id=occurrence_id, user_id=user_id
        ),
    )


def on_answer(
    w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond
) -> None:
    """An answer button: store the answer before the ack, confirm in the DM after it."""
    team_id, user_id = context.team_id or "", body["user"]["id"]
    try:
        occurrence_id, score = parse_answer_value(body["actions"][0].get("value"))
    except ValueError:
        ack()
        logger.warning("pulse answer with an unknown value from %s", user_id)
        return
    if score is None:
        ack()
        return
    done = answers.answer(
        w.svc,
        team_id=team_id,
        user_id=user_id,
        occurrence_id=occurrence_id,
        score=score,
        clicked=_clicked(body),
    )
    ack()
    if not done.accepted:
        w.tasks.after_ack(_someone_else, respond)
    elif done.in_channel:
        text, _ = render(AnswerNoted(score))
        w.tasks.after_ack(respond, text=text, response_type="ephemeral", replace_original=False)
        w.keyed.submit(
            ("pulse-post", team_id, occurrence_id),
            partial(channel_pulse.refresh, w.svc, team_id=team_id, occurrence_id=occurrence_id),
        )
    else:
        _confirm(w, team_id, occurrence_id, user_id)


def on_note_button(
    w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond
) -> None:
    """ "Add a note": open the note modal with the trigger, after the ack."""
    team_id, user_id = context.team_id or "", body["user"]["id"]
    try:
        occurrence_id, _ = parse_answer_value(body["actions"][0].get("value"))
    except ValueError:
        ack()
        return
    form = answers.note_form(
        w.svc, team_id=team_id, user_id=user_id, occurrence_id=occurrence_id, clicked=_clicked(body)
    )
    ack()
    if form is None:
        w.tasks.after_ack(_someone_else, respond)
        return
    view = note_modal(form.occurrence_id, form.question, current=form.current)
    client = w.clients.client_for(team_id)
    w.tasks.open_soon(client.views_open, trigger_id=body["trigger_id"], view=view)


def on_note_submit(w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """The note modal: check and store privately, close, then redraw the DM."""
    team_id, user_id = context.team_id or "", body["user"]["id"]
    view = body["view"]
    try:
        occurrence_id, _ = parse_answer_value(view.get("private_metadata"))
    except ValueError:
        ack()
        return
    field = (view.get("state") or {}).get("values", {}).get(BlockId.NOTE.value, {})
    text = (field.get(ActionId.NOTE_TEXT.value) or {}).get("value") or ""
    saved = answers.save_note(
        w.svc, team_id=team_id, user_id=user_id, occurrence_id=occurrence_id, text=text
    )
    if saved.problem is not None:
        ack(**note_errors(saved.problem))
        return
    ack()
    _confirm(w, team_id, occurrence_id, user_id)

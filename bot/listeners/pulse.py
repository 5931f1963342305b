"""The pulse in Slack: ``/greenroom pulse send|schedule|results``, the answer buttons and
the note modal. Each handler reads the payload, calls one use case in ``rituals.pulse``,
and renders what it returns (``bot.views.pulse``)."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.commands import options as opt
from bot.commands.options import Options, ZoneChoice
from bot.commands.router import CommandContext, Reply
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
from bot.views.pulse_results import results_blocks, results_text, scheduled_text, sending_text
from bot.views.render import render
from bot.wiring import Wiring
from rituals.pulse import (
    DEFAULT_QUESTION,
    DEFAULT_REMINDER_AT,
    DEFAULT_WINDOW_HOURS,
    PulseConfig,
    answers,
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
    'pulse schedule "<cron>"|<words> [#channel] [question "…"] [window 4h] '
    "[tz <Area/City> | local] [in-channel] — ask on a schedule, e.g. `weekdays 09:00`; "
    "`local`: at that hour in each member's own time zone"
)
RESULTS_USAGE = "pulse results [#channel] — today's and this week's answers, in aggregate"
SEND = Options(SEND_USAGE.split(" — ")[0], (opt.CHANNEL, opt.IN_CHANNEL))
SCHEDULE = Options(
    SCHEDULE_USAGE.split(" — ")[0],
    (opt.SCHEDULE, opt.CHANNEL, opt.QUESTION, opt.WINDOW, opt.ZONE, opt.IN_CHANNEL),
)
RESULTS = Options(RESULTS_USAGE.split(" — ")[0], (opt.CHANNEL,))


def register(app: App, w: Wiring) -> None:
    """Register the pulse commands, the note button and its modal (the answer buttons are
    registered first, by ``register_answers``)."""
    router = w.commands["/greenroom"]
    router.add("pulse send", partial(send_command, w), usage=SEND_USAGE, manager=True)
    router.add("pulse schedule", partial(schedule_command, w), usage=SCHEDULE_USAGE, manager=True)
    router.add("pulse results", partial(results_command, w), usage=RESULTS_USAGE, manager=True)
    app.action(ActionId.ADD_NOTE)(partial(on_note_button, w))
    app.view(CallbackId.NOTE)(partial(on_note_submit, w))


def register_answers(app: App, w: Wiring) -> None:
    """Register the answer buttons: one listener for the five scores."""
    scores = "|".join(re.escape(action_id.value) for action_id in SCORE_ACTIONS.values())
    app.action(re.compile(f"^(?:{scores})$"))(partial(on_answer, w))


def send_command(w: Wiring, ctx: CommandContext) -> str:
    """``pulse send [#channel] [in-channel]``: today's pulse for the channel's members, now."""
    given = SEND.parse(ctx.take_all())
    sending = manage.send_now(
        w.svc,
        ctx.actor,
        channel_id=ctx.channel_named(given[opt.CHANNEL]),
        in_channel=opt.IN_CHANNEL in given,
        report_in=ctx.channel_id,
    )
    return sending_text(sending)


def schedule_command(w: Wiring, ctx: CommandContext) -> str:
    """``pulse schedule <schedule> [#channel] [question "…"] [window 4h] [tz …|local]``."""
    given = SCHEDULE.parse(ctx.take_all())
    schedule = given[opt.SCHEDULE]
    assert schedule is not None  # required: the parser refuses a command without one
    zone = given.get(opt.ZONE, ZoneChoice(None, member_local=False))
    window = given.get(opt.WINDOW, timedelta(hours=DEFAULT_WINDOW_HOURS))
    config = PulseConfig(
        given.get(opt.QUESTION, DEFAULT_QUESTION),
        window.total_seconds() / 3600,
        DEFAULT_REMINDER_AT,
        zone.member_local,
        opt.IN_CHANNEL in given,
    )
    channel = ctx.channel_named(given[opt.CHANNEL])
    scheduled = manage.schedule(
        w.svc, ctx.actor, cron=schedule.cron, channel_id=channel, config=config, tz=zone.name
    )
    return scheduled_text(scheduled, schedule, config, channel)


def results_command(w: Wiring, ctx: CommandContext) -> Reply:
    """``pulse results [#channel]``: today's and this week's figures, in aggregate."""
    given = RESULTS.parse(ctx.take_all())
    found = manage.results(w.svc, ctx.actor, channel_id=ctx.channel_named(given[opt.CHANNEL]))
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
    """Redraw the member's pulse DM after the ack, at the confirmations' pace: one redraw at
    a time per member, several clicks waiting for one becoming a single update."""
    w.confirmations.submit(
        ("pulse", team_id, occurrence_id, user_id),
        partial(
            answers.confirm,
            w.svc,
            team_id=team_id,
            occurrence_id=occurrence_id,
            user_id=user_id,
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

"""Block Kit for the New ritual / Edit ritual modal (read back by ``bot.views.ritual_form``).

The modal asks for the kind (new rituals only: changing it redraws the kind's own
fields), the channel, the days (Mon–Sun), the time and the zone, then the kind's
fields. Problems come back as ``response_action: errors`` on the field concerned.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.views.admin import kind_label
from bot.views.ritual_form import CALLBACK_ID, Field
from rituals.home.setup import MEMBER_ZONE, TEAM_ZONE
from rituals.pulse.config import DEFAULT_QUESTION, DEFAULT_WINDOW_HOURS, MAX_QUESTION
from rituals.schedule import WEEK, WEEKDAYS, days_and_time
from rituals.scheduled import RitualSpec
from rituals.scheduled.spec import CHECKIN, DIGEST, KINDS, PULSE, SHADOW
from rituals.words import plural

ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
)
WINDOWS = (1, 2, 3, 4, 6, 8, 12, 24)
FOLLOWUPS = {0: "Right after the intros", 1440: "1 day later", 2880: "2 days later"} | {
    minutes: f"{minutes // 1440} days later" for minutes in (4320, 7200, 10080, 20160)
}
KIND_CHOICES = {
    PULSE: "Daily pulse (1–5 in a DM)",
    SHADOW: "Shadowing pairings",
    CHECKIN: "Informal check-in question",
    DIGEST: "Weekly cohesion digest",
}


def _option(value: str, label: str) -> Option:
    return Option(value=value, label=label[:75])


def _select(field: Field, options: list[Option], initial: str | None, **extra: Any) -> Any:
    chosen = next((o for o in options if o.value == initial), None)
    return StaticSelectElement(action_id=field, options=options, initial_option=chosen, **extra)


def _input(field: Field, label: str, element: Any, **extra: Any) -> InputBlock:
    return InputBlock(block_id=field, label=label, element=element, **extra)


def _when_blocks(spec: RitualSpec | None, kind: str, team_tz: str) -> list[Block]:
    shown = days_and_time(spec.schedule) if spec is not None else None
    days, at = shown if shown is not None else (WEEKDAYS, None)
    day_options = [_option(str(int(day)), day.full) for day in WEEK]
    blocks: list[Block] = []
    if spec is not None and shown is None:
        note = (
            f"This ritual runs on cron `{spec.schedule.cron}`, which days and a time can't show. "
            "Saving replaces it with the days and time below."
        )
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    initial_days = [o for o in day_options if int(o.value) in {int(d) for d in days}]
    zone_options = [_option(TEAM_ZONE, f"The team's zone ({team_tz})")]
    if kind == PULSE:
        zone_options.append(_option(MEMBER_ZONE, "Each member's own zone"))
    named = list(ZONES)
    own = spec.zone.name if spec is not None else None
    if own and own not in named:
        named.insert(0, own)
    zone_options += [_option(name, name) for name in named]
    picked = TEAM_ZONE
    if spec is not None and spec.zone.member_local:
        picked = MEMBER_ZONE
    elif own:
        picked = own
    blocks += [
        _input(
            Field.DAYS,
            "Days",
            CheckboxesElement(
                action_id=Field.DAYS, options=day_options, initial_options=initial_days or None
            ),
        ),
        _input(
            Field.TIME,
            "Time",
            TimePickerElement(action_id=Field.TIME, initial_time=f"{at:%H:%M}" if at else "09:00"),
        ),
        _input(Field.ZONE, "Time zone", _select(Field.ZONE, zone_options, picked)),
        _input(
            Field.ZONE_TYPED,
            "Or another zone",
            PlainTextInputElement(action_id=Field.ZONE_TYPED, placeholder="Area/City"),
            optional=True,
            hint="An IANA zone such as Europe/Madrid; it wins over the one picked above.",
        ),
    ]
    return blocks


def _pulse_blocks(spec: RitualSpec | None) -> list[Block]:
    options = spec.options if spec is not None else None
    question = (options.question if options else None) or DEFAULT_QUESTION
    window = (options.window_hours if options else None) or DEFAULT_WINDOW_HOURS
    hours = sorted({*WINDOWS, int(window)} if window == int(window) else set(WINDOWS))
    windows = [_option(str(h), plural(h, "hour")) for h in hours]
    remind = _option("remind", "Remind those who haven't answered, once")
    reminding = options.reminder if options and options.reminder is not None else True
    return [
        _input(
            Field.QUESTION,
            "Question",
            PlainTextInputElement(
                action_id=Field.QUESTION, initial_value=question, max_length=MAX_QUESTION
            ),
        ),
        _input(Field.WINDOW, "Answers open for", _select(Field.WINDOW, windows, str(int(window)))),
        _input(
            Field.REMINDER,
            "Reminder",
            CheckboxesElement(
                action_id=Field.REMINDER,
                options=[remind],
                initial_options=[remind] if reminding else None,
            ),
            optional=True,
        ),
    ]


def _shadow_blocks(spec: RitualSpec | None) -> list[Block]:
    options = spec.options if spec is not None else None
    size = str((options.size if options else None) or 2)
    minutes = 4320
    if options is not None and options.followup is not None:
        minutes = int(options.followup.total_seconds() // 60)
    labels = dict(FOLLOWUPS)
    labels.setdefault(minutes, f"{minutes // 60} hours later")
    sizes = [_option("2", "Pairs"), _option("3", "Groups of three")]
    followups = [_option(str(m), labels[m]) for m in sorted(labels)]
    return [
        _input(
            Field.SIZE,
            "Groups",
            RadioButtonsElement(
                action_id=Field.SIZE,
                options=sizes,
                initial_option=next(o for o in sizes if o.value == size),
            ),
        ),
        _input(
            Field.FOLLOWUP,
            "“Did you meet?” asked",
            _select(Field.FOLLOWUP, followups, str(minutes)),
        ),
    ]


def _checkin_blocks(spec: RitualSpec | None) -> list[Block]:
    question = spec.options.question if spec is not None else None
    return [
        _input(
            Field.QUESTION,
            "Question",
            PlainTextInputElement(
                action_id=Field.QUESTION, initial_value=question or None, max_length=MAX_QUESTION
            ),
            optional=True,
            hint="Leave it empty for a new question from the bank each time.",
        )
    ]


def _digest_blocks(spec: RitualSpec | None) -> list[Block]:
    options = spec.options if spec is not None else None
    crew = options.crew_channel if options else None
    whole = _option("team", "The whole workspace instead")
    return [
        _input(
            Field.CREW,
            "Figures of the crew of",
            ConversationSelectElement(
                action_id=Field.CREW,
                initial_conversation=crew or None,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
            optional=True,
            hint="Leave it empty for the crew of the channel it is posted in.",
        ),
        _input(
            Field.WHOLE_TEAM,
            "Or",
            CheckboxesElement(
                action_id=Field.WHOLE_TEAM,
                options=[whole],
                initial_options=[whole] if options and options.whole_team else None,
            ),
            optional=True,
        ),
    ]


KIND_BLOCKS = {
    PULSE: _pulse_blocks,
    SHADOW: _shadow_blocks,
    CHECKIN: _checkin_blocks,
    DIGEST: _digest_blocks,
}


def ritual_modal(
    kind: str,
    *,
    team_tz: str,
    spec: RitualSpec | None = None,
    ritual_id: int | None = None,
    channel_id: str | None = None,
) -> dict[str, Any]:
    """The modal to set up a new ritual of ``kind``, or to edit ritual ``ritual_id`` (``spec``)."""
    kind = kind if kind in KINDS else PULSE
    blocks: list[Block] = []
    if ritual_id is None:
        kinds = [_option(k, label) for k, label in KIND_CHOICES.items()]
        blocks.append(
            _input(Field.KIND, "Kind", _select(Field.KIND, kinds, kind), dispatch_action=True)
        )
    else:
        blocks.append(SectionBlock(text=f"*{kind_label(kind)}* — ritual #{ritual_id}"))
    channel = spec.channel_id if spec is not None else channel_id
    blocks.append(
        _input(
            Field.CHANNEL,
            "Channel",
            ConversationSelectElement(
                action_id=Field.CHANNEL,
                initial_conversation=channel or None,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
            hint="Its members take part; invite Greenroom there first (/invite @Greenroom).",
        )
    )
    blocks += _when_blocks(spec, kind, team_tz)
    blocks += KIND_BLOCKS[kind](spec)
    title = "New ritual" if ritual_id is None else f"Edit ritual #{ritual_id}"
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title=title[:24],
        submit="Create" if ritual_id is None else "Save",
        close="Cancel",
        private_metadata=json.dumps({"ritual_id": ritual_id, "kind": kind}),
        blocks=blocks,
    ).to_dict()

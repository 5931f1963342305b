"""Reading the New ritual / Edit ritual modal back: its fields, what was filled in, and
where a problem is shown (``response_action: errors`` on the field concerned)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from rituals.home.setup import RitualForm
from rituals.scheduled.spec import PULSE

CALLBACK_ID = "ritual_setup"


class Field(StrEnum):
    """Block ids (and action ids) of the modal's fields."""

    KIND = "ritual_kind"
    CHANNEL = "ritual_channel"
    DAYS = "ritual_days"
    TIME = "ritual_time"
    ZONE = "ritual_zone"
    ZONE_TYPED = "ritual_zone_typed"
    QUESTION = "ritual_question"
    WINDOW = "ritual_window"
    REMINDER = "ritual_reminder"
    SIZE = "ritual_size"
    FOLLOWUP = "ritual_followup"
    CREW = "ritual_crew"
    WHOLE_TEAM = "ritual_whole_team"


FIELD_OF_PROBLEM = {  # InvalidField.field -> the block that shows it
    "kind": Field.KIND,
    "channel": Field.CHANNEL,
    "days": Field.DAYS,
    "time": Field.TIME,
    "zone": Field.ZONE,
    "zone_typed": Field.ZONE_TYPED,
    "question": Field.QUESTION,
    "window": Field.WINDOW,
    "size": Field.SIZE,
    "followup": Field.FOLLOWUP,
    "crew": Field.CREW,
}


def metadata(view: dict[str, Any]) -> tuple[int | None, str]:
    """The ritual id (None for a new one) and the kind the modal was drawn for."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        data = {}
    ritual_id = data.get("ritual_id") if isinstance(data, dict) else None
    kind = data.get("kind") if isinstance(data, dict) else None
    return (ritual_id if isinstance(ritual_id, int) else None), str(kind or PULSE)


def _value(values: dict[str, Any], field: Field) -> dict[str, Any]:
    found = (values.get(field.value) or {}).get(field.value) or {}
    return found if isinstance(found, dict) else {}


def _picked(values: dict[str, Any], field: Field) -> str | None:
    option = _value(values, field).get("selected_option") or {}
    return option.get("value") if isinstance(option, dict) else None


def _ticked(values: dict[str, Any], field: Field) -> list[str]:
    return [str(o.get("value")) for o in _value(values, field).get("selected_options") or []]


def _number(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def read_form(view: dict[str, Any]) -> RitualForm:
    """What the submitted modal says."""
    values = (view.get("state") or {}).get("values") or {}
    _, drawn_kind = metadata(view)
    kind = _picked(values, Field.KIND) or drawn_kind
    shown = {block.get("block_id") for block in view.get("blocks") or []}
    window = _number(_picked(values, Field.WINDOW))
    return RitualForm(
        kind=kind,
        channel_id=_value(values, Field.CHANNEL).get("selected_conversation"),
        days=tuple(int(d) for d in _ticked(values, Field.DAYS) if d.isdigit()),
        time=_value(values, Field.TIME).get("selected_time"),
        zone=_picked(values, Field.ZONE),
        zone_typed=_value(values, Field.ZONE_TYPED).get("value"),
        question=_value(values, Field.QUESTION).get("value")
        or ("" if Field.QUESTION in shown else None),
        window_hours=None if window is None else float(window),
        reminder=("remind" in _ticked(values, Field.REMINDER)) if Field.REMINDER in shown else None,
        size=_number(_picked(values, Field.SIZE)),
        followup_minutes=_number(_picked(values, Field.FOLLOWUP)),
        crew_channel=_value(values, Field.CREW).get("selected_conversation"),
        whole_team=("team" in _ticked(values, Field.WHOLE_TEAM))
        if Field.WHOLE_TEAM in shown
        else None,
    )


def form_errors(field: str, message: str, view: dict[str, Any]) -> dict[str, Any]:
    """``response_action: errors`` with ``message`` on the field concerned (or the channel)."""
    shown = {block.get("block_id") for block in view.get("blocks") or []}
    block = FIELD_OF_PROBLEM.get(field, Field.CHANNEL)
    if block not in shown:
        block = Field.CHANNEL
    return {"response_action": "errors", "errors": {block.value: message[:2000]}}

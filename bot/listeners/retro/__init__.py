"""``/retro`` in Slack: the commands, the retro message's buttons, its modals and the Done
button of an action item's DM. Handlers read the payload, call one use case in
``rituals.retro`` and render what it returns with ``bot.views.retro``."""

from __future__ import annotations

from functools import partial

from slack_bolt import App

from bot.listeners.retro import buttons, commands, modals
from bot.views.retro import ActionId, CallbackId
from bot.wiring import Wiring
from rituals.retro import DEFAULT_FORMAT, DEFAULT_VOTES, FORMATS, START_USAGE
from rituals.retro.actions import ACTION_USAGE


def register(app: App, w: Wiring) -> None:
    """Register ``/retro`` subcommands, the retro buttons and modals."""
    router = w.commands["/retro"]
    formats = ", ".join(f"{key} (default)" if key == DEFAULT_FORMAT else key for key in FORMATS)
    router.add(
        "start",
        partial(commands.start, w),
        usage=f"{START_USAGE} — open a retro in this channel. Formats: {formats}; "
        f"{DEFAULT_VOTES} dot votes each unless votes N (1–10)",
    )
    router.add(
        "close",
        partial(commands.close, w),
        usage="close — post the summary (facilitator or a manager)",
    )
    router.add(
        "action",
        partial(commands.add_action, w),
        usage=f"{ACTION_USAGE} — add an action item; the owner gets a DM",
    )
    router.add(
        "actions",
        partial(commands.list_actions, w),
        usage="actions — open action items in this channel (in a DM: yours)",
    )
    router.add(
        "done",
        partial(commands.done, w),
        usage="done <id> — mark an action item done (its owner, the facilitator or a manager)",
    )
    for action in (
        ActionId.ADD_CARD,
        ActionId.MY_CARDS,
        ActionId.START_VOTING,
        ActionId.VOTE,
        ActionId.CLOSE,
    ):
        app.action(action)(partial(buttons.on_button, w))
    app.action(ActionId.ITEM_DONE)(partial(buttons.on_item_done, w))
    app.action(ActionId.EDIT_CARD)(partial(modals.on_my_card_button, w))
    app.action(ActionId.DELETE_CARD)(partial(modals.on_my_card_button, w))
    app.action(ActionId.VOTE_ADD)(partial(modals.on_vote_button, w))
    app.action(ActionId.VOTE_REMOVE)(partial(modals.on_vote_button, w))
    app.action(ActionId.VOTE_PREV)(partial(modals.on_page_button, w))
    app.action(ActionId.VOTE_NEXT)(partial(modals.on_page_button, w))
    app.view(CallbackId.ADD_CARD)(partial(modals.on_card_submit, w))
    app.view(CallbackId.EDIT_CARD)(partial(modals.on_card_submit, w))

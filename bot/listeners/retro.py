"""``/retro``: start, cards, voting, close and action items.

Buttons and modals ``ack()`` first (after storing what the user gave) and do
their Web API calls in ``deps.after_ack``. The retro message is always
re-rendered from the database, through a per-message coalescer that starts a
new render whenever a change arrived during the previous one, so the last
render always follows the last change. Refusals from message buttons go back
through the response_url as ephemeral messages; refusals inside modals show
in the modal (field errors on submission, a notice line for buttons).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk.errors import SlackApiError

from bot.commands.router import CommandContext, Reply, leftover_words
from bot.views import retro as views
from bot.views.retro import ActionId, BlockId, CallbackId
from rituals import retro as domain
from rituals.errors import GreenroomError, NotFound, UsageError
from storage import retro as store
from storage.models import Retro

if TYPE_CHECKING:
    from bot.wiring import Wiring

logger = logging.getLogger(__name__)

ACTION_USAGE = 'action "<text>" @owner'
NOT_POSTABLE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}


class Coalescer:
    """Runs refreshes per key so that one always starts after the latest request."""

    def __init__(self, deps: Wiring) -> None:
        self.deps = deps
        self._lock = threading.Lock()
        self._running: set[Hashable] = set()
        self._latest: dict[Hashable, Callable[[], None]] = {}

    def request(self, key: Hashable, work: Callable[[], None]) -> None:
        """Run ``work`` soon; if a run for ``key`` is in progress, run the latest work after it."""
        with self._lock:
            self._latest[key] = work
            if key in self._running:
                return
            self._running.add(key)
        self.deps.after_ack(self._drain, key)

    def _drain(self, key: Hashable) -> None:
        while True:
            with self._lock:
                work = self._latest.pop(key, None)
                if work is None:
                    self._running.discard(key)
                    return
            try:
                work()
            except Exception:
                logger.exception("refresh %s failed", key)


class RetroListeners:
    """The retro feature's commands, buttons and modals for one app."""

    def __init__(self, deps: Wiring) -> None:
        self.deps = deps
        self.refresher = Coalescer(deps)

    # rendering --------------------------------------------------------------------
    def refresh(self, team_id: str, retro_id: int) -> None:
        """Re-render the retro message (and the summary, once posted) from the database."""
        self.refresher.request(("message", retro_id), lambda: self._render(team_id, retro_id))

    def _render(self, team_id: str, retro_id: int) -> None:
        with self.deps.db.session() as session:
            retro = store.get_retro(session, team_id, retro_id)
            board = store.board(session, retro)
            where = (retro.channel_id, retro.message_ts, retro.summary_ts)
        client = self.deps.client_for(team_id)
        channel, message_ts, summary_ts = where
        if message_ts:
            message = views.retro_message(board)
            client.chat_update(
                channel=channel, ts=message_ts, text=message.text, blocks=message.blocks
            )
        if summary_ts:
            summary = views.summary_message(board)
            client.chat_update(
                channel=channel, ts=summary_ts, text=summary.text, blocks=summary.blocks
            )

    def _may_facilitate(self, team_id: str, user_id: str, retro: Retro, doing: str) -> None:
        if user_id != retro.facilitator_id:
            domain.check_facilitator(
                user_id=user_id,
                facilitator_id=retro.facilitator_id,
                is_manager=self.deps.directory.is_manager(team_id, user_id),
                doing=doing,
                title=retro.title,
            )

    # slash commands ---------------------------------------------------------------
    def start(self, ctx: CommandContext) -> Reply:
        """``/retro start [format] [votes N] [title]``."""
        request = domain.parse_start(ctx.args, today=ctx.now.date())
        with self.deps.db.session() as session:
            retro = store.create_retro(
                session,
                team_id=ctx.team_id,
                channel_id=ctx.channel_id,
                request=request,
                facilitator_id=ctx.user_id,
                now=ctx.now,
            )
            board = store.board(session, retro)
        message = views.retro_message(board)
        try:
            posted = self.deps.client_for(ctx.team_id).chat_postMessage(
                channel=ctx.channel_id, text=message.text, blocks=message.blocks
            )
        except Exception as exc:
            with self.deps.db.session() as session:
                store.discard_retro(session, ctx.team_id, retro.id)
            error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
            if error in NOT_POSTABLE:
                raise UsageError(
                    f"I can't post in <#{ctx.channel_id}> ({error}). Invite me with "
                    "`/invite @Greenroom`, then start the retro again."
                ) from None
            raise
        with self.deps.db.session() as session:
            store.set_message_ts(session, ctx.team_id, retro.id, str(posted["ts"]))
        logger.info("retro %s started team=%s channel=%s", retro.id, ctx.team_id, ctx.channel_id)
        return Reply(
            f"Your {request.format.name} retro “{views.escape(request.title)}” is open. "
            "Everyone adds cards with *Add card*; they stay hidden until you press *Start voting*."
        )

    def close(self, ctx: CommandContext) -> Reply:
        """``/retro close``: the summary in the channel, or again if it failed to post."""
        leftover_words(ctx, usage="close")
        with self.deps.db.session() as session:
            retro = store.open_retro(session, ctx.team_id, ctx.channel_id)
            if retro is None:
                retro = store.latest_retro(session, ctx.team_id, ctx.channel_id)
                if retro is None or retro.summary_ts is not None:
                    raise NotFound(store.NO_OPEN_RETRO)
        self.close_retro(ctx.team_id, retro.id, ctx.user_id, repost=True)
        return Reply(f"Closed “{views.escape(retro.title)}”: the summary is in the channel.")

    def close_retro(
        self, team_id: str, retro_id: int, user_id: str, *, repost: bool = False
    ) -> None:
        """Close, post the summary, update the retro message.

        With ``repost`` a closed retro whose summary never got posted gets it now.
        """
        with self.deps.db.session() as session:
            retro = store.get_retro(session, team_id, retro_id)
        self._may_facilitate(team_id, user_id, retro, "close")
        with self.deps.db.session() as session:
            retro = store.lock_retro(session, team_id, retro_id)
            unposted = retro.status == domain.Status.CLOSED and retro.summary_ts is None
            if not (repost and unposted):
                store.close_retro(session, retro, now=self.deps.clock.now())
            board = store.board(session, retro)
        summary = views.summary_message(board)
        posted = self.deps.client_for(team_id).chat_postMessage(
            channel=retro.channel_id, text=summary.text, blocks=summary.blocks
        )
        with self.deps.db.session() as session:
            store.set_summary_ts(session, team_id, retro_id, str(posted["ts"]))
        logger.info("retro %s closed team=%s", retro_id, team_id)
        self.refresh(team_id, retro_id)

    def add_action(self, ctx: CommandContext) -> Reply:
        """``/retro action "<text>" @owner``."""
        owner = ctx.take_user(usage=f"/retro {ACTION_USAGE}")
        if not ctx.args:
            raise UsageError(f"Say what will be done, e.g. `/retro {ACTION_USAGE}`.")
        with self.deps.db.session() as session:
            item, retro = store.add_item(
                session,
                team_id=ctx.team_id,
                channel_id=ctx.channel_id,
                text=" ".join(ctx.args),
                owner_id=owner,
                created_by=ctx.user_id,
                now=ctx.now,
            )
        dm = views.assigned_dm(item, channel_id=ctx.channel_id, assigned_by=ctx.user_id)
        self.deps.after_ack(self._send_dm, ctx.team_id, owner, dm)
        if retro is not None:
            self.refresh(ctx.team_id, retro.id)
        return Reply(f"Added action item `#{item.id}` for <@{owner}>: {views.escape(item.text)}")

    def _send_dm(self, team_id: str, user_id: str, dm: views.Message) -> None:
        self.deps.client_for(team_id).chat_postMessage(
            channel=user_id, text=dm.text, blocks=dm.blocks
        )

    def list_actions(self, ctx: CommandContext) -> Reply:
        """``/retro actions``."""
        leftover_words(ctx, usage="actions")
        with self.deps.db.session() as session:
            items = store.open_items(session, ctx.team_id, ctx.channel_id)
        return Reply(views.items_text(items, channel_id=ctx.channel_id))

    def done(self, ctx: CommandContext) -> Reply:
        """``/retro done <id>``."""
        word = ctx.args[0].lstrip("#") if len(ctx.args) == 1 else ""
        if not word.isdigit():
            raise UsageError("Give the action item's id, e.g. `/retro done 12` (`/retro actions`).")
        with self.deps.db.session() as session:
            item, showing = store.mark_done(
                session, team_id=ctx.team_id, item_id=int(word), now=ctx.now
            )
        for retro_id in showing:
            self.refresh(ctx.team_id, retro_id)
        return Reply(f"Marked `#{item.id}` done: {views.escape(item.text)}")

    # message buttons ------------------------------------------------------------------
    def on_button(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond
    ) -> None:
        """Add card, My cards, Start voting, Vote and Close on the retro message."""
        ack()
        action = body["actions"][0]
        try:
            retro_id = int(action["value"])
        except (KeyError, TypeError, ValueError):
            logger.info(
                "retro button %s with a value that is not a retro id", action.get("action_id")
            )
            return
        opens_modal = action.get("action_id") in (
            ActionId.ADD_CARD,
            ActionId.MY_CARDS,
            ActionId.VOTE,
        )
        run = self.deps.open_soon if opens_modal else self.deps.after_ack
        run(
            self._button,
            ActionId(action["action_id"]),
            context.team_id or "",
            body["user"]["id"],
            retro_id,
            body.get("trigger_id"),
            respond,
        )

    def _button(
        self,
        action: ActionId,
        team_id: str,
        user_id: str,
        retro_id: int,
        trigger_id: str | None,
        respond: Respond,
    ) -> None:
        try:
            if action is ActionId.START_VOTING:
                self._start_voting(team_id, retro_id, user_id)
            elif action is ActionId.CLOSE:
                self.close_retro(team_id, retro_id, user_id)
            else:
                view = self._modal_for(action, team_id, retro_id, user_id)
                self.deps.client_for(team_id).views_open(trigger_id=trigger_id, view=view)
        except GreenroomError as exc:
            respond(text=exc.message, response_type="ephemeral", replace_original=False)

    def _modal_for(self, action: ActionId, team_id: str, retro_id: int, user_id: str) -> Any:
        with self.deps.db.session() as session:
            retro = store.get_retro(session, team_id, retro_id)
            info = store.info(retro)
            wanted = domain.Status.VOTING if action is ActionId.VOTE else domain.Status.COLLECTING
            verb = {ActionId.VOTE: "vote", ActionId.ADD_CARD: "add"}.get(action, "edit")
            domain.check_status(status=info.status, allowed=[wanted], action=verb, title=info.title)
            if action is ActionId.ADD_CARD:
                return views.card_modal(info)
            if action is ActionId.MY_CARDS:
                mine = [store.card_view(c) for c in store.own_cards(session, retro, user_id)]
                return views.my_cards_modal(info, mine)
            return self._vote_view(session, retro, user_id)

    def _vote_view(
        self, session: Any, retro: Retro, user_id: str, notice: str | None = None
    ) -> Any:
        cards = store.cards(session, retro.id)
        mine = store.votes_of(session, retro.id, user_id)
        return views.vote_modal(store.info(retro), cards, mine, notice=notice)

    def _start_voting(self, team_id: str, retro_id: int, user_id: str) -> None:
        with self.deps.db.session() as session:
            retro = store.get_retro(session, team_id, retro_id)
        self._may_facilitate(team_id, user_id, retro, "start voting on")
        with self.deps.db.session() as session:
            retro = store.lock_retro(session, team_id, retro_id)
            store.start_voting(session, retro, now=self.deps.clock.now())
        logger.info("retro %s voting team=%s", retro_id, team_id)
        self.refresh(team_id, retro_id)

    # modals -----------------------------------------------------------------------------
    def on_card_submit(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """Add card / Edit card submitted: store it, or answer with a field error."""
        view = body["view"]
        team_id, user_id = context.team_id or "", body["user"]["id"]
        form = views.read_card_form(view["state"]["values"])
        editing = view["callback_id"] == CallbackId.EDIT_CARD
        try:
            text = domain.clean_text(form.text)
            with self.deps.db.session() as session:
                if editing:
                    card_id = views.read_metadata(view["private_metadata"], "card")
                    retro_id = store.retro_of_card(session, team_id, card_id)
                else:
                    card_id, retro_id = 0, views.read_metadata(view["private_metadata"], "retro")
                retro = store.lock_retro(session, team_id, retro_id)
                draft = store.Draft(column=form.column, text=text, anonymous=form.anonymous)
                now = self.deps.clock.now()
                if editing:
                    store.update_card(session, retro, card_id, draft, user_id=user_id, now=now)
                else:
                    store.add_card(session, retro, draft, user_id=user_id, now=now)
        except GreenroomError as exc:
            ack(response_action="errors", errors={BlockId.TEXT: exc.message})
            return
        ack()
        self.refresh(team_id, retro_id)
        if editing and view.get("previous_view_id"):
            self.deps.after_ack(
                self._show_my_cards, team_id, retro_id, user_id, view["previous_view_id"]
            )

    def _show_my_cards(
        self, team_id: str, retro_id: int, user_id: str, view_id: str, notice: str | None = None
    ) -> None:
        with self.deps.db.session() as session:
            retro = store.get_retro(session, team_id, retro_id)
            mine = [store.card_view(c) for c in store.own_cards(session, retro, user_id)]
            view = views.my_cards_modal(store.info(retro), mine, notice=notice)
        self.deps.client_for(team_id).views_update(view_id=view_id, view=view)

    def on_my_card_button(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """Edit or Delete in the My cards modal."""
        team_id, user_id = context.team_id or "", body["user"]["id"]
        action = body["actions"][0]
        try:
            card_id = int(action["value"])
            view = body["view"]
            retro_id = views.read_metadata(view.get("private_metadata"), "retro")
        except (KeyError, TypeError, ValueError, AttributeError):
            ack()
            logger.info("My cards button without a card or retro id; ignored")
            return
        notice: str | None = None
        if action["action_id"] == ActionId.DELETE_CARD:
            try:
                with self.deps.db.session() as session:
                    retro = store.lock_retro(session, team_id, retro_id)
                    store.delete_card(session, retro, card_id=card_id, user_id=user_id)
            except GreenroomError as exc:
                notice = exc.message
            ack()
            if notice is None:
                self.refresh(team_id, retro_id)
            self.deps.after_ack(self._show_my_cards, team_id, retro_id, user_id, view["id"], notice)
            return
        ack()
        self.deps.open_soon(
            self._push_edit, team_id, retro_id, card_id, user_id, view["id"], body["trigger_id"]
        )

    def _push_edit(
        self, team_id: str, retro_id: int, card_id: int, user_id: str, view_id: str, trigger: str
    ) -> None:
        try:
            with self.deps.db.session() as session:
                retro = store.get_retro(session, team_id, retro_id)
                info = store.info(retro)
                domain.check_status(
                    status=info.status,
                    allowed=[domain.Status.COLLECTING],
                    action="edit",
                    title=info.title,
                )
                card = store.card_view(store.own_card(session, retro, card_id, user_id))
        except GreenroomError as exc:
            self._show_my_cards(team_id, retro_id, user_id, view_id, exc.message)
            return
        self.deps.client_for(team_id).views_push(
            trigger_id=trigger, view=views.card_modal(info, card)
        )

    def on_vote_button(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """+ Vote / − Take back in the vote modal: one row added or removed, under the lock."""
        team_id, user_id = context.team_id or "", body["user"]["id"]
        action = body["actions"][0]
        try:
            view = body["view"]
            retro_id = views.read_metadata(view.get("private_metadata"), "retro")
            card_id = int(action["value"])
        except (KeyError, TypeError, ValueError, AttributeError):
            ack()
            logger.info("vote button without a card or retro id; ignored")
            return
        notice: str | None = None
        try:
            with self.deps.db.session() as session:
                retro = store.lock_retro(session, team_id, retro_id)
                if action["action_id"] == ActionId.VOTE_ADD:
                    now = self.deps.clock.now()
                    store.add_vote(session, retro, card_id=card_id, user_id=user_id, now=now)
                else:
                    store.remove_vote(session, retro, card_id=card_id, user_id=user_id)
        except GreenroomError as exc:
            notice = exc.message
        ack()
        if notice is None:
            self.refresh(team_id, retro_id)
        self.refresher.request(
            ("vote", view["id"]),
            lambda: self._show_votes(team_id, retro_id, user_id, view["id"], notice),
        )

    def _show_votes(
        self, team_id: str, retro_id: int, user_id: str, view_id: str, notice: str | None
    ) -> None:
        with self.deps.db.session() as session:
            retro = store.get_retro(session, team_id, retro_id)
            view = self._vote_view(session, retro, user_id, notice)
        self.deps.client_for(team_id).views_update(view_id=view_id, view=view)


def register(app: App, deps: Wiring) -> None:
    """Register ``/retro`` subcommands, the retro buttons and modals."""
    listeners = RetroListeners(deps)
    router = deps.commands["/retro"]
    formats = ", ".join(
        f"{key} (default)" if key == domain.DEFAULT_FORMAT else key for key in domain.FORMATS
    )
    router.add(
        "start",
        listeners.start,
        usage=f"{domain.START_USAGE} — open a retro in this channel. Formats: {formats}; "
        f"{domain.DEFAULT_VOTES} dot votes each unless votes N (1–10)",
    )
    router.add(
        "close", listeners.close, usage="close — post the summary (facilitator or a manager)"
    )
    router.add(
        "action",
        listeners.add_action,
        usage=f"{ACTION_USAGE} — add an action item; the owner gets a DM",
    )
    router.add(
        "actions", listeners.list_actions, usage="actions — open action items in this channel"
    )
    router.add("done", listeners.done, usage="done <id> — mark an action item done")

    for action in (
        ActionId.ADD_CARD,
        ActionId.MY_CARDS,
        ActionId.START_VOTING,
        ActionId.VOTE,
        ActionId.CLOSE,
    ):
        app.action(action)(listeners.on_button)
    app.action(ActionId.EDIT_CARD)(listeners.on_my_card_button)
    app.action(ActionId.DELETE_CARD)(listeners.on_my_card_button)
    app.action(ActionId.VOTE_ADD)(listeners.on_vote_button)
    app.action(ActionId.VOTE_REMOVE)(listeners.on_vote_button)
    app.view(CallbackId.ADD_CARD)(listeners.on_card_submit)
    app.view(CallbackId.EDIT_CARD)(listeners.on_card_submit)

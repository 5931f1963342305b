"""A retro's life: start it in a channel, start voting, close it with a summary.

Rules:
- One open retro (collecting or voting) per channel; a retro needs a channel, not a DM.
- The retro message is posted when the retro starts; if Slack refuses the post, the
  retro is not kept. Its message (and the summary, once posted) is redrawn from the
  database after every change.
- Starting voting and closing are for the facilitator or a manager, members of the
  retro's channel. Voting destroys the key that linked anonymous cards to their authors.
- ``/retro close`` closes the channel's open retro, or posts the summary of a closed one
  whose summary never got out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from rituals.actors import Actor
from rituals.errors import Conflict, NotFound, UsageError
from rituals.ports import SlackFailure
from rituals.retro.access import locked as lock
from rituals.retro.access import require_facilitator, require_member, retro_for
from rituals.retro.board import BoardMessage, RetroInfo, SummaryMessage, read_board
from rituals.retro.rules import Status, check_status, parse_start
from rituals.services import Services
from storage.retro import retros as store
from storage.retro.authors import new_secret
from storage.retro.records import CLOSED, VOTING

logger = logging.getLogger(__name__)

NOT_POSTABLE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
NO_OPEN_RETRO = (
    "There's no open retro in this channel. Start one with `/retro start [format] [title]`."
)
IN_A_DM = (
    "A retro is for a channel's crew, and this is a direct message. Type `/retro start` in "
    "the channel whose crew it's for (invite me there with `/invite @Greenroom`)."
)


def start(svc: Services, actor: Actor, *, channel_id: str, words: Sequence[str]) -> RetroInfo:
    """Open a retro in the channel and post its message; Conflict when one is open there."""
    if channel_id.startswith("D"):
        raise UsageError(IN_A_DM)
    request = parse_start(words, today=svc.clock.now().date())
    require_member(svc, actor, channel_id, refusal="Start a retro in a channel you're in.")
    with svc.db.unit() as unit:
        store.lock_channel(unit, team_id=actor.team_id, channel_id=channel_id)
        existing = store.open_in(unit, team_id=actor.team_id, channel_id=channel_id)
        if existing is not None:
            raise Conflict(
                f"The retro “{existing.title}” (started by <@{existing.facilitator_id}>) is "
                f"still open in this channel, {existing.status}. Close it with `/retro close` "
                "or its Close button, then start a new one."
            )
        retro = store.create(
            unit,
            team_id=actor.team_id,
            channel_id=channel_id,
            title=request.title,
            format=request.format.key,
            facilitator_id=actor.user_id,
            votes_per_person=request.votes_per_person,
            secret=new_secret(),
            now=svc.clock.now(),
        )
        board = read_board(unit, retro)
    try:
        posted = svc.messenger.post(actor.team_id, channel_id, BoardMessage(board))
    except Exception as failure:
        with svc.db.unit() as unit:
            store.discard(unit, team_id=actor.team_id, retro_id=retro.id)
        if isinstance(failure, SlackFailure) and failure.error in NOT_POSTABLE:
            raise UsageError(
                f"I can't post in <#{channel_id}> ({failure.error}). Invite me with "
                "`/invite @Greenroom`, then start the retro again."
            ) from None
        raise
    with svc.db.unit() as unit:
        store.set_posted(unit, team_id=actor.team_id, retro_id=retro.id, message_ts=posted.ts)
    logger.info("retro %s started team=%s channel=%s", retro.id, actor.team_id, channel_id)
    return board.retro


def start_voting(svc: Services, actor: Actor, *, retro_id: int) -> RetroInfo:
    """Reveal the cards and open voting (facilitator or manager)."""
    retro = retro_for(svc, actor, retro_id)
    require_facilitator(svc, actor, retro, doing="start voting on")
    with svc.db.unit() as unit:
        locked = lock(unit, actor, retro_id)
        check_status(
            status=Status(locked.status),
            allowed=[Status.COLLECTING],
            action="start_voting",
            title=locked.title,
        )
        store.move(unit, retro_id=retro_id, status=VOTING, now=svc.clock.now())
    logger.info("retro %s voting team=%s", retro_id, actor.team_id)
    return RetroInfo.of(retro)


def close_here(svc: Services, actor: Actor, *, channel_id: str) -> RetroInfo:
    """``/retro close``: the channel's open retro, or a closed one whose summary never got out."""
    with svc.db.unit() as unit:
        retro = store.open_in(unit, team_id=actor.team_id, channel_id=channel_id)
        if retro is None:
            retro = store.latest_in(unit, team_id=actor.team_id, channel_id=channel_id)
            if retro is None or retro.summary_ts is not None:
                raise NotFound(NO_OPEN_RETRO)
    return close(svc, actor, retro_id=retro.id, repost=True)


def close(svc: Services, actor: Actor, *, retro_id: int, repost: bool = False) -> RetroInfo:
    """Close the retro and post its summary (facilitator or manager). With ``repost``, a closed
    retro whose summary never got posted gets it now."""
    retro = retro_for(svc, actor, retro_id)
    require_facilitator(svc, actor, retro, doing="close")
    with svc.db.unit() as unit:
        locked = lock(unit, actor, retro_id)
        if not (repost and locked.status == CLOSED and locked.summary_ts is None):
            check_status(
                status=Status(locked.status),
                allowed=[Status.COLLECTING, Status.VOTING],
                action="close",
                title=locked.title,
            )
            store.move(unit, retro_id=retro_id, status=CLOSED, now=svc.clock.now())
            locked = lock(unit, actor, retro_id)
        board = read_board(unit, locked)
    posted = svc.messenger.post(actor.team_id, retro.channel_id, SummaryMessage(board))
    with svc.db.unit() as unit:
        store.set_posted(unit, team_id=actor.team_id, retro_id=retro_id, summary_ts=posted.ts)
    logger.info("retro %s closed team=%s", retro_id, actor.team_id)
    return board.retro


def redraw(svc: Services, *, team_id: str, retro_id: int) -> None:
    """Redraw the retro message (and the summary, once posted) from the database."""
    with svc.db.unit() as unit:
        retro = store.get(unit, team_id=team_id, retro_id=retro_id)
        if retro is None:
            return
        board = read_board(unit, retro)
    if retro.message_ts:
        svc.messenger.update(team_id, retro.channel_id, retro.message_ts, BoardMessage(board))
    if retro.summary_ts:
        svc.messenger.update(team_id, retro.channel_id, retro.summary_ts, SummaryMessage(board))

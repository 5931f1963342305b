"""Retros, cards, votes and action items: the repository behind ``/retro``.

Every change that depends on what is already stored (one open retro per
channel, the vote allowance, the status a card may be added in) runs after
taking a lock, so that concurrent requests see each other's rows:
PostgreSQL locks the retro row (``SELECT … FOR UPDATE``) or, for a new retro,
takes a transaction advisory lock on the channel; SQLite starts the
transaction with ``BEGIN IMMEDIATE``, which serialises writers.

Anonymous cards store no author id: only the keyed hash while the retro is
collecting; both the secret and the hashes are erased when voting starts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from rituals import retro as domain
from rituals.errors import Conflict, NotFound
from storage.models import ActionItem, Retro, RetroCard, RetroVote

OPEN = (domain.Status.COLLECTING.value, domain.Status.VOTING.value)
NO_OPEN_RETRO = (
    "There's no open retro in this channel. Start one with `/retro start [format] [title]`."
)


# Locking -------------------------------------------------------------------


def _begin_immediate(session: Session) -> bool:
    """On SQLite, start the transaction holding the write lock; True when that was done."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return False
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    return True


def _lock_channel(session: Session, team_id: str, channel_id: str) -> None:
    """Serialise retro starts in one channel."""
    if _begin_immediate(session):
        return
    digest = hashlib.sha256(f"retro:{team_id}:{channel_id}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    session.execute(select(func.pg_advisory_xact_lock(key)))


def lock_retro(session: Session, team_id: str, retro_id: int) -> Retro:
    """The retro, locked for the rest of the transaction; NotFound when it is not this team's."""
    _begin_immediate(session)
    retro = session.scalar(
        select(Retro)
        .where(Retro.id == retro_id, Retro.team_id == team_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if retro is None:
        raise NotFound(f"Retro {retro_id} no longer exists. Start one with `/retro start`.")
    return retro


# Retros --------------------------------------------------------------------


def get_retro(session: Session, team_id: str, retro_id: int) -> Retro:
    """The retro (no lock); NotFound when it is not this team's."""
    retro = session.scalar(select(Retro).where(Retro.id == retro_id, Retro.team_id == team_id))
    if retro is None:
        raise NotFound(f"Retro {retro_id} no longer exists. Start one with `/retro start`.")
    return retro


def open_retro(session: Session, team_id: str, channel_id: str) -> Retro | None:
    """The retro collecting or voting in this channel, if any."""
    return session.scalar(
        select(Retro)
        .where(
            Retro.team_id == team_id,
            Retro.channel_id == channel_id,
            Retro.status.in_(OPEN),
        )
        .order_by(Retro.id.desc())
        .limit(1)
    )


def require_open(session: Session, team_id: str, channel_id: str) -> Retro:
    """The open retro of the channel; NotFound when there is none."""
    retro = open_retro(session, team_id, channel_id)
    if retro is None:
        raise NotFound(NO_OPEN_RETRO)
    return retro


def latest_retro(session: Session, team_id: str, channel_id: str) -> Retro | None:
    """The newest retro of the channel in any status."""
    return session.scalar(
        select(Retro)
        .where(Retro.team_id == team_id, Retro.channel_id == channel_id)
        .order_by(Retro.id.desc())
        .limit(1)
    )


def create_retro(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    request: domain.StartRequest,
    facilitator_id: str,
    now: datetime,
) -> Retro:
    """A new collecting retro; Conflict naming the open one when the channel has one."""
    _lock_channel(session, team_id, channel_id)
    existing = open_retro(session, team_id, channel_id)
    if existing is not None:
        raise Conflict(
            f"The retro “{existing.title}” (started by <@{existing.facilitator_id}>) is still "
            f"open in this channel, {existing.status}. Close it with `/retro close` or its "
            "Close button, then start a new one."
        )
    retro = Retro(
        team_id=team_id,
        channel_id=channel_id,
        title=request.title,
        format=request.format.key,
        status=domain.Status.COLLECTING.value,
        facilitator_id=facilitator_id,
        votes_per_person=request.votes_per_person,
        secret=domain.new_secret(),
        created_at=now,
    )
    session.add(retro)
    session.flush()
    return retro


def discard_retro(session: Session, team_id: str, retro_id: int) -> None:
    """Remove a retro whose message could not be posted."""
    session.execute(delete(Retro).where(Retro.id == retro_id, Retro.team_id == team_id))


def set_message_ts(session: Session, team_id: str, retro_id: int, ts: str) -> None:
    """Remember where the retro message is."""
    get_retro(session, team_id, retro_id).message_ts = ts


def set_summary_ts(session: Session, team_id: str, retro_id: int, ts: str) -> None:
    """Remember where the summary message is."""
    get_retro(session, team_id, retro_id).summary_ts = ts


def start_voting(session: Session, retro: Retro, *, now: datetime) -> None:
    """Reveal the cards: destroy the secret and every author hash (retro locked by the caller)."""
    domain.check_status(
        status=domain.Status(retro.status),
        allowed=[domain.Status.COLLECTING],
        action="start_voting",
        title=retro.title,
    )
    _forget_authors(session, retro)
    retro.status = domain.Status.VOTING.value
    retro.voting_at = now


def close_retro(session: Session, retro: Retro, *, now: datetime) -> None:
    """Close the retro (locked by the caller); the secret goes too if voting never started."""
    domain.check_status(
        status=domain.Status(retro.status),
        allowed=OPEN_STATUSES,
        action="close",
        title=retro.title,
    )
    _forget_authors(session, retro)
    retro.status = domain.Status.CLOSED.value
    retro.closed_at = now


OPEN_STATUSES = (domain.Status.COLLECTING, domain.Status.VOTING)


def _forget_authors(session: Session, retro: Retro) -> None:
    retro.secret = None
    for card in session.scalars(
        select(RetroCard).where(RetroCard.retro_id == retro.id, RetroCard.anonymous.is_(True))
    ):
        card.author_hash = None
        card.author_id = None


# Cards ---------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """What someone wrote on a card."""

    column: str
    text: str
    anonymous: bool


def _check_collecting(retro: Retro, action: str) -> None:
    domain.check_status(
        status=domain.Status(retro.status),
        allowed=[domain.Status.COLLECTING],
        action=action,
        title=retro.title,
    )


def _author_fields(retro: Retro, user_id: str, anonymous: bool) -> dict[str, str | None]:
    if not anonymous:
        return {"author_id": user_id, "author_hash": None}
    if retro.secret is None:
        raise Conflict(f"Cards on “{retro.title}” can no longer be posted anonymously.")
    return {"author_id": None, "author_hash": domain.author_hash(retro.secret, user_id)}


def add_card(
    session: Session,
    retro: Retro,
    draft: Draft,
    *,
    user_id: str,
    now: datetime,
) -> RetroCard:
    """A new card (retro locked by the caller, collecting)."""
    _check_collecting(retro, "add")
    domain.get_format(retro.format).column(draft.column)
    card = RetroCard(
        team_id=retro.team_id,
        retro_id=retro.id,
        column=draft.column,
        text=domain.clean_text(draft.text),
        anonymous=draft.anonymous,
        created_at=now,
        updated_at=now,
        **_author_fields(retro, user_id, draft.anonymous),
    )
    session.add(card)
    session.flush()
    return card


def own_cards(session: Session, retro: Retro, user_id: str) -> list[RetroCard]:
    """The cards ``user_id`` wrote on this retro, oldest first (anonymous ones via the hash)."""
    cards = session.scalars(
        select(RetroCard)
        .where(RetroCard.retro_id == retro.id, RetroCard.team_id == retro.team_id)
        .order_by(RetroCard.created_at, RetroCard.id)
    )
    return [
        card
        for card in cards
        if domain.is_author(
            user_id=user_id,
            author_id=card.author_id,
            stored_hash=card.author_hash,
            secret=retro.secret,
        )
    ]


def retro_of_card(session: Session, team_id: str, card_id: int) -> int:
    """The retro a card is on; NotFound when the card is gone."""
    retro_id = session.scalar(
        select(RetroCard.retro_id).where(RetroCard.id == card_id, RetroCard.team_id == team_id)
    )
    if retro_id is None:
        raise NotFound("That card is gone, or it isn't one of yours.")
    return int(retro_id)


def own_card(session: Session, retro: Retro, card_id: int, user_id: str) -> RetroCard:
    """One of the user's cards; NotFound when it is gone or not theirs."""
    for card in own_cards(session, retro, user_id):
        if card.id == card_id:
            return card
    raise NotFound("That card is gone, or it isn't one of yours.")


def update_card(
    session: Session,
    retro: Retro,
    card_id: int,
    draft: Draft,
    *,
    user_id: str,
    now: datetime,
) -> RetroCard:
    """Change one of the user's cards (retro locked by the caller, collecting)."""
    _check_collecting(retro, "edit")
    domain.get_format(retro.format).column(draft.column)
    card = own_card(session, retro, card_id, user_id)
    card.column = draft.column
    card.text = domain.clean_text(draft.text)
    card.anonymous = draft.anonymous
    for key, value in _author_fields(retro, user_id, draft.anonymous).items():
        setattr(card, key, value)
    card.updated_at = now
    return card


def delete_card(session: Session, retro: Retro, *, card_id: int, user_id: str) -> None:
    """Remove one of the user's cards (retro locked by the caller, collecting)."""
    _check_collecting(retro, "edit")
    session.delete(own_card(session, retro, card_id, user_id))


# Votes ---------------------------------------------------------------------


def votes_of(session: Session, retro_id: int, user_id: str) -> dict[int, int]:
    """The user's dots per card."""
    rows = session.execute(
        select(RetroVote.card_id, func.count())
        .where(RetroVote.retro_id == retro_id, RetroVote.user_id == user_id)
        .group_by(RetroVote.card_id)
    )
    return {int(card_id): int(count) for card_id, count in rows}


def _card_of(session: Session, retro: Retro, card_id: int) -> RetroCard:
    card = session.scalar(
        select(RetroCard).where(RetroCard.id == card_id, RetroCard.retro_id == retro.id)
    )
    if card is None:
        raise NotFound("That card is no longer on this retro.")
    return card


def add_vote(session: Session, retro: Retro, *, card_id: int, user_id: str, now: datetime) -> int:
    """Place one dot (retro locked by the caller); returns the dots the user has left."""
    domain.check_status(
        status=domain.Status(retro.status),
        allowed=[domain.Status.VOTING],
        action="vote",
        title=retro.title,
    )
    _card_of(session, retro, card_id)
    used = sum(votes_of(session, retro.id, user_id).values())
    domain.check_can_vote(used=used, allowance=retro.votes_per_person)
    session.add(
        RetroVote(
            team_id=retro.team_id,
            retro_id=retro.id,
            card_id=card_id,
            user_id=user_id,
            created_at=now,
        )
    )
    return retro.votes_per_person - used - 1


def remove_vote(session: Session, retro: Retro, *, card_id: int, user_id: str) -> int:
    """Take one dot back (retro locked by the caller); returns the dots the user has left."""
    domain.check_status(
        status=domain.Status(retro.status),
        allowed=[domain.Status.VOTING],
        action="vote",
        title=retro.title,
    )
    _card_of(session, retro, card_id)
    vote = session.scalar(
        select(RetroVote)
        .where(
            RetroVote.retro_id == retro.id,
            RetroVote.card_id == card_id,
            RetroVote.user_id == user_id,
        )
        .order_by(RetroVote.id.desc())
        .limit(1)
    )
    if vote is None:
        raise Conflict("You have no dot on that card to take back.")
    session.delete(vote)
    session.flush()
    return retro.votes_per_person - sum(votes_of(session, retro.id, user_id).values())


# Reading for views -----------------------------------------------------------


def info(retro: Retro) -> domain.RetroInfo:
    """The domain view of a retro row."""
    return domain.RetroInfo(
        id=retro.id,
        channel_id=retro.channel_id,
        title=retro.title,
        format=domain.get_format(retro.format),
        status=domain.Status(retro.status),
        facilitator_id=retro.facilitator_id,
        votes_per_person=retro.votes_per_person,
        created_at=retro.created_at,
    )


def card_view(card: RetroCard, votes: int = 0) -> domain.Card:
    """The domain view of a card: never an author for anonymous cards."""
    return domain.Card(
        id=card.id,
        column=card.column,
        text=card.text,
        anonymous=card.anonymous,
        author_id=None if card.anonymous else card.author_id,
        created_at=card.created_at,
        votes=votes,
    )


def cards(session: Session, retro_id: int) -> list[domain.Card]:
    """Every card of a retro with its vote total, in one query (a vote redraws this)."""
    votes = (
        select(RetroVote.card_id, func.count().label("votes"))
        .where(RetroVote.retro_id == retro_id)
        .group_by(RetroVote.card_id)
        .subquery()
    )
    rows = session.execute(
        select(
            RetroCard.id,
            RetroCard.column,
            RetroCard.text,
            RetroCard.anonymous,
            RetroCard.author_id,
            RetroCard.created_at,
            func.coalesce(votes.c.votes, 0),
        )
        .outerjoin(votes, votes.c.card_id == RetroCard.id)
        .where(RetroCard.retro_id == retro_id)
        .order_by(RetroCard.id)
    )
    return [
        domain.Card(
            id=card_id,
            column=column,
            text=text,
            anonymous=anonymous,
            author_id=None if anonymous else author_id,
            created_at=created_at,
            votes=int(total),
        )
        for card_id, column, text, anonymous, author_id, created_at, total in rows
    ]


def board(session: Session, retro: Retro) -> domain.Board:
    """What the retro message and the summary show, read in one session."""
    voters = session.scalar(
        select(func.count(func.distinct(RetroVote.user_id))).where(RetroVote.retro_id == retro.id)
    )
    own = _item_ids_of(session, retro.id)
    earlier = [i for i in open_items(session, retro.team_id, retro.channel_id) if i.id not in own]
    return domain.Board(
        retro=info(retro),
        cards=tuple(cards(session, retro.id)),
        voters=int(voters or 0),
        earlier_items=tuple(earlier),
        items=tuple(items_of_retro(session, retro)),
    )


# Action items -----------------------------------------------------------------


def _item(row: ActionItem, retro_title: str | None) -> domain.ActionItem:
    return domain.ActionItem(
        id=row.id,
        text=row.text,
        owner_id=row.owner_id,
        created_by=row.created_by,
        status=row.status,
        created_at=row.created_at,
        retro_title=retro_title,
    )


def _item_ids_of(session: Session, retro_id: int) -> set[int]:
    return set(session.scalars(select(ActionItem.id).where(ActionItem.retro_id == retro_id)))


def add_item(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    text: str,
    owner_id: str,
    created_by: str,
    now: datetime,
) -> tuple[domain.ActionItem, Retro | None]:
    """A new open action item, tied to the channel's open retro or else its latest one."""
    retro = open_retro(session, team_id, channel_id) or latest_retro(session, team_id, channel_id)
    row = ActionItem(
        team_id=team_id,
        channel_id=channel_id,
        retro_id=retro.id if retro else None,
        text=domain.clean_text(text, what="An action item"),
        owner_id=owner_id,
        created_by=created_by,
        status="open",
        created_at=now,
    )
    session.add(row)
    session.flush()
    return _item(row, retro.title if retro else None), retro


def open_items(session: Session, team_id: str, channel_id: str) -> list[domain.ActionItem]:
    """The channel's open action items, oldest first."""
    rows = session.execute(
        select(ActionItem, Retro.title)
        .outerjoin(Retro, Retro.id == ActionItem.retro_id)
        .where(
            ActionItem.team_id == team_id,
            ActionItem.channel_id == channel_id,
            ActionItem.status == "open",
        )
        .order_by(ActionItem.created_at, ActionItem.id)
    )
    return [_item(row, title) for row, title in rows]


def items_of_retro(session: Session, retro: Retro) -> list[domain.ActionItem]:
    """The action items raised during or after a retro, oldest first."""
    rows = session.scalars(
        select(ActionItem)
        .where(ActionItem.team_id == retro.team_id, ActionItem.retro_id == retro.id)
        .order_by(ActionItem.created_at, ActionItem.id)
    )
    return [_item(row, retro.title) for row in rows]


def mark_done(
    session: Session, *, team_id: str, item_id: int, now: datetime
) -> tuple[domain.ActionItem, list[int]]:
    """Close an action item of this team; returns it and the retros whose messages list it.

    NotFound / Conflict say what to type instead.
    """
    row = session.scalar(
        select(ActionItem).where(ActionItem.id == item_id, ActionItem.team_id == team_id)
    )
    if row is None:
        raise NotFound(
            f"There's no action item {item_id}. Type `/retro actions` in its channel to see ids."
        )
    if row.status == "done":
        raise Conflict(f"Action item {item_id} is already done.")
    row.status = "done"
    row.done_at = now
    retro = session.get(Retro, row.retro_id) if row.retro_id is not None else None
    showing = [retro.id] if retro else []
    current = open_retro(session, team_id, row.channel_id)
    if current is not None and current.id not in showing:
        showing.append(current.id)
    return _item(row, retro.title if retro else None), showing

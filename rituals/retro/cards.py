"""Cards: written while a retro collects, each changed or removed only by its author.

Rules:
- Cards are added, changed and removed only while the retro is collecting, by members
  of its channel; a card named by id is looked up in the clicker's workspace and its
  retro is the one checked.
- One person adds at most ``cards_per_person`` cards to one column (anonymous ones
  count too: the keyed hash still links them to their author while cards are written).
- Text is 1 to 1,000 characters, kept without NUL and lone surrogates.
- An anonymous card keeps no author: only the keyed hash (``storage.retro.authors``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rituals.actors import Actor
from rituals.errors import Conflict, NotFound
from rituals.retro.access import locked, retro_for, retro_of_card
from rituals.retro.board import RetroInfo
from rituals.retro.rules import Status, check_card_cap, check_status, clean_text
from rituals.services import Services
from storage.retro import cards as store
from storage.retro.authors import author_hash
from storage.retro.records import Card, RetroRecord
from storage.unit import Unit

NOT_YOURS = "That card is gone, or it isn't one of yours."


@dataclass(frozen=True)
class Draft:
    """What someone wrote on a card."""

    column: str
    text: str
    anonymous: bool


@dataclass(frozen=True)
class MyCards:
    """The author's own cards on a collecting retro."""

    retro: RetroInfo
    cards: tuple[Card, ...]


def _collecting(retro: RetroRecord, action: str) -> RetroInfo:
    info = RetroInfo.of(retro)
    check_status(status=info.status, allowed=[Status.COLLECTING], action=action, title=info.title)
    return info


def card_form(svc: Services, actor: Actor, *, retro_id: int) -> RetroInfo:
    """The retro an Add card modal is for (collecting, the actor in its channel)."""
    return _collecting(retro_for(svc, actor, retro_id), "add")


def my_cards(svc: Services, actor: Actor, *, retro_id: int) -> MyCards:
    """The actor's own cards on the retro."""
    retro = retro_for(svc, actor, retro_id)
    info = _collecting(retro, "edit")
    with svc.db.unit() as unit:
        mine = store.authored(unit, retro=retro, user_id=actor.user_id)
    return MyCards(info, tuple(mine))


def _own(unit: Unit, retro: RetroRecord, actor: Actor, card_id: int) -> Card:
    for card in store.authored(unit, retro=retro, user_id=actor.user_id):
        if card.id == card_id:
            return card
    raise NotFound(NOT_YOURS)


def edit_form(svc: Services, actor: Actor, *, card_id: int) -> tuple[RetroInfo, Card]:
    """The retro and the actor's own card, for the Edit card modal."""
    retro = retro_of_card(svc, actor, card_id, missing=NOT_YOURS)
    info = _collecting(retro, "edit")
    with svc.db.unit() as unit:
        return info, _own(unit, retro, actor, card_id)


def _locked(unit: Unit, actor: Actor, retro_id: int, action: str) -> RetroRecord:
    retro = locked(unit, actor, retro_id)
    _collecting(retro, action)
    return retro


def _author(retro: RetroRecord, actor: Actor, anonymous: bool) -> dict[str, str | None]:
    if not anonymous:
        return {"author_id": actor.user_id, "author_hash": None}
    if retro.secret is None:
        raise Conflict(f"Cards on “{retro.title}” can no longer be posted anonymously.")
    return {"author_id": None, "author_hash": author_hash(retro.secret, actor.user_id)}


def _check_cap(svc: Services, unit: Unit, retro: RetroRecord, actor: Actor, column: str) -> None:
    label = RetroInfo.of(retro).format.column(column).title
    written = sum(
        1 for c in store.authored(unit, retro=retro, user_id=actor.user_id) if c.column == column
    )
    check_card_cap(written=written, cap=svc.config.cards_per_person, column=label)


def add_card(svc: Services, actor: Actor, *, retro_id: int, draft: Draft) -> int:
    """A new card on the retro; the retro's id."""
    text = clean_text(draft.text)
    retro = retro_for(svc, actor, retro_id)
    with svc.db.unit() as unit:
        retro = _locked(unit, actor, retro.id, "add")
        _check_cap(svc, unit, retro, actor, draft.column)
        store.add(
            unit,
            retro=retro,
            column=draft.column,
            text=text,
            anonymous=draft.anonymous,
            now=svc.clock.now(),
            **_author(retro, actor, draft.anonymous),
        )
    return retro.id


def edit_card(svc: Services, actor: Actor, *, card_id: int, draft: Draft) -> int:
    """Change one of the actor's cards; the retro's id."""
    text = clean_text(draft.text)
    retro = retro_of_card(svc, actor, card_id, missing=NOT_YOURS)
    with svc.db.unit() as unit:
        retro = _locked(unit, actor, retro.id, "edit")
        RetroInfo.of(retro).format.column(draft.column)
        card = _own(unit, retro, actor, card_id)
        if card.column != draft.column:
            _check_cap(svc, unit, retro, actor, draft.column)
        store.change(
            unit,
            card_id=card_id,
            column=draft.column,
            text=text,
            anonymous=draft.anonymous,
            now=svc.clock.now(),
            **_author(retro, actor, draft.anonymous),
        )
    return retro.id


def delete_card(svc: Services, actor: Actor, *, card_id: int) -> int:
    """Remove one of the actor's cards; the retro's id."""
    retro = retro_of_card(svc, actor, card_id, missing=NOT_YOURS)
    with svc.db.unit() as unit:
        retro = _locked(unit, actor, retro.id, "edit")
        _own(unit, retro, actor, card_id)
        store.remove(unit, card_id=card_id)
    return retro.id

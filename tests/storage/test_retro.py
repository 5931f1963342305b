"""The retro repositories on SQLite and PostgreSQL: records in, records out, team-scoped."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.db import Database
from storage.retro import cards, items, retros, votes
from storage.retro.authors import author_hash, new_secret
from storage.retro.records import CLOSED, VOTING

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_a_retro_from_start_to_close(db: Database) -> None:
    with db.unit() as unit:
        retros.lock_channel(unit, team_id="T1", channel_id="C1")
        retro = retros.create(
            unit,
            team_id="T1",
            channel_id="C1",
            title="Week 1",
            format="4ls",
            facilitator_id="UF",
            votes_per_person=3,
            secret=new_secret(),
            now=NOW,
        )
        assert retros.open_in(unit, team_id="T1", channel_id="C1") == retro
        assert retros.get(unit, team_id="T2", retro_id=retro.id) is None
        assert retro.secret is not None
        named = cards.add(
            unit,
            retro=retro,
            column="liked",
            text="Named",
            anonymous=False,
            author_id="UA",
            author_hash=None,
            now=NOW,
        )
        hidden = cards.add(
            unit,
            retro=retro,
            column="liked",
            text="Hidden",
            anonymous=True,
            author_id=None,
            author_hash=author_hash(retro.secret, "UB"),
            now=NOW,
        )
        assert [c.id for c in cards.authored(unit, retro=retro, user_id="UB")] == [hidden]
        assert cards.retro_of(unit, team_id="T1", card_id=named) == retro.id
        assert cards.retro_of(unit, team_id="T2", card_id=named) is None
    with db.unit() as unit:
        locked = retros.lock(unit, team_id="T1", retro_id=retro.id)
        assert locked is not None
        retros.move(unit, retro_id=retro.id, status=VOTING, now=NOW)
        for card in (named, hidden, hidden):
            votes.add(unit, team_id="T1", retro_id=retro.id, card_id=card, user_id="UC", now=NOW)
        assert votes.take_back(unit, retro_id=retro.id, card_id=hidden, user_id="UC")
        assert not votes.take_back(unit, retro_id=retro.id, card_id=hidden, user_id="UD")
    with db.unit() as unit:
        voting = retros.get(unit, team_id="T1", retro_id=retro.id)
        assert voting is not None and voting.secret is None and voting.status == VOTING
        assert cards.authored(unit, retro=voting, user_id="UB") == []  # the link is gone
        totals = {c.id: c.votes for c in cards.with_votes(unit, retro_id=retro.id)}
        assert totals == {named: 1, hidden: 1}
        assert votes.of_voter(unit, retro_id=retro.id, user_id="UC") == {named: 1, hidden: 1}
        assert votes.voters(unit, retro_id=retro.id) == 1
        retros.move(unit, retro_id=retro.id, status=CLOSED, now=NOW)
        retros.set_posted(unit, team_id="T1", retro_id=retro.id, summary_ts="1.2")
    with db.unit() as unit:
        closed = retros.latest_in(unit, team_id="T1", channel_id="C1")
        assert closed is not None and closed.summary_ts == "1.2"
        assert retros.open_in(unit, team_id="T1", channel_id="C1") is None


def test_action_items_once_per_request_and_closed_once(db: Database) -> None:
    args = {
        "team_id": "T1",
        "channel_id": "C1",
        "retro_id": None,
        "retro_title": None,
        "owner_id": "UA",
        "created_by": "UF",
        "now": NOW,
    }
    with db.unit() as unit:
        first = items.add(unit, text="Book the hall", request_key="k1", **args)
        items.add(unit, text="Fix the van", request_key=None, **args)
        assert items.by_request(unit, team_id="T1", request_key="k1") == first
        assert items.by_request(unit, team_id="T2", request_key="k1") is None
        items.set_dm(unit, item_id=first.id, channel="D1", ts="3.4")
    with db.unit() as unit:
        assert [i.text for i in items.open_in(unit, team_id="T1", channel_id="C1")] == [
            "Book the hall",
            "Fix the van",
        ]
        assert items.close(unit, item_id=first.id, now=NOW)
        assert not items.close(unit, item_id=first.id, now=NOW)
        stored = items.get(unit, team_id="T1", item_id=first.id)
        assert stored is not None and (stored.dm_channel, stored.dm_ts) == ("D1", "3.4")
        assert [i.text for i in items.owned_by(unit, team_id="T1", owner_id="UA")] == [
            "Fix the van"
        ]

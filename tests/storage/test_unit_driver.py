"""A statement run on the driver's cursor (``Unit.first_on_driver``, PostgreSQL): its
constants and conversions bound as SQLAlchemy would, and a connection the server dropped
kept out of the pool."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, literal, select, text

from storage.db import Database
from storage.models.base import UTCDateTime

STATEMENT = select(
    literal("fixed").label("constant"),
    bindparam("given", type_=UTCDateTime()).label("given"),
)


@pytest.fixture
def postgres(db: Database) -> Database:
    if db.dialect != "postgresql":
        pytest.skip("statements run on the driver's cursor on PostgreSQL only")
    return db


def test_constants_and_conversions_are_bound(postgres: Database) -> None:
    when = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    with postgres.unit(one_statement=True) as unit:
        row = unit.first_on_driver(STATEMENT, {"given": when})
    assert row[0] == "fixed" and row[1] == when
    with postgres.unit(one_statement=True) as unit, pytest.raises(ValueError, match="naive"):
        unit.first_on_driver(STATEMENT, {"given": datetime(2026, 12, 7, 9, 30)})


def test_a_dropped_connection_does_not_go_back_to_the_pool(postgres: Database) -> None:
    with postgres.unit(one_statement=True) as unit:
        pid = unit.connection.scalar(text("SELECT pg_backend_pid()"))
        with postgres.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            other.commit()
        with pytest.raises(Exception):  # noqa: B017 - the driver's own error, whichever it is
            unit.first_on_driver(STATEMENT, {"given": datetime.now(UTC)})
    for _ in range(3):  # every pooled connection still answers
        with postgres.unit(one_statement=True) as unit:
            assert unit.first_on_driver(STATEMENT, {"given": datetime.now(UTC)})[0] == "fixed"

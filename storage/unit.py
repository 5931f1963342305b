"""The unit of work every repository function takes first: one transaction, two ways in.

Core statements run on ``unit.connection`` (the cheap path clicks and the engine take);
ORM work runs on ``unit.session``, a session opened on first use and joined to the same
transaction, so a use case may mix both and still commit or roll back once. Repositories
never commit: ``Database.unit()`` commits when the ``with`` block ends and rolls back when
it raises.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.orm import Session


class Unit:
    """One transaction on one connection (or, ``one_statement``, a connection in autocommit
    on which each statement is a transaction of its own: see ``Database.unit``)."""

    def __init__(self, connection: Connection, *, one_statement: bool = False) -> None:
        self.connection = connection
        self.dialect: str = connection.dialect.name
        self.one_statement = one_statement
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """An ORM session in this unit's transaction (created on first use)."""
        if self._session is None:
            self._session = Session(
                bind=self.connection,
                expire_on_commit=False,
                join_transaction_mode="rollback_only",
            )
        return self._session

    def execute(self, statement: Any, parameters: Any = None) -> CursorResult[*tuple[Any, ...]]:
        """Run a Core statement (with a dict, or a list of dicts for executemany); the cursor's
        result, so ``rowcount`` is there for UPDATE and DELETE."""
        if self._session is not None:
            self._session.flush()  # ORM changes first, so the statement sees them
        return self.connection.execute(statement, parameters)

    def insert(self, table: Any) -> Any:
        """An INSERT for this database's dialect, so ``on_conflict_do_nothing`` is available."""
        return (pg_insert if self.dialect == "postgresql" else sqlite_insert)(table)

    def finish(self) -> None:
        """Flush ORM changes and close the session; the transaction is committed by its owner."""
        if self._session is not None:
            try:
                self._session.flush()
            finally:
                self._session.close()
                self._session = None

    def abandon(self) -> None:
        """Drop ORM state without flushing (the transaction is being rolled back)."""
        if self._session is not None:
            self._session.close()
            self._session = None

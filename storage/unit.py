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
    """One transaction on one connection (or a connection in autocommit, on which each
    statement is a transaction of its own: ``Database.unit(one_statement=True)``)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect: str = connection.dialect.name
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

    def first_on_driver(self, statement: Any, parameters: dict[str, Any]) -> Any:
        """Run a prebuilt Core statement on the driver's own cursor (PostgreSQL); its first
        row as the driver gives it, or None. SQLAlchemy compiles it once per dialect (its SQL,
        its constants, the conversion of each parameter) and does nothing per execution, where
        for a click's one statement its work costs more than the database's."""
        if self._session is not None:
            self._session.flush()
        sql, constants, conversions = _compiled(statement, self.connection)
        values = {**constants, **parameters}
        for name, convert in conversions.items():
            values[name] = convert(values[name])
        driver: Any = self.connection.connection.driver_connection
        cursor = driver.cursor()
        try:
            cursor.execute(sql, values, prepare=True)
            return cursor.fetchone()
        except Exception:
            if driver.broken or driver.closed:  # as SQLAlchemy would: not back to the pool
                self.connection.invalidate()
            raise
        finally:
            cursor.close()

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


_Compiled = tuple[str, dict[str, Any], dict[str, Any]]
# keyed by the statement's id, and holding the statement itself: while it is cached no other
# statement can be given its id
_COMPILED: dict[tuple[int, str], tuple[Any, _Compiled]] = {}


def _compiled(statement: Any, connection: Connection) -> _Compiled:
    """SQL with named parameters, the constants bound in it and each parameter's conversion."""
    key = (id(statement), connection.dialect.name)
    cached = _COMPILED.get(key)
    if cached is not None:
        return cached[1]
    compiled = statement.compile(dialect=connection.dialect)
    if connection.dialect.paramstyle != "pyformat" or compiled.literal_execute_params:
        raise ValueError("only plain statements with named parameters run on the driver")
    constants = {
        name: bind.effective_value
        for bind, name in compiled.bind_names.items()
        if not bind.required
    }
    conversions = dict(compiled._bind_processors)
    found = (compiled.string, constants, conversions)
    _COMPILED[key] = (statement, found)
    return found

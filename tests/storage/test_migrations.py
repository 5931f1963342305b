"""The migrations build exactly the schema the models declare, and go down again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.db import Database
from storage.models import Base

SLACK_TABLES = {"slack_installations", "slack_bots", "slack_oauth_states"}


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [
            diff
            for diff in compare_metadata(context, Base.metadata)
            if not (diff[0] == "remove_table" and diff[1].name in SLACK_TABLES)
            and not (diff[0] == "remove_index" and diff[1].table.name in SLACK_TABLES)
        ]
    assert differences == []


def test_every_table_has_a_team_id(db: Database) -> None:
    for table in Base.metadata.sorted_tables:
        assert "team_id" in table.c, f"{table.name} has no team_id"


def test_downgrade_to_base_and_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 'm.db'}")
    database.upgrade()
    command.downgrade(database.alembic_config(), "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    database.upgrade()
    names = set(inspect(database.engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} | SLACK_TABLES <= names
    database.dispose()

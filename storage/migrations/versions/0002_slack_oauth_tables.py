"""slack_sdk installation and OAuth state tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The tables are defined by slack_sdk's SQLAlchemy stores; building them from
slack_sdk's own table builders keeps them in step with the library that reads
them.
"""

from __future__ import annotations

from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _metadata() -> MetaData:
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


def upgrade() -> None:
    _metadata().create_all(op.get_bind())


def downgrade() -> None:
    _metadata().drop_all(op.get_bind())

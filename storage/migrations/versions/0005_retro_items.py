"""action_items: the owner's DM (dm_channel, dm_ts) and the request that added it

Revision ID: 0005_retro
Revises: 0004
Create Date: 2026-12-07

The owner's DM about an action item has a Done button and is updated when the item is
closed; a repeated ``/retro action`` request (same trigger_id) adds nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_retro"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action_items") as batch:
        batch.add_column(sa.Column("dm_channel", sa.String(32), nullable=True))
        batch.add_column(sa.Column("dm_ts", sa.String(32), nullable=True))
        batch.add_column(sa.Column("request_key", sa.String(64), nullable=True))
        batch.create_unique_constraint(
            "uq_action_items_team_id_request_key", ["team_id", "request_key"]
        )


def downgrade() -> None:
    with op.batch_alter_table("action_items") as batch:
        batch.drop_constraint("uq_action_items_team_id_request_key", type_="unique")
        batch.drop_column("request_key")
        batch.drop_column("dm_ts")
        batch.drop_column("dm_channel")

"""deliveries.joined_to: a prompt asked by another delivery's message

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07

Someone in several channels with pulses gets one DM a day per distinct question, naming
the channels; the other channels' prompts for them point at that DM's delivery.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("joined_to", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_deliveries_joined_to_deliveries",
            "deliveries",
            ["joined_to"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_deliveries_joined_to", ["joined_to"])


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_index("ix_deliveries_joined_to")
        batch.drop_constraint("fk_deliveries_joined_to_deliveries", type_="foreignkey")
        batch.drop_column("joined_to")

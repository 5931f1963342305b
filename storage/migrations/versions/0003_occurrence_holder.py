"""occurrences.claimed_by: which worker is planning an occurrence

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

A worker that dies while planning leaves its occurrence to be taken over as soon as it is
known to be dead, not when its lease runs out.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("occurrences") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("occurrences") as batch:
        batch.drop_column("claimed_by")

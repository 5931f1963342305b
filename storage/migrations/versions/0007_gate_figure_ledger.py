"""figure ledger: every pulse figure shown, over which answers (the privacy gate's memory)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

The privacy gate checks each figure against everything shown before, and a figure of a
closed period is shown the same way ever after: both need the figures released so far.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("answer_key", sa.String(length=64), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_answers")),
        sa.UniqueConstraint(
            "team_id", "answer_key", name=op.f("uq_figure_answers_team_id_answer_key")
        ),
    )
    op.create_index(op.f("ix_figure_answers_person"), "figure_answers", ["person"])
    op.create_table(
        "figure_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_sets")),
        sa.UniqueConstraint("team_id", "digest", name=op.f("uq_figure_sets_team_id_digest")),
    )
    op.create_table(
        "figure_set_answers",
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["figure_answers.id"],
            name=op.f("fk_figure_set_answers_answer_id_figure_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["figure_sets.id"],
            name=op.f("fk_figure_set_answers_set_id_figure_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("set_id", "answer_id", name=op.f("pk_figure_set_answers")),
    )
    op.create_index(op.f("ix_figure_set_answers_answer_id"), "figure_set_answers", ["answer_id"])
    op.create_table(
        "figure_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("metric", sa.String(length=16), nullable=False),
        sa.Column("grp", sa.String(length=100), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("buckets", sa.String(length=64), nullable=True),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("released_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["figure_sets.id"],
            name=op.f("fk_figure_releases_set_id_figure_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_releases")),
    )
    op.create_index("ix_figure_releases_week", "figure_releases", ["team_id", "week"])


def downgrade() -> None:
    op.drop_index("ix_figure_releases_week", table_name="figure_releases")
    op.drop_table("figure_releases")
    op.drop_index(op.f("ix_figure_set_answers_answer_id"), table_name="figure_set_answers")
    op.drop_table("figure_set_answers")
    op.drop_table("figure_sets")
    op.drop_index(op.f("ix_figure_answers_person"), table_name="figure_answers")
    op.drop_table("figure_answers")

"""result archive: aggregate results kept when client-level data is purged

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "result_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("first", sa.Date(), nullable=False),
        sa.Column("last", sa.Date(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("purged_before", sa.Date(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "last IS NULL OR first IS NULL OR last >= first",
            name=op.f("ck_result_archive_last_not_before_first"),
        ),
        sa.CheckConstraint("length(label) <= 20", name=op.f("ck_result_archive_label_length")),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_result_archive_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_archive")),
        sa.UniqueConstraint(
            "team_id", "first", "last", name=op.f("uq_result_archive_team_id_first_last")
        ),
    )


def downgrade() -> None:
    op.drop_table("result_archive")

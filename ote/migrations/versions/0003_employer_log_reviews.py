"""employer log reviews

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employer_log_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "reviewed_on IS NULL OR week_start IS NULL OR reviewed_on >= week_start",
            name=op.f("ck_employer_log_review_reviewed_on_not_before_week_start"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["staff.id"],
            name=op.f("fk_employer_log_review_reviewer_id_staff"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_employer_log_review_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_log_review")),
        sa.UniqueConstraint(
            "team_id", "week_start", name=op.f("uq_employer_log_review_team_id_week_start")
        ),
    )


def downgrade() -> None:
    op.drop_table("employer_log_review")

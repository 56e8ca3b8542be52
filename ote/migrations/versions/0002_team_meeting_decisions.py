"""team meeting decisions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_meeting_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status <> 'open' OR closed_on IS NULL",
            name=op.f("ck_team_meeting_decision_open_not_closed"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'cancelled')",
            name=op.f("ck_team_meeting_decision_status_valid"),
        ),
        sa.CheckConstraint(
            "length(status) <= 20", name=op.f("ck_team_meeting_decision_status_length")
        ),
        sa.CheckConstraint(
            "length(text) <= 4000", name=op.f("ck_team_meeting_decision_text_length")
        ),
        sa.CheckConstraint(
            "length(trim(text)) > 0", name=op.f("ck_team_meeting_decision_text_not_blank")
        ),
        sa.CheckConstraint(
            "number >= 1 AND number <= 999", name=op.f("ck_team_meeting_decision_number_range")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["team_meeting.id"],
            name=op.f("fk_team_meeting_decision_meeting_id_team_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["staff.id"], name=op.f("fk_team_meeting_decision_owner_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_meeting_decision")),
        sa.UniqueConstraint(
            "meeting_id", "number", name=op.f("uq_team_meeting_decision_meeting_id_number")
        ),
    )
    with op.batch_alter_table("team_meeting_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_team_meeting_decision_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_team_meeting_decision_owner_id"), ["owner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("team_meeting_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_meeting_decision_owner_id"))
        batch_op.drop_index(batch_op.f("ix_team_meeting_decision_meeting_id"))

    op.drop_table("team_meeting_decision")

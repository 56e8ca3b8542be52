"""user accounts, and an access log nobody can change

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

The access log becomes append-only in the database itself: triggers refuse every UPDATE
and DELETE of its rows (and TRUNCATE on PostgreSQL), whoever connects.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_TRIGGERS = (
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
)
POSTGRESQL_TRIGGERS = (
    """CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$""",
    """CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()""",
)


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("oidc_subject", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('coach', 'job_finder', 'team_leader', 'manager', 'admin')",
            name=op.f("ck_user_account_role_valid"),
        ),
        sa.CheckConstraint(
            "staff_id IS NOT NULL OR role NOT IN ('coach', 'job_finder')",
            name=op.f("ck_user_account_staff_needed"),
        ),
        sa.CheckConstraint(
            "team_id IS NOT NULL OR role IN ('admin', 'manager')",
            name=op.f("ck_user_account_team_needed"),
        ),
        sa.CheckConstraint(
            "failed_attempts >= 0", name=op.f("ck_user_account_failed_attempts_range")
        ),
        sa.CheckConstraint(
            "length(display_name) <= 200", name=op.f("ck_user_account_display_name_length")
        ),
        sa.CheckConstraint("length(email) <= 200", name=op.f("ck_user_account_email_length")),
        sa.CheckConstraint(
            "length(oidc_subject) <= 200", name=op.f("ck_user_account_oidc_subject_length")
        ),
        sa.CheckConstraint(
            "length(password_hash) <= 200", name=op.f("ck_user_account_password_hash_length")
        ),
        sa.CheckConstraint("length(role) <= 20", name=op.f("ck_user_account_role_length")),
        sa.CheckConstraint(
            "length(trim(username)) > 0", name=op.f("ck_user_account_username_not_blank")
        ),
        sa.CheckConstraint("length(username) <= 80", name=op.f("ck_user_account_username_length")),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_user_account_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_user_account_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
        sa.UniqueConstraint("oidc_subject", name=op.f("uq_user_account_oidc_subject")),
        sa.UniqueConstraint("username", name=op.f("uq_user_account_username")),
    )
    triggers = SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    else:
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    op.drop_table("user_account")

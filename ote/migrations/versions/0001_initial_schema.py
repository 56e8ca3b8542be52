"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def client_code_characters() -> sa.CheckConstraint:
    """Client codes: letters, digits and '-', in each database's own pattern syntax."""
    if op.get_bind().dialect.name == "sqlite":
        text = "code NOT GLOB '*[^A-Za-z0-9ÅÄÖåäö-]*'"
    else:
        text = "code ~ '^[A-Za-z0-9ÅÄÖåäö-]+$'"
    return sa.CheckConstraint(text, name=op.f("ck_client_code_characters"))


def upgrade() -> None:
    op.create_table(
        "app_setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.CheckConstraint("length(key) <= 80", name=op.f("ck_app_setting_key_length")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_setting")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("client_code", sa.String(length=20), nullable=True),
        sa.Column("page", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "action IN ('view', 'list', 'create', 'update', 'delete', 'export', 'import', 'refused', 'purge')",
            name=op.f("ck_audit_log_action_valid"),
        ),
        sa.CheckConstraint("length(action) <= 20", name=op.f("ck_audit_log_action_length")),
        sa.CheckConstraint("length(actor) <= 200", name=op.f("ck_audit_log_actor_length")),
        sa.CheckConstraint(
            "length(client_code) <= 20", name=op.f("ck_audit_log_client_code_length")
        ),
        sa.CheckConstraint("length(entity) <= 60", name=op.f("ck_audit_log_entity_length")),
        sa.CheckConstraint("length(entity_id) <= 80", name=op.f("ck_audit_log_entity_id_length")),
        sa.CheckConstraint("length(page) <= 200", name=op.f("ck_audit_log_page_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_log_team_id_client_code_at"),
            ["team_id", "client_code", "at"],
            unique=False,
        )

    op.create_table(
        "employer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("industry", sa.String(length=200), nullable=True),
        sa.CheckConstraint("length(industry) <= 200", name=op.f("ck_employer_industry_length")),
        sa.CheckConstraint("length(key) <= 40", name=op.f("ck_employer_key_length")),
        sa.CheckConstraint("length(name) <= 200", name=op.f("ck_employer_name_length")),
        sa.CheckConstraint("length(trim(key)) > 0", name=op.f("ck_employer_key_not_blank")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_employer_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer")),
        sa.UniqueConstraint("key", name=op.f("uq_employer_key")),
    )
    with op.batch_alter_table("employer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employer_name"), ["name"], unique=False)

    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(key) <= 40", name=op.f("ck_team_key_length")),
        sa.CheckConstraint("length(name) <= 200", name=op.f("ck_team_name_length")),
        sa.CheckConstraint("length(region) <= 200", name=op.f("ck_team_region_length")),
        sa.CheckConstraint("length(trim(key)) > 0", name=op.f("ck_team_key_not_blank")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_team_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("key", name=op.f("uq_team_key")),
    )
    op.create_table(
        "fidelity_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("assessors", sa.String(length=200), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('self', 'external')", name=op.f("ck_fidelity_assessment_kind_valid")
        ),
        sa.CheckConstraint(
            "status <> 'final' OR finalised_at IS NOT NULL",
            name=op.f("ck_fidelity_assessment_final_has_finalised_at"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'final')", name=op.f("ck_fidelity_assessment_status_valid")
        ),
        sa.CheckConstraint(
            "length(assessors) <= 200", name=op.f("ck_fidelity_assessment_assessors_length")
        ),
        sa.CheckConstraint("length(key) <= 40", name=op.f("ck_fidelity_assessment_key_length")),
        sa.CheckConstraint("length(kind) <= 10", name=op.f("ck_fidelity_assessment_kind_length")),
        sa.CheckConstraint(
            "length(place) <= 200", name=op.f("ck_fidelity_assessment_place_length")
        ),
        sa.CheckConstraint(
            "length(status) <= 10", name=op.f("ck_fidelity_assessment_status_length")
        ),
        sa.CheckConstraint(
            "length(trim(key)) > 0", name=op.f("ck_fidelity_assessment_key_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["fidelity_assessment.id"],
            name=op.f("fk_fidelity_assessment_based_on_id_fidelity_assessment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_fidelity_assessment_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fidelity_assessment")),
        sa.UniqueConstraint("key", name=op.f("uq_fidelity_assessment_key")),
    )
    with op.batch_alter_table("fidelity_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fidelity_assessment_team_id_date"), ["team_id", "date"], unique=False
        )

    op.create_table(
        "referral_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("attached", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('adult_social_work', 'disability_services', 'mental_health_substance', 'work_ability_team', 'employment_services', 'self_referral', 'other')",
            name=op.f("ck_referral_source_kind_valid"),
        ),
        sa.CheckConstraint("length(key) <= 40", name=op.f("ck_referral_source_key_length")),
        sa.CheckConstraint("length(kind) <= 30", name=op.f("ck_referral_source_kind_length")),
        sa.CheckConstraint("length(name) <= 200", name=op.f("ck_referral_source_name_length")),
        sa.CheckConstraint("length(trim(key)) > 0", name=op.f("ck_referral_source_key_not_blank")),
        sa.CheckConstraint(
            "length(trim(name)) > 0", name=op.f("ck_referral_source_name_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_referral_source_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_source")),
        sa.UniqueConstraint("key", name=op.f("uq_referral_source_key")),
    )
    with op.batch_alter_table("referral_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_source_team_id"), ["team_id"], unique=False)

    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("coaching_share", sa.Float(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "role IN ('coach', 'job_finder', 'team_leader', 'benefits_counsellor')",
            name=op.f("ck_staff_role_valid"),
        ),
        sa.CheckConstraint(
            "coaching_share >= 0 AND coaching_share <= 1",
            name=op.f("ck_staff_coaching_share_range"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_staff_end_date_not_before_start_date"),
        ),
        sa.CheckConstraint("fte >= 0 AND fte <= 1", name=op.f("ck_staff_fte_range")),
        sa.CheckConstraint("length(key) <= 40", name=op.f("ck_staff_key_length")),
        sa.CheckConstraint("length(name) <= 200", name=op.f("ck_staff_name_length")),
        sa.CheckConstraint("length(role) <= 30", name=op.f("ck_staff_role_length")),
        sa.CheckConstraint("length(trim(key)) > 0", name=op.f("ck_staff_key_not_blank")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_staff_name_not_blank")),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_staff_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("key", name=op.f("uq_staff_key")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_team_id"), ["team_id"], unique=False)

    op.create_table(
        "steering_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("participants", sa.String(length=4000), nullable=True),
        sa.Column("notes", sa.String(length=4000), nullable=True),
        sa.CheckConstraint("length(key) <= 40", name=op.f("ck_steering_meeting_key_length")),
        sa.CheckConstraint("length(notes) <= 4000", name=op.f("ck_steering_meeting_notes_length")),
        sa.CheckConstraint(
            "length(participants) <= 4000", name=op.f("ck_steering_meeting_participants_length")
        ),
        sa.CheckConstraint("length(trim(key)) > 0", name=op.f("ck_steering_meeting_key_not_blank")),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_steering_meeting_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steering_meeting")),
        sa.UniqueConstraint("key", name=op.f("uq_steering_meeting_key")),
    )
    with op.batch_alter_table("steering_meeting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_steering_meeting_team_id_date"), ["team_id", "date"], unique=False
        )

    op.create_table(
        "team_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("job_tips", sa.String(length=4000), nullable=True),
        sa.Column("decisions", sa.String(length=4000), nullable=True),
        sa.CheckConstraint(
            "kind IN ('coaching_supervision', 'mdt_meeting', 'partner_meeting')",
            name=op.f("ck_team_meeting_kind_valid"),
        ),
        sa.CheckConstraint(
            "length(decisions) <= 4000", name=op.f("ck_team_meeting_decisions_length")
        ),
        sa.CheckConstraint(
            "length(job_tips) <= 4000", name=op.f("ck_team_meeting_job_tips_length")
        ),
        sa.CheckConstraint("length(kind) <= 30", name=op.f("ck_team_meeting_kind_length")),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_team_meeting_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_meeting")),
    )
    with op.batch_alter_table("team_meeting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_team_meeting_team_id_date"), ["team_id", "date"], unique=False
        )

    op.create_table(
        "team_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.CheckConstraint("length(key) <= 80", name=op.f("ck_team_setting_key_length")),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_team_setting_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_setting")),
        sa.UniqueConstraint("team_id", "key", name=op.f("uq_team_setting_team_id_key")),
    )
    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("service_start", sa.Date(), nullable=True),
        sa.Column("service_end", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=200), nullable=True),
        sa.Column("framing", sa.String(length=10), nullable=False),
        sa.Column("consent_family", sa.Boolean(), nullable=False),
        sa.Column("consent_former_employers", sa.Boolean(), nullable=False),
        sa.Column("legal_hold", sa.Boolean(), nullable=False),
        client_code_characters(),
        sa.CheckConstraint(
            "framing IN ('ips', 'modular', 'law')", name=op.f("ck_client_framing_valid")
        ),
        sa.CheckConstraint(
            "length(code) >= 3 AND length(code) <= 20", name=op.f("ck_client_code_length")
        ),
        sa.CheckConstraint("length(end_reason) <= 200", name=op.f("ck_client_end_reason_length")),
        sa.CheckConstraint("length(framing) <= 10", name=op.f("ck_client_framing_length")),
        sa.CheckConstraint(
            "service_end IS NULL OR service_start IS NOT NULL",
            name=op.f("ck_client_end_needs_start"),
        ),
        sa.CheckConstraint(
            "service_end IS NULL OR service_start IS NULL OR service_end >= service_start",
            name=op.f("ck_client_service_end_not_before_service_start"),
        ),
        sa.CheckConstraint(
            "service_start IS NULL OR referral_date IS NULL OR service_start >= referral_date",
            name=op.f("ck_client_service_start_not_before_referral_date"),
        ),
        sa.ForeignKeyConstraint(["coach_id"], ["staff.id"], name=op.f("fk_client_coach_id_staff")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["referral_source.id"], name=op.f("fk_client_source_id_referral_source")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_client_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
        sa.UniqueConstraint("team_id", "code", name=op.f("uq_client_team_id_code")),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_coach_id"), ["coach_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_source_id"), ["source_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_client_team_id_service_start_service_end"),
            ["team_id", "service_start", "service_end"],
            unique=False,
        )

    op.create_table(
        "fidelity_item_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=4000), nullable=True),
        sa.Column("suggested_score", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.JSON(none_as_null=True), nullable=True),
        sa.CheckConstraint(
            "item >= 1 AND item <= 25", name=op.f("ck_fidelity_item_score_item_range")
        ),
        sa.CheckConstraint("length(note) <= 4000", name=op.f("ck_fidelity_item_score_note_length")),
        sa.CheckConstraint(
            "score >= 1 AND score <= 5", name=op.f("ck_fidelity_item_score_score_range")
        ),
        sa.CheckConstraint(
            "suggested_score >= 1 AND suggested_score <= 5",
            name=op.f("ck_fidelity_item_score_suggested_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["fidelity_assessment.id"],
            name=op.f("fk_fidelity_item_score_assessment_id_fidelity_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fidelity_item_score")),
        sa.UniqueConstraint(
            "assessment_id", "item", name=op.f("uq_fidelity_item_score_assessment_id_item")
        ),
    )
    op.create_table(
        "fidelity_subcriterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "item IN (5, 8, 10, 11, 13, 25)",
            name=op.f("ck_fidelity_subcriterion_item_has_subcriteria"),
        ),
        sa.CheckConstraint(
            "number >= 1 AND number <= CASE item WHEN 5 THEN 5 WHEN 8 THEN 5 WHEN 10 THEN 5 WHEN 11 THEN 5 WHEN 13 THEN 4 WHEN 25 THEN 6 ELSE 0 END",
            name=op.f("ck_fidelity_subcriterion_number_range"),
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["fidelity_assessment.id"],
            name=op.f("fk_fidelity_subcriterion_assessment_id_fidelity_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fidelity_subcriterion")),
        sa.UniqueConstraint(
            "assessment_id",
            "item",
            "number",
            name=op.f("uq_fidelity_subcriterion_assessment_id_item_number"),
        ),
    )
    op.create_table(
        "quarterly_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=6), nullable=False),
        sa.Column("measure", sa.String(length=80), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=4000), nullable=True),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "length(quarter) = 6 AND substr(quarter, 5, 1) = 'Q' AND substr(quarter, 6, 1) IN ('1', '2', '3', '4') AND substr(quarter, 1, 1) = '2' AND substr(quarter, 2, 1) BETWEEN '0' AND '9' AND substr(quarter, 3, 1) BETWEEN '0' AND '9' AND substr(quarter, 4, 1) BETWEEN '0' AND '9'",
            name=op.f("ck_quarterly_goal_quarter_format"),
        ),
        sa.CheckConstraint("length(measure) <= 80", name=op.f("ck_quarterly_goal_measure_length")),
        sa.CheckConstraint("length(note) <= 4000", name=op.f("ck_quarterly_goal_note_length")),
        sa.CheckConstraint("length(owner) <= 200", name=op.f("ck_quarterly_goal_owner_length")),
        sa.CheckConstraint("length(quarter) <= 6", name=op.f("ck_quarterly_goal_quarter_length")),
        sa.CheckConstraint(
            "length(trim(measure)) > 0", name=op.f("ck_quarterly_goal_measure_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["quarterly_goal.id"],
            name=op.f("fk_quarterly_goal_carried_from_id_quarterly_goal"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_quarterly_goal_staff_id_staff"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_quarterly_goal_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarterly_goal")),
    )
    with op.batch_alter_table("quarterly_goal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quarterly_goal_team_id_quarter"), ["team_id", "quarter"], unique=False
        )

    op.create_table(
        "steering_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress', 'done', 'cancelled')",
            name=op.f("ck_steering_action_status_valid"),
        ),
        sa.CheckConstraint(
            "done_on IS NULL OR created_on IS NULL OR done_on >= created_on",
            name=op.f("ck_steering_action_done_on_not_before_created_on"),
        ),
        sa.CheckConstraint(
            "due_date IS NULL OR created_on IS NULL OR due_date >= created_on",
            name=op.f("ck_steering_action_due_date_not_before_created_on"),
        ),
        sa.CheckConstraint("length(key) <= 40", name=op.f("ck_steering_action_key_length")),
        sa.CheckConstraint("length(owner) <= 200", name=op.f("ck_steering_action_owner_length")),
        sa.CheckConstraint("length(status) <= 20", name=op.f("ck_steering_action_status_length")),
        sa.CheckConstraint("length(title) <= 200", name=op.f("ck_steering_action_title_length")),
        sa.CheckConstraint("length(trim(key)) > 0", name=op.f("ck_steering_action_key_not_blank")),
        sa.CheckConstraint(
            "length(trim(title)) > 0", name=op.f("ck_steering_action_title_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["steering_meeting.id"],
            name=op.f("fk_steering_action_meeting_id_steering_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_steering_action_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steering_action")),
        sa.UniqueConstraint("key", name=op.f("uq_steering_action_key")),
    )
    with op.batch_alter_table("steering_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_steering_action_team_id_status"), ["team_id", "status"], unique=False
        )

    op.create_table(
        "team_meeting_attendee",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["team_meeting.id"],
            name=op.f("fk_team_meeting_attendee_meeting_id_team_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_team_meeting_attendee_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("meeting_id", "staff_id", name=op.f("pk_team_meeting_attendee")),
    )
    with op.batch_alter_table("team_meeting_attendee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_team_meeting_attendee_staff_id"), ["staff_id"], unique=False
        )

    op.create_table(
        "client_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=4000), nullable=True),
        sa.CheckConstraint(
            "kind IN ('vocational_profile', 'job_search_plan')",
            name=op.f("ck_client_plan_kind_valid"),
        ),
        sa.CheckConstraint("length(kind) <= 30", name=op.f("ck_client_plan_kind_length")),
        sa.CheckConstraint("length(note) <= 4000", name=op.f("ck_client_plan_note_length")),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_plan_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_plan")),
    )
    with op.batch_alter_table("client_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_plan_client_id_kind_date"),
            ["client_id", "kind", "date"],
            unique=False,
        )

    op.create_table(
        "coaching_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("start_notice_on", sa.Date(), nullable=True),
        sa.Column("end_notice_on", sa.Date(), nullable=True),
        sa.Column("feedback", sa.String(length=10), nullable=True),
        sa.Column("next_steps_set", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "feedback IN ('arvi', 'written')", name=op.f("ck_coaching_period_feedback_valid")
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_coaching_period_end_date_not_before_start_date"),
        ),
        sa.CheckConstraint(
            "length(feedback) <= 10", name=op.f("ck_coaching_period_feedback_length")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_coaching_period_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_period")),
    )
    with op.batch_alter_table("coaching_period", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coaching_period_client_id_start_date"),
            ["client_id", "start_date"],
            unique=False,
        )

    op.create_table(
        "employer_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("face_to_face", sa.Boolean(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("preference_based", sa.Boolean(), nullable=True),
        sa.Column("purpose", sa.String(length=30), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("job_tip", sa.String(length=4000), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('follow_up', 'interview', 'work_trial', 'job_offer', 'no_opening')",
            name=op.f("ck_employer_contact_outcome_valid"),
        ),
        sa.CheckConstraint(
            "purpose IN ('needs', 'service_info', 'client_strengths', 'interview_request', 'vacancy_inquiry', 'application_only', 'in_work_support')",
            name=op.f("ck_employer_contact_purpose_valid"),
        ),
        sa.CheckConstraint(
            "length(job_tip) <= 4000", name=op.f("ck_employer_contact_job_tip_length")
        ),
        sa.CheckConstraint(
            "length(outcome) <= 30", name=op.f("ck_employer_contact_outcome_length")
        ),
        sa.CheckConstraint(
            "length(purpose) <= 30", name=op.f("ck_employer_contact_purpose_length")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_employer_contact_client_id_client"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_employer_contact_employer_id_employer")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_employer_contact_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_contact")),
    )
    with op.batch_alter_table("employer_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employer_contact_client_id_date"), ["client_id", "date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_employer_contact_employer_id_date"),
            ["employer_id", "date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_employer_contact_staff_id_date_face_to_face_client_id"),
            ["staff_id", "date", "face_to_face", "client_id"],
            unique=False,
        )

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(length=4000), nullable=True),
        sa.CheckConstraint("length(comment) <= 4000", name=op.f("ck_feedback_comment_length")),
        sa.CheckConstraint("score >= 1 AND score <= 5", name=op.f("ck_feedback_score_range")),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_feedback_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_client_id_date"), ["client_id", "date"], unique=False
        )

    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("job_type", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=200), nullable=True),
        sa.Column("competitive", sa.Boolean(), nullable=False),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_job_end_date_not_before_start_date"),
        ),
        sa.CheckConstraint(
            "hours_per_week >= 0 AND hours_per_week <= 168",
            name=op.f("ck_job_hours_per_week_range"),
        ),
        sa.CheckConstraint("length(end_reason) <= 200", name=op.f("ck_job_end_reason_length")),
        sa.CheckConstraint("length(job_type) <= 200", name=op.f("ck_job_job_type_length")),
        sa.CheckConstraint("length(key) <= 40", name=op.f("ck_job_key_length")),
        sa.CheckConstraint("length(title) <= 200", name=op.f("ck_job_title_length")),
        sa.CheckConstraint("length(trim(job_type)) > 0", name=op.f("ck_job_job_type_not_blank")),
        sa.CheckConstraint("length(trim(key)) > 0", name=op.f("ck_job_key_not_blank")),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_job_title_not_blank")),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_job_client_id_client"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_job_employer_id_employer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
        sa.UniqueConstraint("key", name=op.f("uq_job_key")),
    )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_job_client_id_start_date"), ["client_id", "start_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_job_employer_id"), ["employer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_start_date"), ["start_date"], unique=False)

    op.create_table(
        "module_episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(length=2), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=30), nullable=True),
        sa.Column("client_took_part", sa.Boolean(), nullable=False),
        sa.Column("provider_took_part", sa.Boolean(), nullable=False),
        sa.Column("purchaser_took_part", sa.Boolean(), nullable=False),
        sa.Column("results", sa.String(length=4000), nullable=True),
        sa.Column("next_resources", sa.String(length=4000), nullable=True),
        sa.CheckConstraint(
            "decision IN ('next:1', 'next:2', 'next:3A', 'next:3B', 'next:4', 'next:5', 'exit:employed', 'exit:no_need', 'exit:other_service', 'exit:declined')",
            name=op.f("ck_module_episode_decision_valid"),
        ),
        sa.CheckConstraint(
            "module IN ('1', '2', '3A', '3B', '4', '5')",
            name=op.f("ck_module_episode_module_valid"),
        ),
        sa.CheckConstraint(
            "assessed_on IS NULL OR start_date IS NULL OR assessed_on >= start_date",
            name=op.f("ck_module_episode_assessed_on_not_before_start_date"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_module_episode_end_date_not_before_start_date"),
        ),
        sa.CheckConstraint(
            "length(decision) <= 30", name=op.f("ck_module_episode_decision_length")
        ),
        sa.CheckConstraint("length(module) <= 2", name=op.f("ck_module_episode_module_length")),
        sa.CheckConstraint(
            "length(next_resources) <= 4000", name=op.f("ck_module_episode_next_resources_length")
        ),
        sa.CheckConstraint(
            "length(results) <= 4000", name=op.f("ck_module_episode_results_length")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_module_episode_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module_episode")),
    )
    with op.batch_alter_table("module_episode", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_module_episode_client_id_start_date"),
            ["client_id", "start_date"],
            unique=False,
        )

    op.create_table(
        "steering_action_item",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "item >= 1 AND item <= 25", name=op.f("ck_steering_action_item_item_range")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["steering_action.id"],
            name=op.f("fk_steering_action_item_action_id_steering_action"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "item", name=op.f("pk_steering_action_item")),
    )
    op.create_table(
        "steering_action_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.CheckConstraint(
            "length(text) <= 4000", name=op.f("ck_steering_action_note_text_length")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["steering_action.id"],
            name=op.f("fk_steering_action_note_action_id_steering_action"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steering_action_note")),
    )
    with op.batch_alter_table("steering_action_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_steering_action_note_action_id"), ["action_id"], unique=False
        )

    op.create_table(
        "client_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("face_to_face", sa.Boolean(), nullable=False),
        sa.Column("place", sa.String(length=20), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("no_show", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('meeting', 'follow_along', 'outreach_attempt', 'benefits_counselling', 'disclosure_discussion', 'vocational_profile', 'job_search_plan', 'family_contact', 'partner_contact')",
            name=op.f("ck_client_contact_kind_valid"),
        ),
        sa.CheckConstraint(
            "place IN ('office', 'community', 'home', 'workplace', 'remote')",
            name=op.f("ck_client_contact_place_valid"),
        ),
        sa.CheckConstraint("length(kind) <= 30", name=op.f("ck_client_contact_kind_length")),
        sa.CheckConstraint("length(place) <= 20", name=op.f("ck_client_contact_place_length")),
        sa.CheckConstraint(
            "minutes >= 0 AND minutes <= 1440", name=op.f("ck_client_contact_minutes_range")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_contact_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job.id"], name=op.f("fk_client_contact_job_id_job"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_client_contact_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_contact")),
    )
    with op.batch_alter_table("client_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_contact_client_id_date"), ["client_id", "date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_client_contact_staff_id_date"), ["staff_id", "date"], unique=False
        )

    op.create_table(
        "coaching_period_goal",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("goal", sa.String(length=30), nullable=False),
        sa.CheckConstraint(
            "goal IN ('employment_or_studies', 'job_search_skills', 'job_opportunities', 'working_life_skills', 'contract_support', 'realistic_plan')",
            name=op.f("ck_coaching_period_goal_goal_valid"),
        ),
        sa.CheckConstraint("length(goal) <= 30", name=op.f("ck_coaching_period_goal_goal_length")),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["coaching_period.id"],
            name=op.f("fk_coaching_period_goal_period_id_coaching_period"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("period_id", "goal", name=op.f("pk_coaching_period_goal")),
    )


def downgrade() -> None:
    op.drop_table("coaching_period_goal")
    with op.batch_alter_table("client_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_contact_staff_id_date"))
        batch_op.drop_index(batch_op.f("ix_client_contact_client_id_date"))

    op.drop_table("client_contact")
    with op.batch_alter_table("steering_action_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_steering_action_note_action_id"))

    op.drop_table("steering_action_note")
    op.drop_table("steering_action_item")
    with op.batch_alter_table("module_episode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_module_episode_client_id_start_date"))

    op.drop_table("module_episode")
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_start_date"))
        batch_op.drop_index(batch_op.f("ix_job_employer_id"))
        batch_op.drop_index(batch_op.f("ix_job_client_id_start_date"))

    op.drop_table("job")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_client_id_date"))

    op.drop_table("feedback")
    with op.batch_alter_table("employer_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_contact_staff_id_date_face_to_face_client_id"))
        batch_op.drop_index(batch_op.f("ix_employer_contact_employer_id_date"))
        batch_op.drop_index(batch_op.f("ix_employer_contact_client_id_date"))

    op.drop_table("employer_contact")
    with op.batch_alter_table("coaching_period", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coaching_period_client_id_start_date"))

    op.drop_table("coaching_period")
    with op.batch_alter_table("client_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_plan_client_id_kind_date"))

    op.drop_table("client_plan")
    with op.batch_alter_table("team_meeting_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_meeting_attendee_staff_id"))

    op.drop_table("team_meeting_attendee")
    with op.batch_alter_table("steering_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_steering_action_team_id_status"))

    op.drop_table("steering_action")
    with op.batch_alter_table("quarterly_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quarterly_goal_team_id_quarter"))

    op.drop_table("quarterly_goal")
    op.drop_table("fidelity_subcriterion")
    op.drop_table("fidelity_item_score")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_team_id_service_start_service_end"))
        batch_op.drop_index(batch_op.f("ix_client_source_id"))
        batch_op.drop_index(batch_op.f("ix_client_coach_id"))

    op.drop_table("client")
    op.drop_table("team_setting")
    with op.batch_alter_table("team_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_meeting_team_id_date"))

    op.drop_table("team_meeting")
    with op.batch_alter_table("steering_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_steering_meeting_team_id_date"))

    op.drop_table("steering_meeting")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_team_id"))

    op.drop_table("staff")
    with op.batch_alter_table("referral_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_source_team_id"))

    op.drop_table("referral_source")
    with op.batch_alter_table("fidelity_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fidelity_assessment_team_id_date"))

    op.drop_table("fidelity_assessment")
    op.drop_table("team")
    with op.batch_alter_table("employer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_name"))

    op.drop_table("employer")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_team_id_client_code_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("app_setting")

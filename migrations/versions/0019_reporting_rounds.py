"""Twice-yearly reporting rounds and their status reports.

Adds reporting_rounds (one mission's round: what it covers, when it opened, when reports are due,
open or published) and status_reports (one per active intervention in a round: its review state,
the overall status, the text the lead writes, the indicator movement snapshot taken when the
round opened, and the office's comment or reason for excluding it). Reviewed by hand; the
downgrade drops both tables, and with them every round.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("translations", sa.JSON(), server_default="{}", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "reporting_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("covers_from", sa.Date(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), server_default="open", nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "state IN ('open', 'published')", name=op.f("ck_reporting_rounds_state_known")
        ),
        sa.CheckConstraint("opened_on <= due_on", name=op.f("ck_reporting_rounds_dates_in_order")),
        sa.CheckConstraint(
            "covers_from <= opened_on", name=op.f("ck_reporting_rounds_covers_before_opening")
        ),
        sa.CheckConstraint(
            "(state = 'published') = (published_at IS NOT NULL)",
            name=op.f("ck_reporting_rounds_published_when_dated"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_reporting_rounds_mission_id_missions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"],
            ["users.id"],
            name=op.f("fk_reporting_rounds_opened_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_rounds")),
        sa.UniqueConstraint(
            "mission_id", "opened_on", name=op.f("uq_reporting_rounds_mission_id_opened_on")
        ),
    )
    with op.batch_alter_table("reporting_rounds") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reporting_rounds_mission_id"), ["mission_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reporting_rounds_opened_by_id"), ["opened_by_id"], unique=False
        )
    op.create_table(
        "status_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), server_default="draft", nullable=False),
        sa.Column("status", sa.String(length=10), nullable=True),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.Column("results", sa.Text(), server_default="", nullable=False),
        sa.Column("next_steps", sa.Text(), server_default="", nullable=False),
        sa.Column("indicators", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("review_comment", sa.Text(), server_default="", nullable=False),
        sa.Column("excluded_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'returned', 'approved', 'excluded')",
            name=op.f("ck_status_reports_state_known"),
        ),
        sa.CheckConstraint(
            "status IN ('on_track', 'at_risk', 'off_track')",
            name=op.f("ck_status_reports_status_known"),
        ),
        sa.CheckConstraint(
            "state <> 'excluded' OR length(excluded_reason) > 0",
            name=op.f("ck_status_reports_excluded_has_reason"),
        ),
        sa.CheckConstraint(
            "state <> 'returned' OR length(review_comment) > 0",
            name=op.f("ck_status_reports_returned_has_comment"),
        ),
        sa.CheckConstraint(
            "state NOT IN ('submitted', 'approved') OR (status IS NOT NULL "
            "AND length(summary) > 0)",
            name=op.f("ck_status_reports_submitted_is_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_status_reports_department_id_departments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_status_reports_intervention_id_interventions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["reporting_rounds.id"],
            name=op.f("fk_status_reports_round_id_reporting_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_status_reports_submitted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_reports")),
        sa.UniqueConstraint(
            "round_id", "intervention_id", name=op.f("uq_status_reports_round_id_intervention_id")
        ),
    )
    with op.batch_alter_table("status_reports") as batch_op:
        for column in ("department_id", "intervention_id", "round_id", "submitted_by_id"):
            batch_op.create_index(batch_op.f(f"ix_status_reports_{column}"), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("status_reports") as batch_op:
        for column in ("submitted_by_id", "round_id", "intervention_id", "department_id"):
            batch_op.drop_index(batch_op.f(f"ix_status_reports_{column}"))
    op.drop_table("status_reports")
    with op.batch_alter_table("reporting_rounds") as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_rounds_opened_by_id"))
        batch_op.drop_index(batch_op.f("ix_reporting_rounds_mission_id"))
    op.drop_table("reporting_rounds")

"""Manual status overrides on indicators and interventions.

A status set by hand is stored beside the computed one, with its reason, author and time.
Reviewed by hand: autogenerate does not see CHECK constraints, so the two rules (a known status,
and never an override without a reason) are added here explicitly.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OUTCOME_STATUSES = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)
IMPLEMENTATION_STATUSES = (
    "not_started",
    "on_track",
    "at_risk",
    "off_track",
    "late",
    "stale",
    "completed",
    "stopped",
)
TABLES = {"indicators": OUTCOME_STATUSES, "interventions": IMPLEMENTATION_STATUSES}


def upgrade() -> None:
    for table, statuses in TABLES.items():
        known = ", ".join(f"'{status}'" for status in statuses)
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("status_override", sa.String(length=24), nullable=True))
            batch_op.add_column(
                sa.Column("override_reason", sa.Text(), server_default="", nullable=False)
            )
            batch_op.add_column(sa.Column("override_by_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("override_at", sa.DateTime(timezone=True), nullable=True))
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_override_by_id_users"),
                "users",
                ["override_by_id"],
                ["id"],
                ondelete="SET NULL",
            )
            batch_op.create_check_constraint(
                "override_status_known",
                f"status_override IS NULL OR status_override IN ({known})",
            )
            batch_op.create_check_constraint(
                "override_has_reason",
                "status_override IS NULL OR length(override_reason) > 0",
            )


def downgrade() -> None:
    for table in reversed(list(TABLES)):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_override_has_reason"), type_="check")
            batch_op.drop_constraint(op.f(f"ck_{table}_override_status_known"), type_="check")
            batch_op.drop_constraint(op.f(f"fk_{table}_override_by_id_users"), type_="foreignkey")
            batch_op.drop_column("override_at")
            batch_op.drop_column("override_by_id")
            batch_op.drop_column("override_reason")
            batch_op.drop_column("status_override")

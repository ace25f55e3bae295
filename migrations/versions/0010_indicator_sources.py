"""Sources that indicators follow: a published URL refreshed on a schedule.

One row per indicator (at most): the kind of file (Open SDG CSV, plain CSV, JSON-stat), the URL,
the saved filter, whether a refresh may apply itself (trusted), the schedule, what the last
refresh did, and the fetched file waiting for review when the source is not trusted. Reviewed by
hand: autogenerate does not see CHECK constraints, so they are written out here. The downgrade
drops the table (every source and any file waiting for review); measurements and the audit
trail of past refreshes stay.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("filter", sa.JSON(), nullable=False),
        sa.Column("trusted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("interval_days", sa.Integer(), server_default="7", nullable=False),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_result", sa.String(length=10), nullable=True),
        sa.Column("last_message", sa.Text(), server_default="", nullable=False),
        sa.Column("pending_sha256", sa.String(length=64), nullable=True),
        sa.Column("pending_body", sa.LargeBinary(), nullable=True),
        sa.Column("pending_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "kind IN ('open_sdg', 'csv', 'jsonstat')", name=op.f("ck_indicator_sources_kind_known")
        ),
        sa.CheckConstraint(
            "last_result IS NULL OR last_result IN ('applied', 'unchanged', 'queued', 'failed')",
            name=op.f("ck_indicator_sources_result_known"),
        ),
        sa.CheckConstraint(
            "interval_days BETWEEN 1 AND 366", name=op.f("ck_indicator_sources_interval_range")
        ),
        sa.CheckConstraint(
            "(pending_body IS NULL) = (pending_sha256 IS NULL)",
            name=op.f("ck_indicator_sources_pending_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_sources_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_sources")),
        sa.UniqueConstraint("indicator_id", name=op.f("uq_indicator_sources_indicator_id")),
    )


def downgrade() -> None:
    op.drop_table("indicator_sources")

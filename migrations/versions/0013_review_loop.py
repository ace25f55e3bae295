"""The department lead's monthly loop: values that wait for review, periods not collected, and the
mission office's review decisions.

* ``departments.values_need_review`` (false): whether a department's new and corrected values wait
  for the mission office before the public sees them.
* ``pending_values``: a headline value entered for such a department, waiting for review; it
  becomes a measurement (and public) only when the mission office publishes it, so no public read
  changes.
* ``uncollected_periods``: a past period of an indicator marked "not collected", with its reason,
  author and time, so that it is no longer listed as missing nor makes the indicator overdue.
* ``review_decisions``: a draft published or returned to its author with a comment (what the
  author sees on "My work").

Reviewed by hand; the downgrade drops what was added (losing the marks and decisions made since,
and the values still waiting for review).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("departments") as batch_op:
        batch_op.add_column(
            sa.Column("values_need_review", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "pending_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=12), server_default="final", nullable=False),
        sa.Column("source_note", sa.String(length=300), server_default="", nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "status IN ('provisional', 'final')", name=op.f("ck_pending_values_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_pending_values_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicators.id"],
            name=op.f("fk_pending_values_indicator_id_indicators"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_values")),
        sa.UniqueConstraint(
            "indicator_id", "period", name=op.f("uq_pending_values_indicator_id_period")
        ),
    )  # fmt: skip
    op.create_index(op.f("ix_pending_values_author_id"), "pending_values", ["author_id"])
    op.create_table(
        "uncollected_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("length(reason) > 0", name=op.f("ck_uncollected_periods_has_reason")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_uncollected_periods_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicators.id"],
            name=op.f("fk_uncollected_periods_indicator_id_indicators"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uncollected_periods")),
        sa.UniqueConstraint(
            "indicator_id", "period", name=op.f("uq_uncollected_periods_indicator_id_period")
        ),
    )  # fmt: skip
    op.create_index(op.f("ix_uncollected_periods_author_id"), "uncollected_periods", ["author_id"])
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint(
            "decision IN ('published', 'returned')", name=op.f("ck_review_decisions_decision_known")
        ),
        sa.CheckConstraint(
            "decision <> 'returned' OR length(comment) > 0",
            name=op.f("ck_review_decisions_return_has_comment"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_review_decisions_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_review_decisions_reviewer_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
    )  # fmt: skip
    op.create_index("ix_review_decisions_entity", "review_decisions", ["entity_type", "entity_id"])
    op.create_index(op.f("ix_review_decisions_author_id"), "review_decisions", ["author_id"])
    op.create_index(op.f("ix_review_decisions_reviewer_id"), "review_decisions", ["reviewer_id"])
    op.create_index(op.f("ix_review_decisions_decided_at"), "review_decisions", ["decided_at"])


def downgrade() -> None:
    op.drop_table("review_decisions")
    op.drop_table("uncollected_periods")
    op.drop_table("pending_values")
    with op.batch_alter_table("departments") as batch_op:
        batch_op.drop_column("values_need_review")

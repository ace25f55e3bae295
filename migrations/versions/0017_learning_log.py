"""The learning log: entries of an intervention's test-and-learn cycle, and its time in stage.

Adds learning_entries (hypothesis, test, result, decision; a decision may record the stage move it
made and its answers to the gate's questions) and interventions.stage_since. Existing
interventions are taken to have been in their stage since they started (or, without a start
date, since they were created). Reviewed by hand; the downgrade drops both, and with them the
log.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

STAGES = "'explore', 'test', 'scale', 'sustain', 'stopped'"


def upgrade() -> None:
    op.create_table(
        "learning_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("with_whom", sa.String(length=300), server_default="", nullable=False),
        sa.Column("evidence_url", sa.String(length=500), server_default="", nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("from_stage", sa.String(length=10), nullable=True),
        sa.Column("to_stage", sa.String(length=10), nullable=True),
        sa.Column("gate_answers", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("is_published", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("translations", sa.JSON(), server_default="{}", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "kind IN ('hypothesis', 'test', 'result', 'decision')",
            name=op.f("ck_learning_entries_kind_known"),
        ),
        sa.CheckConstraint(
            "decision IN ('scale', 'adapt', 'continue', 'stop')",
            name=op.f("ck_learning_entries_decision_known"),
        ),
        sa.CheckConstraint(
            f"from_stage IN ({STAGES})", name=op.f("ck_learning_entries_from_stage_known")
        ),
        sa.CheckConstraint(
            f"to_stage IN ({STAGES})", name=op.f("ck_learning_entries_to_stage_known")
        ),
        sa.CheckConstraint(
            "kind <> 'decision' OR decision IS NOT NULL",
            name=op.f("ck_learning_entries_decision_decides"),
        ),
        sa.CheckConstraint(
            "kind = 'decision' OR decision IS NULL",
            name=op.f("ck_learning_entries_only_decisions_decide"),
        ),
        sa.CheckConstraint(
            "(from_stage IS NULL) = (to_stage IS NULL)",
            name=op.f("ck_learning_entries_stage_move_has_both_ends"),
        ),
        sa.CheckConstraint(
            "kind = 'decision' OR to_stage IS NULL",
            name=op.f("ck_learning_entries_only_decisions_move"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_learning_entries_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_learning_entries_indicator_id_indicators"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_learning_entries_intervention_id_interventions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_entries")),
    )
    with op.batch_alter_table("learning_entries") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_entries_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_learning_entries_indicator_id"), ["indicator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_learning_entries_intervention_id"), ["intervention_id"], unique=False
        )
    with op.batch_alter_table("interventions") as batch_op:
        batch_op.add_column(sa.Column("stage_since", sa.Date(), nullable=True))
    interventions = sa.table(
        "interventions",
        sa.column("stage_since", sa.Date),
        sa.column("start_date", sa.Date),
        sa.column("created_at", sa.DateTime),
    )
    op.execute(
        interventions.update().values(
            stage_since=sa.func.coalesce(
                interventions.c.start_date, sa.func.date(interventions.c.created_at)
            )
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("interventions") as batch_op:
        batch_op.drop_column("stage_since")
    with op.batch_alter_table("learning_entries") as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_entries_intervention_id"))
        batch_op.drop_index(batch_op.f("ix_learning_entries_indicator_id"))
        batch_op.drop_index(batch_op.f("ix_learning_entries_author_id"))
    op.drop_table("learning_entries")

"""Stage gates: each city's questions a decision must answer to move an intervention to a stage.

Adds stage_gates, one row per target stage (test, scale, sustain, stopped) that the mission office
has set; a stage without a row uses the defaults in app/interventions/gates.py, so nothing is
seeded here. Reviewed by hand; the downgrade drops the table, and with it the city's own
questions (the defaults apply again).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

STAGES = "'explore', 'test', 'scale', 'sustain', 'stopped'"


def upgrade() -> None:
    op.create_table(
        "stage_gates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to_stage", sa.String(length=10), nullable=False),
        sa.Column("questions", sa.Text(), server_default="", nullable=False),
        sa.Column("needs_evidence", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("translations", sa.JSON(), server_default="{}", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(f"to_stage IN ({STAGES})", name=op.f("ck_stage_gates_to_stage_known")),
        sa.CheckConstraint(
            "to_stage <> 'explore'", name=op.f("ck_stage_gates_no_gate_into_explore")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_gates")),
        sa.UniqueConstraint("to_stage", name=op.f("uq_stage_gates_to_stage")),
    )


def downgrade() -> None:
    op.drop_table("stage_gates")

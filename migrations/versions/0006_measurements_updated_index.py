"""An index for "last updated": the newest change to each indicator's data in one seek.

Public pages say when a mission's data last changed. Without this index the database reads every
value of every indicator to find the newest change, so the home and mission pages slowed down as
series grew; with it, each indicator costs one index seek. Reviewed by hand; the downgrade drops
the index and changes no data.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measurements") as batch_op:
        batch_op.create_index(
            "ix_measurements_indicator_updated", ["indicator_id", "updated_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("measurements") as batch_op:
        batch_op.drop_index("ix_measurements_indicator_updated")

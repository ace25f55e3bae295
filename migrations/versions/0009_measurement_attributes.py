"""Open SDG files as published: attributes kept with a value, long breakdowns, a chosen headline.

* measurements.attributes (JSON, nullable): the columns that describe a value without making a
  series of it (observation status, unit multiplier, comments, a period's full label).
* measurements.breakdown grows from 200 to 500 characters: Open SDG labels are whole sentences.
* measurements (indicator_id, period) index: the latest period of any series in one seek
  (freshness when an indicator has no headline rows).
* indicators.headline_breakdown: the breakdown that stands for the whole when the data has no
  headline rows ('' is the headline itself).

Reviewed by hand. The downgrade drops the new columns and index and shrinks the breakdown column
back; it fails (and changes nothing) if a stored breakdown is longer than 200 characters.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measurements") as batch_op:
        batch_op.add_column(sa.Column("attributes", sa.JSON(), nullable=True))
        batch_op.alter_column(
            "breakdown",
            existing_type=sa.String(length=200),
            type_=sa.String(length=500),
            existing_nullable=False,
            existing_server_default="",
        )
        batch_op.create_index(
            "ix_measurements_indicator_period", ["indicator_id", "period"], unique=False
        )
    with op.batch_alter_table("indicators") as batch_op:
        batch_op.add_column(
            sa.Column(
                "headline_breakdown", sa.String(length=500), server_default="", nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("indicators") as batch_op:
        batch_op.drop_column("headline_breakdown")
    with op.batch_alter_table("measurements") as batch_op:
        batch_op.drop_index("ix_measurements_indicator_period")
        batch_op.alter_column(
            "breakdown",
            existing_type=sa.String(length=500),
            type_=sa.String(length=200),
            existing_nullable=False,
            existing_server_default="",
        )
        batch_op.drop_column("attributes")

"""Translations for every public content object: departments, milestones and progress updates.

Missions, outcomes, interventions and indicators already keep ``translations`` (language -> field ->
text, see app.models.base.TranslatableMixin); the remaining public content gets the same column, so a
department's name, a milestone and every progress update can be read in Icelandic (and any configured
language). Existing rows start with no translations ('{}'). Reviewed by hand; the downgrade drops the
three columns, which loses only the translations entered since.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = ("departments", "milestones", "progress_updates")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("translations", sa.JSON(), server_default="{}", nullable=False)
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("translations")

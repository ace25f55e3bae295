"""Translations of a partner department's role on an intervention.

Public intervention pages show each partner's role beside its name; like the rest of the public
content (0012) it gets ``translations`` (language -> field -> text), so the role can be read in
Icelandic. Existing rows start with no translations ('{}'). Reviewed by hand; the downgrade drops
the column, which loses only the translations entered since.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("intervention_partners") as batch_op:
        batch_op.add_column(
            sa.Column("translations", sa.JSON(), server_default="{}", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("intervention_partners") as batch_op:
        batch_op.drop_column("translations")

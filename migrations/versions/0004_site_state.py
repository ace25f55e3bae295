"""Site state: the content version that public caches and ETags are keyed on.

Every committed change to something the public can see bumps content_version in the same
transaction, so every app server (and a shared Redis cache) sees new content at once.
Reviewed by hand: the row is created here, so the app never has to create it at start-up.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    site_state = op.create_table(
        "site_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "changed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_site_state")),
    )
    op.bulk_insert(site_state, [{"key": "content_version", "value": 1}])


def downgrade() -> None:
    op.drop_table("site_state")

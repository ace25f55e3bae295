"""Email: reminder preferences, residents who follow a mission, the sending ledger, problems.

The ledger's unique key (recipient, item, due date, kind) is what makes `flask reminders send`
send each reminder once, whatever runs at the same time or crashes. Followers hold only the
address, language, cadence and confirmation date; unsubscribing deletes the row. Reviewed by
hand; the downgrade drops the four tables (preferences and followers are lost).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=5), server_default="en", nullable=False)
        )
    op.create_table(
        "mail_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("item", sa.String(length=60), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="1", nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=300), server_default="", nullable=False),
        sa.CheckConstraint(
            "status IN ('claimed', 'sent', 'failed', 'refused')",
            name=op.f("ck_mail_deliveries_status_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_deliveries")),
        sa.UniqueConstraint(
            "recipient",
            "item",
            "due_on",
            "kind",
            name=op.f("uq_mail_deliveries_recipient_item_due_on_kind"),
        ),
    )
    with op.batch_alter_table("mail_deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_mail_deliveries_claim_token", ["claim_token"], unique=False)
        batch_op.create_index(
            "ix_mail_deliveries_status_claimed", ["status", "claimed_at"], unique=False
        )

    op.create_table(
        "mail_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "occurred_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_problems")),
    )
    with op.batch_alter_table("mail_problems", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_problems_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("cadence", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "cadence IN ('immediately', 'daily', 'weekly', 'never')",
            name=op.f("ck_notification_preferences_cadence_known"),
        ),
        sa.CheckConstraint(
            "kind IN ('reminders', 'escalation')",
            name=op.f("ck_notification_preferences_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "followers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("cadence", sa.String(length=10), server_default="weekly", nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "cadence IN ('daily', 'weekly')", name=op.f("ck_followers_cadence_known")
        ),
        sa.CheckConstraint("language IN ('en', 'is')", name=op.f("ck_followers_language_known")),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_followers_email_lowercase")),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_followers_mission_id_missions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followers")),
        sa.UniqueConstraint("mission_id", "email", name=op.f("uq_followers_mission_id_email")),
    )


def downgrade() -> None:
    op.drop_table("followers")
    op.drop_table("notification_preferences")
    with op.batch_alter_table("mail_problems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_problems_occurred_at"))

    op.drop_table("mail_problems")
    with op.batch_alter_table("mail_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_mail_deliveries_status_claimed")
        batch_op.drop_index("ix_mail_deliveries_claim_token")

    op.drop_table("mail_deliveries")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("language")

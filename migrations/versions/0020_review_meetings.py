"""Review meetings: a mission's meetings, their agenda snapshots and the follow-ups recorded.

Adds review_meetings (date, title, planned or held, minutes with translations, published flag),
follow_ups (a decision, or an action with an owner and a due date, closed with a note) and
agenda_items (what an item is about, its status and the explanation of that status when the
agenda was generated, in order, with discussion notes). Reviewed by hand; the downgrade drops
the three tables, and with them every meeting.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "review_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=10), server_default="planned", nullable=False),
        sa.Column("minutes", sa.Text(), server_default="", nullable=False),
        sa.Column("minutes_published", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("agenda_generated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("translations", sa.JSON(), server_default="{}", nullable=False),
        *_timestamps(),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "state IN ('planned', 'held')", name=op.f("ck_review_meetings_state_known")
        ),
        sa.CheckConstraint(
            "state = 'held' OR NOT minutes_published",
            name=op.f("ck_review_meetings_published_when_held"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_review_meetings_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_review_meetings_mission_id_missions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_meetings")),
    )
    with op.batch_alter_table("review_meetings") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_meetings_created_by_id"), ["created_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_meetings_mission_id"), ["mission_id"], unique=False
        )

    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closing_note", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("translations", sa.JSON(), server_default="{}", nullable=False),
        *_timestamps(),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("kind IN ('decision', 'action')", name=op.f("ck_follow_ups_kind_known")),
        sa.CheckConstraint(
            "kind = 'decision' OR (due_on IS NOT NULL AND "
            "(owner_id IS NOT NULL OR department_id IS NOT NULL))",
            name=op.f("ck_follow_ups_action_owned_and_due"),
        ),
        sa.CheckConstraint(
            "kind = 'action' OR closed_at IS NULL", name=op.f("ck_follow_ups_only_actions_close")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["users.id"],
            name=op.f("fk_follow_ups_closed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_follow_ups_department_id_departments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["review_meetings.id"],
            name=op.f("fk_follow_ups_meeting_id_review_meetings"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_follow_ups_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_follow_ups_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups") as batch_op:
        for column in ("closed_by_id", "department_id", "meeting_id", "owner_id", "recorded_by_id"):
            batch_op.create_index(batch_op.f(f"ix_follow_ups_{column}"), [column], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=True),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("follow_up_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("explanation", sa.Text(), server_default="", nullable=False),
        sa.Column("facts", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("translations", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "kind IN ('intervention', 'milestone', 'indicator', 'follow_up')",
            name=op.f("ck_agenda_items_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_ups.id"],
            name=op.f("fk_agenda_items_follow_up_id_follow_ups"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_agenda_items_indicator_id_indicators"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_agenda_items_intervention_id_interventions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["review_meetings.id"],
            name=op.f("fk_agenda_items_meeting_id_review_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items") as batch_op:
        for column in ("follow_up_id", "indicator_id", "intervention_id", "meeting_id"):
            batch_op.create_index(batch_op.f(f"ix_agenda_items_{column}"), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agenda_items") as batch_op:
        for column in ("meeting_id", "intervention_id", "indicator_id", "follow_up_id"):
            batch_op.drop_index(batch_op.f(f"ix_agenda_items_{column}"))
    op.drop_table("agenda_items")
    with op.batch_alter_table("follow_ups") as batch_op:
        for column in ("recorded_by_id", "owner_id", "meeting_id", "department_id", "closed_by_id"):
            batch_op.drop_index(batch_op.f(f"ix_follow_ups_{column}"))
    op.drop_table("follow_ups")
    with op.batch_alter_table("review_meetings") as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_meetings_mission_id"))
        batch_op.drop_index(batch_op.f("ix_review_meetings_created_by_id"))
    op.drop_table("review_meetings")

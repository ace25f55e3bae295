"""Building a mission: departments co-owning a mission, outside partners on interventions, and a
contact person per intervention.

* ``mission_departments``: the departments that own a mission together (many-to-many).
* ``intervention_outside_partners``: organisations outside the city (NGOs, state agencies,
  schools, companies) partnering on an intervention, each with a kind and a role; named per
  intervention, unique by name within it. Department partners stay in ``intervention_partners``.
* ``interventions.contact_name``, ``contact_email``, ``contact_phone``: the person to ask, shown
  to staff only; existing rows start empty.

Reviewed by hand; the downgrade drops the two tables and three columns, which loses only what
was entered in them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

CONTACT_COLUMNS = (("contact_name", 120), ("contact_email", 254), ("contact_phone", 40))
KINDS = ("ngo", "state_agency", "school", "company", "other")


def upgrade() -> None:
    op.create_table(
        "mission_departments",
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_mission_departments_department_id_departments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_mission_departments_mission_id_missions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mission_id", "department_id", name=op.f("pk_mission_departments")),
    )
    with op.batch_alter_table("mission_departments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mission_departments_department_id"), ["department_id"], unique=False
        )

    op.create_table(
        "intervention_outside_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=12), server_default="other", nullable=False),
        sa.Column("role", sa.String(length=200), server_default="", nullable=False),
        sa.CheckConstraint(
            "name <> ''", name=op.f("ck_intervention_outside_partners_name_not_empty")
        ),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(f"'{kind}'" for kind in KINDS) + ")",
            name=op.f("ck_intervention_outside_partners_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_intervention_outside_partners_intervention_id_interventions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervention_outside_partners")),
        sa.UniqueConstraint(
            "intervention_id",
            "name",
            name=op.f("uq_intervention_outside_partners_intervention_id_name"),
        ),
    )
    with op.batch_alter_table("intervention_outside_partners", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intervention_outside_partners_intervention_id"),
            ["intervention_id"],
            unique=False,
        )

    with op.batch_alter_table("interventions", schema=None) as batch_op:
        for name, length in CONTACT_COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), server_default="", nullable=False)
            )


def downgrade() -> None:
    with op.batch_alter_table("interventions", schema=None) as batch_op:
        for name, _length in reversed(CONTACT_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table("intervention_outside_partners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intervention_outside_partners_intervention_id"))
    op.drop_table("intervention_outside_partners")
    with op.batch_alter_table("mission_departments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mission_departments_department_id"))
    op.drop_table("mission_departments")

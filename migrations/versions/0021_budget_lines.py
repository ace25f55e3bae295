"""Budget lines: an intervention's budget by year and funding department.

Adds budget_lines (intervention, year, funding department, amount in ISK; one line per
intervention, year and department). The lines are the detail of interventions.budget, which stays
as their sum (app/interventions/budgets.py keeps the two together). An existing budget becomes one
line: the year the intervention started (or, without a start date, the year it was created) and
its lead department; a budget whose year falls outside 1990-2100 stays a total without lines.
Reviewed by hand; the downgrade drops the lines and leaves each budget at its total.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_budget_lines_amount_not_negative")),
        sa.CheckConstraint("year BETWEEN 1990 AND 2100", name=op.f("ck_budget_lines_year_range")),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_budget_lines_department_id_departments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["interventions.id"],
            name=op.f("fk_budget_lines_intervention_id_interventions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint(
            "intervention_id",
            "year",
            "department_id",
            name=op.f("uq_budget_lines_intervention_id_year_department_id"),
        ),
    )
    with op.batch_alter_table("budget_lines") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_lines_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_budget_lines_intervention_id"), ["intervention_id"], unique=False
        )
    interventions = sa.table(
        "interventions",
        sa.column("id", sa.Integer),
        sa.column("lead_department_id", sa.Integer),
        sa.column("budget", sa.Numeric(14, 2)),
        sa.column("start_date", sa.Date),
        sa.column("created_at", sa.DateTime),
    )
    lines = sa.table(
        "budget_lines",
        sa.column("intervention_id", sa.Integer),
        sa.column("year", sa.Integer),
        sa.column("department_id", sa.Integer),
        sa.column("amount", sa.Numeric(14, 2)),
    )
    year = sa.func.coalesce(
        sa.extract("year", interventions.c.start_date),
        sa.extract("year", interventions.c.created_at),
    )
    year = sa.cast(year, sa.Integer)
    op.execute(
        lines.insert().from_select(
            ["intervention_id", "year", "department_id", "amount"],
            sa.select(
                interventions.c.id, year, interventions.c.lead_department_id, interventions.c.budget
            ).where(interventions.c.budget.is_not(None), year.between(1990, 2100)),
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("budget_lines") as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_lines_intervention_id"))
        batch_op.drop_index(batch_op.f("ix_budget_lines_department_id"))
    op.drop_table("budget_lines")

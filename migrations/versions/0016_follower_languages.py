"""A follower's language is any configured one: the check on followers.language names no list.

Languages are configuration (LANGUAGES); migration 0008 wrote English and Icelandic into a check
constraint, so a resident who chose Polish on a site configured with it could not be stored. The
check now asks only for a lower-case code of two or three letters (the app checks the code against
LANGUAGES before it stores it). Reviewed by hand; the downgrade sets followers whose language the
old list does not know to English, then restores the old check.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

CODE = "length(language) BETWEEN 2 AND 3 AND language = lower(language)"
OLD = "language IN ('en', 'is')"


def upgrade() -> None:
    with op.batch_alter_table("followers") as batch_op:
        batch_op.drop_constraint(op.f("ck_followers_language_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_followers_language_code"), CODE)


def downgrade() -> None:
    followers = sa.table("followers", sa.column("language", sa.String))
    op.execute(
        followers.update().where(followers.c.language.not_in(("en", "is"))).values(language="en")
    )
    with op.batch_alter_table("followers") as batch_op:
        batch_op.drop_constraint(op.f("ck_followers_language_code"), type_="check")
        batch_op.create_check_constraint(op.f("ck_followers_language_known"), OLD)

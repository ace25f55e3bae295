"""The audit trail's guard also refuses REPLACE, upserts and TRUNCATE.

0001 made audit_events append-only with triggers that refuse UPDATE and DELETE. Two statements
got past them: on SQLite, ``INSERT OR REPLACE`` (``REPLACE INTO``) deletes the row it conflicts
with without firing DELETE triggers (unless recursive_triggers is on), and on PostgreSQL
``TRUNCATE`` fires no row triggers at all.

* SQLite: a BEFORE INSERT trigger refuses an insert whose id is already taken, so no REPLACE and
  no upsert (``ON CONFLICT (id) DO UPDATE``) can touch a stored event, whatever the connection's
  settings (the sqlite3 shell included). The app also turns recursive_triggers on for its own
  connections (``app.database``), so the DELETE trigger covers any REPLACE as well.
* PostgreSQL: a statement-level BEFORE TRUNCATE trigger runs the guard's function (a TRUNCATE of
  another table that cascades to audit_events is refused too). Upserts were already refused by
  the BEFORE UPDATE row trigger.

Reviewed by hand; the downgrade drops the two triggers and changes no data.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events "
            "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id) "
            "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_replace")

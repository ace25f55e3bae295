"""Public search: full-text indexes over missions, outcomes, interventions and indicators.

The choice: search runs at query time against the content tables themselves, so nothing can fall
out of step with an edit, a publish or an import, and the public filter is the reporting layer's
(app.reporting.visibility), applied when searching. Each database gets what makes that fast:

- PostgreSQL: a GIN index on the same ``to_tsvector('simple', …)`` expression the search query uses
  (app/reporting/search.py, TEXT_FIELDS), one per table. 'simple' (lower-casing, no stemming) treats
  English and Icelandic alike.
- SQLite: one FTS5 table, ``search_index``, kept up to date by triggers on the four tables (every way
  of writing is covered: forms, imports, the API, seeds). It holds one row per object and language;
  drafts are in it, and filtered out by the public conditions at query time.

The two copies of the field lists (here and TEXT_FIELDS) must agree: tests/public/test_search.py
checks it. Reviewed by hand; the downgrade drops the indexes, table and triggers and changes no data.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# table -> (kind, text fields); the translated fields live in translations -> language -> field.
TABLES = {
    "missions": ("mission", ("title", "north_star", "problem_statement", "target_population")),
    "outcomes": ("outcome", ("title", "description")),
    "interventions": ("intervention", ("title", "summary")),
    "indicators": ("indicator", ("title", "definition")),
}
LANGUAGES = ("is",)


def _pg_document(fields: tuple[str, ...]) -> str:
    parts = [f"coalesce({field}, '')" for field in fields]
    parts += [
        f"coalesce(translations -> '{lang}' ->> '{field}', '')"
        for lang in LANGUAGES
        for field in fields
    ]
    return "to_tsvector('simple'::regconfig, " + " || ' ' || ".join(parts) + ")"


def _sqlite_rows(kind: str, fields: tuple[str, ...], ref: str, source: str = "") -> str:
    """Two INSERT … SELECT statements: the original text and each translation of one row (ref is
    NEW in a trigger, t over the table with source)."""
    title, rest = fields[0], fields[1:]
    body = " || ' ' || ".join(f"coalesce({ref}.{field}, '')" for field in rest)
    translated_body = " || ' ' || ".join(
        f"coalesce(json_extract(j.value, '$.{field}'), '')" for field in rest
    )
    translations = (
        f"json_each(CASE WHEN json_valid({ref}.translations) THEN {ref}.translations "
        "ELSE '{}' END) AS j"
    )
    return (
        f"INSERT INTO search_index (kind, object_id, lang, title, body) "
        f"SELECT '{kind}', {ref}.id, '', coalesce({ref}.{title}, ''), {body}"
        f"{' FROM ' + source if source else ''}; "
        f"INSERT INTO search_index (kind, object_id, lang, title, body) "
        f"SELECT '{kind}', {ref}.id, j.key, coalesce(json_extract(j.value, '$.{title}'), ''), "
        f"{translated_body} FROM {source + ', ' if source else ''}{translations} "
        "WHERE json_type(j.value) = 'object'; "
    )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table, (_kind, fields) in TABLES.items():
            op.execute(
                f"CREATE INDEX ix_{table}_search ON {table} USING gin ({_pg_document(fields)})"
            )
        return
    if bind.dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, object_id UNINDEXED, "
        "lang UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 0')"
    )
    for table, (kind, fields) in TABLES.items():
        delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND object_id = OLD.id; "
        op.execute(
            f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN "
            f"{_sqlite_rows(kind, fields, 'NEW')}END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} BEGIN "
            f"{delete}{_sqlite_rows(kind, fields, 'NEW')}END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {delete}END"
        )
        # Rows written before this revision.
        for statement in _sqlite_rows(kind, fields, "t", f"{table} AS t").split("; "):
            if statement.strip():
                op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
        return
    if bind.dialect.name != "sqlite":
        return
    for table in TABLES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")

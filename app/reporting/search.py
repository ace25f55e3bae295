"""Public search over missions, outcomes, interventions and indicators, in every content language.

Query-time search on the content tables (see migrations/versions/0011_public_search.py for why):
PostgreSQL matches a ``to_tsvector('simple', …)`` expression that a GIN index covers; SQLite
matches the FTS5 table ``search_index`` that triggers keep in step with the tables. Either way the
public conditions of app.reporting.visibility decide what may be shown, so a draft is never found.
Any text is accepted: only its words (letters and digits) are searched, each as a prefix, all of
them required; operators, quotes and markup are plain separators.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, bindparam, column, literal_column, select, table, text

from app.extensions import db
from app.models import Indicator, Intervention, Mission, Outcome
from app.reporting.visibility import (
    indicator_is_public,
    intervention_is_public,
    mission_is_public,
    outcome_is_public,
)

# The searched fields of each kind, the title first. The translated fields live in
# translations -> language -> field. The migration 0011 holds the same lists.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "mission": ("title", "north_star", "problem_statement", "target_population"),
    "outcome": ("title", "description"),
    "intervention": ("title", "summary"),
    "indicator": ("title", "definition"),
}
TABLES = {
    "mission": "missions",
    "outcome": "outcomes",
    "intervention": "interventions",
    "indicator": "indicators",
}
TRANSLATED_LANGUAGES = ("is",)
KINDS = tuple(TEXT_FIELDS)

MAX_QUERY_CHARS = 1000
MAX_TERMS = 12
MAX_TERM_CHARS = 60
RESULTS_PER_KIND = 20

_WORD = re.compile(r"[^\W_]+")

# Tables not described by the models: left out of the model/migration comparison.
SEARCH_INDEX_TABLE = "search_index"
search_index = table(SEARCH_INDEX_TABLE, column("kind"), column("object_id"))


def include_in_autogenerate(name: str | None, type_: str, _parents: Any) -> bool:
    """Alembic's include_name: the search index objects are hand-made in migration 0011."""
    if name is None:
        return True
    if type_ == "table" and name.startswith(SEARCH_INDEX_TABLE):
        return False
    return not (type_ == "index" and name.endswith("_search"))


def search_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, each at most MAX_TERM_CHARS, without repeats, at most
    MAX_TERMS (the rest of a long query is ignored)."""
    terms: list[str] = []
    for word in _WORD.findall(query[:MAX_QUERY_CHARS].lower()):
        term = word[:MAX_TERM_CHARS]
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


def pg_document(kind: str) -> str:
    """The text-search document of a kind's table, the same expression its GIN index holds."""
    name = TABLES[kind]
    fields = TEXT_FIELDS[kind]
    parts = [f"coalesce({name}.{f}, '')" for f in fields]
    parts += [
        f"coalesce({name}.translations -> '{lang}' ->> '{f}', '')"
        for lang in TRANSLATED_LANGUAGES
        for f in fields
    ]
    return "to_tsvector('simple'::regconfig, " + " || ' ' || ".join(parts) + ")"


def _matches(kind: str, model: Any, terms: Sequence[str]) -> ColumnElement[bool]:
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        query = " & ".join(f"'{term}':*" for term in terms)
        # The document is built from constants; the query is a bound parameter.
        condition = text(  # nosec B608
            f"{pg_document(kind)} @@ to_tsquery('simple'::regconfig, :search_{kind})"
        ).bindparams(bindparam(f"search_{kind}", query))
        return condition.self_group()  # type: ignore[return-value]  # a text() boolean
    query = " AND ".join(f'"{term}"*' for term in terms)
    found = select(search_index.c.object_id).where(
        search_index.c.kind == kind,
        literal_column(SEARCH_INDEX_TABLE).op("MATCH")(bindparam(f"search_{kind}", query)),
    )
    return model.id.in_(found)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Text:
    """The title and main text of a content object, with their translations shaped as
    app.templating.translated reads them ({"is": {"title": …, "body": …}})."""

    title: str
    body: str
    translations: dict[str, dict[str, str]]


@dataclass(frozen=True)
class SearchHit:
    """One public object found, and the mission it belongs to (for its address)."""

    kind: str
    id: int
    text: Text
    mission_slug: str
    mission: Text


@dataclass
class SearchResults:
    terms: list[str]
    by_kind: dict[str, list[SearchHit]] = field(default_factory=dict)
    more: set[str] = field(default_factory=set)  # kinds with more than RESULTS_PER_KIND found

    @property
    def total(self) -> int:
        return sum(len(hits) for hits in self.by_kind.values())


# The text shown under a result's title.
BODY_FIELD = {
    "mission": "north_star",
    "outcome": "description",
    "intervention": "summary",
    "indicator": "definition",
}
MODELS: dict[str, Any] = {
    "mission": Mission,
    "outcome": Outcome,
    "intervention": Intervention,
    "indicator": Indicator,
}


def _text(title: str, body: str, translations: Any, body_field: str) -> Text:
    shaped = {
        lang: {"title": values.get("title") or "", "body": values.get(body_field) or ""}
        for lang, values in (translations if isinstance(translations, dict) else {}).items()
        if isinstance(values, dict)
    }
    return Text(title, body or "", shaped)


def _hits(kind: str, terms: Sequence[str]) -> list[SearchHit]:
    """Plain rows, not entities: a result list needs a few columns of each row."""
    model = MODELS[kind]
    public = {
        "mission": mission_is_public,
        "outcome": outcome_is_public,
        "intervention": intervention_is_public,
        "indicator": indicator_is_public,
    }[kind]()
    statement = select(
        model.id,
        model.title,
        getattr(model, BODY_FIELD[kind]),
        model.translations,
        Mission.slug,
        Mission.title,
        Mission.north_star,
        Mission.translations,
    )
    if kind != "mission":
        statement = statement.join(Mission, Mission.id == model.mission_id)
    statement = (
        statement.where(public, _matches(kind, model, terms))
        .order_by(model.title, model.id)
        .limit(RESULTS_PER_KIND + 1)
    )
    return [
        SearchHit(
            kind,
            row[0],
            _text(row[1], row[2], row[3], BODY_FIELD[kind]),
            row[4],
            _text(row[5], row[6], row[7], "north_star"),
        )
        for row in db.session.execute(statement)
    ]


def search_public(query: str) -> SearchResults:
    """Public missions, outcomes, interventions and indicators matching every word of a query:
    one statement per kind, at most RESULTS_PER_KIND of each (more flags the rest)."""
    results = SearchResults(terms=search_terms(query))
    if not results.terms:
        return results
    for kind in KINDS:
        hits = _hits(kind, results.terms)
        if len(hits) > RESULTS_PER_KIND:
            results.more.add(kind)
        results.by_kind[kind] = hits[:RESULTS_PER_KIND]
    return results

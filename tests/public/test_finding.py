"""Search, the filtered interventions list, the intervention page and the glossary."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.extensions import cache, db
from app.models import Intervention
from app.reporting.search import TABLES, TEXT_FIELDS, pg_document, search_public, search_terms
from tests.support.public import DRAFT, build_public_city

HOSTILE = [
    '"',
    "'",
    "a' OR 1=1 --",
    'NEAR("a" "b")',
    "* AND OR NOT",
    "title:secret",
    "^x",
    "a & b | !c <-> d:*",
    "\\",
    "()[]{}",
    "<script>alert(1)</script>",
    "x" * 1000,
    "word " * 300,
    "儿童 安全",
    "дети школа",
    "😀🙈",
    "___",
    "%_%",
    "\u200b\u00ad",
    "börn",
]


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def _plain(response) -> str:  # type: ignore[no-untyped-def]
    """The page without the highlight marks."""
    return _text(response).replace("<mark>", "").replace("</mark>", "")


def test_search_finds_published_content_in_both_languages(client, public_city):
    english = _text(client.get("/search", query_string={"q": "solution"}))
    assert "Solution teams 0" in english.replace("<mark>", "").replace("</mark>", "")
    assert "<mark>Solution</mark>" in english
    icelandic = _text(client.get("/search", query_string={"q": "betri borg", "lang": "is"}))
    assert "<mark>Betri</mark> <mark>borg</mark>" in icelandic


def test_search_every_word_required_and_prefixes(client, public_city):
    assert "Children waiting 0" in _plain(client.get("/search?q=childr+wait"))
    assert "Children waiting 0" not in _plain(client.get("/search?q=children+zebra"))


@pytest.mark.parametrize("query", [DRAFT, "ZZ", "secret", "draft 7f3a"])
def test_search_never_reveals_drafts(client, public_city, query):
    for lang in ("en", "is"):
        response = client.get("/search", query_string={"q": query, "lang": lang})
        assert response.status_code == 200
        body = _plain(response)
        assert 'id="results-' not in body  # nothing found (the query itself is echoed)
        for kind in ("mission", "intervention", "indicator"):
            assert f"{DRAFT} {kind}" not in body


def test_search_follows_edits_and_unpublishing(app, client, public_city):
    with app.app_context():
        item = db.session.get(Intervention, public_city.intervention_id)
        item.title = "Prosperity contact persons"
        db.session.commit()
    assert "Prosperity" in _plain(client.get("/search?q=prosperity"))
    with app.app_context():
        item = db.session.get(Intervention, public_city.intervention_id)
        item.is_published = False
        db.session.commit()
    assert "Prosperity" not in _plain(client.get("/search?q=prosperity"))


@pytest.mark.parametrize("query", HOSTILE)
def test_search_takes_any_text(client, public_city, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in _text(response)


def test_search_terms_are_words_only():
    assert search_terms('"Solution" AND te*ams -x') == ["solution", "and", "te", "ams", "x"]
    assert search_terms("x" * 2000) == ["x" * 60]
    assert len(search_terms(" ".join(f"w{n}" for n in range(50)))) == 12


def test_search_document_lists_match_the_migration():
    from importlib import import_module

    migration = import_module("migrations.versions.0011_public_search")
    assert {table: (kind, fields) for kind, table in TABLES.items() for fields in
            [TEXT_FIELDS[kind]]} == migration.TABLES  # fmt: skip
    for kind, table in TABLES.items():
        assert pg_document(kind).replace(f"{table}.", "") == migration._pg_document(
            TEXT_FIELDS[kind]
        )


def test_interventions_list_filters_in_the_address(client, public_city):
    slug = public_city.mission_slug
    everything = _text(client.get(f"/missions/{slug}/interventions"))
    assert "Solution teams 0" in everything
    assert DRAFT not in everything
    status, stage = re.findall(r'href="/explained#([a-z_-]+)"', everything)[:2]
    assert stage.startswith("stage-")
    assert status != "on_track"
    kept = _text(client.get(f"/missions/{slug}/interventions?status={status}"))
    assert "Solution teams 0" in kept
    assert "was ignored" not in kept
    assert "Solution teams 0" not in _text(
        client.get(f"/missions/{slug}/interventions?status=on_track")
    )
    staged = _text(client.get(f"/missions/{slug}/interventions?stage={stage[6:]}"))
    assert "Solution teams 0" in staged
    assert "Solution teams 0" not in _text(client.get(f"/missions/{slug}/interventions?age=16"))
    assert "Solution teams 0" in _text(client.get(f"/missions/{slug}/interventions?age=15"))
    assert "Solution teams 0" in _text(client.get(f"/missions/{slug}/interventions?department=PW1"))


@pytest.mark.parametrize(
    "args",
    [
        "status=nonsense",
        "department=NOPE",
        "outcome=999999",
        "age=-1",
        "stage=%E2%80%8B",
        "age=9" * 50,
    ],
)
def test_unknown_filter_values_are_ignored_with_a_note(client, public_city, args):
    response = client.get(f"/missions/{public_city.mission_slug}/interventions?{args}")
    assert response.status_code == 200
    body = _text(response)
    assert "Solution teams 0" in body
    assert "was ignored" in body


def test_intervention_page(client, public_city):
    url = f"/missions/{public_city.mission_slug}/interventions/{public_city.intervention_id}"
    for lang in ("en", "is"):
        response = client.get(url, query_string={"lang": lang})
        assert response.status_code == 200
        body = _text(response)
        assert DRAFT not in body
        assert "Hiring is slow." in body  # latest public report
        assert "Teams started in ten schools." in body  # archive
        assert "Welfare 1" in body  # partner
        assert "/explained#" in body  # chips explained


def test_drafts_and_wrong_missions_have_no_intervention_page(app, client, public_city):
    with app.app_context():
        draft = db.session.scalar(
            db.select(Intervention.id).where(Intervention.title.startswith(DRAFT))
        )
    slug = public_city.mission_slug
    assert client.get(f"/missions/{slug}/interventions/{draft}").status_code == 404
    other = public_city.draft_mission_slug
    url = f"/missions/{other}/interventions/{public_city.intervention_id}"
    assert client.get(url).status_code == 404


def test_glossary_explains_every_chip(client):
    for lang in ("en", "is"):
        body = _text(client.get("/explained", query_string={"lang": lang}))
        for anchor in ("late", "stale", "stage-scale", "stage-stopped", "moderate_progress"):
            assert f'id="{anchor}"' in body


def test_query_counts_do_not_grow_with_data(app, client, count_queries):
    with app.app_context():
        small = build_public_city(1)
        large = build_public_city(10)
    for template in (
        "/search?q=children",
        "/missions/{slug}/interventions?status=at_risk",
        "/missions/{slug}/interventions/{item}",
        "/explained",
    ):
        counts = []
        logs: list[list[str]] = []
        for city in (small, large):
            url = template.format(slug=city.mission_slug, item=city.intervention_id)
            with app.app_context():
                cache.clear()  # every query of the page is seen, the content version's too
            with count_queries() as log:
                assert client.get(url).status_code == 200, url
            counts.append(log.count)
            logs.append(log.statements)
        assert counts[0] == counts[1], (template, counts, logs)


@pytest.mark.postgres
def test_postgres_search_can_use_its_gin_indexes(app):
    """The query's document is the indexed expression (a seq scan wins only on small tables)."""
    with app.app_context():
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        for kind, table in TABLES.items():
            statement = text(
                f"EXPLAIN SELECT id FROM {table} WHERE {pg_document(kind)} "  # nosec B608
                "@@ to_tsquery('simple'::regconfig, 'solution:*')"
            )
            plan = "\n".join(row[0] for row in db.session.execute(statement))
            assert f"ix_{table}_search" in plan, plan


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=120))
def test_search_answers_any_text_and_finds_no_draft(app, public_city, query):
    """Straight to the read: every kind searched on this database, no error, no draft."""
    with app.app_context():
        results = search_public(query)
        titles = [hit.text.title for hits in results.by_kind.values() for hit in hits]
        assert not any(DRAFT in title for title in titles)


def test_search_is_rate_limited_per_address(app, client):
    """Every new text is a fresh query and a new cache entry: one client cannot flood either."""
    app.config["SEARCH_LIMIT"] = "3 per minute"
    statuses = [client.get(f"/search?q=word{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]

"""Benchmark public search at 10x the demo city's content, on SQLite or PostgreSQL.

Run with ``PYTHONPATH=. .venv/bin/python bench/search.py [--database-url URL] [--rounds 3]
[--seconds 5]``. Without a URL a temporary SQLite file is used; a PostgreSQL database is
emptied first (downgrade to base) and left empty. The demo city is seeded, then its missions,
outcomes, interventions and indicators are copied nine times (published, with their Icelandic
translations), and one draft copy is added that must never be found. Each round runs a fixed mix
of queries (English, Icelandic, prefixes, several words, no match, hostile text) for a few seconds
through the read (app.reporting.search.search_public) and through the page (/search, page cache
off), and prints queries per second and the median latency; then the median and the spread
(min-max) of the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from typing import Any

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, insert, select

from app import create_app
from app.extensions import db
from app.models import Indicator, Intervention, Mission, Outcome
from app.reporting.search import search_public
from config import normalise_database_url
from seeds.demo import load_demo_city

QUERIES = [
    "children",
    "school",
    "börn",
    "skóla",
    "chil",
    "welfare support",
    "safe school children",
    "zebra",
    '"quoted" AND -operator* NEAR(x)',
    "a' OR 1=1 --",
    "儿童",
    "x" * 1000,
]
COPIES = 9
SKIP = {"id", "created_at", "updated_at", "version"}


def _copy_rows(model: Any, where: Any, changes: dict[str, Any]) -> dict[int, int]:
    """Insert copies of a model's rows; returns old id -> new id."""
    columns = [c for c in model.__table__.columns if c.name not in SKIP]
    mapping = {}
    for row in db.session.execute(select(model.__table__).where(where)).mappings():
        values = {c.name: row[c.name] for c in columns}
        values.update({k: (v(row) if callable(v) else v) for k, v in changes.items()})
        mapping[row["id"]] = db.session.execute(
            insert(model.__table__).values(**values)
        ).inserted_primary_key[0]
    return mapping


def build_ten_times(published: bool = True, copy: int = 0) -> None:
    """One more copy of the demo city's content (missions and everything searchable in them)."""
    originals = select(Mission.id).where(~Mission.slug.contains("-copy-"))
    missions = _copy_rows(
        Mission,
        Mission.id.in_(originals),
        {"slug": lambda r: f"{r['slug']}-copy-{copy}", "is_published": published,
         "title": lambda r: f"{r['title']} {copy}"},
    )  # fmt: skip
    for old, new in missions.items():
        outcomes = _copy_rows(Outcome, Outcome.mission_id == old, {"mission_id": new})
        interventions = _copy_rows(
            Intervention,
            Intervention.mission_id == old,
            {"mission_id": new, "external_id": None,
             "outcome_id": lambda r, o=outcomes: o.get(r["outcome_id"])},
        )  # fmt: skip
        _copy_rows(
            Indicator,
            Indicator.mission_id == old,
            {"mission_id": new, "code": None,
             "outcome_id": lambda r, o=outcomes: o.get(r["outcome_id"]),
             "intervention_id": lambda r, i=interventions: i.get(r["intervention_id"])},
        )  # fmt: skip


def run(seconds: float, call: Any) -> tuple[float, float]:
    """Queries per second and median latency (ms) of the query mix for about `seconds`."""
    latencies = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for query in QUERIES:
            t0 = time.perf_counter()
            call(query)
            latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    return len(latencies) / total, statistics.median(latencies) * 1000


def _summary(values: list[float], fmt: str) -> str:
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app: Flask = create_app("test", SQLALCHEMY_DATABASE_URI=normalise_database_url(url))
    app.config["PUBLIC_CACHE"] = False
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        load_demo_city()
        for copy in range(1, COPIES + 1):
            build_ten_times(copy=copy)
        build_ten_times(published=False, copy=99)
        db.session.commit()
        counts = {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Mission, Outcome, Intervention, Indicator)
        }
        print(f"database: {db.engine.dialect.name}; rows: {counts}")
        found = {q[:20]: search_public(q).total for q in QUERIES}
        drafts = [
            hit.mission_slug
            for q in QUERIES
            for hits in search_public(q).by_kind.values()
            for hit in hits
            if hit.mission_slug.endswith("-copy-99")
        ]
        if drafts:
            raise SystemExit(f"a draft was found: {drafts[:3]}")
        print(f"results per query: {found}")
        client = app.test_client()

        def page(query: str) -> None:
            response = client.get("/search", query_string={"q": query})
            assert response.status_code == 200

        reads: list[tuple[float, float]] = []
        pages: list[tuple[float, float]] = []
        print(f"{'round':>5}{'read q/s':>10}{'read ms':>9}{'page q/s':>10}{'page ms':>9}")
        for n in range(args.rounds):
            reads.append(run(args.seconds, search_public))
            db.session.remove()
            pages.append(run(args.seconds, page))
            print(
                f"{n + 1:>5}{reads[-1][0]:>10.0f}{reads[-1][1]:>9.2f}"
                f"{pages[-1][0]:>10.0f}{pages[-1][1]:>9.2f}"
            )
        read_rate, read_ms = (
            _summary([r[0] for r in reads], ".0f"),
            _summary([r[1] for r in reads], ".2f"),
        )
        page_rate, page_ms = (
            _summary([p[0] for p in pages], ".0f"),
            _summary([p[1] for p in pages], ".2f"),
        )
        print(
            f"median (min-max): read {read_rate} q/s, {read_ms} ms; "
            f"page {page_rate} q/s, {page_ms} ms"
        )
        db.session.remove()
        downgrade(revision="base")


if __name__ == "__main__":
    main()

"""Benchmark the mission roll-up fed from the database: time and query count at two sizes, for
each way the one loader reads values (points="summary", "headline", "full").

Run with ``PYTHONPATH=. .venv/bin/python bench/progress_db.py [--database-url URL]``.
Without a URL a temporary SQLite file is used. The database must be empty (it is migrated).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import event, insert

from app import create_app
from app.extensions import db
from app.models import Department, Indicator, Intervention, Measurement, Mission, ProgressUpdate
from app.reporting.progress import Points, load_progress
from config import normalise_database_url


def build(indicators: int, points: int, interventions: int) -> int:
    """One mission with monthly indicators and interventions; returns the mission id."""
    dept_ids = [
        db.session.execute(
            insert(Department).values(
                name=f"Dept {indicators}-{i}", code=f"B{indicators}{i}", colour="#0072b2"
            )
        ).inserted_primary_key[0]
        for i in range(5)
    ]
    mission_id = db.session.execute(
        insert(Mission).values(
            slug=f"bench-{indicators}", title="Bench", north_star="x", start_year=2015,
            horizon_year=2035, age_min=0, age_max=18, translations={},
        )
    ).inserted_primary_key[0]  # fmt: skip
    rows = []
    for i in range(indicators):
        ind_id = db.session.execute(
            insert(Indicator).values(
                mission_id=mission_id, department_id=dept_ids[i % 5], title=f"I{i}", unit="%",
                direction="increase" if i % 2 else "decrease", frequency="monthly",
                target_value=80.0, target_period=date(2030, 1, 1), translations={},
            )
        ).inserted_primary_key[0]  # fmt: skip
        for p in range(points):
            period = date(2015 + p // 12, 1 + p % 12, 1)
            rows.append({"indicator_id": ind_id, "period": period, "value": 40 + p * 0.1 + i % 7})
    db.session.execute(insert(Measurement), rows)
    for j in range(interventions):
        item_id = db.session.execute(
            insert(Intervention).values(
                mission_id=mission_id, lead_department_id=dept_ids[j % 5], title=f"X{j}",
                stage="scale", start_date=date(2022, 1, 1), age_min=j % 15, age_max=18,
                translations={},
            )
        ).inserted_primary_key[0]  # fmt: skip
        db.session.execute(
            insert(ProgressUpdate).values(
                intervention_id=item_id, reported_on=date(2025, 1, 1), status="on_track",
                summary="ok",
            )
        )  # fmt: skip
    db.session.commit()
    return mission_id


def measure(mission_id: int, points: Points, repeats: int = 7) -> tuple[float, int]:
    """Median seconds of load_progress for one mission and its query count."""
    engine = db.engine
    count = 0

    def counter(*_args: object) -> None:
        nonlocal count
        count += 1

    times = []
    for _ in range(repeats):
        db.session.expunge_all()
        mission = db.session.get(Mission, mission_id)
        count = 0
        event.listen(engine, "before_cursor_execute", counter)
        started = time.perf_counter()
        load_progress([mission], published_only=False, points=points, today=date(2025, 6, 1))
        times.append(time.perf_counter() - started)
        event.remove(engine, "before_cursor_execute", counter)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=normalise_database_url(url))
    with app.app_context():
        downgrade(revision="base")  # start from an empty schema, even after an aborted run
        upgrade()
        sizes = [(24, 120, 6), (240, 120, 60)]
        print(f"database: {db.engine.dialect.name}")
        print(
            f"{'indicators':>10}{'points':>8}{'measurements':>14}{'read':>10}{'queries':>9}"
            f"{'median ms':>11}"
        )
        modes: tuple[Points, ...] = ("summary", "headline", "full")
        for indicators, points, interventions in sizes:
            mission_id = build(indicators, points, interventions)
            for mode in modes:
                seconds, queries = measure(mission_id, mode)
                print(
                    f"{indicators:>10}{points:>8}{indicators * points:>14,}{mode:>10}"
                    f"{queries:>9}{seconds * 1000:>11.1f}"
                )
        db.session.remove()
        downgrade(revision="base")


if __name__ == "__main__":
    main()

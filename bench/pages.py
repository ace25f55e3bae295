"""Time the dashboards, staff mission pages and public pages on a large city, at 1x and 10x data.

Run by hand: ``PYTHONPATH=. .venv/bin/python bench/pages.py [--database-url URL]
[--grow breakdowns|periods] [--runs 7] [--profile PAGE] [--keep]``. Without a URL a temporary
SQLite file is used; with one (e.g. ``createdb aim_bench_pages`` first) the database is emptied
and migrated. It builds a large
city with bulk Core inserts: 12 missions, 30 departments, 1,200 interventions (3,600 milestones,
10,000 progress updates) and 240 monthly indicators with 120 points for the headline and each of
5 breakdowns (172,800 measurements). Each page is fetched with the test client, signed in as the
mission office: one warm-up, then the median of the runs, and the fewest SQL statements of one
request (the sign-in checks included). Then the measurements grow tenfold, by 54 more breakdowns
per indicator (``--grow breakdowns``, the default) or by 90 more years of history
(``--grow periods``), and the pages are timed again. The public page is served uncached
(PUBLIC_CACHE off).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import event, insert, text

from app import create_app
from app.auth.passwords import hash_password
from app.extensions import db
from app.models import (
    BudgetLine,
    Department,
    Indicator,
    InterimTarget,
    Intervention,
    InterventionPartner,
    LearningEntry,
    Measurement,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
    User,
)
from config import normalise_database_url

MISSIONS, OUTCOMES, DEPARTMENTS = 12, 4, 30
INTERVENTIONS, INDICATORS, UPDATES = 1200, 240, 10_000
POINTS, BREAKDOWNS = 120, 5
FIRST_MONTH = date(2016, 1, 1)
LAST_MONTH = date(2025, 12, 1)  # FIRST_MONTH + POINTS - 1 months
EMAIL, PASSWORD = "bench@example.org", "bench-password-not-secret"
CHUNK = 20_000


def months_from(start: date, count: int, step: int = 1) -> list[date]:
    """count month starts from start, step months apart (negative steps go back)."""
    index = start.year * 12 + start.month - 1
    return [date((index + i * step) // 12, (index + i * step) % 12 + 1, 1) for i in range(count)]


def insert_rows(model: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start : start + CHUNK])


def build_city(rng: random.Random) -> dict[str, int]:
    """The large city; returns the ids of the pages' subjects."""
    insert_rows(
        Department,
        [
            {"id": d, "name": f"Department {d:02d}", "code": f"D{d:02d}", "colour": "#0072b2"}
            for d in range(1, DEPARTMENTS + 1)
        ],
    )
    insert_rows(User, [{"id": 1, "email": EMAIL, "name": "Bench Office", "role": "mission_office",
                        "password_hash": hash_password(PASSWORD)}])  # fmt: skip
    insert_rows(
        Mission,
        [
            {"id": m, "slug": f"mission-{m}", "title": f"Mission {m}", "north_star": "Better",
             "start_year": 2016, "horizon_year": 2035, "status": "active", "age_min": 0,
             "age_max": 18, "is_published": True, "translations": {}}
            for m in range(1, MISSIONS + 1)
        ],
    )  # fmt: skip
    insert_rows(
        Outcome,
        [
            {"id": (m - 1) * OUTCOMES + o, "mission_id": m, "title": f"Outcome {m}.{o}",
             "position": o, "translations": {}}
            for m in range(1, MISSIONS + 1) for o in range(1, OUTCOMES + 1)
        ],
    )  # fmt: skip
    stages = ["explore", "test", "scale", "sustain", "stopped"]
    interventions, partners, milestones = [], [], []
    for i in range(1, INTERVENTIONS + 1):
        mission = (i - 1) % MISSIONS + 1
        lead = (i - 1) % DEPARTMENTS + 1
        start = date(2017 + i % 8, 1 + i % 12, 1)
        low = i % 15
        interventions.append(
            {"id": i, "mission_id": mission, "outcome_id": (mission - 1) * OUTCOMES + i % OUTCOMES
             + 1, "lead_department_id": lead, "title": f"Intervention {i}",
             "stage": stages[i % 5], "start_date": start,
             "end_date": None if i % 3 else start.replace(year=start.year + 6),
             "budget": 1000 * i, "age_min": low, "age_max": min(18, low + 6),
             "is_published": True, "translations": {}}
        )  # fmt: skip
        for p in range(1 + i % 2):
            partner = (lead + 7 * (p + 1)) % DEPARTMENTS + 1
            partners.append({"intervention_id": i, "department_id": partner, "role": "Partner"})
        for k in range(3):
            due = start.replace(year=start.year + k + 1)
            done = due if k == 0 or i % 4 == 0 else None
            milestones.append({"intervention_id": i, "title": f"Step {k + 1}", "due_date": due,
                               "completed_on": done})  # fmt: skip
    insert_rows(Intervention, interventions)
    insert_rows(InterventionPartner, partners)
    insert_rows(Milestone, milestones)
    statuses = ["on_track", "on_track", "at_risk", "off_track"]
    updates = []
    for u in range(UPDATES):
        item = u % INTERVENTIONS + 1
        status = statuses[rng.randrange(4)]
        updates.append(
            {"intervention_id": item, "reported_on": date(2018 + u // INTERVENTIONS, 1 + u % 12, 1),
             "status": status, "summary": "Work continues.",
             "blockers": "Staff shortage." if status == "off_track" else "",
             "is_published": u % 2 == 0}
        )  # fmt: skip
    insert_rows(ProgressUpdate, updates)
    indicators, interim = [], []
    for n in range(1, INDICATORS + 1):
        mission = (n - 1) % MISSIONS + 1
        indicators.append(
            {"id": n, "mission_id": mission, "outcome_id": (mission - 1) * OUTCOMES + n % OUTCOMES
             + 1, "department_id": (n - 1) % DEPARTMENTS + 1, "title": f"Indicator {n}",
             "unit": "%", "decimals": 1, "direction": "increase" if n % 2 else "decrease",
             "frequency": "monthly", "baseline_value": 50.0, "baseline_period": date(2018, 1, 1),
             "target_value": 70.0 if n % 2 else 30.0, "target_period": date(2030, 1, 1),
             "sensitive": n % 3 == 0, "is_published": True, "translations": {}}
        )  # fmt: skip
        interim.append({"indicator_id": n, "period": date(2025, 1, 1),
                        "value": 60.0 if n % 2 else 40.0})  # fmt: skip
    insert_rows(Indicator, indicators)
    insert_rows(InterimTarget, interim)
    add_series(rng, ["", *(f"district=D{b}" for b in range(1, BREAKDOWNS + 1))],
               months_from(FIRST_MONTH, POINTS))  # fmt: skip
    if db.engine.dialect.name == "postgresql":
        for table in ("departments", "users", "missions", "outcomes", "interventions",
                      "indicators"):  # fmt: skip
            # The ids were given explicitly: move each sequence past them (fixed table names).
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            ))  # fmt: skip
    db.session.commit()
    ids = {"mission": 1, "department": 1, "indicator": 1, "intervention": 1}
    ids.update(build_learning_loop())
    return ids


def build_learning_loop() -> dict[str, int]:
    """The learning loop on the large city: a log of every kind and budget lines for three years
    and two funding departments on every intervention, and on mission 1 a published reporting
    round (a report per active intervention, prefilled by the app) and a meeting whose agenda the
    app generates from the statuses, with 20 follow-ups."""
    from app.meetings.services import create_meeting, hold_meeting, record_follow_up
    from app.models import Mission, ReportingRound, StatusReport
    from app.rounds.services import open_round, publish_round

    kinds = ["hypothesis", "test", "result", "decision"]
    entries, lines = [], []
    for i in range(1, INTERVENTIONS + 1):
        for k, kind in enumerate(kinds):
            entries.append(
                {"intervention_id": i, "kind": kind, "entered_on": date(2020 + k, 3, 1),
                 "title": f"{kind.title()} {i}", "body": "What the team saw and decided.",
                 "decision": "continue" if kind == "decision" else None,
                 "evidence_url": "https://example.org/e" if kind == "result" else "",
                 "is_published": k % 2 == 0, "translations": {}, "gate_answers": []}
            )  # fmt: skip
        lead = (i - 1) % DEPARTMENTS + 1
        for year in (2024, 2025, 2026):
            lines.append({"intervention_id": i, "year": year, "department_id": lead,
                          "amount": 300 * i})  # fmt: skip
            lines.append({"intervention_id": i, "year": year, "department_id": lead % 30 + 1,
                          "amount": 33 * i + 1})  # fmt: skip
    insert_rows(LearningEntry, entries)
    insert_rows(BudgetLine, lines)
    db.session.commit()
    mission = db.session.get(Mission, 1)
    assert mission is not None
    the_round = open_round(mission, title="July 2026", opened_on=date(2026, 7, 1),
                           due_on=date(2026, 7, 31), actor_id=1)  # fmt: skip
    db.session.flush()
    db.session.execute(
        StatusReport.__table__.update()
        .where(StatusReport.round_id == the_round.id)
        .values(state="approved", status="on_track", summary="On plan.")
    )
    db.session.expire_all()
    the_round = db.session.get(ReportingRound, the_round.id)
    reports = db.session.query(StatusReport).filter_by(round_id=the_round.id).all()
    publish_round(the_round, reports, expected_version=the_round.version, actor_id=1)
    meeting = create_meeting(mission, title="Portfolio review", meeting_date=date(2026, 10, 1),
                             actor_id=1, today=date(2026, 10, 1))  # fmt: skip
    db.session.flush()
    for n in range(20):
        record_follow_up(meeting, kind="action", text=f"Follow-up {n}", owner_id=1,
                         department_id=None, due_on=date(2026, 11, 1 + n), actor_id=1)  # fmt: skip
    hold_meeting(meeting, expected_version=meeting.version, actor_id=1, today=date(2026, 10, 2))
    db.session.commit()
    return {"round": the_round.id, "meeting": meeting.id}


def add_series(rng: random.Random, breakdowns: list[str], periods: list[date]) -> int:
    """Monthly values for every indicator, for these breakdowns and periods; returns the count."""

    def rows() -> Iterator[dict[str, Any]]:
        for n in range(1, INDICATORS + 1):
            slope = 0.08 if n % 2 else -0.08
            for key in breakdowns:
                for p, period in enumerate(periods):
                    last = period == LAST_MONTH  # the newest value is provisional
                    yield {"indicator_id": n, "breakdown": key, "period": period,
                           "value": round(50 + slope * p + rng.uniform(-1, 1), 2),
                           "status": "provisional" if last else "final"}  # fmt: skip

    count, batch = 0, []
    for row in rows():
        batch.append(row)
        if len(batch) == CHUNK:
            db.session.execute(insert(Measurement), batch)
            count, batch = count + len(batch), []
    if batch:
        db.session.execute(insert(Measurement), batch)
        count += len(batch)
    db.session.commit()
    return count


def grow(rng: random.Random, how: str) -> int:
    """Nine times more measurements: more breakdowns, or older history."""
    if how == "breakdowns":
        extra = [f"age={a}|district=D{b}" for a in range(1, 10) for b in range(1, 7)]
        return add_series(rng, extra, months_from(FIRST_MONTH, POINTS))
    older = months_from(months_from(FIRST_MONTH, 2, step=-1)[1], POINTS * 9, step=-1)
    return add_series(rng, ["", *(f"district=D{b}" for b in range(1, BREAKDOWNS + 1))], older)


def sign_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": EMAIL, "password": PASSWORD}
    if match:
        data["csrf_token"] = match.group(1)
    response = client.post("/staff/login", data=data)
    if response.status_code != 302:
        raise SystemExit("could not sign in")
    return client


def measure(client: FlaskClient, url: str, runs: int) -> tuple[float, int]:
    """Median milliseconds of GET url after one warm-up, and the fewest statements of a request
    (the sign-in session's last-seen time is refreshed at most once a minute: one UPDATE more)."""
    engine = db.engine
    count = 0

    def counter(*_args: object) -> None:
        nonlocal count
        count += 1

    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    times, counts = [], []
    event.listen(engine, "before_cursor_execute", counter)
    try:
        for _run in range(runs):
            count = 0
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
            counts.append(count)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return statistics.median(times) * 1000, min(counts)


def profile(client: FlaskClient, url: str) -> None:
    """The 25 most expensive calls (cumulative) of one request."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    print(f"profile of {url}:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def pages(ids: dict[str, int]) -> list[tuple[str, str]]:
    return [
        ("portfolio", "/staff/dashboards/"),
        ("mission dashboard", f"/staff/dashboards/missions/{ids['mission']}"),
        ("department", f"/staff/dashboards/departments/{ids['department']}"),
        ("indicator", f"/staff/dashboards/indicators/{ids['indicator']}"),
        ("public home (no cache)", "/"),
        ("public mission (no cache)", "/missions/mission-1"),
        ("public indicator (no cache)", f"/missions/mission-1/indicators/{ids['indicator']}"),
        ("public embed (no cache)", f"/embed/indicators/{ids['indicator']}"),
        ("staff mission page", f"/staff/missions/{ids['mission']}"),
        ("staff interventions list", "/staff/interventions/"),
        ("staff intervention page", f"/staff/interventions/{ids['intervention']}"),
        ("staff round page", f"/staff/rounds/{ids['round']}"),
        ("staff meeting page", f"/staff/meetings/{ids['meeting']}"),
        (
            "public intervention (no cache)",
            f"/missions/mission-1/interventions/{ids['intervention']}",
        ),
        ("public rounds archive (no cache)", "/missions/mission-1/rounds"),
        ("public round page (no cache)", f"/missions/mission-1/rounds/{ids['round']}"),
    ]


def timed(step: str, action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = action()
    print(f"  {step}: {time.perf_counter() - started:.1f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--grow", choices=("breakdowns", "periods"), default="breakdowns")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--profile", metavar="PAGE", help="print a cProfile of one page at 10x (e.g. indicator)"
    )
    parser.add_argument("--keep", action="store_true", help="leave the data for inspection")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=normalise_database_url(url))
    app.config["PUBLIC_CACHE"] = False
    app.config["RATELIMIT_ENABLED"] = False
    rng = random.Random(5)
    results: dict[str, list[tuple[float, int]]] = {}
    with app.app_context():
        backend = db.engine.dialect.name
        print(f"database: {backend}; 10x by more {args.grow}", flush=True)
        downgrade(revision="base")  # start from an empty schema, even after an aborted run
        upgrade()
        ids = timed("build the large city", lambda: build_city(rng))
        counts = [db.session.query(Measurement).count()]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        client = sign_in(app)
        for name, page in pages(ids):
            results[name] = [measure(client, page, args.runs)]
        db.session.remove()
        timed("grow the measurements tenfold", lambda: grow(rng, args.grow))
        counts.append(db.session.query(Measurement).count())
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        for name, page in pages(ids):
            results[name].append(measure(client, page, args.runs))
            if args.profile and name.startswith(args.profile):
                profile(client, page)
        db.session.remove()
        if not args.keep:
            downgrade(revision="base")

    print()
    print(f"{backend}: median of {args.runs} "
          f"runs after a warm-up; measurements {counts[0]:,} -> {counts[1]:,} "
          f"(10x by {args.grow})")  # fmt: skip
    header = f"{'page':<29}{'queries':>9}{'ms':>9}{'queries 10x':>13}{'ms 10x':>9}{'ratio':>7}"
    print(header)
    print("-" * len(header))
    for name, ((ms1, q1), (ms10, q10)) in results.items():
        print(f"{name:<29}{q1:>9}{ms1:>9.1f}{q10:>13}{ms10:>9.1f}{ms10 / ms1:>7.2f}")


if __name__ == "__main__":
    main()

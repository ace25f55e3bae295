"""Benchmark the measurement import: 100,000 CSV rows, against plain Core executemany.

Run with ``PYTHONPATH=. .venv/bin/python bench/import.py [--rows N] [--database-url URL]``.
Without a URL a temporary SQLite file is used. The database must be one the benchmark may empty
(it migrates it down to nothing and up again, before and after).

Both sides insert the same rows into the same table, each from an empty measurements table:

* baseline: the CSV read with csv.reader, each row converted (int, date, float), then one
  SQLAlchemy Core ``insert(measurements)`` executemany, committed;
* import: ``app.transfer`` as the staff upload and ``flask import measurements`` run it: the file
  checked and streamed, every row checked (indicator, period normalised to the frequency,
  number rules, plausible range, status, breakdown, duplicates), compared with the stored values,
  then written all or nothing with its audit events, committed.

Times are medians of runs in which the two sides take turns (a busy moment of the machine slows
both alike). Memory is measured with each side alone in a fresh process: "peak RSS" is that
process's peak resident size (Python, Flask, SQLAlchemy and the driver included) over one run,
"traced" the peak of Python allocations during one run under tracemalloc.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, insert

from app import create_app
from app.extensions import db
from app.models import Department, Indicator, Measurement, Mission
from app.tabular import open_table
from app.transfer.applying import apply_plan
from app.transfer.planning import plan_values
from app.transfer.readers.measurements import Catalogue, read_spreadsheet
from config import normalise_database_url

INDICATORS = 20
MONTHS = 100  # 2015-01 .. 2023-04
TODAY = date(2025, 6, 1)


def build_indicators() -> list[int]:
    """One department, one mission and monthly indicators without a plausible range."""
    department = Department(name="Bench", code="BEN", colour="#0072b2")
    mission = Mission(slug="bench", title="Bench", north_star="x", start_year=2015,
                      horizon_year=2030, translations={})  # fmt: skip
    db.session.add_all([department, mission])
    db.session.flush()
    indicators = [
        Indicator(mission_id=mission.id, department_id=department.id, title=f"I{n}", unit="%",
                  direction="increase", frequency="monthly", translations={})
        for n in range(INDICATORS)
    ]  # fmt: skip
    db.session.add_all(indicators)
    db.session.commit()
    return [indicator.id for indicator in indicators]


def write_csv(path: Path, indicator_ids: list[int], rows: int) -> None:
    """rows rows: each indicator x month x district breakdown, values with decimals."""
    districts = -(-rows // (len(indicator_ids) * MONTHS))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator_id", "period", "breakdown", "value", "status", "source_note"])
        written = 0
        for district in range(districts):
            for indicator_id in indicator_ids:
                for month in range(MONTHS):
                    if written == rows:
                        return
                    period = f"{2015 + month // 12}-{month % 12 + 1:02d}"
                    value = f"{(indicator_id * 7 + month * 3 + district) % 1000 / 10:.1f}"
                    writer.writerow([indicator_id, period, f"district=D{district:03d}", value,
                                     "final", "bench"])  # fmt: skip
                    written += 1


def empty_measurements() -> None:
    """No measurements left (audit events are append-only, even here; a run adds 20)."""
    db.session.execute(delete(Measurement))
    db.session.commit()


def baseline(path: Path) -> int:
    """Plain Core: read and convert each row, one executemany, commit."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for indicator_id, period, breakdown, value, status, note in reader:
            year, month = period.split("-")
            rows.append({
                "indicator_id": int(indicator_id), "period": date(int(year), int(month), 1),
                "breakdown": breakdown, "value": float(value), "status": status,
                "source_note": note, "entered_by_id": None,
            })  # fmt: skip
    connection = db.session.connection()
    connection.execute(insert(Measurement.__table__), rows)
    db.session.commit()
    return len(rows)


def import_file(path: Path) -> int:
    """The real import, as `flask import measurements FILE` runs it."""
    catalogue = Catalogue(None)
    table = open_table(path, path.name, max_rows=None)
    try:
        reading = read_spreadsheet(table, catalogue, TODAY)
    finally:
        table.close()
    plan = plan_values(reading, catalogue)
    if plan.errors:
        raise SystemExit(f"the bench file has errors: {plan.errors[:3]}")
    apply_plan(plan, actor_id=None, source={"source": "bench", "file": path.name})
    db.session.commit()
    return len(plan.adds)


SIDES: dict[str, Callable[[Path], int]] = {
    "core executemany": baseline,
    "transfer import": import_file,
}


def timed(path: Path, repeats: int, rows: int) -> dict[str, list[float]]:
    """Seconds of each run of each side, the sides taking turns (so a busy moment of the
    machine slows both alike)."""
    seconds: dict[str, list[float]] = {side: [] for side in SIDES}
    for _ in range(repeats):
        for side, run in SIDES.items():
            empty_measurements()
            db.session.expunge_all()
            started = time.perf_counter()
            count = run(path)
            seconds[side].append(time.perf_counter() - started)
            assert count == rows, (side, count)
    return seconds


def traced_peak(run: Callable[[Path], int], path: Path) -> float:
    """Peak Python allocations of one run, in MB (tracemalloc)."""
    empty_measurements()
    db.session.expunge_all()
    tracemalloc.start()
    try:
        run(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024)


def max_rss_mb() -> float:
    """This process's peak resident size (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args: argparse.Namespace) -> None:
    """Timing (both sides in turn) or one side's memory, in a fresh process: one JSON line."""
    app = create_app("test", SQLALCHEMY_DATABASE_URI=normalise_database_url(args.database_url))
    with app.app_context(), app.test_request_context():
        if args.side is None:
            result: dict[str, object] = {"seconds": timed(Path(args.path), args.repeats, args.rows)}
        elif args.trace:
            result = {"traced_mb": traced_peak(SIDES[args.side], Path(args.path))}
        else:
            empty_measurements()
            count = SIDES[args.side](Path(args.path))
            result = {"rows": count, "rss_mb": max_rss_mb()}
        print(json.dumps(result))
        empty_measurements()
        db.session.remove()


def _run_child(args: argparse.Namespace, url: str, path: Path, *extra: str) -> dict:
    command = [sys.executable, __file__, "--child", "--database-url", url, "--path", str(path),
               "--repeats", str(args.repeats), "--rows", str(args.rows), *extra]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    folder = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=normalise_database_url(url))
    with app.app_context(), app.test_request_context():
        downgrade(revision="base")  # start from an empty schema, even after an aborted run
        upgrade()
        path = folder / "measurements.csv"
        write_csv(path, build_indicators(), args.rows)
        db.session.remove()
        size = path.stat().st_size / (1024 * 1024)
        print(f"database: {db.engine.dialect.name}; file: {args.rows:,} rows, {size:.1f} MB; "
              f"median of {args.repeats} runs per side")  # fmt: skip
        seconds = _run_child(args, url, path)["seconds"]
        results = []
        for side in SIDES:
            memory = _run_child(args, url, path, "--side", side)
            traced = _run_child(args, url, path, "--side", side, "--trace")
            assert memory["rows"] == args.rows, (side, memory)
            median = statistics.median(seconds[side])
            results.append((side, median, args.rows / median, memory["rss_mb"],
                            traced["traced_mb"]))  # fmt: skip
        print(f"{'':<18}{'rows':>9}{'seconds':>9}{'rows/s':>10}{'peak RSS MB':>13}"
              f"{'traced MB':>11}{'vs core':>9}")  # fmt: skip
        base_rate = results[0][2]
        for side, median, rate, rss, traced_mb in results:
            print(f"{side:<18}{args.rows:>9,}{median:>9.2f}{rate:>10,.0f}{rss:>13.0f}"
                  f"{traced_mb:>11.1f}{rate / base_rate:>9.0%}")  # fmt: skip
        downgrade(revision="base")


if __name__ == "__main__":
    main()

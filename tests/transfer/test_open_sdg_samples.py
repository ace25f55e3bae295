"""Measure: every real Open SDG file in tests/data/open-sdg-samples (see its README for where each
comes from and its licence) is read, planned and applied all or nothing, and its indicator's
progress is assessed. The table printed per file: rows read, values imported, refusals, status.

Two files hold genuinely conflicting rows (the same period and breakdown with two values); they
are refused with both rows named, as the import must never pick one of two published values.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.extensions import db
from app.reporting.progress import load_indicator_progress
from app.tabular import FileRejected, open_table
from app.transfer.applying import apply_plan
from app.transfer.planning import plan_values
from app.transfer.readers.measurements import Catalogue
from app.transfer.readers.open_sdg import read_open_sdg
from tests.support import factories as f

SAMPLES = Path(__file__).parent.parent / "data" / "open-sdg-samples"
FILES = sorted(path.relative_to(SAMPLES).as_posix() for path in SAMPLES.glob("*/*.csv"))
QUARTERLY = {"canada/indicator_16-b-1.csv"}
# file -> the two rows that conflict (same period and breakdown, different values)
CONFLICTS = {
    "kazakhstan/indicator_5-5-2.csv": (1621, 1639),
    "kazakhstan/indicator_11-6-2.csv": (454, 485),
}


def _import(city, name: str) -> dict[str, object]:
    indicator = f.indicator(
        city.mission, city.edu, title=name, unit="",
        frequency="quarterly" if name in QUARTERLY else "yearly",
    )  # fmt: skip
    catalogue = Catalogue(None)
    table = open_table(SAMPLES / name, name, max_rows=None)
    try:
        reading = read_open_sdg(table, indicator, catalogue, date(2026, 12, 1))
    finally:
        table.close()
    plan = plan_values(reading, catalogue)
    imported = 0
    if plan.ok:
        imported = apply_plan(plan, actor_id=None, source={"source": "test", "file": name})
    progress = load_indicator_progress(indicator.id, published_only=False, today=date(2026, 12, 1))
    assert progress is not None
    periods = {item.period for item in reading.values}
    return {
        "rows": reading.rows,
        "imported": imported,
        "duplicates": reading.duplicates,
        "skipped": reading.skipped + reading.without_period,
        "errors": plan.errors,
        "periods": len(periods),
        "series": len(reading.series),
        "status": progress.result.status,
        "reason": progress.result.headline.reason_code,
        "encoding": reading.encoding,
    }


@pytest.mark.slow
def test_every_sample_file_imports_and_gets_a_status_or_a_reason(app, city, capsys):
    lines = [
        f"{'file':38} {'rows':>5} {'values':>6} {'dupl.':>5} {'skip':>4} {'refused':>7} "
        f"{'series':>6} {'enc.':7} status (reason)"
    ]
    problems: list[tuple[str, object]] = []
    with app.app_context():
        for name in FILES:
            savepoint = db.session.begin_nested()
            try:
                found = _import(city, name)
            except FileRejected as error:  # pragma: no cover - printed for the table
                pytest.fail(f"{name}: {error.message}")
            finally:
                savepoint.rollback()
            errors = found["errors"]
            assert isinstance(errors, list)
            lines.append(
                f"{name:38} {found['rows']:>5} {found['imported']:>6} {found['duplicates']:>5} "
                f"{found['skipped']:>4} {len(errors):>7} {found['series']:>6} "
                f"{found['encoding']:7} {found['status']} ({found['reason']})"
            )
            if name in CONFLICTS:
                first, second = CONFLICTS[name]
                named = any(
                    f"Rows {first} and {second}" in error.message and error.row == second
                    for error in errors
                )
                if not named or found["imported"]:
                    problems.append((name, errors[:3]))
                continue
            if errors or not found["imported"]:
                problems.append((name, errors[:5]))
            # With two periods or more: a status, or a reason that is not "no values".
            if found["periods"] >= 2 and found["reason"] == "no_values":
                problems.append((name, "no values"))
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        for problem in problems:
            print(problem)
    assert problems == []

"""Time the import previews of the largest accepted files through the web routes, new vs old.

Run by hand: ``PYTHONPATH=. .venv/bin/python bench/import_preview.py [--runs 3] [--old REV]
[--no-old] [--timeout 120]``. It builds the largest measurement XLSX and the largest intervention
CSV that the limits of this revision accept (``tests/support/large_imports.py``), checks out the
older revision (``--old``, by default the code before the imports were sized to time) with
``git worktree``, and for each run, side and file starts a fresh process in that side's tree:
a new SQLite file, migrated, with the departments, mission and indicators the files name, an
admin signed in, then one timed POST of the file to the upload form (the preview; the stage,
read, plan and page). The new side also times the confirm. A side that runs past --timeout
seconds is stopped and shown as ">timeout" (gunicorn would have killed the worker at 30 s).
Prints each run, then the median and spread (min-max) of the runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT / "tests" / "support" / "large_imports.py"
# The code before imports were sized to time (the branch point of issue 18's import work).
OLD_REVISION = "674461d"
KINDS = {
    "xlsx": ("/staff/data/import/measurements", "/staff/data/import/measurements/confirm"),
    "csv": ("/staff/data/import/interventions", "/staff/data/import/interventions/confirm"),
}


def _large() -> Any:
    """tests/support/large_imports.py of this revision, loaded by path (the old tree has none)."""
    spec = importlib.util.spec_from_file_location("large_imports", LARGE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def child(args: argparse.Namespace) -> None:
    """In the side's tree: fresh database, city, sign-in, one timed preview (and confirm)."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from tests.support.auth import sign_in_directly
    from tests.support.client import StaffClient
    from tests.support.transfer import confirm, upload

    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{args.workdir}/bench.db")
    app.config["TRANSFER_STAGING_DIR"] = str(Path(args.workdir) / "staging")
    app.test_client_class = StaffClient
    with app.app_context():
        upgrade()
        admin_id = _large().build_city()
        db.session.remove()
    client = app.test_client()
    sign_in_directly(client, admin_id)
    preview_url, confirm_url = KINDS[args.kind]
    path = Path(args.file)
    started = time.perf_counter()
    response = upload(client, preview_url, path.name, path.read_bytes())
    preview = time.perf_counter() - started
    html = response.get_data(as_text=True)
    result: dict[str, Any] = {"status": response.status_code, "preview": preview}
    if response.status_code == 200 and 'name="ticket"' in html and args.confirm:
        started = time.perf_counter()
        done = confirm(client, confirm_url, html)
        result["confirm"] = time.perf_counter() - started
        result["confirm_status"] = done.status_code
    elif response.status_code == 200 and 'name="ticket"' not in html:
        result["status"] = "no ticket (errors?)"
    print(json.dumps(result))


def run_side(root: Path, kind: str, file: Path, *, confirm: bool, timeout: int) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="aim-preview-"))
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--kind", kind,
               "--file", str(file), "--workdir", str(workdir)]  # fmt: skip
    if confirm:
        command.append("--confirm")
    try:
        done = subprocess.run(
            command, cwd=root, env={"PYTHONPATH": str(root), "PATH": ""}, capture_output=True,
            text=True, timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "preview": None}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"the {kind} run in {root} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _seconds(values: list[float | None], timeout: int) -> str:
    if any(value is None for value in values):
        return f">{timeout} s"
    numbers = [value for value in values if value is not None]
    if len(numbers) == 1:
        return f"{numbers[0]:.2f}"
    return f"{statistics.median(numbers):.2f} ({min(numbers):.2f}-{max(numbers):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--old", default=OLD_REVISION, help="revision to compare with")
    parser.add_argument("--no-old", action="store_true", help="time this revision only")
    parser.add_argument("--timeout", type=int, default=120, help="seconds before a run stops")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--confirm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    folder = Path(tempfile.mkdtemp(prefix="aim-preview-files-"))
    large = _large()
    files = {"xlsx": folder / "measurements.xlsx", "csv": folder / "interventions.csv"}
    sizes = {
        "xlsx": large.largest_measurement_xlsx(files["xlsx"]),
        "csv": large.largest_intervention_csv(files["csv"]),
    }
    sides = {"new": ROOT}
    old_root = folder / "old"
    if not args.no_old:
        subprocess.run(["git", "worktree", "add", "--detach", str(old_root), args.old], cwd=ROOT,
                       check=True, capture_output=True)  # fmt: skip
        sides["old"] = old_root
    results: dict[tuple[str, str], list[dict[str, Any]]] = {}
    try:
        for run in range(1, args.runs + 1):
            print(f"run {run}")
            for kind, file in files.items():
                for side, root in sides.items():
                    result = run_side(root, kind, file, confirm=side == "new",
                                      timeout=args.timeout)  # fmt: skip
                    results.setdefault((kind, side), []).append(result)
                    print(f"  {kind:5} {side:4} {json.dumps(result)}")
    finally:
        if not args.no_old:
            subprocess.run(["git", "worktree", "remove", "--force", str(old_root)], cwd=ROOT,
                           check=False, capture_output=True)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nmedian (min-max) of {args.runs} runs, seconds; old = {args.old}")
    print(f"{'file':<20}{'rows':>8}{'MB':>6}{'MB inflated':>13}  {'preview new':<20}"
          f"{'preview old':<22}{'confirm new':<20}")  # fmt: skip
    for kind in files:
        size = sizes[kind]
        inflated = f"{size['inflated'] / 2**20:.1f}" if "inflated" in size else "-"
        new = results[(kind, "new")]
        old = results.get((kind, "old"))
        label = "measurements.xlsx" if kind == "xlsx" else "interventions.csv"
        print(f"{label:<20}{size['rows']:>8,}{size['bytes'] / 2**20:>6.2f}{inflated:>13}  "
              f"{_seconds([r['preview'] for r in new], args.timeout):<20}"
              f"{_seconds([r['preview'] for r in old], args.timeout) if old else '-':<22}"
              f"{_seconds([r.get('confirm') for r in new], args.timeout):<20}")  # fmt: skip


if __name__ == "__main__":
    main()

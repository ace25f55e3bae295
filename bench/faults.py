"""Fault drills, run by hand.

``PYTHONPATH=. .venv/bin/python bench/faults.py --database-url postgresql://postgres@127.0.0.1/aim_faults``
The database must exist and be empty. It migrates and seeds it, then:

1. restart: starts gunicorn (2 workers) on 127.0.0.1, sends requests to /healthz and public pages
   from one thread, restarts this machine's PostgreSQL cluster (pg_ctlcluster, needs root) and
   prints what the clients saw before, during and after;
2. kill: starts ``flask import measurements`` on a 300,000-row file, kills it with SIGKILL half
   way, and checks that not one row of it reached the database (the import is one transaction).
Only loopback addresses are touched.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from public_load import ROOT, free_port, run_flask, start_gunicorn


def poll(base: str, stop: threading.Event, log: list[tuple[float, str, int]]) -> None:
    paths = ["/healthz", "/missions/better-city-for-children", "/?lang=is"]
    n = 0
    while not stop.is_set():
        path = paths[n % len(paths)]
        n += 1
        try:
            with urllib.request.urlopen(base + path, timeout=5) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0  # no answer at all
        log.append((time.monotonic(), path, status))
        time.sleep(0.02)


def kill_import_drill(env: dict[str, str], workdir: Path) -> bool:
    """Kill an import half way; the measurement count must not move."""
    import csv

    from sqlalchemy import create_engine, text

    from config import normalise_database_url

    engine = create_engine(normalise_database_url(env["DATABASE_URL"]))
    with engine.connect() as conn:
        ids = [row[0] for row in conn.execute(text("SELECT id FROM indicators ORDER BY id"))]
        before = conn.execute(text("SELECT count(*) FROM measurements")).scalar_one()
    path = workdir / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator_id", "period", "breakdown", "value", "status", "source_note"])
        n = 0
        while n < 300_000:
            for indicator_id in ids:
                writer.writerow([indicator_id, f"{1700 + n // 1000}-01-01", f"drill=K{n % 1000}",
                                 "1.0", "final", "drill"])  # fmt: skip
                n += 1
    flask = str(Path(sys.executable).with_name("flask"))
    process = subprocess.Popen(
        [flask, "--app", "wsgi", "import", "measurements", str(path),
         "--as", "admin@demo.aimtracker.is"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    time.sleep(2.5)
    finished_early = process.poll() is not None
    process.kill()
    process.wait()
    with engine.connect() as conn:
        after = conn.execute(text("SELECT count(*) FROM measurements")).scalar_one()
    engine.dispose()
    print(f"kill drill: import of 300,000 rows killed after 2.5 s "
          f"({'it had already finished' if finished_early else 'while running'}); "
          f"measurements before {before}, after {after}")  # fmt: skip
    return finished_early or after == before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    env = {
        **os.environ,
        "AIM_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": args.database_url,
        "DEMO_PASSWORD": secrets.token_urlsafe(16),
        "PUBLIC_CACHE": "0",  # make every page touch the database
    }
    run_flask(env, "db", "upgrade")
    run_flask(env, "seed", "--demo")
    cluster = next(iter(sorted(os.listdir("/etc/postgresql"))))
    port = free_port()
    server = start_gunicorn(env, port)
    base = f"http://127.0.0.1:{port}"
    log: list[tuple[float, str, int]] = []
    stop = threading.Event()
    thread = threading.Thread(target=poll, args=(base, stop, log))
    try:
        thread.start()
        time.sleep(3)
        restart_started = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"],
            check=True,
        )
        restart_done = time.monotonic()
        time.sleep(5)
    finally:
        stop.set()
        thread.join()
        server.terminate()
        server.wait(timeout=10)

    phases = {"before": Counter(), "restart": Counter(), "after": Counter()}
    for moment, _path, status in log:
        phase = (
            "before"
            if moment < restart_started
            else "restart"
            if moment < restart_done
            else "after"
        )
        phases[phase][status] += 1
    after = [status for moment, _path, status in log if moment >= restart_done + 1]
    print(f"PostgreSQL {cluster} restarted in {restart_done - restart_started:.1f} s under load")
    print(f"{'phase':<10}{'requests':>10}  statuses")
    for phase, counts in phases.items():
        detail = ", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(counts.items()))
        print(f"{phase:<10}{sum(counts.values()):>10}  {detail}")
    recovered = bool(after) and all(status == 200 for status in after)
    print("recovered without restarting the app:", "yes" if recovered else "NO")
    import tempfile

    clean = kill_import_drill(env, Path(tempfile.mkdtemp(prefix="aim-faults-")))
    print("no partial import:", "yes" if clean else "NO")
    sys.exit(0 if recovered and clean else 1)


if __name__ == "__main__":
    main()

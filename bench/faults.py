"""Fault drills, run by hand: restart PostgreSQL under load and check the app recovers by itself.

``PYTHONPATH=. .venv/bin/python bench/faults.py --database-url postgresql://postgres@127.0.0.1/aim_faults``
The database must exist and be empty. It migrates and seeds it, starts gunicorn (2 workers) on
127.0.0.1, sends requests to /healthz and a public page from one thread for the whole drill,
restarts the PostgreSQL cluster of this machine (pg_ctlcluster), and prints what the clients saw
before, during and after. It needs root (for pg_ctlcluster) and touches only loopback addresses.
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
from public_load import free_port, run_flask, start_gunicorn


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
    sys.exit(0 if recovered else 1)


if __name__ == "__main__":
    main()

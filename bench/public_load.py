"""Load a public mission page and a static file of the same size with wrk, cached and uncached.

Run by hand: ``PYTHONPATH=. .venv/bin/python bench/public_load.py [--database-url URL]
[--duration 10] [--connections 16]``. Needs gunicorn (in requirements) and wrk (apt-get
install wrk). It migrates and seeds a fresh database (a temporary SQLite file by default), starts
gunicorn with 2 workers on 127.0.0.1, and prints requests per second and the ratio to the
static file. Only loopback addresses are loaded.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/missions/better-city-for-children"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_flask(env: dict[str, str], *args: str) -> None:
    flask = str(Path(sys.executable).with_name("flask"))
    done = subprocess.run([flask, "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, input=b"", check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stderr.decode()[-2000:]}")


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def wrk(url: str, duration: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        print(f"  warning: {errors.group(1)} error responses from {url}")
    return float(match.group(1)) if match else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="aim-bench-"))
    env = {
        **os.environ,
        "AIM_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.db'}",
        "DEMO_PASSWORD": secrets.token_urlsafe(16),
        "AIM_INSTANCE_PATH": str(workdir),
    }
    run_flask(env, "db", "upgrade")
    run_flask(env, "seed", "--demo")

    rows = []
    static_dir = ROOT / "app" / "static"
    static_file = static_dir / f".bench-{os.getpid()}.html"
    try:
        for label, cache in (("cached", "1"), ("uncached", "0")):
            port = free_port()
            process = start_gunicorn({**env, "PUBLIC_CACHE": cache}, port)
            try:
                base = f"http://127.0.0.1:{port}"
                with urllib.request.urlopen(base + PAGE) as response:  # noqa: S310
                    page_bytes = response.read()
                static_file.write_bytes(page_bytes)
                page_rps = wrk(base + PAGE, args.duration, args.connections)
                static_rps = wrk(f"{base}/static/{static_file.name}", args.duration,
                                 args.connections)  # fmt: skip
                rows.append((label, len(page_bytes), page_rps, static_rps))
            finally:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=10)
    finally:
        static_file.unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)

    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"public mission page vs a static file of the same size; gunicorn -w 2; {backend}; "
          f"wrk -t2 -c{args.connections} -d{args.duration}s")  # fmt: skip
    print(f"{'server cache':<14}{'bytes':>8}{'page req/s':>12}{'static req/s':>14}{'ratio':>8}")
    for label, size, page_rps, static_rps in rows:
        ratio = page_rps / static_rps if static_rps else 0.0
        print(f"{label:<14}{size:>8}{page_rps:>12.0f}{static_rps:>14.0f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()

"""Load the public mission page, an indicator page and an embed with wrk, against a static file.

Run by hand: ``PYTHONPATH=. .venv/bin/python bench/public_load.py [--duration 10]
[--connections 16] [--old REV]``. Needs gunicorn (in requirements) and wrk (apt-get install wrk).
It migrates and seeds the demo city into a fresh SQLite file, starts gunicorn with 2 workers on
127.0.0.1 and prints requests per second per page: served from the page cache, uncached, and
uncached by the code of an older revision (``--old``, default the last commit before the
reporting layer; checked out with ``git worktree`` into a temporary folder, with its own fresh
database) in the same run, so the new/old ratio is measured under the same load. A static file
of the mission page's size is the yardstick. Only loopback addresses are loaded.
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
MISSION = "/missions/better-city-for-children"
# The commit before app/reporting: what "old" means unless --old says otherwise.
OLD_REVISION = "ad9ca01"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_flask(env: dict[str, str], root: Path, *args: str) -> None:
    flask = str(Path(sys.executable).with_name("flask"))
    done = subprocess.run([flask, "--app", "wsgi", *args], cwd=root, env=env,
                          capture_output=True, input=b"", check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stderr.decode()[-2000:]}")


def start_gunicorn(env: dict[str, str], port: int, root: Path) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=root, env=env,
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


def get(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback only
        return response.read()


def first_indicator(base: str) -> str:
    """The path of the mission page's first indicator page."""
    found = re.search(rf'href="({MISSION}/indicators/(\d+))', get(base + MISSION).decode())
    if not found:
        raise SystemExit("no indicator link on the mission page")
    return found.group(1)


def prepare(root: Path, workdir: Path) -> dict[str, str]:
    """A fresh database with the demo city, for the code in root."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "AIM_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "DEMO_PASSWORD": secrets.token_urlsafe(16),
        "AIM_INSTANCE_PATH": str(workdir),
        "PYTHONPATH": str(root),
    }
    run_flask(env, root, "db", "upgrade")
    run_flask(env, root, "seed", "--demo")
    return env


def load(
    env: dict[str, str], root: Path, cache: str, args: argparse.Namespace
) -> tuple[dict[str, float], dict[str, int], float]:
    """Requests per second of each page, their sizes, and of a static file the mission page's
    size (served by the same gunicorn, from the given code)."""
    port = free_port()
    process = start_gunicorn({**env, "PUBLIC_CACHE": cache}, port, root)
    static_file = root / "app" / "static" / f".bench-{os.getpid()}.html"
    try:
        base = f"http://127.0.0.1:{port}"
        indicator = first_indicator(base)
        paths = {
            "mission": MISSION,
            "indicator": indicator,
            "embed": "/embed/indicators/" + indicator.rsplit("/", 1)[1],
        }
        sizes = {name: len(get(base + path)) for name, path in paths.items()}
        static_file.write_bytes(get(base + MISSION))
        rates = {name: wrk(base + path, args.duration, args.connections)
                 for name, path in paths.items()}  # fmt: skip
        static = wrk(f"{base}/static/{static_file.name}", args.duration, args.connections)
        return rates, sizes, static
    finally:
        static_file.unlink(missing_ok=True)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--old", default=OLD_REVISION, help="revision to compare with")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="aim-bench-"))
    old_root = workdir / "old"
    subprocess.run(["git", "worktree", "add", "--detach", str(old_root), args.old], cwd=ROOT,
                   check=True, capture_output=True)  # fmt: skip
    try:
        new_env = prepare(ROOT, workdir / "new-instance")
        old_env = prepare(old_root, workdir / "old-instance")
        cached, sizes, static_cached = load(new_env, ROOT, "1", args)
        uncached, _sizes, static_uncached = load(new_env, ROOT, "0", args)
        old, _old_sizes, static_old = load(old_env, old_root, "0", args)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old_root)], cwd=ROOT,
                       check=False, capture_output=True)  # fmt: skip
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"demo city, SQLite, gunicorn -w 2, wrk -t2 -c{args.connections} -d{args.duration}s; "
          f"old = {args.old}")  # fmt: skip
    print(f"static file of the mission page's size: {static_cached:.0f} req/s (cached run), "
          f"{static_uncached:.0f} (uncached run), {static_old:.0f} (old run)")  # fmt: skip
    header = (f"{'page':<11}{'bytes':>8}{'cached':>9}{'/static':>9}{'uncached':>10}"
              f"{'/static':>9}{'old uncached':>14}{'new/old':>9}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for name in cached:
        ratio = uncached[name] / old[name] if old[name] else 0.0
        print(f"{name:<11}{sizes[name]:>8}{cached[name]:>9.0f}"
              f"{cached[name] / static_cached:>9.2f}{uncached[name]:>10.0f}"
              f"{uncached[name] / static_uncached:>9.2f}{old[name]:>14.0f}"
              f"{ratio:>9.2f}")  # fmt: skip


if __name__ == "__main__":
    main()

"""Load the public mission page, an indicator page and an embed with wrk, new code against old.

Run by hand: ``PYTHONPATH=. .venv/bin/python bench/public_load.py [--duration 5]
[--connections 16] [--rounds 3] [--old REV]``. Needs gunicorn (in requirements) and wrk
(apt-get install wrk). It checks out an older revision (``--old``, by default the last commit
before the reporting layer) with ``git worktree`` into a temporary folder, migrates and seeds the
demo city into a fresh SQLite file for each side, and starts three gunicorns (2 workers each) on
127.0.0.1: the new code with the page cache, the new code without it, the old code without it.
Each round loads every page from each server in turn, then a static file of the mission page's
size (the yardstick), so a busy moment of a shared machine falls on both sides of every ratio.
It prints the median and the spread of the rounds. Only loopback addresses are loaded.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
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


class Server:
    """A gunicorn serving one revision's code with the page cache on or off."""

    def __init__(self, env: dict[str, str], root: Path, cache: str) -> None:
        self.port = free_port()
        self.process = start_gunicorn({**env, "PUBLIC_CACHE": cache}, self.port, root)
        self.base = f"http://127.0.0.1:{self.port}"
        indicator = first_indicator(self.base)
        self.paths = {
            "mission": MISSION,
            "indicator": indicator,
            "embed": "/embed/indicators/" + indicator.rsplit("/", 1)[1],
        }

    def rate(self, page: str, args: argparse.Namespace) -> float:
        return wrk(self.base + self.paths[page], args.duration, args.connections)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--old", default=OLD_REVISION, help="revision to compare with")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="aim-bench-"))
    old_root = workdir / "old"
    subprocess.run(["git", "worktree", "add", "--detach", str(old_root), args.old], cwd=ROOT,
                   check=True, capture_output=True)  # fmt: skip
    static_file = ROOT / "app" / "static" / f".bench-{os.getpid()}.html"
    servers: dict[str, Server] = {}
    pages = ("mission", "indicator", "embed")
    # label -> page -> one rate per round; "static" is the yardstick, served by the cached server
    rates: dict[str, dict[str, list[float]]] = {
        label: {page: [] for page in (*pages, "static")} for label in ("cached", "new", "old")
    }
    try:
        new_env = prepare(ROOT, workdir / "new-instance")
        old_env = prepare(old_root, workdir / "old-instance")
        servers = {
            "cached": Server(new_env, ROOT, "1"),
            "new": Server(new_env, ROOT, "0"),
            "old": Server(old_env, old_root, "0"),
        }
        sizes = {page: len(get(servers["new"].base + servers["new"].paths[page])) for page in pages}
        static_file.write_bytes(get(servers["new"].base + MISSION))
        # Rounds interleave the servers page by page, so a busy moment of a shared machine
        # falls on both sides of every ratio.
        for _round in range(args.rounds):
            for page in pages:
                for label, server in servers.items():
                    rates[label][page].append(server.rate(page, args))
            static = wrk(f"{servers['cached'].base}/static/{static_file.name}", args.duration,
                         args.connections)  # fmt: skip
            for label in rates:
                rates[label]["static"].append(static)
    finally:
        for server in servers.values():
            server.stop()
        static_file.unlink(missing_ok=True)
        subprocess.run(["git", "worktree", "remove", "--force", str(old_root)], cwd=ROOT,
                       check=False, capture_output=True)  # fmt: skip
        shutil.rmtree(workdir, ignore_errors=True)

    def ratios(top: list[float], bottom: list[float]) -> list[float]:
        return [t / b if b else 0.0 for t, b in zip(top, bottom, strict=True)]

    def cell(values: list[float], digits: int) -> str:
        """median (min-max) of the rounds"""
        return (f"{statistics.median(values):.{digits}f} "
                f"({min(values):.{digits}f}-{max(values):.{digits}f})")  # fmt: skip

    print(f"demo city, SQLite, gunicorn -w 2 each, wrk -t2 -c{args.connections} "
          f"-d{args.duration}s, {args.rounds} interleaved rounds; old = {args.old}; "
          f"median (min-max) per cell; ratios are taken within each round")  # fmt: skip
    print(f"static file of the mission page's size: {cell(rates['cached']['static'], 0)} req/s")
    header = (f"{'page':<10}{'bytes':>7}{'cached /static':>20}{'uncached req/s':>20}"
              f"{'old uncached':>18}{'new/old':>20}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for page in pages:
        cached = ratios(rates["cached"][page], rates["cached"]["static"])
        new_old = ratios(rates["new"][page], rates["old"][page])
        print(f"{page:<10}{sizes[page]:>7}{cell(cached, 2):>20}{cell(rates['new'][page], 0):>20}"
              f"{cell(rates['old'][page], 0):>18}{cell(new_old, 2):>20}")  # fmt: skip


if __name__ == "__main__":
    main()

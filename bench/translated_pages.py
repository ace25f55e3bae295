"""Time the heaviest public pages of the demo city in Icelandic and English, uncached.

Run by hand: ``PYTHONPATH=. .venv/bin/python bench/translated_pages.py [--renders 20] [--runs 3]``.
Seeds the demo city into a temporary SQLite file, then renders each page ``renders`` times with
the test client (PUBLIC_CACHE off, so every request renders) and prints the median of ``runs``
runs in milliseconds per render, and the SQL statements of one render. Point PYTHONPATH at an
older checkout to compare (issue 13: translated_html on every content text).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from app import create_app
from app.extensions import db

PAGES = [
    "/missions/better-city-for-children",
    "/missions/better-city-for-children/interventions/1",
    "/missions/better-city-for-children/indicators/7",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="aim-bench-translated-"))
    os.environ.setdefault("DEMO_PASSWORD", "bench-translated-passphrase")
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.db'}",
        PUBLIC_CACHE=False,
    )
    with app.app_context():
        from flask_migrate import upgrade

        import seeds.demo
        from seeds import load_demo_city

        seeds.demo.INSTANCE_DIR = folder  # type: ignore[attr-defined] # a bench, not the app
        upgrade()
        load_demo_city()
        db.session.commit()
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    client = app.test_client()
    print(f"{'page':<58} {'lang':<4} {'ms/render':>9} {'SQL':>4}")
    for path in PAGES:
        for lang in ("is", "en"):
            url = f"{path}?lang={lang}"
            assert client.get(url).status_code == 200, url  # warm-up
            statements.clear()
            client.get(url)
            count = len(statements)
            runs = []
            for _ in range(args.runs):
                start = time.perf_counter()
                for _ in range(args.renders):
                    client.get(url)
                runs.append((time.perf_counter() - start) / args.renders * 1000)
            print(f"{path:<58} {lang:<4} {statistics.median(runs):>9.1f} {count:>4}")


if __name__ == "__main__":
    main()

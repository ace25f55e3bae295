"""Soak: public readers and racing staff editors at once, then prove no update was lost.

Run by hand: ``PYTHONPATH=. .venv/bin/python bench/soak.py --database-url
postgresql://postgres@127.0.0.1/aim_soak [--seconds 60] [--readers 6] [--editors 4]``.
The database must exist and be empty. It migrates and seeds the demo city, starts gunicorn
(2 workers) with Redis-backed rate limits and page cache (redis://127.0.0.1:6379), and for a
fixed time has readers load public pages while editors, signed in as different staff users,
edit the SAME department and the SAME outcome through the real forms (GET the form, change a
field, POST with the version they saw). Afterwards it checks every accepted write (302) is in
the audit trail, every rejected one got the conflict page (409), the final value is the last
accepted write, and nothing else answered. Only loopback addresses are loaded.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from public_load import free_port, run_flask, start_gunicorn

READ_PATHS = ["/", "/missions/better-city-for-children", "/missions/carbon-neutral-reykjavik",
              "/open-data/", "/?lang=is"]  # fmt: skip


class FormFields(HTMLParser):
    """The fields of each POST form on a page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
            self.fields = {}
            self.forms.append(self.fields)
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self.fields)
        ):
            self.fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def form(self, path: str, field: str) -> dict[str, str]:
        """The fields of the page's POST form that has this field."""
        status, html = self.request(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        parser = FormFields()
        parser.feed(html)
        return next(form for form in parser.forms if field in form)

    def sign_in(self, email: str, password: str) -> None:
        fields = self.form("/staff/login", "email")
        status, _ = self.request("/staff/login", {**fields, "email": email, "password": password})
        if status != 302:
            raise RuntimeError(f"sign-in of {email} answered {status}")


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.accepted: dict[str, list[tuple[float, str]]] = {"department": [], "outcome": []}
        self.rejected: dict[str, list[str]] = {"department": [], "outcome": []}
        self.unexpected: list[str] = []


def reader(base: str, stop: threading.Event, results: Results) -> None:
    browser = Browser(base)
    n = 0
    while not stop.is_set():
        path = READ_PATHS[n % len(READ_PATHS)]
        n += 1
        started = time.perf_counter()
        status, _ = browser.request(path)
        with results.lock:
            results.latencies.append(time.perf_counter() - started)
            results.statuses[status] += 1
            if status != 200:
                results.unexpected.append(f"GET {path} -> {status}")


def editor(base: str, email: str, password: str, target: tuple[str, str, str], tag: str,
           stop: threading.Event, results: Results) -> None:  # fmt: skip
    kind, path, field = target
    browser = Browser(base)
    browser.sign_in(email, password)
    n = 0
    while not stop.is_set():
        n += 1
        fields = browser.form(path, field)
        value = f"{fields[field].split(' #')[0]} #{tag}-{n}"
        started = time.perf_counter()
        status, _html = browser.request(path, {**fields, field: value})
        moment = time.monotonic()
        with results.lock:
            results.latencies.append(time.perf_counter() - started)
            results.statuses[status] += 1
            if status == 302:
                results.accepted[kind].append((moment, value))
            elif status == 409:
                results.rejected[kind].append(value)
            else:
                results.unexpected.append(f"POST {path} -> {status}")


def check(database_url: str, results: Results, department_id: int, outcome_id: int) -> list[str]:
    """Every accepted value is in the audit trail, no rejected one is, the last one won."""
    from sqlalchemy import select

    from app import create_app
    from app.extensions import db
    from app.models import AuditEvent, Department, Outcome

    problems = []
    app = create_app("production")
    with app.app_context():
        for kind, model, object_id, field in (
            ("department", Department, department_id, "name"),
            ("outcome", Outcome, outcome_id, "title"),
        ):
            events = db.session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.entity_type == model.__name__,
                    AuditEvent.entity_id == object_id,
                    AuditEvent.action == "update",
                )
                .order_by(AuditEvent.id)
            ).all()
            audited = [(event.new_values or {}).get(field) for event in events]
            accepted = [value for _, value in results.accepted[kind]]
            final = getattr(db.session.get(model, object_id), field)
            if sorted(audited) != sorted(accepted):
                problems.append(
                    f"{kind}: {len(accepted)} accepted writes but {len(audited)} audit events, "
                    f"{len(set(accepted) - set(audited))} accepted ones missing"
                )
            if set(results.rejected[kind]) & set(audited):
                problems.append(f"{kind}: a write answered with a conflict is in the audit trail")
            if audited and final != audited[-1]:
                problems.append(f"{kind}: final value {final!r} is not the last audited write")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--editors", type=int, default=4)
    args = parser.parse_args()
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "AIM_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": args.database_url,
        "DEMO_PASSWORD": password,
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/14",
        "CACHE_REDIS_URL": "redis://127.0.0.1:6379/15",
        "SESSION_COOKIE_SECURE": "0",  # plain http on loopback
    }
    os.environ.update({k: env[k] for k in ("AIM_ENV", "SECRET_KEY", "DATABASE_URL")})
    run_flask(env, "db", "upgrade")
    run_flask(env, "seed", "--demo")
    port = free_port()
    server = start_gunicorn(env, port)
    base = f"http://127.0.0.1:{port}"
    results = Results()
    stop = threading.Event()
    try:
        admin = Browser(base)
        admin.sign_in("admin@demo.aimtracker.is", password)
        _, page = admin.request("/staff/departments/")
        department_id = int(re.search(r"/staff/departments/(\d+)/edit", page).group(1))
        _, page = admin.request("/staff/missions/")
        mission_id = int(re.search(r"/staff/missions/(\d+)\"", page).group(1))
        _, page = admin.request(f"/staff/missions/{mission_id}")
        outcome_id = int(re.search(r"/staff/missions/outcomes/(\d+)/edit", page).group(1))
        targets = [
            ("department", f"/staff/departments/{department_id}/edit", "name"),
            ("outcome", f"/staff/missions/outcomes/{outcome_id}/edit", "title"),
        ]
        accounts = ["admin@demo.aimtracker.is", "mayor@demo.aimtracker.is"]
        threads = [threading.Thread(target=reader, args=(base, stop, results))
                   for _ in range(args.readers)]  # fmt: skip
        for n in range(args.editors):
            target = targets[n % 2]
            email = accounts[0] if target[0] == "department" else accounts[n % 2]
            threads.append(threading.Thread(
                target=editor, args=(base, email, password, target, f"e{n}", stop, results)
            ))  # fmt: skip
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(args.seconds)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=10)

    problems = check(args.database_url, results, department_id, outcome_id)
    total = sum(results.statuses.values())
    lat = sorted(results.latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000

    print(f"soak: {args.seconds} s, {args.readers} readers, {args.editors} editors, gunicorn -w 2,"
          " PostgreSQL, Redis limits and cache")  # fmt: skip
    print(f"{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}")
    print(f"{total:>9}{total / elapsed:>8.0f}{pct(0.5):>8.1f}{pct(0.95):>8.1f}{pct(0.99):>8.1f}"
          f"{lat[-1] * 1000:>8.1f}")  # fmt: skip
    print("statuses:", dict(sorted(results.statuses.items())))
    for kind in ("department", "outcome"):
        print(f"{kind}: {len(results.accepted[kind])} writes accepted, "
              f"{len(results.rejected[kind])} refused as conflicts")  # fmt: skip
    print("unexpected answers:", len(results.unexpected), results.unexpected[:5])
    print("lost or leaked updates:", problems or "none")
    print(f"median latency {statistics.median(results.latencies) * 1000:.1f} ms")
    sys.exit(1 if problems or results.unexpected else 0)


if __name__ == "__main__":
    main()

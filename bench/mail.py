"""Benchmark follower email: one publication to 10,000 followers, sent to a local SMTP server.

Run with ``PYTHONPATH=. .venv/bin/python bench/mail.py [--followers 10000] [--runs 3]
[--database-url URL]``. Without a URL a temporary SQLite file is used (the database must be
empty: it is migrated). Each run starts from an empty ledger and sends the day's news of one
mission to every follower through `run_all` (claim a batch, send it over one SMTP connection,
mark it), to an aiosmtpd server on a free local port that counts what it receives. A last run
is killed after two batches and resumed, to show that nothing is sent twice or skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import socket
import statistics
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import delete, insert

from app import create_app
from app.extensions import db
from app.models import Department, Follower, Intervention, MailDelivery, Mission, ProgressUpdate
from app.notifications import sending
from config import normalise_database_url

NOW = datetime(2026, 7, 7, 6, tzinfo=UTC)


class Counter:
    """Counts messages per recipient."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: dict[str, int] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.seen[rcpt] = self.seen.get(rcpt, 0) + 1
        return "250 OK"

    def total(self) -> int:
        return sum(self.seen.values())


class Server:
    """The SMTP server in its own process (so it does not share the sender's interpreter)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(child, self.port))
        self.process.start()
        assert self.conn.recv() == "ready"

    def ask(self, command: str) -> Any:
        self.conn.send(command)
        return self.conn.recv()

    def seen(self) -> dict[str, int]:
        found: dict[str, int] = self.ask("stats")
        return found

    def stop(self) -> None:
        self.ask("stop")
        self.process.join(10)


def _serve(conn: Any, port: int) -> None:
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    conn.send("ready")
    while True:
        command = conn.recv()
        if command == "stats":
            conn.send(dict(counter.seen))
        elif command == "clear":
            counter.seen.clear()
            conn.send("ok")
        else:
            controller.stop()
            conn.send("ok")
            return


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def build(followers: int) -> None:
    dept = db.session.execute(
        insert(Department).values(name="Bench", code="BEN", colour="#0072b2")
    ).inserted_primary_key[0]
    published = datetime(2026, 1, 1, tzinfo=UTC)
    mission = db.session.execute(
        insert(Mission).values(
            slug="bench", title="Betri borg fyrir börn", north_star="x", start_year=2021,
            horizon_year=2030, translations={}, is_published=True, published_at=published,
        )
    ).inserted_primary_key[0]  # fmt: skip
    item = db.session.execute(
        insert(Intervention).values(
            mission_id=mission, lead_department_id=dept, title="Lausnateymi", stage="scale",
            start_date=date(2022, 1, 1), translations={}, is_published=True,
            published_at=published,
        )
    ).inserted_primary_key[0]  # fmt: skip
    db.session.execute(
        insert(ProgressUpdate).values(
            intervention_id=item, reported_on=date(2026, 7, 6), status="on_track",
            summary="Teymi komin í 12 skóla.", is_published=True,
            published_at=NOW - timedelta(hours=20),
        )
    )  # fmt: skip
    db.session.execute(
        insert(Follower),
        [
            {"mission_id": mission, "email": f"f{n:05d}@example.org",
             "language": "is" if n % 2 else "en", "cadence": "daily", "confirmed_at": published}
            for n in range(followers)
        ],
    )  # fmt: skip
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench_mail.db"
    server = Server()
    app = create_app(
        "test", SQLALCHEMY_DATABASE_URI=normalise_database_url(url), MAIL_SERVER="127.0.0.1",
        MAIL_PORT=server.port, MAIL_BATCH_SIZE=args.batch,
    )  # fmt: skip
    rates = []
    try:
        with app.app_context():
            upgrade()
            build(args.followers)
            print(f"database: {db.engine.dialect.name}, followers: {args.followers:,}, "
                  f"batch: {args.batch}")  # fmt: skip
            print(f"{'run':>4} {'sent':>7} {'seconds':>8} {'messages/s':>11}")
            for run in range(1, args.runs + 1):
                db.session.execute(delete(MailDelivery))
                db.session.commit()
                server.ask("clear")
                started = time.perf_counter()
                report = sending.run_all(now=NOW)
                seconds = time.perf_counter() - started
                received = sum(server.seen().values())
                assert report.sent == received == args.followers, (report, received)
                rates.append(args.followers / seconds)
                print(f"{run:>4} {report.sent:>7,} {seconds:>8.2f} {rates[-1]:>11,.0f}")
            spread = f"{min(rates):,.0f}-{max(rates):,.0f}"
            print(f"median {statistics.median(rates):,.0f} messages/s (spread {spread})")

            # Kill drill: the process dies after two batches; a later run finishes the job.
            db.session.execute(delete(MailDelivery))
            db.session.commit()
            server.ask("clear")
            real_send, calls = sending.send_over, [0]

            def dying(connection: Any, outgoing: Any) -> Any:
                calls[0] += 1
                if calls[0] > 2:
                    raise SystemExit("killed")
                return real_send(connection, outgoing)

            sending.send_over = dying  # type: ignore[assignment]
            with contextlib.suppress(SystemExit):
                sending.run_all(now=NOW)
            sending.send_over = real_send
            db.session.rollback()
            before = sum(server.seen().values())
            sending.run_all(now=NOW + timedelta(minutes=5))  # claims still fresh: wait
            during = sum(server.seen().values())
            sending.run_all(now=NOW + timedelta(minutes=31))  # stale claims taken again
            sending.run_all(now=NOW + timedelta(minutes=40))  # nothing left
            seen = server.seen()
            twice = sum(1 for n in seen.values() if n > 1)
            print(
                f"kill drill: {before:,} sent before the kill, {during - before:,} (never "
                f"claimed) by a rerun within the claim timeout, {len(seen):,} of "
                f"{args.followers:,} followers received it after resuming; twice: {twice}"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()

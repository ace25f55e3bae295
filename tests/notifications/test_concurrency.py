"""Two `reminders send` runs at the same moment, on their own database and connections."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import MailDelivery
from app.notifications import ledger
from app.notifications.sending import RunReport, run_all
from config import normalise_database_url
from tests.support import factories as f
from tests.support.city import build_city
from tests.support.databases import scratch_database_url


@pytest.mark.slow
def test_two_runs_at_once_send_each_reminder_once(
    database_url, tmp_path_factory, smtp_server, monkeypatch
):
    host, port, sink = smtp_server
    sink.clear()
    url = normalise_database_url(scratch_database_url(database_url, tmp_path_factory, "mailrace"))
    apps = [
        create_app("test", SQLALCHEMY_DATABASE_URI=url, MAIL_SERVER=host, MAIL_PORT=port)
        for _ in range(2)
    ]
    with apps[0].app_context():
        upgrade()
        city = build_city()
        for n in range(10):
            f.user(email=f"lead{n}@example.org", role="department_lead",
                   department_id=city.edu.id)  # fmt: skip
        db.session.commit()

    # Both runs reach every claim together, so they race for the same rows each time.
    barrier = threading.Barrier(2, timeout=30)
    real_claim = ledger.claim

    def claim_together(keys, now=None):  # type: ignore[no-untyped-def]
        db.session.commit()  # wait holding no read lock, as claim itself does
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return real_claim(keys, now)

    monkeypatch.setattr(ledger, "claim", claim_together)
    now = datetime(2026, 7, 6, 6, tzinfo=UTC)
    reports: list[RunReport] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            with apps[index].app_context():
                reports.append(run_all(now=now))
                db.session.remove()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    per_recipient = Counter(m.to for m in sink.messages)
    expected = {"edu@example.org", "wel@example.org", "mayor@example.org"} | {
        f"lead{n}@example.org" for n in range(10)
    }
    assert set(per_recipient) == expected
    assert set(per_recipient.values()) == {1}, per_recipient
    assert sum(r.sent for r in reports) == len(expected)
    with apps[0].app_context():
        unsent = db.session.scalar(
            select(func.count()).select_from(MailDelivery).where(MailDelivery.status != "sent")
        )
        db.session.remove()
    for application in apps:
        with application.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
    assert unsent == 0
    sink.clear()

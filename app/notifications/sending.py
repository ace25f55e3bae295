"""`flask reminders send`: reminders to leads, the escalation digest, followers' digests.

Each part claims its ledger rows before sending (app.notifications.ledger), so the command can
run every hour, twice at once, or again after a crash without sending anything twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_mailman.backends.base import BaseEmailBackend
from sqlalchemy import select, tuple_

from app.extensions import db
from app.i18n import language_or_source, site_languages
from app.models import MailDelivery, User
from app.models.base import utcnow
from app.models.notification import Cadence, NoticeKind
from app.notifications import followers as follow
from app.notifications import ledger, preferences, tokens
from app.notifications.ledger import LedgerKey
from app.notifications.mail import (
    DeliveryReport,
    MailServerError,
    Outgoing,
    open_connection,
    record_problem,
    send_over,
)
from app.notifications.reminders import (
    ESCALATION,
    REMINDER_KINDS,
    OwedItem,
    build_digest,
    owed_items,
)
from app.routing import site_base_url

UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/placeholder"


@dataclass
class RunReport:
    """What one run sent, or would send (dry run)."""

    dry_run: bool = False
    lines: list[str] = field(default_factory=list)
    sent: int = 0
    refused: int = 0
    failed: int = 0
    skipped: int = 0


@contextmanager
def link_context() -> Iterator[None]:
    """url_for(..., _external=True) gives the site's canonical address (PUBLIC_BASE_URL), in a
    command and in a request alike: never the request's Host, which a client chooses (a forged
    Host must not end up in a confirmation email or a feed)."""
    with current_app.test_request_context(base_url=site_base_url()):
        yield


def render_mail(template: str, language: str, **context: Any) -> tuple[str, str, str]:
    """Subject, text and HTML of a message, in the recipient's language (the source language
    when theirs is no longer configured)."""
    with force_locale(language_or_source(language)):
        subject = render_template(f"notifications/email/{template}_subject.txt", **context)
        text = render_template(f"notifications/email/{template}.txt", **context)
        html = render_template(f"notifications/email/{template}.html", **context)
    return " ".join(subject.split()), text, html


def staff_unsubscribe_url(user: User, kind: NoticeKind) -> str:
    token = tokens.make_token(tokens.STAFF_UNSUBSCRIBE_SALT, {"u": user.id, "k": kind.value})
    return url_for("notifications.staff_unsubscribe", token=token, _external=True)


def follower_unsubscribe_url(mission_id: int, email: str) -> str:
    token = tokens.make_token(tokens.FOLLOWER_UNSUBSCRIBE_SALT, {"m": mission_id, "e": email})
    return url_for("notifications.unfollow", token=token, _external=True)


def _settle(report: DeliveryReport, run: RunReport, source: str, now: datetime) -> None:
    """Write the outcome of a batch into the ledger and commit."""
    ledger.mark_sent([key for out in report.sent for key in out.keys], now)
    for out, reason in report.refused:
        ledger.mark_refused(out.keys, reason)
        record_problem(source, f"{out.to} refused: {reason}")
    for out, reason in report.failed:
        ledger.mark_failed(out.keys, reason)
        record_problem(source, f"{out.to} not sent: {reason}")
    run.sent += len(report.sent)
    run.refused += len(report.refused)
    run.failed += len(report.failed)
    db.session.commit()


def _send(connection: BaseEmailBackend, outgoing: list[Outgoing]) -> DeliveryReport:
    """Send with no read transaction open (on SQLite it would hold other runs' commits)."""
    db.session.commit()
    return send_over(connection, outgoing)


def _already_done(keys: set[LedgerKey]) -> set[LedgerKey]:
    """Keys the ledger holds (sent, being sent or refused): for the dry run."""
    if not keys:
        return set()
    columns = tuple_(
        MailDelivery.recipient, MailDelivery.item, MailDelivery.due_on, MailDelivery.kind
    )
    rows = db.session.execute(
        select(MailDelivery.recipient, MailDelivery.item, MailDelivery.due_on, MailDelivery.kind)
        .where(columns.in_([(k.recipient, k.item, k.due_on, k.kind) for k in keys]))
        .where(MailDelivery.status != "failed")
    )
    return {LedgerKey(*row) for row in rows}


def _key(user: User, item: OwedItem) -> LedgerKey:
    return LedgerKey(user.email, item.item_key, item.ledger_due, item.stage)


def send_reminders(
    connection: BaseEmailBackend | None, now: datetime, today: date, run: RunReport
) -> None:
    """One message per department lead listing everything newly due, due today or overdue."""
    days_before = int(current_app.config["REMINDER_DAYS_BEFORE"])
    by_department: dict[int, list[OwedItem]] = {}
    outgoing: list[Outgoing] = []
    for user, cadence in preferences.users_receiving(NoticeKind.REMINDERS):
        if user.department_id is None:
            continue
        if not preferences.due_now(cadence, ledger.last_sent(user.email, REMINDER_KINDS), now):
            run.skipped += 1
            continue
        if user.department_id not in by_department:
            by_department[user.department_id] = owed_items(user.department_id, today, days_before)
        items = by_department[user.department_id]
        keys = {_key(user, item) for item in items}
        if run.dry_run:
            fresh = keys - _already_done(keys)
            listed = [item for item in items if _key(user, item) in fresh]
            if listed:
                run.lines.append(f"{user.email}: reminder of {len(listed)} item(s): " + "; ".join(
                    f"{item.stage.removeprefix('reminder_')} {item.what} '{item.title}' "
                    f"due {item.due or '-'}" for item in listed))  # fmt: skip
            continue
        owned = ledger.claim(keys, now)
        listed = [item for item in items if _key(user, item) in owned]
        if not listed:
            continue
        subject, text, html = render_mail(
            "reminder", user.language, user=user, items=listed, today=today,
            unsubscribe_url=staff_unsubscribe_url(user, NoticeKind.REMINDERS),
        )  # fmt: skip
        outgoing.append(Outgoing(user.email, subject, text, html,
                                 staff_unsubscribe_url(user, NoticeKind.REMINDERS),
                                 [_key(user, item) for item in listed]))  # fmt: skip
    if outgoing and connection is not None:
        _settle(_send(connection, outgoing), run, "reminders", now)


def send_escalation(
    connection: BaseEmailBackend | None, now: datetime, today: date, run: RunReport
) -> None:
    """The mission office's digest: weekly by default, daily for those who chose it."""
    recipients = preferences.users_receiving(NoticeKind.ESCALATION)
    if not recipients:
        return
    digest = build_digest(today, int(current_app.config["ESCALATION_AFTER_DAYS"]), now)
    if digest.empty:
        return
    outgoing = []
    for user, cadence in recipients:
        period = today - timedelta(days=today.weekday()) if cadence is Cadence.WEEKLY else today
        key = LedgerKey(user.email, "digest", period, ESCALATION)
        if run.dry_run:
            if not _already_done({key}):
                run.lines.append(f"{user.email}: escalation digest for {period}")
            continue
        if not ledger.claim({key}, now):
            continue
        url = staff_unsubscribe_url(user, NoticeKind.ESCALATION)
        subject, text, html = render_mail(
            "digest", user.language, user=user, digest=digest, unsubscribe_url=url
        )
        outgoing.append(Outgoing(user.email, subject, text, html, url, [key]))
    if outgoing and connection is not None:
        _settle(_send(connection, outgoing), run, "escalation", now)


def send_follower_digests(
    connection: BaseEmailBackend | None, now: datetime, today: date, run: RunReport
) -> None:
    """Followers' daily or weekly news, in batches; each batch is claimed, sent and marked.

    Daily news covers yesterday, weekly news last week (Monday to Sunday): the first run of the
    day or week sends it, and the ledger keeps later runs from sending it again.
    """
    size = int(current_app.config["MAIL_BATCH_SIZE"])
    for cadence in follow.CADENCES:
        start, end = follow.window(cadence, today)
        end_at = datetime.combine(end, datetime.min.time(), tzinfo=now.tzinfo)
        for mission in follow.missions_with_followers(cadence, end_at):
            news = follow.mission_news(mission, start, end)
            if news.empty:
                continue
            rendered = {
                language: render_mail("follower", language, news=news, cadence=cadence,
                                      unsubscribe_url=UNSUBSCRIBE_PLACEHOLDER)
                for language in site_languages()
            }  # fmt: skip
            item = f"mission:{mission.id}"
            for batch in follow.follower_batches(mission.id, cadence, end_at, size):
                keys = {LedgerKey(email, item, start, f"follower_{cadence}") for email, _ in batch}
                if run.dry_run:
                    fresh = keys - _already_done(keys)
                    if fresh:
                        run.lines.append(
                            f"{len(fresh)} follower(s) of '{mission.slug}': {cadence} news "
                            f"from {start} ({len(news.updates)} update(s), "
                            f"{len(news.values)} value(s))"
                        )
                    continue
                owned = {key.recipient for key in ledger.claim(keys, now)}
                outgoing = []
                for email, language in batch:
                    if email not in owned:
                        continue
                    url = follower_unsubscribe_url(mission.id, email)
                    subject, text, html = rendered[language_or_source(language)]
                    outgoing.append(Outgoing(
                        email, subject, text.replace(UNSUBSCRIBE_PLACEHOLDER, url),
                        html.replace(UNSUBSCRIBE_PLACEHOLDER, url), url,
                        [LedgerKey(email, item, start, f"follower_{cadence}")],
                    ))  # fmt: skip
                if outgoing and connection is not None:
                    _settle(_send(connection, outgoing), run, "followers", now)


def run_all(*, dry_run: bool = False, now: datetime | None = None) -> RunReport:
    """Reminders, escalation and followers' news; MailServerError when mail cannot be sent."""
    now = now or utcnow()
    today = now.date()
    run = RunReport(dry_run=dry_run)
    with link_context():
        if dry_run:
            send_reminders(None, now, today, run)
            send_escalation(None, now, today, run)
            send_follower_digests(None, now, today, run)
            return run
        try:
            with open_connection() as connection:
                send_reminders(connection, now, today, run)
                send_escalation(connection, now, today, run)
                send_follower_digests(connection, now, today, run)
        except MailServerError as exc:
            db.session.rollback()
            record_problem("reminders", str(exc))
            db.session.commit()
            raise
    return run

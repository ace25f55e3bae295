"""The sending ledger: claim what to send, then send it, then mark it.

A run first inserts one row per (recipient, item, due date, kind) it means to send, skipping
rows that exist (INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike), and commits:
only what it inserted is its own. Two runs at once can therefore never both own a row. A run
that crashes after claiming leaves rows "claimed"; once older than MAIL_CLAIM_TIMEOUT_MINUTES a
later run takes them again, so nothing is skipped. Rows whose server could not be reached are
tried again, at most MAIL_MAX_ATTEMPTS times; refused addresses never.

The one window left is a crash between the mail server accepting a message and the commit that
marks it sent (milliseconds): that message would be sent again after the timeout.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import MailDelivery
from app.models.base import table_of, utcnow
from app.models.notification import DeliveryStatus


@dataclass(frozen=True, order=True)
class LedgerKey:
    recipient: str
    item: str
    due_on: date
    kind: str


def _insert() -> postgresql.Insert | sqlite.Insert:
    table = table_of(MailDelivery)
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def claim(keys: Iterable[LedgerKey], now: datetime | None = None) -> set[LedgerKey]:
    """Claim the keys nobody has sent or is sending; returns those this run now owns.

    Commits (the claim must be visible to other runs before anything is sent).
    """
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    # End the run's read transaction first, so the claim's transaction starts with its write
    # (on SQLite a reader that then writes can be refused a lock instead of waiting for it).
    db.session.commit()
    now = now or utcnow()
    token = uuid.uuid4().hex
    config = current_app.config
    stale = now - timedelta(minutes=int(config["MAIL_CLAIM_TIMEOUT_MINUTES"]))
    max_attempts = int(config["MAIL_MAX_ATTEMPTS"])
    owned: set[LedgerKey] = set()
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        rows = [
            {"recipient": k.recipient, "item": k.item, "due_on": k.due_on, "kind": k.kind,
             "status": DeliveryStatus.CLAIMED.value, "claim_token": token, "attempts": 1,
             "claimed_at": now, "error": ""}
            for k in chunk
        ]  # fmt: skip
        db.session.execute(_insert().values(rows).on_conflict_do_nothing())
        columns = tuple_(
            MailDelivery.recipient, MailDelivery.item, MailDelivery.due_on, MailDelivery.kind
        )
        db.session.execute(
            update(MailDelivery)
            .where(
                columns.in_([(k.recipient, k.item, k.due_on, k.kind) for k in chunk]),
                MailDelivery.claim_token != token,
                or_(
                    and_(
                        MailDelivery.status == DeliveryStatus.CLAIMED.value,
                        MailDelivery.claimed_at < stale,
                    ),
                    and_(
                        MailDelivery.status == DeliveryStatus.FAILED.value,
                        MailDelivery.attempts < max_attempts,
                    ),
                ),
            )
            .values(
                claim_token=token,
                status=DeliveryStatus.CLAIMED.value,
                claimed_at=now,
                attempts=MailDelivery.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        mine = select(
            MailDelivery.recipient, MailDelivery.item, MailDelivery.due_on, MailDelivery.kind
        ).where(
            MailDelivery.claim_token == token,
            columns.in_([(k.recipient, k.item, k.due_on, k.kind) for k in chunk]),
        )
        for recipient, item, due_on, kind in db.session.execute(mine):
            owned.add(LedgerKey(recipient, item, due_on, kind))
    return owned


def _mark(keys: Sequence[LedgerKey], values: dict[str, object]) -> None:
    if not keys:
        return
    columns = tuple_(
        MailDelivery.recipient, MailDelivery.item, MailDelivery.due_on, MailDelivery.kind
    )
    for start in range(0, len(keys), 400):
        chunk = keys[start : start + 400]
        db.session.execute(
            update(MailDelivery)
            .where(columns.in_([(k.recipient, k.item, k.due_on, k.kind) for k in chunk]))
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def mark_sent(keys: Sequence[LedgerKey], now: datetime | None = None) -> None:
    _mark(keys, {"status": DeliveryStatus.SENT.value, "sent_at": now or utcnow(), "error": ""})


def mark_refused(keys: Sequence[LedgerKey], reason: str) -> None:
    _mark(keys, {"status": DeliveryStatus.REFUSED.value, "error": reason[:300]})


def mark_failed(keys: Sequence[LedgerKey], reason: str) -> None:
    _mark(keys, {"status": DeliveryStatus.FAILED.value, "error": reason[:300]})


def last_sent(recipient: str, kinds: Sequence[str]) -> datetime | None:
    """When this recipient was last sent anything of these kinds."""
    found: datetime | None = db.session.scalar(
        select(func.max(MailDelivery.sent_at)).where(
            MailDelivery.recipient == recipient,
            MailDelivery.kind.in_(kinds),
            MailDelivery.status == DeliveryStatus.SENT.value,
        )
    )
    return found


def forget_recipient(recipient: str) -> None:
    """Remove every ledger row of an address (a resident who unsubscribed). Flushes."""
    db.session.execute(delete(MailDelivery).where(MailDelivery.recipient == recipient))


def problems(limit: int = 50) -> list[MailDelivery]:
    """Refused and failing deliveries, newest first."""
    return list(
        db.session.scalars(
            select(MailDelivery)
            .where(
                MailDelivery.status.in_([DeliveryStatus.REFUSED.value, DeliveryStatus.FAILED.value])
            )
            .order_by(MailDelivery.claimed_at.desc(), MailDelivery.id.desc())
            .limit(limit)
        )
    )

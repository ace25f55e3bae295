"""Helpers of the import/export tests: file builders, uploads, readers."""

from __future__ import annotations

import csv
import io
import re
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Intervention, Measurement

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "data"
TICKET = re.compile(r'name="ticket" type="hidden" value="([^"]+)"|name="ticket" value="([^"]+)"')


def csv_bytes(header: list[str], rows: list[list[Any]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(header: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def multipart(fields: dict[str, Any], filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body built in memory (the test client would spool big files to
    temporary files it never closes)."""
    boundary = "aim-test-" + secrets.token_hex(8)
    body = b""
    for name, value in fields.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload(client, url: str, filename: str, content: bytes, **fields: Any):  # type: ignore[no-untyped-def]
    """Post a file (and other fields) to an upload form with a valid CSRF token."""
    token = client.csrf("/staff/data/tokens")
    body, content_type = multipart({**fields, "csrf_token": token}, filename, content)
    return client.post(url, data=body, content_type=content_type)


def ticket_of(html: str) -> str:
    match = TICKET.search(html)
    assert match, "no confirm ticket on the page"
    return match.group(1) or match.group(2)


def confirm(client, url: str, html: str):  # type: ignore[no-untyped-def]
    return client.post_form(url, {"ticket": ticket_of(html)}, token_from="/staff/data/")


def measurement_count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count(Measurement.id))) or 0


def intervention_count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count(Intervention.id))) or 0


def audit_events(
    app, action: str | None = None, entity_type: str | None = None
) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with app.app_context():
        stmt = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            stmt = stmt.where(AuditEvent.action == action)
        if entity_type:
            stmt = stmt.where(AuditEvent.entity_type == entity_type)
        return list(db.session.scalars(stmt))


def values(app, indicator_id: int) -> dict[tuple[str, str], float]:  # type: ignore[no-untyped-def]
    """(period ISO, breakdown) -> value of one indicator."""
    with app.app_context():
        stmt = select(Measurement.period, Measurement.breakdown, Measurement.value).where(
            Measurement.indicator_id == indicator_id
        )
        return {(p.isoformat(), b): v for p, b, v in db.session.execute(stmt)}

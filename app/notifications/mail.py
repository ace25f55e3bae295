"""Sending email: multipart messages in the recipient's language, over SMTP or into files.

With ``MAIL_SERVER`` set, messages go over SMTP (Flask-Mailman). Without it (development) each
message is written to ``instance/mail/`` as an ``.eml`` file that the staff mail page lists, so
``make run`` needs no mail server. Sending never raises to a page: a server that cannot be reached
is a ``MailServerError`` with one clear line; a refused address is reported per message.
"""

from __future__ import annotations

import smtplib
import socket
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_request_context
from flask_mailman import EmailMultiAlternatives
from flask_mailman.backends.base import BaseEmailBackend
from flask_mailman.backends.smtp import EmailBackend as SmtpBackend

from app.extensions import db, mail
from app.models import MailProblem
from app.models.base import utcnow

MAIL_FOLDER = "mail"


class MailServerError(Exception):
    """The mail server cannot be used at all (wrong host, port, TLS or password)."""


@dataclass
class Outgoing:
    """One message to one address, rendered already, with what the ledger knows of it."""

    to: str
    subject: str
    text: str
    html: str
    unsubscribe_url: str | None = None
    keys: list[Any] = field(default_factory=list)


@dataclass
class DeliveryReport:
    sent: list[Outgoing] = field(default_factory=list)
    refused: list[tuple[Outgoing, str]] = field(default_factory=list)
    failed: list[tuple[Outgoing, str]] = field(default_factory=list)


class EmlFileBackend(BaseEmailBackend):
    """Development: one .eml file per message in instance/mail/."""

    def send_messages(self, email_messages: Sequence[EmailMultiAlternatives]) -> int:
        folder = mail_folder()
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
            path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
        return len(email_messages)


def mail_folder() -> Path:
    return Path(current_app.instance_path) / MAIL_FOLDER


def init_app(app: Flask) -> None:
    """Bind Flask-Mailman; the backend is chosen per sending from the current configuration."""
    mail.init_app(app)


def _connection() -> BaseEmailBackend:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return EmlFileBackend()
    backend: BaseEmailBackend = SmtpBackend(
        host=config["MAIL_SERVER"],
        port=config["MAIL_PORT"],
        username=config.get("MAIL_USERNAME") or None,
        password=config.get("MAIL_PASSWORD") or None,
        use_tls=config.get("MAIL_USE_TLS", False),
        use_ssl=config.get("MAIL_USE_SSL", False),
        timeout=config.get("MAIL_TIMEOUT", 10),
    )
    return backend


class FoldedMessage(EmailMultiAlternatives):
    """Headers folded by the modern email policy: the encoded subject starts on the Subject line
    (the old policy put it on a continuation line, which readers show with a leading space)."""

    def message(self) -> Any:
        msg = super().message()
        msg.policy = policy.SMTP
        return msg


def build_message(out: Outgoing) -> EmailMultiAlternatives:
    """A multipart/alternative message (text first, then HTML), with one-click unsubscribe."""
    headers = {"Auto-Submitted": "auto-generated"}
    if out.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{out.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = FoldedMessage(
        subject=out.subject,
        body=out.text,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[out.to],
        headers=headers,
    )
    message.attach_alternative(out.html, "text/html")
    return message


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
                 for code, msg in exc.recipients.values()]  # fmt: skip
        return "; ".join(codes)[:290]
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
        return f"{exc.smtp_code} {text}"[:290]
    return (str(exc) or type(exc).__name__)[:290]


def describe_server_problem(exc: BaseException) -> str:
    """One line that says what is wrong with the mail settings."""
    config = current_app.config
    where = f"{config.get('MAIL_SERVER')}:{config.get('MAIL_PORT')}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"the mail server {where} refused MAIL_USERNAME/MAIL_PASSWORD ({_reason(exc)})"
    if isinstance(exc, socket.gaierror):
        return f"the mail server {where} is unknown (check MAIL_SERVER)"
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"the mail server {where} did not answer in time (check MAIL_SERVER and MAIL_PORT)"
    if isinstance(exc, ConnectionRefusedError):
        return f"the mail server {where} refused the connection (check MAIL_SERVER and MAIL_PORT)"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"the mail server {where} does not offer TLS (check MAIL_USE_TLS)"
    return f"cannot send mail through {where}: {_reason(exc)}"


@contextmanager
def open_connection() -> Iterator[BaseEmailBackend]:
    """An open connection to the mail server, or MailServerError with one clear line."""
    connection = _connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException, ValueError) as exc:
        raise MailServerError(describe_server_problem(exc)) from exc
    try:
        yield connection
    finally:
        # The messages are sent already; a failed QUIT changes nothing.
        with suppress(OSError, smtplib.SMTPException):
            connection.close()


def send_over(connection: BaseEmailBackend, messages: Sequence[Outgoing]) -> DeliveryReport:
    """Send each message over an open connection; refused addresses do not stop the others.

    A lost connection marks the rest as failed (tried again by a later run).
    """
    report = DeliveryReport()
    for index, out in enumerate(messages):
        try:
            connection.send_messages([build_message(out)])
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
            report.refused.append((out, _reason(exc)))
        except smtplib.SMTPDataError as exc:
            if 500 <= exc.smtp_code < 600:
                report.refused.append((out, _reason(exc)))
            else:
                report.failed.append((out, _reason(exc)))
        except (OSError, smtplib.SMTPException) as exc:
            reason = _reason(exc)
            report.failed.extend((rest, reason) for rest in messages[index:])
            break
        else:
            report.sent.append(out)
    return report


def record_problem(source: str, message: str) -> None:
    """Note a sending problem for the staff mail page (flushes)."""
    db.session.add(MailProblem(source=source[:40], message=message[:500], occurred_at=utcnow()))
    db.session.flush()


def send_after_response(messages: list[Outgoing]) -> None:
    """Send once the response has gone out, so a request never waits for SMTP.

    Outside a request (commands, tests of services) the messages are sent at once.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined] # werkzeug proxy API

    def deliver() -> None:
        with app.app_context():
            try:
                with open_connection() as connection:
                    report = send_over(connection, messages)
                for out, reason in report.refused + report.failed:
                    record_problem("follow", f"{out.to}: {reason}")
            except MailServerError as exc:
                record_problem("follow", str(exc))
            db.session.commit()

    if not has_request_context():
        deliver()
        return
    from flask import after_this_request

    @after_this_request
    def _later(response: Any) -> Any:
        response.call_on_close(deliver)
        return response


@dataclass(frozen=True)
class StoredMail:
    name: str
    when: datetime
    to: str
    subject: str


def list_stored_mail(limit: int = 100) -> list[StoredMail]:
    """The newest .eml files of instance/mail/ (development), newest first."""
    folder = mail_folder()
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.eml"), reverse=True)[:limit]
    found = []
    parser = BytesParser(policy=policy.default)
    for path in files:
        with path.open("rb") as handle:
            message = parser.parse(handle, headersonly=True)
        when = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        found.append(StoredMail(path.name, when, str(message["To"]), str(message["Subject"])))
    return found


def read_stored_mail(name: str) -> str | None:
    """The text part of one stored message, or None for a name that is not one of ours."""
    folder = mail_folder()
    path = folder / name
    if "/" in name or not name.endswith(".eml") or not path.is_file():
        return None
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    body = message.get_body(preferencelist=("plain",))
    return "" if body is None else str(body.get_content())

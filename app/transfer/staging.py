"""Uploads kept between preview and confirm: the file on disk by its SHA-256, a signed ticket.

Decision: the confirm step must apply exactly what the preview showed. The uploaded bytes are
kept server-side under their SHA-256 (TRANSFER_STAGING_DIR, by default instance/imports; every
app server must see the same folder), and the preview page carries a ticket signed with the
app's secret key: who uploaded, which file (its hash), the options and the digest of the plan
shown. Confirm verifies the signature, the age (an hour), the user, the file's hash, recomputes
the plan from the same file and applies it only if its digest is still the previewed one; if
the stored data moved in between, the new preview is shown instead of writing anything.
Staged files are deleted after a confirmed import and swept after a day.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import IO, Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

TICKET_SALT = "transfer-import-ticket"
TICKET_MAX_AGE = 3600
STAGED_MAX_AGE = 24 * 3600
_SUFFIX = ".upload"


def staging_dir() -> Path:
    configured = current_app.config.get("TRANSFER_STAGING_DIR")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stage_upload(stream: IO[bytes], limit: int) -> tuple[str, Path] | None:
    """Store the upload under its SHA-256; None when it is larger than limit bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        return None
    digest = hashlib.sha256(data).hexdigest()
    path = staging_dir() / f"{digest}{_SUFFIX}"
    if not path.exists():
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)
    sweep()
    return digest, path


def staged_path(digest: str) -> Path | None:
    """The staged file with this SHA-256, if it is still there and intact."""
    if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
        return None
    path = staging_dir() / f"{digest}{_SUFFIX}"
    if not path.is_file():
        return None
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            hasher.update(chunk)
    return path if hasher.hexdigest() == digest else None


def discard(digest: str) -> None:
    path = staged_path(digest)
    if path is not None:
        path.unlink(missing_ok=True)


def sweep(now: float | None = None) -> None:
    """Delete staged files older than a day."""
    now = now or time.time()
    for path in staging_dir().glob(f"*{_SUFFIX}"):
        try:
            if now - path.stat().st_mtime > STAGED_MAX_AGE:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TICKET_SALT)


def make_ticket(payload: dict[str, Any]) -> str:
    return _serializer().dumps(payload)


def read_ticket(ticket: str, *, user_id: int, kinds: tuple[str, ...]) -> dict[str, Any] | None:
    """The ticket's payload when it is genuine, recent, this user's and of one of the kinds."""
    try:
        payload = _serializer().loads(ticket or "", max_age=TICKET_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    if payload.get("user") != user_id or payload.get("kind") not in kinds:
        return None
    return payload

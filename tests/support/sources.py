"""A local HTTP server for source refresh tests, and helpers to make sources and datasets."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Source
from app.models.base import utcnow

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"


@dataclass
class Reply:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    length: bool = True  # send Content-Length (False: stream without it)


@dataclass
class LocalServer:
    base: str
    replies: dict[str, Reply]
    hits: list[str]

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def local_server(replies: dict[str, Reply]) -> Iterator[LocalServer]:
    """An http.server on 127.0.0.1 and a free port, answering from replies, in a thread."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            reply = replies.get(self.path)
            if reply is None:
                self.send_error(404, "Not Found")
                return
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{server.server_address[1]}", replies, hits)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def make_source(indicator_id: int, url: str, **kw: Any) -> Source:
    source = Source(
        indicator_id=indicator_id, url=url, kind=kw.pop("kind", "open_sdg"),
        filter=kw.pop("filter", {}), trusted=kw.pop("trusted", False),
        interval_days=kw.pop("interval_days", 7), next_due_at=kw.pop("next_due_at", utcnow()),
        last_message="", **kw,
    )  # fmt: skip
    db.session.add(source)
    db.session.flush()
    return source


def refresh_events(indicator_id: int) -> list[dict[str, Any]]:
    stmt = (
        select(AuditEvent.new_values)
        .where(AuditEvent.entity_type == "Indicator", AuditEvent.entity_id == indicator_id,
               AuditEvent.action == "source_refresh")
        .order_by(AuditEvent.id)
    )  # fmt: skip
    return [dict(values or {}) for values in db.session.scalars(stmt)]


def jsonstat(
    dimensions: list[tuple[str, list[tuple[str, str]]]], values: list[Any], *,
    time: str | None = None,
) -> bytes:  # fmt: skip
    """A JSON-stat 2.0 dataset as PX-Web's json-stat2 answers: (dimension id, [(code, label)])."""
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Test dataset",
        "source": "Statistics Iceland (test)",
        "id": [name for name, _categories in dimensions],
        "size": [len(categories) for _name, categories in dimensions],
        "dimension": {
            name: {
                "label": name,
                "category": {
                    "index": {code: at for at, (code, _label) in enumerate(categories)},
                    "label": dict(categories),
                },
            }
            for name, categories in dimensions
        },
        "value": values,
    }
    if time is not None:
        document["role"] = {"time": [time]}
    return json.dumps(document, ensure_ascii=False).encode()

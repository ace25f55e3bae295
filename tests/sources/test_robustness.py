"""Sources that misbehave fail alone and cleanly: a server that does not speak HTTP, a download
cut short, control characters in labels, impossible dates in metadata."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models.base import utcnow
from app.sources.fetching import FetchFailed, fetch
from app.sources.metadata import read_metadata
from app.tabular import FileRejected
from tests.support import factories as f
from tests.support.sources import Reply, jsonstat, local_server, make_source
from tests.support.transfer import values


@contextmanager
def raw_server(answer: bytes) -> Iterator[str]:
    """A TCP server on 127.0.0.1 that answers every connection with these bytes and closes."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)

    def run() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            connection.recv(4096)
            connection.sendall(answer)
            connection.close()

    threading.Thread(target=run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/data.csv"
    finally:
        server.close()


def test_a_source_that_does_not_speak_http_fails_alone(app, city, cli_runner):
    from app.models import Source

    with app.app_context():
        other = f.indicator(city.mission, city.wel, title="Yearly", frequency="yearly").id
        db.session.commit()
    with (
        raw_server(b"NOT HTTP\r\n\r\n") as bad,
        local_server({"/good.csv": Reply(b"Year,Value\n2021,30\n")}) as server,
    ):
        with app.app_context():
            make_source(city.edu_indicator.id, bad, trusted=True,
                        next_due_at=utcnow() - timedelta(minutes=5))  # fmt: skip
            make_source(other, server.url("/good.csv"), trusted=True)
            db.session.commit()
        result = cli_runner.invoke(args=["sources", "refresh"])
    assert result.exit_code == 1
    assert "cannot be reached" in result.output
    assert values(app, other) == {("2021-01-01", ""): 30.0}  # the good one still ran
    with app.app_context():
        broken = db.session.scalar(
            select(Source).where(Source.indicator_id == city.edu_indicator.id)
        )
        assert broken.last_result == "failed"
        assert broken.next_due_at > utcnow()  # it cannot block the next run by coming first


def test_a_download_cut_short_is_not_read(app):
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nYear,Value\n"
    with raw_server(answer) as url, app.app_context():
        app.config["SOURCE_ALLOW_PRIVATE_ADDRESSES"] = True
        with pytest.raises(FetchFailed, match="sent 11 of 1000 bytes"):
            fetch(url, timeout=2, limit=64 * 1024)


def test_control_characters_in_labels_are_refused_and_nothing_is_stored(app, city, cli_runner):
    body = jsonstat([("Ár", [("2021", "2021")]), ("Kyn", [("1", "Kar\u0000lar"), ("2", "Konur")])],
                    [49, 52.5], time="Ár")  # fmt: skip
    with local_server({"/px": Reply(body)}) as server:
        with app.app_context():
            make_source(city.edu_indicator.id, server.url("/px"), kind="jsonstat", trusted=True,
                        filter={"breakdowns": {"Kyn": "sex"}})  # fmt: skip
            db.session.commit()
        before = values(app, city.edu_indicator.id)
        result = cli_runner.invoke(args=["sources", "refresh"])
    assert result.exit_code == 1
    assert "control characters" in result.output
    assert values(app, city.edu_indicator.id) == before


@pytest.mark.parametrize("date_text", ["2021-02-30", "2020-13-45"])
def test_an_impossible_date_in_metadata_is_a_clear_refusal(app, date_text):
    with app.test_request_context(), pytest.raises(FileRejected, match="not valid YAML"):
        read_metadata(f"title: GDP\nreleased: {date_text}\n".encode())

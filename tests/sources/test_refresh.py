"""`flask sources refresh` against a local HTTP server: apply, queue, unchanged, and every failure
leaves the data as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Source
from app.models.base import utcnow
from app.sources.services import refresh_source
from tests.support import factories as f
from tests.support.sources import Reply, jsonstat, local_server, make_source, refresh_events
from tests.support.transfer import measurement_count, values

GOOD = b"Year,Value\n2021,61.5\n2022,64\n2023,66.25\n"


def _source(app, indicator_id: int, url: str, **kw):  # type: ignore[no-untyped-def]
    with app.app_context():
        source = make_source(indicator_id, url, **kw)
        db.session.commit()
        return source.id


def _state(app, source_id: int) -> Source:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session().expire_on_commit = False
        source = db.session.get(Source, source_id)
        assert source is not None
        return source


def _refresh(cli_runner, *args: str):  # type: ignore[no-untyped-def]
    return cli_runner.invoke(args=["sources", "refresh", *args])


def test_a_trusted_source_is_applied_and_recorded(app, city, cli_runner):
    indicator = city.edu_indicator.id
    with local_server({"/data.csv": Reply(GOOD)}) as server:
        source_id = _source(app, indicator, server.url("/data.csv"), trusted=True)
        result = _refresh(cli_runner)
    assert result.exit_code == 0, result.output
    assert "applied: 3 values added and 0 changed" in result.output
    assert values(app, indicator)[("2023-01-01", "")] == 66.25
    state = _state(app, source_id)
    assert state.last_result == "applied"
    assert state.last_fetched_at is not None
    assert state.next_due_at - state.last_fetched_at == timedelta(days=7)
    with app.app_context():
        events = refresh_events(indicator)
    assert [e["result"] for e in events] == ["applied"]
    assert events[0]["added"] == 3
    assert len(events[0]["sha256"]) == 64


def test_the_same_file_again_is_unchanged_and_still_in_the_history(app, city, cli_runner):
    indicator = city.edu_indicator.id
    with local_server({"/data.csv": Reply(GOOD)}) as server:
        _source(app, indicator, server.url("/data.csv"), trusted=True)
        assert _refresh(cli_runner).exit_code == 0
        before = measurement_count(app)
        again = _refresh(cli_runner, "--indicator", str(indicator))
    assert again.exit_code == 0, again.output
    assert "unchanged: No new or changed values." in again.output
    assert measurement_count(app) == before
    with app.app_context():
        assert [e["result"] for e in refresh_events(indicator)] == ["applied", "unchanged"]


def test_a_source_not_due_is_left_alone(app, city, cli_runner):
    with local_server({"/data.csv": Reply(GOOD)}) as server:
        _source(app, city.edu_indicator.id, server.url("/data.csv"), trusted=True,
                next_due_at=utcnow() + timedelta(days=1))  # fmt: skip
        result = _refresh(cli_runner)
        assert server.hits == []
    assert result.exit_code == 0
    assert "0 sources refreshed" in result.output


def test_an_untrusted_source_is_queued_for_review_and_writes_nothing(app, city, cli_runner):
    indicator = city.edu_indicator.id
    before = measurement_count(app)
    with local_server({"/data.csv": Reply(GOOD)}) as server:
        source_id = _source(app, indicator, server.url("/data.csv"))
        result = _refresh(cli_runner)
    assert result.exit_code == 0, result.output
    assert "queued: 3 values to add and 0 to change wait for review." in result.output
    assert measurement_count(app) == before
    state = _state(app, source_id)
    assert state.last_result == "queued"
    assert state.pending_sha256 is not None


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(GOOD, delay=2.5), "did not answer within 1 seconds"),
        (Reply(b"Year,Value\n" + b"2020,1\n" * 20000), "larger than 64 kB"),
        (Reply(b"Year,Value\n" + b"2020,1\n" * 20000, length=False), "larger than 64 kB"),
        (Reply(b"gone", status=404), "answered 404"),
        (Reply(b"oops", status=500), "answered 500"),
        (Reply(b"Year,Value\n2021,61.5\n2022,lots\n2023,101\n"), "2 rows refused"),
        (Reply(b"Period,Amount\n2021,1\n"), "needs the columns Year and Value"),
        (Reply(status=302, headers={"Location": "ftp://127.0.0.1/x.csv"}), "not an http(s)"),
        (Reply(status=302, headers={"Location": "file:///etc/passwd"}), "not allowed"),
    ],
    ids=[
        "timeout",
        "oversized",
        "oversized-streamed",
        "404",
        "500",
        "refused-rows",
        "not-open-sdg",
        "redirect-to-ftp",
        "redirect-to-file",
    ],
)
def test_a_failing_source_is_reported_and_writes_nothing(app, city, cli_runner, reply, message):
    indicator = city.edu_indicator.id
    before = values(app, indicator)
    with local_server({"/data.csv": reply}) as server:
        source_id = _source(app, indicator, server.url("/data.csv"), trusted=True)
        result = _refresh(cli_runner)
    assert result.exit_code == 1
    assert message in result.output
    assert "1 failed" in result.output
    assert values(app, indicator) == before
    state = _state(app, source_id)
    assert state.last_result == "failed"
    assert message in state.last_message
    assert state.pending_sha256 is None
    with app.app_context():
        assert [e["result"] for e in refresh_events(indicator)] == ["failed"]


def test_refused_rows_name_row_column_and_cell(app, city, cli_runner):
    with local_server({"/d.csv": Reply(b"Year,Value\n2021,61.5\n2022,lots\n")}) as server:
        source_id = _source(app, city.edu_indicator.id, server.url("/d.csv"), trusted=True)
        _refresh(cli_runner)
    message = _state(app, source_id).last_message
    assert "row 3, Value:" in message
    assert "nothing imported" in message


def test_one_failing_source_does_not_stop_another(app, city, cli_runner):
    with app.app_context():
        other = f.indicator(city.mission, city.wel, title="Yearly", frequency="yearly").id
        db.session.commit()
    with local_server({"/good.csv": Reply(b"Year,Value\n2021,30\n")}) as server:
        _source(app, city.edu_indicator.id, server.url("/missing.csv"), trusted=True)
        _source(app, other, server.url("/good.csv"), trusted=True)
        result = _refresh(cli_runner)
    assert result.exit_code == 1
    assert "2 sources refreshed, 1 failed" in result.output
    assert values(app, other) == {("2021-01-01", ""): 30}
    assert values(app, city.edu_indicator.id) == {("2024-01-01", ""): 71.0}


def test_refresh_of_an_indicator_without_a_source_is_an_error(app, city, cli_runner):
    result = _refresh(cli_runner, "--indicator", str(city.edu_indicator.id))
    assert result.exit_code != 0
    assert "follows no source" in result.output


# ---- kinds: JSON-stat and plain CSV ----

ICELAND = jsonstat(
    [
        ("Kyn", [("0", "Alls"), ("1", "Karlar"), ("2", "Konur")]),
        ("Ár", [("2021", "2021"), ("2022", "2022")]),
        ("Eining", [("pc", "Hlutfall"), ("n", "Fjöldi")]),
    ],
    # Kyn x Ár x Eining, row-major (the last dimension changes fastest).
    [50.5, 900, 51, 910, 49, 440, 50, 445, 52, 460, 52.5, 465],
    time="Ár",
)
JSONSTAT_FILTER = {"keep": {"Eining": "pc"}, "breakdowns": {"Kyn": "sex"},
                   "totals": {"Kyn": "Alls"}}  # fmt: skip


def test_a_jsonstat_dataset_is_read_through_its_filter(app, city, cli_runner):
    indicator = city.edu_indicator.id
    with local_server({"/px": Reply(ICELAND, headers={"Content-Type": "application/json"})}) as s:
        _source(app, indicator, s.url("/px"), kind="jsonstat", trusted=True,
                filter=JSONSTAT_FILTER)  # fmt: skip
        result = _refresh(cli_runner)
    assert result.exit_code == 0, result.output
    stored = values(app, indicator)
    assert stored[("2021-01-01", "")] == 50.5
    assert stored[("2022-01-01", "")] == 51
    assert stored[("2021-01-01", "sex=Karlar")] == 49
    assert stored[("2022-01-01", "sex=Konur")] == 52.5
    assert ("2021-01-01", "sex=Alls") not in stored


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "invalid JSON"),
        (b'{"class": "collection"}', "its class is not dataset"),
        (b'{"dataset": {"dimension": {}}}', "json-stat2"),
        (
            b'{"version": "2.0", "class": "dataset", "id": ["a"], "size": [2], "value": [1, 2],'
            b' "dimension": {"a": {"category": {"index": ["x"]}}}}',
            "must equal number of",
        ),
        (
            b'{"version": "2.0", "class": "dataset", "id": ["a"], "size": [1], "value": [1],'
            b' "dimension": {}}',
            "not a JSON-stat dataset",
        ),
        (b"[" * 30000 + b"]" * 30000, "not a JSON-stat dataset"),
    ],
    ids=["not-json", "collection", "json-stat-1", "sizes", "missing-dimension", "deep"],
)
def test_malformed_jsonstat_is_refused(app, city, cli_runner, body, message):
    indicator = city.edu_indicator.id
    before = values(app, indicator)
    with local_server({"/px": Reply(body)}) as server:
        source_id = _source(app, indicator, server.url("/px"), kind="jsonstat", trusted=True)
        result = _refresh(cli_runner)
    assert result.exit_code == 1
    assert message in _state(app, source_id).last_message, result.output
    assert values(app, indicator) == before


def test_a_jsonstat_dimension_with_several_values_must_be_chosen(app, city, cli_runner):
    with local_server({"/px": Reply(ICELAND)}) as server:
        source_id = _source(app, city.edu_indicator.id, server.url("/px"), kind="jsonstat",
                            trusted=True, filter={"breakdowns": {"Kyn": "sex"}})  # fmt: skip
        _refresh(cli_runner)
    assert "The dimension Eining has 2 values" in _state(app, source_id).last_message


def test_a_plain_csv_is_mapped_by_its_filter(app, city, cli_runner):
    body = "Ár;Kyn;Gildi;Athugasemd\n2021;Alls;40;x\n2021;Konur;42;\n2022;Alls;41;\n".encode()
    indicator = city.edu_indicator.id
    with local_server({"/t.csv": Reply(body)}) as server:
        _source(app, indicator, server.url("/t.csv"), kind="csv", trusted=True,
                filter={"period": "Ár", "value": "Gildi", "breakdowns": {"Kyn": "sex"},
                        "totals": {"Kyn": "Alls"}})  # fmt: skip
        result = _refresh(cli_runner)
    assert result.exit_code == 0, result.output
    stored = values(app, indicator)
    assert stored[("2021-01-01", "")] == 40
    assert stored[("2021-01-01", "sex=Konur")] == 42
    assert stored[("2022-01-01", "")] == 41


def test_an_edit_conflict_while_applying_leaves_nothing(app, city, monkeypatch):
    """A trusted plan that fails half-way (here: the insert of the values) writes nothing."""
    from app.editing import EditConflict
    from app.sources import services

    def conflict(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise EditConflict(obj=None, theirs={}, mine={})

    monkeypatch.setattr(services, "apply_plan", conflict)
    before = values(app, city.edu_indicator.id)
    with local_server({"/d.csv": Reply(GOOD)}) as server, app.app_context():
        source = make_source(city.edu_indicator.id, server.url("/d.csv"), trusted=True)
        result = refresh_source(source, utcnow())
        db.session.commit()
    assert result.result == "failed"
    assert "the data changed" in result.message
    assert values(app, city.edu_indicator.id) == before

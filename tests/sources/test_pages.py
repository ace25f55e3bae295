"""Source pages: the list, the form (every field's bad input), who may change what, and the
review of a queued refresh from "My work"."""

from __future__ import annotations

import html as html_lib

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Source
from app.models.base import utcnow
from app.sources.services import refresh_source
from tests.support import factories as f
from tests.support.sources import Reply, local_server, make_source
from tests.support.transfer import measurement_count, values

GOOD = b"Year,Value\n2021,61.5\n2022,64\n"


def _form(**overrides: str) -> dict[str, str]:
    data = {"kind": "open_sdg", "url": "https://data.example.org/indicator_4-2-2.csv",
            "filter": "", "interval_days": "7", "version": "0"}  # fmt: skip
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _stored(app, indicator_id: int) -> Source | None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session().expire_on_commit = False
        return db.session.scalar(select(Source).where(Source.indicator_id == indicator_id))


def test_a_lead_adds_a_source_to_their_indicator(app, city, signed_in):
    client = signed_in("edu_lead")
    url = f"/staff/sources/indicator/{city.edu_indicator.id}"
    response = client.post_form(
        url, _form(filter='{"keep": {"Units": "Percent"}}', trusted="y", interval_days="30")
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    source = _stored(app, city.edu_indicator.id)
    assert source is not None
    assert (source.kind, source.filter, source.trusted, source.interval_days) == (
        "open_sdg",
        {"keep": {"Units": "Percent"}},
        True,
        30,
    )
    page = client.get("/staff/sources/").get_data(as_text=True)
    assert "Pupils who feel safe" in page
    assert "indicator_4-2-2.csv" in page
    edit = client.get(url).get_data(as_text=True)
    assert "Percent" in html_lib.unescape(edit)
    with app.app_context():
        stmt = select(AuditEvent).where(AuditEvent.entity_type == "Source")
        events = list(db.session.scalars(stmt))
    assert [e.action for e in events] == ["create"]


def test_changing_the_address_makes_the_source_due_and_drops_a_queued_file(app, city, signed_in):
    with app.app_context():
        source = make_source(city.edu_indicator.id, "https://a.example.org/x.csv",
                             pending_sha256="a" * 64, pending_body=b"x")  # fmt: skip
        db.session.commit()
        version = source.version
    client = signed_in("mission_office")
    response = client.post_form(
        f"/staff/sources/indicator/{city.edu_indicator.id}",
        _form(url="https://b.example.org/y.csv", version=str(version)),
    )
    assert response.status_code == 302
    stored = _stored(app, city.edu_indicator.id)
    assert stored is not None
    assert stored.url == "https://b.example.org/y.csv"
    assert stored.pending_sha256 is None


def test_a_stale_form_is_a_conflict(app, city, signed_in):
    with app.app_context():
        make_source(city.edu_indicator.id, "https://a.example.org/x.csv")
        db.session.commit()
    response = signed_in("edu_lead").post_form(
        f"/staff/sources/indicator/{city.edu_indicator.id}", _form(version="7")
    )
    assert response.status_code == 409
    assert _stored(app, city.edu_indicator.id).url == "https://a.example.org/x.csv"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "excel", "Not a valid choice"),
        ("url", "", "Enter the address."),
        ("url", "ftp://data.example.org/x.csv", "Enter an http:// or https:// address."),
        ("url", "javascript:alert(1)", "Enter an http:// or https:// address."),
        ("url", "file:///etc/passwd", "Enter an http:// or https:// address."),
        ("url", "https://", "Enter an http:// or https:// address."),
        ("url", "https://user:secret@example.org/x.csv", "Leave passwords out of the address."),
        ("url", "https://example.org/a b.csv", "may not contain spaces"),
        ("url", "https://example.org/" + "a" * 2000, "Field cannot be longer than 2000"),
        ("filter", "{not json", "The filter is not valid JSON"),
        ("filter", "[1, 2]", "The filter must be a JSON object"),
        ("filter", '{"period": "Ár"}', "does not use period"),
        ("filter", '{"keep": {"Units": ["a", "b"]}}', "keeps one value per column"),
        ("filter", '{"keep": ["Units"]}', "keep must be an object"),
        ("filter", '{"keep": {"": "x"}}', "every name must be text"),
        ("filter", '{"keep": {"Units": {"a": 1}}}', "every value must be text"),
        ("filter", "[" * 5000, "Field cannot be longer than 4000 characters"),
        ("interval_days", "0", "from 1 to 366"),
        ("interval_days", "367", "from 1 to 366"),
        ("interval_days", "weekly", "from 1 to 366"),
        ("interval_days", "", "from 1 to 366"),
        ("version", "x", "Please correct the fields marked below. Nothing was saved."),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) else value,
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(
    app, city, signed_in, field, value, message
):
    response = signed_in("edu_lead").post_form(
        f"/staff/sources/indicator/{city.edu_indicator.id}", _form(**{field: value})
    )
    assert response.status_code == 200
    page = html_lib.unescape(response.get_data(as_text=True))
    assert message in page, page[:3000]
    assert _stored(app, city.edu_indicator.id) is None


def test_jsonstat_filters_take_periods_breakdowns_and_totals(app, city, signed_in):
    filter_ = '{"period": "Ár", "keep": {"Eining": ["pc"]}, "breakdowns": {"Kyn": "sex"}, ' \
              '"totals": {"Kyn": "Alls"}}'  # fmt: skip
    response = signed_in("edu_lead").post_form(
        f"/staff/sources/indicator/{city.edu_indicator.id}",
        _form(kind="jsonstat", url="https://px.hagstofa.is/api/v1/is/x.px", filter=filter_),
    )
    assert response.status_code == 302
    stored = _stored(app, city.edu_indicator.id)
    assert stored is not None
    assert stored.filter["breakdowns"] == {"Kyn": "sex"}


def test_an_archived_indicator_takes_no_source(app, city, signed_in):
    with app.app_context():
        indicator = f.indicator(city.mission, city.edu, archived_at=utcnow())
        db.session.commit()
        indicator_id = indicator.id
    response = signed_in("edu_lead").post_form(f"/staff/sources/indicator/{indicator_id}", _form())
    assert "archived" in response.get_data(as_text=True)
    assert _stored(app, indicator_id) is None


def test_deleting_a_source_keeps_the_values(app, city, signed_in):
    with app.app_context():
        make_source(city.edu_indicator.id, "https://a.example.org/x.csv")
        db.session.commit()
    before = measurement_count(app)
    client = signed_in("edu_lead")
    response = client.post_form(
        f"/staff/sources/indicator/{city.edu_indicator.id}/delete",
        token_from=f"/staff/sources/indicator/{city.edu_indicator.id}",
    )
    assert response.status_code == 302
    assert _stored(app, city.edu_indicator.id) is None
    assert measurement_count(app) == before


def test_leads_change_only_their_departments_sources_and_viewers_only_read(app, city, signed_in):
    with app.app_context():
        make_source(city.edu_indicator.id, "https://a.example.org/x.csv")
        db.session.commit()
    url = f"/staff/sources/indicator/{city.edu_indicator.id}"
    wel = signed_in("wel_lead")
    assert wel.get(url).status_code == 403
    assert wel.post_form(url, _form(), token_from="/staff/sources/").status_code == 403
    assert wel.post_form(url + "/delete", token_from="/staff/sources/").status_code == 403
    viewer = signed_in("viewer")
    assert viewer.get("/staff/sources/").status_code == 200
    assert "Edit" not in viewer.get("/staff/sources/").get_data(as_text=True).split("<table")[-1]
    assert viewer.get(url).status_code == 403
    assert _stored(app, city.edu_indicator.id).url == "https://a.example.org/x.csv"  # type: ignore[union-attr]


def test_the_list_takes_the_same_number_of_queries_for_10x_sources(
    app, city, signed_in, count_queries
):
    client = signed_in("edu_lead")
    counts = []
    for extra in (1, 10):
        with app.app_context():
            for n in range(extra):
                indicator = f.indicator(city.mission, city.edu, title=f"I{extra}-{n}")
                make_source(indicator.id, f"https://a.example.org/{extra}-{n}.csv")
            db.session.commit()
        with count_queries() as log:
            assert client.get("/staff/sources/").status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1]


# ---- reviewing a queued refresh ----


def _queued(app, city, server) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        source = make_source(city.edu_indicator.id, server.url("/d.csv"))
        result = refresh_source(source, utcnow())
        db.session.commit()
        assert result.result == "queued", result.message
        return source.id


def test_a_queued_refresh_is_on_my_work_and_the_lead_confirms_it(app, city, signed_in):
    with local_server({"/d.csv": Reply(GOOD)}) as server:
        _queued(app, city, server)
    client = signed_in("edu_lead")
    home = client.get("/staff/").get_data(as_text=True)
    assert "Source refreshes to review" in home
    assert f"/staff/sources/indicator/{city.edu_indicator.id}/review" in home
    assert "Source refreshes to review" not in signed_in("wel_lead").get("/staff/").get_data(
        as_text=True
    )
    url = f"/staff/sources/indicator/{city.edu_indicator.id}/review"
    page = client.get(url).get_data(as_text=True)
    assert "To add: 2" in page
    digest = page.split('name="plan" type="hidden" value="')[1][:64]
    response = client.post_form(url, {"plan": digest, "decision": "confirm"})
    assert response.status_code == 302
    assert values(app, city.edu_indicator.id)[("2022-01-01", "")] == 64
    assert _stored(app, city.edu_indicator.id).pending_sha256 is None  # type: ignore[union-attr]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "source_review"))
    assert event is not None
    assert event.new_values["decision"] == "confirmed"
    assert event.actor_id == city.users["edu_lead"].id


def test_a_queued_refresh_can_be_rejected(app, city, signed_in):
    with local_server({"/d.csv": Reply(GOOD)}) as server:
        _queued(app, city, server)
    before = measurement_count(app)
    client = signed_in("mission_office")
    url = f"/staff/sources/indicator/{city.edu_indicator.id}/review"
    response = client.post_form(url, {"plan": "0" * 64, "decision": "reject"})
    assert response.status_code == 302
    assert measurement_count(app) == before
    assert _stored(app, city.edu_indicator.id).pending_sha256 is None  # type: ignore[union-attr]


def test_confirming_a_plan_that_moved_shows_the_new_preview_and_writes_nothing(
    app, city, signed_in
):
    with local_server({"/d.csv": Reply(GOOD)}) as server:
        _queued(app, city, server)
    client = signed_in("edu_lead")
    url = f"/staff/sources/indicator/{city.edu_indicator.id}/review"
    before = measurement_count(app)
    response = client.post_form(url, {"plan": "f" * 64, "decision": "confirm"})
    assert response.status_code == 409
    assert "changed since your preview" in response.get_data(as_text=True)
    assert measurement_count(app) == before


def test_the_review_page_says_when_nothing_waits(app, city, signed_in):
    page = signed_in("edu_lead").get(f"/staff/sources/indicator/{city.edu_indicator.id}/review")
    assert page.status_code == 200
    assert "Nothing from this source waits for review." in page.get_data(as_text=True)


def test_the_indicator_page_links_to_its_source_and_its_history_shows_refreshes(
    app, city, signed_in
):
    with local_server({"/d.csv": Reply(GOOD)}) as server:
        _queued(app, city, server)
    client = signed_in("edu_lead")
    detail = client.get(f"/staff/indicators/{city.edu_indicator.id}").get_data(as_text=True)
    assert f'href="/staff/sources/indicator/{city.edu_indicator.id}"' in detail
    assert "/staff/sources/indicator/" not in signed_in("viewer").get(
        f"/staff/indicators/{city.edu_indicator.id}"
    ).get_data(as_text=True)
    history = client.get(f"/staff/history/indicator/{city.edu_indicator.id}")
    assert history.status_code == 200
    page = history.get_data(as_text=True)
    assert "Source refreshed" in page
    assert "queued" in page


def test_a_queued_file_that_no_longer_reads_can_still_be_rejected(app, city, signed_in):
    with app.app_context():
        make_source(city.edu_indicator.id, "https://a.example.org/x.csv",
                    pending_sha256="a" * 64, pending_body=b"Period,Amount\n2020,1\n")  # fmt: skip
        db.session.commit()
    client = signed_in("edu_lead")
    url = f"/staff/sources/indicator/{city.edu_indicator.id}/review"
    page = client.get(url).get_data(as_text=True)
    assert "needs the columns Year and Value" in page
    assert client.post_form(url, {"decision": "confirm"}).status_code == 409
    assert client.post_form(url, {"decision": "reject"}).status_code == 302
    assert _stored(app, city.edu_indicator.id).pending_sha256 is None  # type: ignore[union-attr]

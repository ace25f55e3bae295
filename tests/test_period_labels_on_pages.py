"""No page of the demo city writes a period as its first day ("1 Jan 2024", "1. júl. 2024"), in
English or Icelandic: tables, summaries, the calculation, chart ticks and hover text name it by
its frequency ("2024", "2024 Q3", "March 2024")."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Indicator,
    Intervention,
    Measurement,
    Milestone,
    Mission,
    ProgressUpdate,
    User,
)
from app.periods import period_label
from app.templating import when
from seeds import load_demo_city
from tests.support.client import StaffClient
from tests.support.databases import scratch_database_url

DEMO_PASSWORD = "demo-seed-test-passphrase"
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)
FIGURE = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def demo(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The demo city in a database of its own (read only here), public cache off."""
    from app import create_app

    application = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=scratch_database_url(database_url, tmp_path_factory, "periods"),
        PUBLIC_CACHE=False,
    )
    with pytest.MonkeyPatch.context() as patch, application.app_context():
        patch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        patch.setattr("seeds.demo.INSTANCE_DIR", tmp_path_factory.mktemp("periods-instance"))
        upgrade()
        load_demo_city()
        db.session.commit()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _pages(app: Flask) -> tuple[list[str], list[str]]:
    """Public pages and key staff pages of the demo city that show periods."""
    with app.app_context():
        missions = db.session.scalars(select(Mission).where(Mission.is_published)).all()
        indicators = db.session.scalars(
            select(Indicator).where(Indicator.is_published).order_by(Indicator.id)
        ).all()
        interventions = db.session.scalars(
            select(Intervention).where(Intervention.is_published).order_by(Intervention.id)
        ).all()
        slugs = {m.id: m.slug for m in missions}
        public = ["/", "/explained", "/open-data/"]
        public += [f"/missions/{mission.slug}" for mission in missions]
        public += [f"/embed/indicators/{i.id}" for i in indicators[:3]]
        public += [
            f"/missions/{slugs[i.mission_id]}/indicators/{i.id}"
            for i in indicators
            if i.mission_id in slugs
        ]
        public += [
            f"/missions/{slugs[i.mission_id]}/interventions/{i.id}"
            for i in interventions[:3]
            if i.mission_id in slugs
        ]
        staff = ["/staff/", "/staff/dashboards/", "/staff/indicators/", "/staff/data-entry"]
        staff += [f"/staff/dashboards/missions/{m.id}" for m in missions]
        staff += [f"/staff/dashboards/indicators/{i.id}" for i in indicators]
        staff += [f"/staff/indicators/{i.id}" for i in indicators]
    return public, staff


def _first_days(app: Flask) -> set[date]:
    """Every period the demo city has a value, baseline or target for, less the days on which
    something really happened (an intervention starts, a report is dated 1 July): those are
    rightly written as dates, so their text says nothing here (test_periods.py covers them)."""
    with app.app_context():
        days = set(db.session.scalars(select(Measurement.period).distinct()))
        for indicator in db.session.scalars(select(Indicator)):
            days |= {indicator.baseline_period, indicator.target_period}
        for item in db.session.scalars(select(Intervention)):
            days -= {item.start_date, item.end_date}
        days -= set(db.session.scalars(select(Milestone.due_date)))
        days -= set(db.session.scalars(select(Milestone.completed_on)))
        days -= set(db.session.scalars(select(ProgressUpdate.reported_on)))
        days -= {date(year, month, 1) for year in range(2020, 2031) for month in (1, 7)}
    return {day for day in days if day is not None}


def _written_as_dates(app: Flask, lang: str, days: set[date]) -> re.Pattern[str]:
    """Any of the periods' first days as the page's language writes a date (short to long)."""
    texts: set[str] = set()
    with app.test_request_context(f"/?lang={lang}"):
        for day in days:
            texts |= {when(day, style) for style in ("short", "medium", "long")}
            texts.discard(period_label("yearly", day))
    alternatives = "|".join(sorted((re.escape(t) for t in texts), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")


def _visible_text(page: str) -> str:
    """What a reader sees (scripts removed, tags dropped) plus every chart's words."""
    words = [
        " ".join(
            str(item)
            for trace in json.loads(figure)["data"]
            for key in ("customdata", "text")
            for item in (trace.get(key) or [])
        )
        + " "
        + " ".join(json.loads(figure)["layout"].get("xaxis", {}).get("ticktext") or [])
        for figure in FIGURE.findall(page)
    ]
    return html.unescape(TAG.sub(" ", SCRIPT.sub(" ", page))) + " ".join(words)


def _staff_client(app: Flask) -> StaffClient:
    with app.app_context():
        email = db.session.scalars(select(User.email).where(User.role == "admin")).first()
    client = StaffClient(app, app.response_class, use_cookies=True)
    client.sign_in(email, DEMO_PASSWORD)
    return client


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "is"])
def test_no_demo_page_writes_a_period_as_its_first_day(demo, lang):
    public, staff = _pages(demo)
    dates = _written_as_dates(demo, lang, _first_days(demo))
    found: list[str] = []
    visitor, admin = demo.test_client(), _staff_client(demo)
    for client, urls in ((visitor, public), (admin, staff)):
        for url in urls:
            response = client.get(f"{url}?lang={lang}")
            assert response.status_code == 200, url
            text = _visible_text(response.get_data(as_text=True))
            found += [
                f"{url}: …{text[max(m.start() - 60, 0) : m.end() + 20]!r}"
                for m in dates.finditer(text)
            ]
    assert len(public) > 5
    assert len(staff) > 5
    assert len(dates.pattern) > 200  # enough periods left to look for
    assert not found, "\n".join(found[:40])


@pytest.mark.slow
def test_demo_charts_name_periods_in_icelandic(demo):
    """The ticks and hover text of an indicator chart are Icelandic period names."""
    public, _ = _pages(demo)
    url = next(u for u in public if "/indicators/" in u)
    page = demo.test_client().get(f"{url}?lang=is").get_data(as_text=True)
    figure = json.loads(FIGURE.findall(page)[0])
    ticks = figure["layout"]["xaxis"]["ticktext"]
    hover = figure["data"][0]["customdata"]
    assert ticks
    assert hover
    icelandic = re.compile(r"^(\d{4}|\d\. ársfj\. \d{4}|[a-zúéíóáæöð]+ \d{4})$")
    assert all(icelandic.match(text) for text in ticks + hover), (ticks, hover)
    assert figure["layout"]["separators"] == ",."

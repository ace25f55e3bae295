"""The indicator list and detail page: content, filters, explained status, constant queries."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from app.models import Indicator, InterimTarget
from app.models.indicator import breakdown_key
from tests.support import factories as f

INDEX = "/staff/indicators/"


def _detail(indicator_id: int) -> str:
    return f"/staff/indicators/{indicator_id}"


def _titles(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/staff/indicators/\d+">([^<]+)</a>', page)


# ---- the list ----


@pytest.mark.parametrize("who", ["admin", "mission_office", "edu_lead", "wel_lead", "viewer"])
def test_every_role_reads_the_list_and_the_detail(city, signed_in, who):
    client = signed_in(who)
    assert client.get(INDEX).status_code == 200
    assert client.get(_detail(city.wel_indicator.id)).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, city):
    for url in (INDEX, _detail(city.edu_indicator.id)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/staff/login")


def test_the_list_shows_what_a_reader_needs(app, city, signed_in):
    with app.app_context():
        indicator = db.session.get(Indicator, city.wel_indicator.id)
        indicator.sensitive, indicator.is_published = True, True
        f.measurement(indicator, date(2024, 4, 1), 27.0)
        f.measurement(indicator, date(2024, 7, 1), 99.0, breakdown="district=X")  # not headline
        archived = f.indicator(city.mission, city.edu, title="Retired measure")
        archived.archived_at = datetime(2025, 1, 1, tzinfo=UTC)
        db.session.commit()
    page = signed_in("viewer").get(INDEX).get_data(as_text=True)
    assert _titles(page) == ["Families waiting", "Pupils who feel safe"]
    row = page[page.index("Families waiting") : page.index("Pupils who feel safe")]
    for text in ("A Better City for Children", "WEL", "families", "Quarterly", "Lower is better",
                 "2024 Q2", "27.0", "Overdue", "Published", "Sensitive"):  # fmt: skip
        assert text in row, text
    rest = page[page.index("Pupils who feel safe") :]
    assert "Draft" in rest
    assert "Retired measure" not in page


def test_the_list_filters_by_mission_department_and_mine(app, city, signed_in):
    with app.app_context():
        other = f.mission(slug="elders", title="Ageing well")
        f.indicator(other, city.edu, title="Elders at home")
        db.session.commit()
        other_id = other.id
    lead = signed_in("edu_lead")
    page = lead.get(f"{INDEX}?mission={city.mission.id}").get_data(as_text=True)
    assert _titles(page) == ["Families waiting", "Pupils who feel safe"]
    page = lead.get(f"{INDEX}?department={city.wel.id}").get_data(as_text=True)
    assert _titles(page) == ["Families waiting"]
    page = lead.get(f"{INDEX}?mine=y").get_data(as_text=True)
    assert _titles(page) == ["Pupils who feel safe", "Elders at home"]  # by mission title
    assert 'name="mine"' in page
    page = lead.get(f"{INDEX}?mine=y&mission={other_id}").get_data(as_text=True)
    assert _titles(page) == ["Elders at home"]
    # "mine" means nothing for someone without a department; nonsense filters are ignored.
    office = signed_in("mission_office")
    page = office.get(f"{INDEX}?mine=y&mission=abc").get_data(as_text=True)
    assert len(_titles(page)) == 3
    assert 'name="mine"' not in page


def _add_indicators(app, city, count: int) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        for i in range(count):
            owner = (city.edu, city.wel)[i % 2]
            ind = f.indicator(
                city.mission, owner, outcome_id=city.outcome.id, baseline_value=40.0,
                baseline_period=date(2020, 1, 1), target_value=80.0,
                target_period=date(2030, 1, 1), sensitive=bool(i % 3),
            )  # fmt: skip
            db.session.add(InterimTarget(indicator_id=ind.id, period=date(2025, 1, 1), value=60))
            for year in range(2020, 2025):
                f.measurement(ind, date(year, 1, 1), 40.0 + 2 * (year - 2020))
                f.measurement(ind, date(year, 1, 1), 35.0, breakdown="sex=F")
        db.session.commit()


def test_the_list_loads_in_a_constant_number_of_queries(app, city, signed_in, count_queries):
    client = signed_in("edu_lead")
    _add_indicators(app, city, 1)
    with count_queries() as few:
        first = client.get(INDEX)
    _add_indicators(app, city, 9)
    with count_queries() as many:
        second = client.get(INDEX)
    assert len(_titles(first.get_data(as_text=True))) == 3
    assert len(_titles(second.get_data(as_text=True))) == 12
    assert few.count == many.count


# ---- the detail page ----


@pytest.fixture
def worked_example(app, city):  # type: ignore[no-untyped-def]
    """DOMAIN.md's worked example: 40 % in 2021, 28 % in 2024, target 10 % by 2030, lower better."""
    with app.app_context():
        ind = f.indicator(
            city.mission, city.wel, title="Children waiting over 3 months", unit="%",
            outcome_id=city.outcome.id,
            direction="decrease", baseline_value=40.0, baseline_period=date(2021, 1, 1),
            target_value=10.0, target_period=date(2030, 1, 1), min_value=0, max_value=100,
            definition="Share of referred children waiting more than three months.",
        )  # fmt: skip
        db.session.add(InterimTarget(indicator_id=ind.id, period=date(2026, 1, 1), value=25.0))
        f.measurement(ind, date(2021, 1, 1), 40.0)
        f.measurement(ind, date(2024, 1, 1), 28.0, status="provisional", source_note="Case system")
        f.measurement(
            ind, date(2021, 1, 1), 44.0, breakdown=breakdown_key({"district": "Breiðholt"})
        )
        f.measurement(
            ind, date(2024, 1, 1), 30.0, breakdown=breakdown_key({"district": "Breiðholt"})
        )
        db.session.commit()
        return ind.id


def test_the_detail_explains_the_calculation(city, signed_in, worked_example):
    page = signed_in("viewer").get(_detail(worked_example)).get_data(as_text=True)
    for text in (
        "Share of referred children waiting more than three months.",
        "Welfare (WEL)", "Lower is better", "Yearly", "Every child feels safe",
        "Moderate progress",  # R = 0.785
        "Ratio R = s * d * CAGR_o / |CAGR_r|",
        "Observed growth CAGR_o",
        "Score 1.32",
        "Case system", "Provisional",
        "Headline (total)", "district: Breiðholt",
        "Interim targets",
    ):  # fmt: skip
        assert text in page, text
    assert re.search(r"<th scope=\"row\">2024</th>\s*<td class=\"num\">28.0</td>", page)
    assert "/staff/history/indicator/" in page


def test_only_those_allowed_see_edit_links_and_buttons(city, signed_in, worked_example):
    url = _detail(worked_example)
    viewer = signed_in("viewer").get(url).get_data(as_text=True)
    assert "/staff/measurements/" not in viewer
    assert "/publish" not in viewer
    assert "/edit" not in viewer
    other_lead = signed_in("edu_lead").get(url).get_data(as_text=True)
    assert "/staff/measurements/" not in other_lead
    assert "/measurements/new" not in other_lead
    own_lead = signed_in("wel_lead").get(url).get_data(as_text=True)
    assert own_lead.count("/staff/measurements/") == 4  # an Edit link per value
    assert "/measurements/new" in own_lead
    assert "/publish" not in own_lead
    office = signed_in("mission_office").get(url).get_data(as_text=True)
    for action in ("/publish", "/archive", "/override", f"/staff/indicators/{worked_example}/edit"):
        assert action in office, action


def test_a_manual_status_is_shown_as_manual_with_reason_and_author(
    app, city, signed_in, worked_example
):
    with app.app_context():
        indicator = db.session.get(Indicator, worked_example)
        indicator.status_override = "limited_progress"
        indicator.override_reason = "The 2024 figure is a partial year."
        indicator.override_by_id = city.users["mission_office"].id
        indicator.override_at = datetime(2025, 2, 1, tzinfo=UTC)
        db.session.commit()
    page = signed_in("viewer").get(_detail(worked_example)).get_data(as_text=True)
    assert "Limited progress · manual" in page
    assert "The 2024 figure is a partial year." in page
    assert "set by Mo Office" in page
    assert "Computed status:" in page
    assert "Moderate progress" in page


def test_the_detail_shows_freshness(city, signed_in):
    page = signed_in("viewer").get(_detail(city.edu_indicator.id)).get_data(as_text=True)
    assert "Next data due" in page
    assert "Jun 29, 2026" in page  # 2025 data after the 2024 value: end of 2025 + 180 days


def test_unknown_indicator_detail_is_404(city, signed_in):
    assert signed_in("viewer").get(_detail(999999)).status_code == 404


def _grow(app, indicator_id: int, years: range, districts: list[str]) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        indicator = db.session.get(Indicator, indicator_id)
        for year in years:
            for district in districts:
                f.measurement(indicator, date(year, 1, 1), 30.0 + year % 7,
                              breakdown=breakdown_key({"district": district}))  # fmt: skip
            db.session.add(InterimTarget(indicator_id=indicator_id, period=date(year, 6, 1),
                                         value=20.0))  # fmt: skip
        db.session.commit()


def test_the_detail_loads_in_a_constant_number_of_queries(
    app, city, signed_in, count_queries, worked_example
):
    client = signed_in("wel_lead")
    _grow(app, worked_example, range(2022, 2023), ["A"])
    with count_queries() as few:
        first = client.get(_detail(worked_example))
    _grow(app, worked_example, range(2023, 2024), ["B", "C", "D", "E", "F", "G", "H", "I", "J"])
    _grow(app, worked_example, range(2025, 2029), ["A", "B"])
    with count_queries() as many:
        second = client.get(_detail(worked_example))
    assert first.get_data(as_text=True).count("<table") < second.get_data(as_text=True).count(
        "<table"
    )
    assert few.count == many.count

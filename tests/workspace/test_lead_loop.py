"""The department lead's monthly loop: My work lists what is owed, the grid catches mistakes, the
mission office reviews in bulk, and new items get one cycle of grace."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.measurements.queries import last_complete_period
from app.models import (
    AuditEvent,
    Department,
    Indicator,
    Intervention,
    Measurement,
    PendingValue,
    ProgressUpdate,
    ReviewDecision,
    UncollectedPeriod,
)
from app.progress.freshness import data_freshness, owed_periods, update_due
from app.reporting.progress import load_indicator_progress
from app.workspace.queries import data_due, updates_due
from tests.support import factories as f

GRID = "/staff/data-entry"
HOME = "/staff/"
REVIEW = "/staff/review"
TODAY = date.today()
LAST_MONTH = last_complete_period("monthly", TODAY)


def _months_back(n: int) -> date:
    day = LAST_MONTH
    for _ in range(n):
        day = last_complete_period("monthly", day)
    return day


@pytest.fixture
def monthly(app, city):  # type: ignore[no-untyped-def]
    """A monthly EDU indicator with values for the five months before last month, but a gap."""
    with app.app_context():
        indicator = f.indicator(
            city.mission, city.edu, title="Pupils in counselling", unit="pupils",
            frequency="monthly", min_value=0, max_value=None, target_value=200.0,
            target_period=date(2030, 1, 1),
        )  # fmt: skip
        for back in (5, 4, 3):
            f.measurement(indicator, _months_back(back), 97.0)
        db.session.commit()
        return indicator.id


def _grid_row(index: int, indicator_id: int, period: date, value: str, **extra: str) -> dict:
    fields = {"indicator_id": str(indicator_id), "period": period.isoformat(), "version": "0",
              "value": value, "status": "final", "source_note": "", **extra}  # fmt: skip
    return {f"rows-{index}-{name}": text for name, text in fields.items()}


def _monthly_only(client, monthly: int, period: date, value: str, **extra: str):  # type: ignore[no-untyped-def]
    """Post the grid for period with only the monthly indicator's row."""
    url = f"{GRID}?period={period.isoformat()}"
    return client.post_form(url, _grid_row(0, monthly, period, value, **extra))


# ---- the rule: missing earlier periods and grace ----


def test_missing_earlier_periods_are_owed_until_entered_or_marked():
    today = date(2026, 12, 1)
    covered = {date(2026, 6, 1), date(2026, 10, 1)}
    owed = owed_periods("monthly", covered, date(2026, 6, 1), today)
    assert owed == [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1), date(2026, 11, 1)]
    # Entering only October does not clear "overdue": July was due at its end plus 30 days.
    fresh = data_freshness("monthly", date(2026, 10, 1), today, owed=owed)
    assert fresh.overdue
    assert fresh.due == date(2026, 8, 30)
    marked = covered | {date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)}
    assert owed_periods("monthly", marked, date(2026, 6, 1), today) == [date(2026, 11, 1)]
    assert not data_freshness("monthly", date(2026, 10, 1), today, owed=[date(2026, 11, 1)]).overdue


def test_nothing_is_owed_far_back_or_before_the_first_value():
    today = date(2026, 12, 1)
    assert owed_periods("monthly", set(), None, today) == []
    owed = owed_periods("monthly", set(), date(2010, 1, 1), today)
    assert owed[0] == date(2023, 12, 1)
    assert len(owed) == 36  # the look-back


def test_new_items_get_one_cycle_of_grace():
    today = date(2026, 12, 1)
    old = data_freshness("yearly", date(2020, 1, 1), today)
    assert old.overdue
    fresh = data_freshness("yearly", date(2020, 1, 1), today, listed_on=date(2026, 11, 30))
    assert not fresh.overdue
    assert fresh.due == date(2027, 11, 30)
    assert update_due(date(2024, 1, 1), date(2023, 1, 1), 90, date(2026, 11, 30)) == date(
        2027, 2, 28
    )


def test_grace_is_the_same_on_staff_and_public_pages(app, ctx, city):
    mission = db.session.get(type(city.mission), city.mission.id)
    mission.is_published = True
    indicator = f.indicator(
        city.mission, city.edu, baseline_value=10.0, baseline_period=date(2019, 1, 1),
        is_published=True, created_at=datetime.now(UTC), published_at=datetime.now(UTC),
    )  # fmt: skip
    db.session.commit()
    for published_only in (False, True):
        progress = load_indicator_progress(indicator.id, published_only=published_only)
        assert progress is not None
        assert progress.result.freshness.overdue is False
    row = next(
        r for r in data_due(city.edu.id, TODAY, every=True) if r.indicator_id == indicator.id
    )
    assert row.overdue is False


# ---- My work ----


def test_a_leads_my_work_lists_every_intervention_and_the_missing_periods(
    app, city, signed_in, monthly
):
    page = signed_in("edu_lead").get(HOME).get_data(as_text=True)
    assert "Solution teams" in page
    assert "Family courses" not in page
    assert f"/staff/interventions/{city.edu_intervention.id}/updates/new?next=work" in page
    assert "Enter this period&#39;s data" in page or "Enter this period's data" in page
    # The two months after the last value are missing, each with its own links.
    for back in (2, 1, 0):
        period = _months_back(back).isoformat()
        assert f"{GRID}?period={period}" in page
        assert f"/staff/indicators/{monthly}/not-collected?period={period}" in page
    with app.app_context():
        rows = {r.indicator_id: r for r in data_due(city.edu.id, TODAY, every=True)}
    assert [o.period for o in rows[monthly].owed] == [_months_back(b) for b in (2, 1, 0)]
    assert rows[monthly].overdue


def test_posting_an_update_from_my_work_returns_there(app, city, signed_in):
    client = signed_in("edu_lead")
    url = f"/staff/interventions/{city.edu_intervention.id}/updates/new?next=work"
    response = client.post_form(
        url, {"version": "0", "reported_on": TODAY.isoformat(), "status": "on_track",
              "summary": "Ten schools have teams.", "next_steps": "", "blockers": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].endswith(HOME)
    with app.app_context():
        rows = updates_due(city.edu.id, TODAY, every=True)
    assert rows[0].drafts == 2  # the city's own draft and this one, waiting for review


def test_not_collected_needs_a_reason_and_clears_the_period(app, city, signed_in, monthly):
    client = signed_in("edu_lead")
    period = _months_back(2)
    url = f"/staff/indicators/{monthly}/not-collected?period={period.isoformat()}"
    refused = client.post_form(url, {"period": period.isoformat(), "reason": "   "})
    assert refused.status_code == 200
    assert "Say why no value was collected" in refused.text
    saved = client.post_form(url, {"period": period.isoformat(), "reason": "Survey paused."})
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(HOME)
    twice = client.post_form(url, {"period": period.isoformat(), "reason": "Again."})
    assert "already marked as not collected" in twice.text
    running = client.post_form(url, {"period": TODAY.isoformat(), "reason": "Not yet."})
    assert "has ended" in running.text
    with app.app_context():
        marks = db.session.scalars(select(UncollectedPeriod)).all()
        assert [(m.period, m.reason) for m in marks] == [(period, "Survey paused.")]
        assert (
            db.session.scalar(
                select(func.count()).where(
                    AuditEvent.entity_type == "UncollectedPeriod", AuditEvent.action == "create"
                )
            )
            == 1
        )
        row = next(r for r in data_due(city.edu.id, TODAY, every=True) if r.indicator_id == monthly)
        assert period not in [o.period for o in row.owed]


def test_another_departments_lead_may_not_mark_a_period(city, signed_in, monthly):
    client = signed_in("wel_lead")
    assert client.get(f"/staff/indicators/{monthly}/not-collected").status_code == 403


# ---- the grid ----


def test_the_grid_shows_earlier_values_target_and_unit(city, signed_in, monthly):
    page = signed_in("edu_lead").get(f"{GRID}?period={_months_back(2).isoformat()}").text
    assert page.count("<strong>97.0</strong>") == 3
    assert "200.0 pupils" in page  # the target with its unit
    assert 'data-label="Earlier values"' in page


def test_a_jump_needs_a_confirmation_of_that_exact_value(app, city, signed_in, monthly):
    client = signed_in("edu_lead")
    period = _months_back(2)
    first = _monthly_only(client, monthly, period, "71.5")
    assert first.status_code == 200
    assert "change of more than 25 %" in first.text
    assert "Nothing was saved" in first.text
    assert 'name="rows-0-confirm" value="71.5"' in first.text
    # Replaying without the confirmation, or confirming another value, saves nothing.
    assert "Nothing was saved" in _monthly_only(client, monthly, period, "71.5").text
    other = _monthly_only(client, monthly, period, "71.5", confirm="70")
    assert "Nothing was saved" in other.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Measurement).where(
            Measurement.indicator_id == monthly)) == 3  # fmt: skip
    saved = _monthly_only(client, monthly, period, "71,5", confirm="71.5")
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(HOME)
    with app.app_context():
        value = db.session.scalar(
            select(Measurement.value).where(
                Measurement.indicator_id == monthly, Measurement.period == period
            )
        )
        assert value == 71.5


def test_a_small_change_saves_at_once(city, signed_in, monthly):
    response = _monthly_only(signed_in("edu_lead"), monthly, _months_back(2), "96.1")
    assert response.status_code == 302


@pytest.mark.parametrize("confirm", ["y", "", "nan", "1e999", "71.5\x00", "71.5" * 20])
def test_a_hostile_confirmation_confirms_nothing(city, signed_in, monthly, confirm):
    response = _monthly_only(
        signed_in("edu_lead"), monthly, _months_back(2), "71.5", confirm=confirm
    )
    assert response.status_code in (200, 400)
    assert "Nothing was saved" in response.text or response.status_code == 400


# ---- values that wait for review, and the review queue ----


@pytest.fixture
def reviewed(app, city):  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session.get(Department, city.edu.id).values_need_review = True
        db.session.commit()


def _queue_keys(page: str) -> list[str]:
    return re.findall(r'name="items" value="([^"]+)"', page)


def test_a_reviewed_departments_values_wait_until_published(
    app, city, signed_in, monthly, reviewed
):
    lead = signed_in("edu_lead")
    period = _months_back(2)
    saved = _monthly_only(lead, monthly, period, "96")
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PendingValue)) == 1
        assert db.session.scalar(select(func.count()).select_from(Measurement).where(
            Measurement.indicator_id == monthly)) == 3  # fmt: skip
    # The single-value form does not get round it.
    single = lead.post_form(
        f"/staff/indicators/{monthly}/measurements/new",
        {"period": period.isoformat(), "value": "96", "status": "final"},
    )
    assert "wait for the mission office" in single.text
    office = signed_in("mission_office")
    keys = [k for k in _queue_keys(office.get(HOME).text) if k.startswith("value:")]
    assert len(keys) == 1
    done = office.post_form(REVIEW, {"items": keys, "action": "publish"}, token_from=HOME)
    assert done.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PendingValue)) == 0
        assert (
            db.session.scalar(
                select(Measurement.value).where(
                    Measurement.indicator_id == monthly, Measurement.period == period
                )
            )
            == 96.0
        )
    assert "Published" in lead.get(HOME).text


def test_bulk_publish_is_all_or_nothing_and_audited_per_item(app, city, signed_in):
    office = signed_in("mission_office")
    keys = _queue_keys(office.get(REVIEW).text)
    update_key = f"update:{city.edu_update.id}:1"
    assert update_key in keys
    assert len(keys) >= 3
    stale = [k for k in keys if k != update_key] + [f"update:{city.edu_update.id}:9"]
    refused = office.post_form(REVIEW, {"items": stale, "action": "publish"})
    assert refused.status_code == 200
    assert "was changed after the queue was opened" in refused.text
    with app.app_context():
        assert not db.session.scalars(
            select(Intervention).where(Intervention.is_published.is_(True))
        ).all()
    done = office.post_form(REVIEW, {"items": keys, "action": "publish"})
    assert done.status_code == 302
    with app.app_context():
        published = db.session.scalar(select(func.count()).where(AuditEvent.action == "publish"))
        assert published == len(keys)
        assert db.session.scalar(select(func.count()).select_from(ReviewDecision)) == len(keys)


def test_an_archived_item_refuses_the_batch(app, city, signed_in):
    office = signed_in("mission_office")
    keys = _queue_keys(office.get(REVIEW).text)
    with app.app_context():
        db.session.get(Intervention, city.wel_intervention.id).archived_at = datetime.now(UTC)
        db.session.commit()
    refused = office.post_form(REVIEW, {"items": keys, "action": "publish"})
    assert "Nothing was changed" in refused.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewDecision)) == 0


@pytest.mark.parametrize(
    "items", [[], ["update"], ["update:x:1"], ["nope:1:1"], ["update:1:1", "update:1:1"],
              ["update:99999999:1"], ["update:1:1\x00"]],
)  # fmt: skip
def test_hostile_selections_change_nothing(app, city, signed_in, items):
    response = signed_in("mission_office").post_form(REVIEW, {"items": items, "action": "publish"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewDecision)) == 0


def test_a_returned_draft_keeps_its_text_and_its_author_sees_the_comment(app, city, signed_in):
    with app.app_context():
        db.session.get(ProgressUpdate, city.edu_update.id).author_id = city.users["edu_lead"].id
        db.session.commit()
    office = signed_in("mission_office")
    key = f"update:{city.edu_update.id}:2"
    assert key in _queue_keys(office.get(REVIEW).text)
    empty = office.post_form(REVIEW, {"items": [key], "action": "return", "comment": " "})
    assert "Write a comment" in empty.text
    done = office.post_form(
        REVIEW, {"items": [key], "action": "return", "comment": "Name the ten schools."}
    )
    assert done.status_code == 302
    assert key not in _queue_keys(office.get(REVIEW).text)  # returned: out of the queue
    with app.app_context():
        update = db.session.get(ProgressUpdate, city.edu_update.id)
        assert update.summary == "Work continues as planned."
        assert update.is_published is False
    page = signed_in("edu_lead").get(HOME).text
    assert "Returned" in page
    assert "Name the ten schools." in page


def test_leads_may_not_use_the_review_queue(city, signed_in):
    lead = signed_in("edu_lead")
    assert lead.get(REVIEW).status_code == 403
    assert "Review queue" not in lead.get(HOME).text


# ---- one definition of the latest update ----


def test_a_draft_is_not_the_latest_update_on_staff_pages(app, ctx, city):
    item = db.session.get(Intervention, city.edu_intervention.id)
    f.update(item, reported_on=date(2024, 3, 1), is_published=True)
    f.update(item, reported_on=TODAY, status="at_risk", summary="A draft.")
    db.session.commit()
    row = next(r for r in updates_due(city.edu.id, TODAY, every=True))
    assert row.last_update == date(2024, 3, 1)
    assert row.drafts == 2


# ---- query counts ----


def _more_work(city, n: int) -> None:  # type: ignore[no-untyped-def]
    for index in range(n):
        item = f.intervention(city.mission, city.edu, title=f"Extra work {index}")
        f.update(item, summary=f"Draft {index}")
        indicator = f.indicator(city.mission, city.edu, title=f"Extra measure {index}",
                                frequency="monthly")  # fmt: skip
        f.measurement(indicator, _months_back(4), 10.0)
        db.session.add(PendingValue(indicator_id=indicator.id, period=_months_back(1), value=11.0))
    db.session.commit()


@pytest.mark.parametrize("who", ["edu_lead", "mission_office"])
def test_my_work_and_the_queue_send_a_fixed_number_of_queries(
    app, city, signed_in, count_queries, who
):
    client = signed_in(who)
    counts = []
    for extra in (1, 6):
        with app.app_context():
            _more_work(city, extra)
        client.get(HOME)  # warm caches (session, user)
        with count_queries() as log:
            assert client.get(HOME).status_code == 200
        counts.append(log.count)
        if who == "mission_office":
            with count_queries() as log:
                assert client.get(REVIEW).status_code == 200
            counts.append(log.count)
    assert counts[: len(counts) // 2] == counts[len(counts) // 2 :]


def test_listed_on_is_the_publication_or_else_the_creation(app, ctx, city):
    indicator = db.session.get(Indicator, city.edu_indicator.id)
    indicator.published_at = datetime.now(UTC) - timedelta(days=1)
    from app.reporting.progress import listed_on

    assert listed_on(indicator) == (datetime.now(UTC) - timedelta(days=1)).date()
    indicator.published_at = None
    assert listed_on(indicator) == date(2020, 1, 1)  # the factories' creation date


def test_the_review_setting_is_on_the_department_form(app, city, signed_in):
    admin = signed_in("admin")
    url = f"/staff/departments/{city.edu.id}/edit"
    assert "Values wait for the mission office" in admin.get(url).text
    response = admin.post_form(
        url, {"name": "Education and Youth", "code": "EDU", "colour": "#4477aa",
              "version": "1", "values_need_review": "y"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Department, city.edu.id).values_need_review is True

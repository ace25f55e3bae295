"""The demo city seed: idempotent through `flask seed --demo`, and rich enough to demo."""

from __future__ import annotations

import csv
import os
import stat
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import delete, func, select

from app import create_app
from app.extensions import db
from app.models import (
    Base,
    Department,
    Indicator,
    Intervention,
    InterventionPartner,
    Measurement,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
    User,
)
from app.models.indicator import HEADLINE, parse_breakdown
from seeds import load_demo_city
from tests.support.databases import scratch_database_url

DEMO_PASSWORD = "demo-seed-test-passphrase"
MAIN = "better-city-for-children"
CLIMATE = "carbon-neutral-reykjavik"
DATA_DIR = Path(__file__).resolve().parents[1] / "seeds" / "data"


@pytest.fixture(autouse=True)
def _demo_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A known password, and an empty instance folder in case the file is ever looked at."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setattr("seeds.demo.INSTANCE_DIR", tmp_path)


@pytest.fixture(scope="module")
def seeded_app(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, date]]:
    """The demo city loaded once, into a database of its own, for the content tests (which only
    read it): loading it takes a while."""
    application = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=scratch_database_url(database_url, tmp_path_factory, "seeds"),
    )
    with pytest.MonkeyPatch.context() as patch, application.app_context():
        patch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        patch.setattr("seeds.demo.INSTANCE_DIR", tmp_path_factory.mktemp("seed-instance"))
        upgrade()
        today = load_demo_city().today
        db.session.commit()
    yield application, today
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def seeded(seeded_app: tuple[Flask, date]) -> Iterator[date]:
    """Inside the demo city's application context; yields its anchor day."""
    application, today = seeded_app
    with application.app_context():
        yield today


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def _table_contents() -> dict[str, list[tuple]]:
    """Every row of every table, ordered by primary key: equal dumps mean nothing changed."""
    return {
        table.name: [
            tuple(row) for row in db.session.execute(select(table).order_by(*table.primary_key))
        ]
        for table in Base.metadata.sorted_tables
    }


def _mission_id(slug: str) -> int:
    return db.session.scalar(select(Mission.id).where(Mission.slug == slug))


# -- idempotency ----------------------------------------------------------------------------------


def test_seed_demo_twice_through_the_cli_changes_nothing(app, cli_runner):
    first = cli_runner.invoke(args=["seed", "--demo"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        counts, contents = _row_counts(), _table_contents()
    assert counts["measurements"] > 0
    assert "created" in first.output

    second = cli_runner.invoke(args=["seed", "--demo"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        assert _row_counts() == counts
        assert _table_contents() == contents
    assert "Nothing to add" in second.output


def test_seed_output_ends_with_sign_in_instructions(app, cli_runner):
    result = cli_runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "Sign in at http://127.0.0.1:5000/staff/login" in output
    # make run passes the address it really serves (PORT=5077 make run).
    moved = cli_runner.invoke(args=["seed", "--demo", "--base-url", "http://127.0.0.1:5077/"])
    assert "Sign in at http://127.0.0.1:5077/staff/login" in moved.output
    for email in (
        "admin@demo.aimtracker.is",
        "mayor@demo.aimtracker.is",
        "lead.edu@demo.aimtracker.is",
        "lead.wel@demo.aimtracker.is",
        "viewer@demo.aimtracker.is",
    ):
        assert email in output
    assert "department_lead (EDU)" in output
    assert DEMO_PASSWORD in output
    assert "DEMO_PASSWORD" in output.splitlines()[-1]


def test_seed_without_demo_exits_non_zero_with_a_message(cli_runner):
    result = cli_runner.invoke(args=["seed"])
    assert result.exit_code != 0
    assert "--demo" in result.output


def test_rerun_keeps_the_anchor_day_of_the_first_run(app, ctx):
    first = load_demo_city(today=date(2026, 3, 10))
    db.session.commit()
    counts = _row_counts()
    again = load_demo_city()
    db.session.commit()
    assert first.total_created > 0
    assert again.today == date(2026, 3, 10)
    assert again.total_created == 0
    assert _row_counts() == counts


def test_generated_password_is_written_owner_only_and_reused(
    app, ctx, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.delenv("DEMO_PASSWORD")
    summary = load_demo_city()
    db.session.commit()
    stored = tmp_path / "demo_password"
    assert stored.read_text().strip() == summary.password
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600
    assert any(str(stored) in line for line in summary.lines())
    assert load_demo_city().password == summary.password


# -- content --------------------------------------------------------------------------------------


def test_departments_users_and_missions(seeded):
    departments = db.session.scalars(select(Department)).all()
    assert len(departments) >= 5
    assert all(len(d.colour) == 7 and d.colour.startswith("#") for d in departments)

    missions = {m.slug: m for m in db.session.scalars(select(Mission))}
    assert set(missions) == {MAIN, CLIMATE}
    assert all(m.illustrative and m.is_published and m.published_at for m in missions.values())
    main = missions[MAIN]
    assert (main.age_min, main.age_max, main.start_year, main.horizon_year) == (0, 18, 2021, 2030)
    assert main.status == "active"
    assert main.translations["is"]["title"] == "Betri borg fyrir börn"
    mayor = db.session.scalar(select(User).where(User.email == "mayor@demo.aimtracker.is"))
    assert main.owner_id == mayor.id
    assert mayor.role == "mission_office"

    outcomes = db.session.scalars(select(Outcome).where(Outcome.mission_id == main.id)).all()
    assert len(outcomes) >= 3
    assert all(o.translations.get("is", {}).get("title") for o in outcomes)
    climate_outcomes = select(func.count()).where(Outcome.mission_id == missions[CLIMATE].id)
    assert db.session.scalar(climate_outcomes) == 2


def test_children_portfolio_spans_departments_stages_and_ages(seeded):
    mission_id = _mission_id(MAIN)
    interventions = db.session.scalars(
        select(Intervention).where(Intervention.mission_id == mission_id)
    ).all()
    assert len(interventions) >= 12
    assert len({i.lead_department_id for i in interventions}) >= 5
    assert {i.stage for i in interventions} == {"explore", "test", "scale", "sustain", "stopped"}
    assert all(i.illustrative and i.external_id.startswith("BCC-") for i in interventions)
    assert any(not i.is_published for i in interventions)
    assert sum(i.is_published for i in interventions) > len(interventions) / 2
    assert {i.update_cycle_days for i in interventions} == {90, 180}

    partners = db.session.scalars(
        select(InterventionPartner).where(
            InterventionPartner.intervention_id.in_([i.id for i in interventions])
        )
    ).all()
    assert len({p.intervention_id for p in partners}) == len(interventions)
    assert all(p.role for p in partners)

    covered: set[int] = set()
    for i in interventions:
        if i.age_min is not None:
            covered.update(range(i.age_min, i.age_max + 1))
    assert set(range(19)) - covered == {16, 17}
    assert any((i.age_min, i.age_max) == (18, 18) for i in interventions)
    assert any(i.age_min is None for i in interventions)


def test_milestones_and_progress_updates_show_every_state(seeded):
    today = seeded
    interventions = {
        i.id: i
        for i in db.session.scalars(
            select(Intervention).where(Intervention.mission_id == _mission_id(MAIN))
        )
    }
    milestones = db.session.scalars(
        select(Milestone).where(Milestone.intervention_id.in_(interventions))
    ).all()
    per_intervention = defaultdict(int)
    for m in milestones:
        per_intervention[m.intervention_id] += 1
    assert all(2 <= n <= 4 for n in per_intervention.values())
    assert any(m.completed_on for m in milestones)
    assert any(m.completed_on is None and m.due_date < today for m in milestones)

    updates = db.session.scalars(
        select(ProgressUpdate)
        .where(ProgressUpdate.intervention_id.in_(interventions))
        .order_by(ProgressUpdate.reported_on.desc())
    ).all()
    assert {u.status for u in updates} == {"on_track", "at_risk", "off_track"}
    assert all(u.blockers.strip() for u in updates if u.status == "off_track")
    assert all(u.reported_on <= today for u in updates)
    newest: dict[int, ProgressUpdate] = {}
    for u in updates:
        newest.setdefault(u.intervention_id, u)
    assert set(newest) == set(interventions)
    published = [i for i in interventions.values() if i.is_published]
    assert any(not newest[i.id].is_published for i in published), "a draft newest update"
    stale = [
        i
        for i in interventions.values()
        if i.stage != "stopped" and (today - newest[i.id].reported_on).days > i.update_cycle_days
    ]
    assert 1 <= len(stale) <= 3


def test_indicators_cover_directions_frequencies_and_special_cases(seeded):
    indicators = db.session.scalars(
        select(Indicator).where(Indicator.mission_id == _mission_id(MAIN))
    ).all()
    assert len(indicators) >= 8
    assert {i.direction for i in indicators} == {"increase", "decrease"}
    assert {i.frequency for i in indicators} == {"monthly", "quarterly", "yearly"}
    assert {i.level for i in indicators} == {"mission_outcome", "intervention_output"}
    assert all(i.intervention_id for i in indicators if i.level == "intervention_output")
    assert any(i.limit_value == 100 and (i.min_value, i.max_value) == (0, 100) for i in indicators)
    sensitive = [i for i in indicators if i.sensitive]
    assert [(i.unit, i.direction, i.frequency) for i in sensitive] == [
        ("children", "decrease", "yearly")
    ]
    assert any(i.target_value is None for i in indicators), "one uses the no-target method"
    assert sum(i.target_value is not None for i in indicators) > len(indicators) / 2
    assert len({i.department_id for i in indicators}) >= 4
    assert all(i.source for i in indicators)
    assert sum("Statistics Iceland" in i.source for i in indicators) == 4

    climate = db.session.scalars(
        select(Indicator).where(Indicator.mission_id == _mission_id(CLIMATE))
    ).all()
    assert 2 <= len(climate) <= 3
    assert all(i.illustrative for i in [*indicators, *climate])


def test_measurements_are_plausible_and_varied(seeded):
    indicators = db.session.scalars(select(Indicator)).all()
    rows = db.session.execute(
        select(
            Measurement.indicator_id,
            Measurement.period,
            Measurement.breakdown,
            Measurement.value,
            Measurement.status,
        )
    ).all()
    by_indicator = defaultdict(list)
    for row in rows:
        by_indicator[row.indicator_id].append(row)
    dimensions: set[str] = set()
    for indicator in indicators:
        data = by_indicator[indicator.id]
        assert len({r.period.year for r in data}) >= 4, indicator.code
        assert any(r.breakdown == HEADLINE for r in data), indicator.code
        for r in data:
            assert r.period.day == 1
            if indicator.frequency == "quarterly":
                assert r.period.month in {1, 4, 7, 10}
            if indicator.frequency == "yearly":
                assert r.period.month == 1
            if indicator.min_value is not None:
                assert r.value >= indicator.min_value
            if indicator.max_value is not None:
                assert r.value <= indicator.max_value
            dimensions.update(parse_breakdown(r.breakdown))
        if indicator.baseline_period is not None:
            baseline = [
                r for r in data if r.period == indicator.baseline_period and not r.breakdown
            ]
            assert [r.value for r in baseline] == [indicator.baseline_value], indicator.code
    assert {"district", "age", "sex"} <= dimensions
    assert any(r.status == "provisional" for r in rows)
    districts = {parse_breakdown(r.breakdown).get("district") for r in rows} - {None}
    assert {"Breiðholt", "Kjalarnes", "Grafarholt og Úlfarsárdalur"} <= districts
    assert {"6-9", "10-12", "13-15", "16-18"} <= {
        parse_breakdown(r.breakdown).get("age") for r in rows
    }


def test_some_indicator_data_is_overdue(seeded):
    """At least one generated indicator lacks its last complete period."""
    from seeds.demo import last_complete_period

    overdue = 0
    for indicator in db.session.scalars(select(Indicator)):
        latest = db.session.scalar(
            select(func.max(Measurement.period)).where(Measurement.indicator_id == indicator.id)
        )
        if latest < last_complete_period(seeded, indicator.frequency):
            overdue += 1
    assert overdue >= 3


def test_worked_example_indicator_matches_the_domain_notes(seeded):
    indicator = db.session.scalar(
        select(Indicator).where(Indicator.title.like("%waiting more than 3 months%"))
    )
    assert (indicator.unit, indicator.direction) == ("%", "decrease")
    assert (indicator.baseline_period, indicator.baseline_value) == (date(2021, 1, 1), 40.0)
    assert (indicator.target_period, indicator.target_value) == (date(2030, 1, 1), 10.0)
    values = dict(
        db.session.execute(
            select(Measurement.period, Measurement.value).where(
                Measurement.indicator_id == indicator.id, Measurement.breakdown == HEADLINE
            )
        ).all()
    )
    assert values[date(2024, 1, 1)] == 28.0
    assert values[date(2021, 1, 1)] == 40.0


def test_open_sdg_files_are_loaded_as_published(seeded):
    """The reading series of indicator 4.1.1 equals the Statistics Iceland file, by sex."""
    expected = {}
    with (DATA_DIR / "indicator_4-1-1.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Type of skill"] == "Reading":
                key = f"sex={row['Sex']}" if row["Sex"] else HEADLINE
                expected[(date(int(row["Year"]), 1, 1), key)] = float(row["Value"])
    indicator = db.session.scalar(select(Indicator).where(Indicator.title.like("%reading%")))
    loaded = {
        (period, key): value
        for period, key, value in db.session.execute(
            select(Measurement.period, Measurement.breakdown, Measurement.value).where(
                Measurement.indicator_id == indicator.id
            )
        ).tuples()
    }
    assert loaded == expected
    assert indicator.source == "Statistics Iceland (national figures, used as an illustration)"


def test_an_archived_indicator_gets_no_new_values_from_the_seed(seeded):
    """The seed checks values with the measurement rules: an indicator archived since the demo
    was loaded is not refilled, and the summary says why."""
    from app.models.base import utcnow

    indicator = db.session.scalar(select(Indicator).order_by(Indicator.id))
    indicator.archived_at = utcnow()
    gone = db.session.execute(
        delete(Measurement).where(Measurement.indicator_id == indicator.id)
    ).rowcount
    db.session.commit()
    assert gone > 0
    summary = load_demo_city()
    db.session.commit()
    count = select(func.count(Measurement.id)).where(Measurement.indicator_id == indicator.id)
    assert db.session.scalar(count) == 0
    assert summary.created.get("measurements", 0) == 0
    line = (
        f"Not added: {gone} values of indicator {indicator.code}. This indicator is archived; "
        "it takes no new data."
    )
    assert line in summary.lines()


def test_a_weak_demo_password_is_refused_with_a_clear_message(
    app, cli_runner, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("DEMO_PASSWORD", "short")
    result = cli_runner.invoke(args=["seed", "--demo"])
    assert result.exit_code != 0
    assert "DEMO_PASSWORD" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Mission)) == 0


# -- Icelandic ------------------------------------------------------------------------------------

TRANSLATABLE = (Department, Mission, Outcome, Intervention, InterventionPartner, Milestone)


def test_every_demo_text_has_its_icelandic(seeded):
    from app.translating import missing_translations

    models = (*TRANSLATABLE, Indicator, ProgressUpdate)
    missing = [
        f"{model.__name__} {field}: {getattr(row, field)!r}"
        for model in models
        for row in db.session.scalars(select(model))
        for field in missing_translations(row, "is")
    ]
    assert missing == []
    unit = db.session.scalar(select(Indicator).where(Indicator.code == "BCC-I07"))
    assert unit.translations["is"]["unit"] == "dagar"
    welfare = db.session.scalar(select(Department).where(Department.code == "WEL"))
    assert welfare.translations["is"]["name"] == "Velferðarsvið"


def test_every_english_text_of_the_seed_is_in_the_icelandic_table():
    from seeds import demo
    from seeds.demo_is import TEXT_IS

    texts = {spec["summary"] for spec in demo.INTERVENTIONS}
    texts |= {role for spec in demo.INTERVENTIONS for _code, role in spec["partners"]}
    texts |= {title for spec in demo.INTERVENTIONS for title, *_ in spec["milestones"]}
    updates = [u for spec in demo.INTERVENTIONS for u in spec["updates"]] + demo.GENERIC_UPDATES
    texts |= {text for _status, *fields in updates for text in fields if text}
    texts |= {spec[key] for spec in demo.INDICATORS for key in ("definition", "unit", "source")}
    assert sorted(texts - set(TEXT_IS)) == []
    assert sorted(set(TEXT_IS) - texts) == [], "translations of texts the seed no longer has"


def test_a_rerun_fills_the_icelandic_of_existing_demo_rows(app, ctx):
    load_demo_city(today=date(2026, 3, 10))
    db.session.commit()
    update = db.session.scalar(select(ProgressUpdate).order_by(ProgressUpdate.id))
    department = db.session.scalar(select(Department).where(Department.code == "EDU"))
    mission = db.session.scalar(select(Mission).where(Mission.slug == MAIN))
    # As a database seeded before the demo had Icelandic: no translations, or only other ones.
    update.translations = {}
    department.translations = {}
    mission.translations = {"pl": {"title": "Lepsze miasto dla dzieci"}}
    db.session.commit()

    load_demo_city()
    db.session.commit()
    assert update.translations["is"]["summary"]
    assert department.translations == {"is": {"name": "Skóla- og frístundasvið"}}
    assert mission.translations["is"]["title"] == "Betri borg fyrir börn"
    assert mission.translations["pl"] == {"title": "Lepsze miasto dla dzieci"}


def test_demo_budgets_are_broken_down_by_year_and_funding_department(seeded):
    from decimal import Decimal

    from app.models import BudgetLine

    lines = db.session.execute(
        select(BudgetLine.intervention_id, BudgetLine.year, BudgetLine.department_id,
               BudgetLine.amount)
    ).all()  # fmt: skip
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for intervention_id, _year, _department, amount in lines:
        totals[intervention_id] += amount
    budgets = dict(
        db.session.execute(
            select(Intervention.id, Intervention.budget).where(Intervention.budget.is_not(None))
        ).all()
    )
    assert totals == budgets  # the lines add up to each budget, and every budget has lines
    assert len({year for _i, year, _d, _a in lines}) >= 3
    assert len({department for _i, _y, department, _a in lines}) >= 3


def test_the_demo_missions_health_check_is_mostly_met_with_something_missing(seeded):
    from app.missions.queries import load_mission_detail

    detail = load_mission_detail(_mission_id(MAIN), today=seeded)
    assert detail is not None
    health = detail.health
    assert 3 <= health.met_count < 5, [(c.criterion, c.gaps) for c in health.checks]


def test_the_main_mission_has_a_published_reporting_round_in_icelandic_too(seeded):
    from app.models import ReportingRound, StatusReport
    from app.translating import missing_translations

    the_round = db.session.scalars(
        select(ReportingRound).where(ReportingRound.mission_id == _mission_id(MAIN))
    ).one()
    assert the_round.state == "published"
    assert the_round.opened_on.month in (1, 7)
    assert the_round.opened_on.day == 1
    assert missing_translations(the_round, "is") == []
    reports = db.session.scalars(
        select(StatusReport).where(StatusReport.round_id == the_round.id)
    ).all()
    assert len(reports) >= 5
    assert {report.state for report in reports} == {"approved"}
    assert [r.id for r in reports if missing_translations(r, "is")] == []


def test_the_learning_log_has_every_kind_and_a_published_stage_move(seeded):
    """Issue 17: entries of every kind on at least two interventions, in Icelandic too, a
    published decision that moved a stage, and every demo intervention's day in its stage."""
    from app.models import Intervention, LearningEntry

    entries = list(db.session.scalars(select(LearningEntry)))
    assert {entry.kind for entry in entries} == {"hypothesis", "test", "result", "decision"}
    with_kinds = {
        entry.intervention_id for entry in entries if entry.kind in ("hypothesis", "test")
    }
    assert len(with_kinds) >= 2
    assert all(entry.translations.get("is", {}).get("title") for entry in entries)
    moves = [e for e in entries if e.to_stage and e.is_published and e.gate_answers]
    assert {(e.from_stage, e.to_stage) for e in moves} >= {("test", "scale")}
    assert (
        db.session.scalar(
            select(func.count(Intervention.id)).where(Intervention.stage_since.is_(None))
        )
        == 0
    )

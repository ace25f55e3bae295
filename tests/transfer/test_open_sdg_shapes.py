"""Every shape of issue 12, each built from a real Open SDG file (tests/data/open-sdg-samples,
MIT licensed; see its README for the repository and commit of each file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete

from app.errors import DomainError
from app.extensions import db
from app.models import Indicator, Measurement, Mission
from app.reporting.progress import load_indicator_progress
from app.tabular import FileRejected, open_table
from app.transfer.applying import apply_plan
from app.transfer.planning import MeasurementPlan, plan_values
from app.transfer.readers.measurements import Catalogue, Reading, parse_period
from app.transfer.readers.open_sdg import parse_filter, parse_filters, read_open_sdg
from tests.support import factories as f
from tests.support.transfer import upload

SAMPLES = Path(__file__).parent.parent / "data" / "open-sdg-samples"
TODAY = date(2026, 12, 1)
IMPORT = "/staff/data/import/open-sdg"


def _read(city, name: str, path: Path | None = None, **options) -> tuple[Reading, MeasurementPlan]:  # type: ignore[no-untyped-def]
    frequency = options.pop("frequency", "yearly")
    unit = options.pop("unit", "")
    indicator = f.indicator(city.mission, city.edu, title=name, unit=unit, frequency=frequency)
    catalogue = Catalogue(None)
    source = path or SAMPLES / name
    table = open_table(source, source.name, max_rows=None)
    try:
        reading = read_open_sdg(table, indicator, catalogue, TODAY, **options)
    finally:
        table.close()
    return reading, plan_values(reading, catalogue)


def _by_key(reading: Reading) -> dict[tuple[date, str], float]:
    return {(item.period, item.breakdown): item.value for item in reading.values}


# ---- 1. columns that describe a value are not breakdowns ----


def test_attribute_columns_are_kept_with_the_value_and_leave_a_headline(app, city):
    with app.app_context():
        reading, plan = _read(city, "kyrgyzstan/indicator_8-1-1.csv")
        assert plan.errors == []
        assert {item.breakdown for item in reading.values} == {""}  # all headline
        first = reading.values[0]
        assert (first.period, first.value) == (date(2010, 1, 1), -0.5)
        assert first.attributes == {
            "Observation status": "Normal value", "Unit measure": "Percent",
            "Unit multiplier": "Units",
        }  # fmt: skip
        assert set(plan.attribute_columns) == {"Observation status", "Unit measure",
                                               "Unit multiplier"}  # fmt: skip
        apply_plan(plan, actor_id=None, source={"source": "test"})
        stored = db.session.scalars(
            db.select(Measurement).where(Measurement.indicator_id == first.indicator_id)
        ).first()
        assert stored is not None
        assert stored.attributes["Observation status"] == "Normal value"


def test_comment_columns_after_the_value_are_attributes(app, city):
    with app.app_context():
        reading, plan = _read(city, "canada/indicator_2-1-1.csv")
        assert plan.errors == []
        assert {item.breakdown for item in reading.values} == {""}
        assert reading.values[0].attributes["COMMENT_OBS_0"].startswith("Values showing as 2.5")


def test_a_column_the_import_names_is_an_attribute(app, city):
    with app.app_context():
        reading, _plan = _read(city, "usa/indicator_8-8-1.csv", attributes=["Sex"])
        # Sex kept with each value; the rows then collide per series and year: refused, named.
        assert "Sex" in reading.attribute_columns


def test_geocode_is_an_attribute_next_to_a_geography(app, city):
    with app.app_context():
        reading, plan = _read(city, "canada/indicator_16-b-1.csv", frequency="quarterly")
        assert plan.errors == []
        assert "GeoCode" in plan.attribute_columns
        assert all("geocode" not in item.breakdown for item in reading.values)
        assert any(item.attributes.get("GeoCode") == "35" for item in reading.values)


def test_geocode_is_a_breakdown_when_it_alone_tells_rows_apart(app, city):
    with app.app_context():
        reading, plan = _read(city, "usa/2-1-2.csv")
        assert plan.errors == []
        values = _by_key(reading)
        assert values[(date(2000, 1, 1), "")] == 10.5
        assert values[(date(2000, 1, 1), "geocode=KS")] == 0.0
        # "2002-04" (a three-year average) next to the yearly 2002: its own series
        assert values[(date(2002, 1, 1), "")] == 11.1
        assert values[(date(2002, 1, 1), "years=3")] == 0.0
        labels = {item.attributes.get("Year") for item in reading.values}
        assert {"1999-2001", "2002-04", "2014-16"} <= labels


# ---- 2. Series and Units ----


def test_several_series_and_units_are_each_their_own_series(app, city):
    with app.app_context():
        reading, plan = _read(city, "canada/indicator_15-2-1.csv")
        assert plan.errors == []
        assert len(plan.series) == 5
        assert len(plan.adds) == 50
        keys = {item.breakdown for item in reading.values}
        assert "series=Forest area net change rate|units=Percentage (%)" in keys


def test_a_single_unit_is_an_attribute_not_a_series(app, city):
    with app.app_context():
        reading, plan = _read(city, "usa/indicator_8-1-1.csv")
        assert plan.series == {}
        assert {item.breakdown for item in reading.values} == {""}
        assert reading.values[0].attributes["Units"] == "Percent"


def test_a_filter_keeps_one_series_and_may_hold_a_semicolon(app, city):
    assert parse_filter("Series=Rate; per 1,000=x") == ("Series", "Rate; per 1,000=x")
    assert parse_filters("Series=Rate; per 1,000; Units=Number") == {
        "Series": "Rate; per 1,000", "Units": "Number",
    }  # fmt: skip
    with app.app_context():
        series = "Annualized incidence rate of nonfatal cases of injuries and illnesses involving days away from work"  # noqa: E501
        reading, plan = _read(city, "usa/indicator_8-8-1.csv", filters={"Series": series})
        assert plan.errors == []
        assert {item.breakdown for item in reading.values} == {"sex=Female", "sex=Male"}


def test_the_command_line_filter_takes_a_value_with_a_semicolon(app, city, cli_runner, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("Year,Series,Value\n2020,A; B,1\n2021,A; B,2\n2020,C,3\n", encoding="utf-8")
    with app.app_context():
        made = f.indicator(city.mission, city.edu, title="semicolons", unit="")
        made_id = made.id
        db.session.commit()
    result = cli_runner.invoke(
        args=["import", "measurements", str(path), "--indicator", str(made_id), "--where",
              "Series=A; B", "--dry-run"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 to add" in result.output


# ---- 3. the headline series ----


def test_without_headline_rows_progress_says_what_to_choose_then_uses_the_choice(app, city):
    with app.app_context():
        reading, plan = _read(city, "usa/indicator_8-8-1.csv", unit="rate")
        apply_plan(plan, actor_id=None, source={"source": "test"})
        indicator_id = reading.values[0].indicator_id
        progress = load_indicator_progress(indicator_id, published_only=False, today=TODAY)
        assert progress is not None
        assert progress.result.headline.reason_code == "no_headline"
        assert "choose the breakdown" in (progress.result.reason or "")
        # Freshness counts every series: the newest value is 2022, so it is not "no data".
        assert progress.result.freshness.latest_period is not None
        indicator = db.session.get(type(progress.indicator), indicator_id)
        assert indicator is not None
        indicator.headline_breakdown = (
            "series=Incidence rate of fatal occupational injuries|sex=Male"
        )
        db.session.flush()
        chosen = load_indicator_progress(indicator_id, published_only=False, today=TODAY)
        assert chosen is not None
        assert chosen.result.headline.reason_code != "no_headline"
        assert chosen.headline[0] == (date(2006, 1, 1), 6.7)


def test_a_baseline_alone_does_not_hide_a_missing_headline(app, city):
    """With a stored baseline but no total rows, the reason is still the headline to choose,
    not 'two periods are needed' (the baseline is no series)."""
    with app.app_context():
        reading, plan = _read(city, "usa/indicator_8-8-1.csv", unit="rate")
        apply_plan(plan, actor_id=None, source={"source": "test"})
        indicator_id = reading.values[0].indicator_id
        indicator = db.session.get(Indicator, indicator_id)
        assert indicator is not None
        indicator.baseline_value, indicator.baseline_period = 3.5, date(2005, 1, 1)
        db.session.flush()
        progress = load_indicator_progress(indicator_id, published_only=False, today=TODAY)
        assert progress is not None
        assert progress.result.headline.reason_code == "no_headline"


def test_the_indicator_page_explains_the_missing_headline(app, city, signed_in):
    with app.app_context():
        reading, plan = _read(city, "usa/indicator_8-8-1.csv", unit="rate")
        apply_plan(plan, actor_id=None, source={"source": "test"})
        indicator_id = reading.values[0].indicator_id
        db.session.commit()
    client = signed_in("admin")
    html = client.get(f"/staff/indicators/{indicator_id}").get_data(as_text=True)
    assert "no headline (total) series" in html
    assert "There are no values yet." not in html
    assert "No data yet" not in html


def test_residents_read_a_plain_reason_not_the_staff_instruction(app, city, client):
    with app.app_context():
        reading, plan = _read(city, "usa/indicator_8-8-1.csv", unit="rate")
        apply_plan(plan, actor_id=None, source={"source": "test"})
        indicator = db.session.get(Indicator, reading.values[0].indicator_id)
        assert indicator is not None
        mission = db.session.get(Mission, indicator.mission_id)
        assert mission is not None
        indicator.is_published = mission.is_published = True
        db.session.commit()
        url = f"/missions/{mission.slug}/indicators/{indicator.id}"
    html = client.get(url).get_data(as_text=True)
    assert "published by breakdown only" in html
    assert "indicator's settings" not in html


def test_the_form_sets_a_headline_only_among_the_breakdowns(app, city, signed_in):
    from tests.support.indicators import edit_form

    with app.app_context():
        f.measurement(city.edu_indicator, date(2022, 1, 1), 40.0, breakdown="sex=Both sexes")
        db.session.commit()
    client = signed_in("admin")
    url = f"/staff/indicators/{city.edu_indicator.id}/edit"
    assert "sex=Both sexes" in client.get(url).get_data(as_text=True)
    refused = client.post_form(url, edit_form(city, headline_breakdown="sex=Nobody"))
    assert "Choose one of the breakdowns" in refused.get_data(as_text=True)
    # While the indicator has totals, they are its headline: no breakdown can replace them.
    with_totals = client.post_form(url, edit_form(city, headline_breakdown="sex=Both sexes"))
    assert "they are its headline series" in with_totals.get_data(as_text=True)
    with app.app_context():
        db.session.execute(
            delete(Measurement).where(
                Measurement.indicator_id == city.edu_indicator.id, Measurement.breakdown == ""
            )
        )
        db.session.commit()
    saved = client.post_form(url, edit_form(city, headline_breakdown="sex=Both sexes"))
    assert saved.status_code == 302
    with app.app_context():
        indicator = db.session.get(type(city.edu_indicator), city.edu_indicator.id)
        assert indicator is not None
        assert indicator.headline_breakdown == "sex=Both sexes"


# ---- 4. periods ----


@pytest.mark.parametrize(
    ("text", "expected", "fineness"),
    [
        ("2014-16", date(2014, 1, 1), "year"),
        ("2002-2004", date(2002, 1, 1), "year"),
        ("2000 (completion 2004)", date(2000, 1, 1), "year"),
        ("2021-2022*", date(2021, 1, 1), "year"),
        ("2016/18 (baseline)", date(2016, 1, 1), "year"),
        ("2000/01", date(2000, 1, 1), "year"),
        ("2017/2018", date(2017, 1, 1), "year"),
        ("2013 Q1", date(2013, 1, 1), "quarter"),
        ("2013-Q3", date(2013, 7, 1), "quarter"),
        ("Q1 2013", date(2013, 1, 1), "quarter"),
        ("1993 01", date(1993, 1, 1), "month"),
        ("1993-01", date(1993, 1, 1), "month"),
        ("2021.0", date(2021, 1, 1), "year"),
    ],
)
def test_periods_as_offices_write_them(app, text, expected, fineness):
    with app.test_request_context():
        assert parse_period(text) == (expected, fineness)


def test_real_files_with_ranges_fiscal_years_quarters_and_float_years(app, city):
    with app.app_context():
        for name, frequency, period in [
            ("canada/indicator_2-5-2.csv", "yearly", date(2019, 1, 1)),
            ("canada/indicator_2-b-1.csv", "yearly", date(2017, 1, 1)),
            ("canada/indicator_16-b-1.csv", "quarterly", date(2024, 4, 1)),
            ("kyrgyzstan/8-7-1.csv", "yearly", date(2018, 1, 1)),
            ("usa/indicator_8-8-1.csv", "yearly", date(2021, 1, 1)),
        ]:
            reading, plan = _read(city, name, frequency=frequency)
            assert plan.errors == [], name
            assert period in {item.period for item in reading.values}, name
        reading, _plan = _read(city, "kyrgyzstan/8-7-1.csv")
        assert reading.without_period == 5  # lines 27-31: a value but no year


def test_a_period_that_fits_no_format_is_refused_with_its_text(app, city, tmp_path):
    path = tmp_path / "bad.csv"
    lines = (SAMPLES / "usa/indicator_8-9-2.csv").read_text().splitlines()
    lines[3] = lines[3].replace("2002", "around 2002")
    path.write_text("\n".join(lines), encoding="utf-8")
    with app.app_context():
        _reading, plan = _read(city, "bad.csv", path=path)
    (error,) = plan.errors
    assert (error.row, error.column) == (4, "Year")
    assert "“around 2002” is not a period" in error.message
    assert "2014-16" in error.message


# ---- 5. numbers ----


def test_numbers_as_written_in_real_files(app, city):
    with app.app_context():
        reading, _plan = _read(city, "usa/indicator_8-9-2.csv")
        assert reading.values[0].value == 0.69  # ".69"
        reading, _plan = _read(city, "canada/indicator_2-b-1.csv")
        assert _by_key(reading)[(date(2017, 1, 1), "product=Cheese")] == 9754.0  # "9,754"
        reading, _plan = _read(city, "kazakhstan/2-3-1.csv")
        assert reading.values[0].value == 428.8  # "428,8" in a ;-separated file
        reading, _plan = _read(city, "kazakhstan/indicator_3-9-3.csv")
        assert any(item.row == 1351 and item.value == 1.0 for item in reading.values)  # "1."
        reading, _plan = _read(city, "canada/indicator_11-3-1.csv")
        assert 0.0008 in {item.value for item in reading.values}  # "8e-04"
        assert min(item.value for item in reading.values) < 0
        reading, plan = _read(city, "canada/indicator_16-7-2.csv")
        assert (reading.skipped, plan.skipped) == (66, 66)  # empty values, counted


def test_a_cell_that_is_not_a_number_is_shown_in_the_error(app, city, tmp_path):
    path = tmp_path / "bad.csv"
    text = (SAMPLES / "usa/indicator_8-9-2.csv").read_text().replace(".64", "n/a", 1)
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        _reading, plan = _read(city, "bad.csv", path=path)
    assert [error.column for error in plan.errors] == ["Value"]
    assert "“n/a” is not a number" in plan.errors[0].message


# ---- 6. files as they are saved ----


def test_encodings_bom_and_blank_rows_before_the_header(app, city, tmp_path):
    with app.app_context():
        reading, plan = _read(city, "canada/indicator_16-1-3.csv")
        assert (reading.encoding, plan.errors) == ("cp1252", [])
        assert any("first nations, métis, or inuit identity=" in item.breakdown
                   for item in reading.values)  # fmt: skip
        reading, plan = _read(city, "kazakhstan/2-3-1.csv")
        assert reading.encoding == "cp1251"
        assert reading.values[0].attributes["UNIT_MEASURE"] == "тыс.тенге"
        reading, plan = _read(city, "kyrgyzstan/17-8-1.csv")  # 65 comma-only rows first
        assert plan.errors == []
        assert reading.values[0].row == 67
        utf16 = tmp_path / "utf16.csv"
        utf16.write_bytes(
            (SAMPLES / "usa/indicator_8-1-1.csv").read_bytes().decode("utf-8-sig").encode("utf-16")
        )
        reading, plan = _read(city, "utf16.csv", path=utf16)
        assert (reading.encoding, len(plan.adds)) == ("utf-16", 24)


def test_a_file_in_no_known_encoding_is_refused_naming_the_encodings(app, city, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Year,Value\n2020,\x98\x81\n")
    with app.app_context(), pytest.raises(FileRejected, match="not UTF-8, UTF-16, Windows-1252"):
        _read(city, "odd.csv", path=path)


def test_a_header_only_file_says_there_are_no_values(app, city, signed_in, tmp_path):
    header = (SAMPLES / "usa/indicator_3-3-4.csv").read_bytes().splitlines()[0] + b"\r\n"
    with app.app_context():
        made = f.indicator(city.mission, city.edu, title="empty", unit="")
        made_id = made.id
        db.session.commit()
    html = upload(signed_in("admin"), IMPORT, "empty.csv", header, indicator_id=made_id).get_data(
        as_text=True
    )
    assert "There are no values in this file." in html
    assert "already stored" not in html


# ---- 7. duplicates ----


def test_exact_duplicates_are_taken_once_and_counted(app, city):
    with app.app_context():
        _reading, plan = _read(city, "usa/indicator_3-3-4.csv")
        assert plan.errors == []
        assert plan.duplicates == 5  # lines 157-161 repeat lines 13-17


def test_conflicting_rows_are_refused_with_both_rows_and_values(app, city):
    with app.app_context():
        _reading, plan = _read(city, "kazakhstan/indicator_11-6-2.csv")
    (error,) = [e for e in plan.errors if e.row == 485]
    assert error.column == "Value"
    assert "Rows 454 and 485" in error.message
    assert "Year 2021" in error.message
    assert "REF_AREA KZSTG" in error.message
    assert "0.0179 and 0.0196" in error.message


def test_conflicts_are_refused_in_icelandic_too(app, city, signed_in):
    with app.app_context():
        made = f.indicator(city.mission, city.edu, title="pm", unit="")
        made_id = made.id
        db.session.commit()
    client = signed_in("admin")
    content = (SAMPLES / "kazakhstan/indicator_11-6-2.csv").read_bytes()
    html = upload(client, IMPORT + "?lang=is", "pm.csv", content, indicator_id=made_id).get_data(
        as_text=True
    )
    assert "Línur 454 og 485" in html


# ---- 8. plausible range ----


def test_negative_growth_in_percent_is_accepted(app, city):
    with app.app_context():
        reading, plan = _read(city, "usa/indicator_8-1-1.csv", unit="%")
        assert plan.errors == []
        assert -3.4 in {item.value for item in reading.values}


def test_the_form_shows_the_range_it_enforces_and_clears_it(app, city, signed_in):
    from tests.support.indicators import edit_form

    with app.app_context():
        indicator = db.session.get(type(city.edu_indicator), city.edu_indicator.id)
        assert indicator is not None
        indicator.min_value, indicator.max_value = 0.0, 100.0
        db.session.commit()
    client = signed_in("admin")
    url = f"/staff/indicators/{city.edu_indicator.id}/edit"
    assert "Enforced now: values from 0 to 100." in client.get(url).get_data(as_text=True)
    cleared = client.post_form(url, edit_form(city, min_value="", max_value=""))
    assert cleared.status_code == 302
    assert "No range is enforced" in client.get(url).get_data(as_text=True)


def test_domain_errors_keep_their_field(app):
    with app.test_request_context(), pytest.raises(DomainError):
        parse_filter("no equals sign")

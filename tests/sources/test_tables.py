"""Sources laid out as Open SDG tables (JSON-stat cubes, plain CSVs), and filters for any input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import DomainError
from app.sources.filters import check_filter, parse_filter_text
from app.sources.tables import csv_as_open_sdg, jsonstat_as_open_sdg
from app.tabular import Table
from tests.support.sources import jsonstat

MONTHLY = jsonstat(
    [("Mánuður", [("2024M01", "2024M01"), ("2024M02", "2024M02")]),
     ("Svæði", [("0", "Allt landið"), ("1", "Höfuðborgarsvæðið")])],
    [10, 6, 11, None],
    time="Mánuður",
)  # fmt: skip


def _rows(table: Table) -> list[tuple[int, list[Any]]]:
    return list(table.rows)


def test_px_time_codes_become_periods_and_missing_values_empty_cells(ctx):
    table = jsonstat_as_open_sdg(
        MONTHLY, {"breakdowns": {"Svæði": "area"}, "totals": {"Svæði": "0"}}
    )
    assert table.header == ["Year", "Value", "area"]
    assert _rows(table) == [
        (2, ["2024-01", 10, ""]),
        (3, ["2024-01", 6, "Höfuðborgarsvæðið"]),
        (4, ["2024-02", 11, ""]),
        (5, ["2024-02", "", "Höfuðborgarsvæðið"]),
    ]


def test_a_kept_list_of_categories_matches_codes_or_labels(ctx):
    table = jsonstat_as_open_sdg(MONTHLY, {"keep": {"Svæði": ["Höfuðborgarsvæðið"]}})
    assert [cells for _n, cells in _rows(table)] == [["2024-01", 6], ["2024-02", ""]]


def test_a_sparse_value_object_is_read_by_position(ctx):
    document = json.loads(MONTHLY)
    document["value"] = {"0": 10, "3": 7}
    table = jsonstat_as_open_sdg(json.dumps(document).encode(), {"keep": {"Svæði": "0"}})
    assert [cells for _n, cells in _rows(table)] == [["2024-01", 10], ["2024-02", ""]]


def test_a_plain_csv_keeps_rows_and_renames_columns(ctx):
    table = Table(
        ["Ár", "Kyn", "Gildi", "Eining"],
        iter([(2, ["2020", "Alls", "5", "%"]), (3, ["2020", "Konur", "6", "%"]),
              (4, ["2020", "Konur", "600", "fjöldi"])]),
    )  # fmt: skip
    mapped = csv_as_open_sdg(
        table, {"period": "ár", "value": "gildi", "keep": {"Eining": "%"},
                "breakdowns": {"Kyn": "sex"}, "totals": {"Kyn": "Alls"}},
    )  # fmt: skip
    assert mapped.header == ["Year", "Value", "sex"]
    assert _rows(mapped) == [(2, ["2020", "5", ""]), (3, ["2020", "6", "Konur"])]


def test_a_filter_naming_a_missing_column_is_refused(ctx):
    table = Table(["Year", "Value"], iter([]))
    with pytest.raises(DomainError, match="no column Kyn"):
        csv_as_open_sdg(table, {"breakdowns": {"Kyn": "sex"}})


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=20,
)  # fmt: skip
FILTER_KEYS = st.sampled_from(["keep", "period", "value", "breakdowns", "totals", "other"])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["open_sdg", "csv", "jsonstat"]),
    data=st.dictionaries(FILTER_KEYS, JSON, max_size=4) | JSON,
)
def test_any_filter_is_cleaned_or_refused_with_a_message(ctx, kind, data):
    refused: DomainError | None = None
    try:
        cleaned = check_filter(kind, data)
    except DomainError as error:
        refused = error
    if refused is not None:
        assert refused.field == "filter"
        assert refused.message
        return
    assert check_filter(kind, cleaned) == cleaned
    assert parse_filter_text(kind, json.dumps(cleaned)) == cleaned


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=st.dictionaries(
    st.sampled_from(["version", "class", "id", "size", "value", "dimension", "role"]), JSON,
    max_size=7,
))  # fmt: skip
def test_any_json_is_read_as_a_dataset_or_refused_clearly(ctx, document):
    document.setdefault("class", "dataset")
    message = "read"
    try:
        table = jsonstat_as_open_sdg(json.dumps(document).encode(), {})
        list(table.rows)
    except DomainError as error:
        message = error.message
    assert message

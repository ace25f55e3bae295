"""Small-number suppression: small cells withheld, and no single cell left to subtract."""

from __future__ import annotations

from datetime import date

from app.privacy import suppress_breakdowns

Y = date(2024, 1, 1)


def _values(result):  # type: ignore[no-untyped-def]
    return {key: [p.value for p in points] for key, points in result.items()}


def test_not_sensitive_shows_everything():
    result, withheld = suppress_breakdowns({"district=A": [(Y, 1.0)]}, False, 5)
    assert _values(result) == {"district=A": [1.0]}
    assert withheld is False


def test_small_values_are_withheld_with_a_second_cell():
    data = {"district=A": [(Y, 2.0)], "district=B": [(Y, 9.0)], "district=C": [(Y, 30.0)]}
    result, withheld = suppress_breakdowns(data, True, 5)
    # A alone would be headline - B - C, so the next smallest (B) is withheld too.
    assert _values(result) == {"district=A": [None], "district=B": [None], "district=C": [30.0]}
    assert withheld is True


def test_two_small_cells_need_no_secondary_suppression():
    data = {"district=A": [(Y, 2.0)], "district=B": [(Y, 3.0)], "district=C": [(Y, 30.0)]}
    result, _ = suppress_breakdowns(data, True, 5)
    assert _values(result) == {"district=A": [None], "district=B": [None], "district=C": [30.0]}


def test_threshold_is_configurable_and_exclusive():
    data = {"district=A": [(Y, 5.0)], "district=B": [(Y, 6.0)]}
    result, withheld = suppress_breakdowns(data, True, 5)
    assert _values(result) == {"district=A": [5.0], "district=B": [6.0]}
    assert withheld is False
    result, _ = suppress_breakdowns(data, True, 10)
    assert _values(result) == {"district=A": [None], "district=B": [None]}


def test_groups_are_per_dimension_set_and_period():
    data = {
        "district=A": [(Y, 1.0), (date(2025, 1, 1), 50.0)],
        "district=B": [(Y, 40.0), (date(2025, 1, 1), 60.0)],
        "age=0-5": [(Y, 70.0)],
    }
    result, _ = suppress_breakdowns(data, True, 5)
    assert _values(result) == {
        "district=A": [None, 50.0],
        "district=B": [None, 60.0],
        "age=0-5": [70.0],
    }

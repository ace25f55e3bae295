"""Every not-available assessment carries a stable reason code that pages can translate."""

from __future__ import annotations

from datetime import date

import pytest

from app.progress import assess_series
from app.progress.outcome import REASON_CODES


@pytest.mark.parametrize(
    ("points", "kwargs", "code"),
    [
        ([], {}, "no_values"),
        ([(2020, 5.0)], {"base_period": 2021}, "no_base"),
        ([(2020, 5.0), (2022, -3.0)], {}, "sign_change"),
        ([(2020, 5.0)], {}, "one_period"),
        ([(2020, 5.0), (2022, 6.0)], {"target": 9.0}, "target_without_period"),
        ([(2020, 5.0), (2022, 6.0)], {"target": 9.0, "target_period": 2019}, "target_before_base"),
        (
            [(2020, 5.0), (2022, 6.0)],
            {"target": -9.0, "target_period": 2030, "direction": "decrease"},
            "target_sign",
        ),
        (
            [(2020, 5.0), (2022, 6.0)],
            {"target": 5.0, "target_period": 2030, "direction": "decrease"},
            "target_equals_base",
        ),
        ([(date(2020, 1, 1), 1e-300), (date(2020, 1, 2), 1e300)], {}, "overflow"),
    ],
)
def test_reason_codes(points, kwargs, code):
    kwargs = {"direction": "increase", **kwargs}
    result = assess_series(points, **kwargs)
    assert result.status == "not_available"
    assert result.reason_code == code
    assert code in REASON_CODES
    assert result.reason


def test_available_results_have_no_code():
    result = assess_series([(2020, 5.0), (2023, 6.0)], direction="increase")
    assert result.reason_code is None

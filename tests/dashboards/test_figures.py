"""Glue between reads and charts: the fast number formatter says exactly what number() says."""

from __future__ import annotations

import random

import pytest
from flask_babel import force_locale

from app.templating import number, number_formatter

VALUES = [2.675, 0.125, 0.135, -0.04, -0.0, 0.0, 1e-9, 12345678.5, 0.5, 1.5, 2.5, -2.5, 1e15,
          float("nan"), float("inf"), None]  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "is"])
@pytest.mark.parametrize("decimals", [0, 1, 2, 3])
def test_number_formatter_matches_number(app, locale, decimals):
    rng = random.Random(decimals)
    values = VALUES + [rng.uniform(-1e7, 1e7) for _ in range(2000)]
    values += [rng.uniform(-2, 2) for _ in range(2000)]
    with app.test_request_context(), force_locale(locale):
        fast = number_formatter(decimals)
        assert [fast(v) for v in values] == [number(v, decimals) for v in values]


def test_icelandic_uses_its_own_symbols(app):
    with app.test_request_context(), force_locale("is"):
        assert number_formatter(1)(12345.67) == "12.345,7"

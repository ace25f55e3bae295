"""Periods are named by their frequency in the reader's language, never by their first day."""

from __future__ import annotations

from datetime import date

import pytest

from app.periods import period_label


@pytest.mark.parametrize(
    ("lang", "frequency", "period", "expected"),
    [
        ("en", "yearly", date(2024, 1, 1), "2024"),
        ("is", "yearly", date(2024, 1, 1), "2024"),
        ("en", "quarterly", date(2024, 7, 1), "2024 Q3"),
        ("is", "quarterly", date(2024, 7, 1), "3. ársfj. 2024"),
        ("en", "quarterly", date(2024, 1, 1), "2024 Q1"),
        ("is", "quarterly", date(2024, 10, 1), "4. ársfj. 2024"),
        ("en", "monthly", date(2024, 3, 1), "March 2024"),
        ("is", "monthly", date(2024, 3, 1), "mars 2024"),
        ("en", "weekly", date(2024, 7, 1), "week 27 of 2024"),
        ("is", "weekly", date(2024, 7, 1), "viku 27 af 2024"),
        # a week belongs to the year of its Thursday (ISO 8601): 30 December 2024 is week 1 of 2025
        ("is", "weekly", date(2024, 12, 30), "viku 1 af 2025"),
        ("en", "daily", date(2024, 7, 1), "Jul 1, 2024"),
        ("is", "daily", date(2024, 7, 1), "1. júl. 2024"),
        ("en", "monthly", None, "–"),
    ],
)
def test_a_period_is_named_by_its_frequency(app, lang, frequency, period, expected):
    with app.test_request_context(f"/?lang={lang}"):
        assert period_label(frequency, period) == expected


def test_the_language_can_change_within_one_request(app):
    """Labels are kept per locale: force_locale (emails, feeds) gets its own language's names."""
    from flask_babel import force_locale

    with app.test_request_context("/?lang=is"):
        assert period_label("monthly", date(2024, 3, 1)) == "mars 2024"
        with force_locale("en"):
            assert period_label("monthly", date(2024, 3, 1)) == "March 2024"
            assert period_label("quarterly", date(2024, 4, 1)) == "2024 Q2"
        assert period_label("quarterly", date(2024, 4, 1)) == "2. ársfj. 2024"


def test_dates_in_general_follow_the_page_language(app):
    """format_date (the `when` helper) writes Icelandic dates as Icelanders do."""
    from app.templating import when

    with app.test_request_context("/?lang=is"):
        assert when(date(2024, 3, 5)) == "5. mar. 2024"
        assert when(date(2024, 3, 5), "long") == "5. mars 2024"
    with app.test_request_context("/?lang=en"):
        assert when(date(2024, 3, 5)) == "Mar 5, 2024"

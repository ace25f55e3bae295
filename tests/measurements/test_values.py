"""The shared number parser, plain numbers and period labels."""

from __future__ import annotations

import pytest

from app.measurements.values import parse_number, plain_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.5", 12.5),
        ("12,5", 12.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1 234 567", 1234567.0),
        ("  7 ", 7.0),
        ("-3,25", -3.25),
        ("0", 0.0),
        # as statistics offices write them (issue 12)
        (".5", 0.5),
        ("5.", 5.0),
        ("5.5e-05", 5.5e-05),
        ("-3", -3.0),
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1,234.5", 1234.5),
        ("1e5", 100000.0),
        ("41.1 ", 41.1),
    ],
)
def test_numbers_people_type_are_read(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["abc", "", "12,5,3", "1.23,5", "1,23.5", ".", "nan", "inf", "12 34", "+5", "5%"]
)
def test_anything_else_is_refused_with_one_clear_message(text):
    with pytest.raises(ValueError, match=r"Enter a number, e\.g\. 12\.5"):
        parse_number(text)


@pytest.mark.parametrize("value", [12.5, 71.04, 0.1 + 0.2, 1e-7, 123456789.0, -2.0])
def test_plain_numbers_read_back_exactly(app, value):
    with app.test_request_context():
        assert parse_number(plain_number(value)) == value


def test_plain_numbers_use_the_icelandic_comma(app):
    with app.test_request_context("/?lang=is"):
        text = plain_number(1234.5)
    assert text == "1234,5"
    assert parse_number(text) == 1234.5


def test_a_comma_groups_thousands_only_where_told_and_unambiguous():
    assert parse_number("9,754") == 9.754
    assert parse_number("9,754", comma="thousands") == 9754.0
    assert parse_number("428,8", comma="thousands") == 428.8
    assert parse_number("1,234,567", comma="thousands") == 1234567.0
    # A thousands group never starts with 0: these are decimal commas in any file.
    assert parse_number("0,500", comma="thousands") == 0.5
    assert parse_number("-0,625", comma="thousands") == -0.625

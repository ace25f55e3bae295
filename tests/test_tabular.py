"""The one spreadsheet writer: formula neutralisation, numbers kept as numbers, round trips."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.tabular import csv_chunks, restore_text, safe_text, xlsx_bytes


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-district=Breiðholt", "'-district=Breiðholt"),
        ("- a list item", "'- a list item"),
        # Text that is a plain number is read as that number by a spreadsheet: left alone.
        ("-3.5", "-3.5"),
        ("-3,5", "-3,5"),
        ("+12", "+12"),
        ("-1e5", "-1e5"),
        ("-500.00", "-500.00"),
        # Ordinary text.
        ("Breiðholt", "Breiðholt"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_text(text, written):
    assert safe_text(text) == written
    assert safe_text(written) == written  # neutralising twice changes nothing more
    assert restore_text(written) == (text or "")  # an import reads back what was stored


def test_csv_keeps_numbers_dates_and_booleans_and_neutralises_text():
    rows = [
        [-3.5, 40.0, 7, Decimal("-12.50"), True, date(2024, 1, 1), None, "=1+2", "-3.5"],
        [float("nan"), 0.1, -0, Decimal("0"), False, datetime(2024, 1, 2, 3, 4), "", "@x", "ok"],
    ]
    text = "".join(csv_chunks(["a", "=b", "c", "d", "e", "f", "g", "h", "i"], rows))
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == ["a", "'=b", "c", "d", "e", "f", "g", "h", "i"]
    assert parsed[1] == ["-3.5", "40", "7", "-12.50", "true", "2024-01-01", "", "'=1+2", "-3.5"]
    assert parsed[2] == ["", "0.1", "0", "0", "false", "2024-01-02T03:04:00", "", "'@x", "ok"]
    assert text.count("\r\n") == 3


def test_csv_text_with_line_breaks_reads_back_unchanged():
    text = "".join(csv_chunks(["note"], [["first line\r\nsecond, with a comma"]]))
    assert list(csv.reader(io.StringIO(text, newline="")))[1] == [
        "first line\r\nsecond, with a comma"
    ]


def test_xlsx_writes_numbers_as_numbers_and_neutralises_text():
    data = xlsx_bytes([("values", ["value", "note"], [[-3.5, "=1+2"], [12, "-3.5"]])])
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("value", "note"),
        (-3.5, "'=1+2"),
        (12, "-3.5"),
    ]

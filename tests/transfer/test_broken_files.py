"""Hostile and broken files: zip bombs, wrong signatures and generated garbage never crash."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.tabular import FileRejected, open_table
from tests.support.transfer import confirm, csv_bytes, measurement_count, upload, xlsx_file

IMPORT = "/staff/data/import/measurements"
CONFIRM = "/staff/data/import/measurements/confirm"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
SETTINGS = settings(
    max_examples=int(os.environ.get("TRANSFER_FUZZ_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _zip(members: dict[str, bytes | int]) -> bytes:
    """A zip; an int member is that many zero bytes, written in chunks."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if isinstance(content, int):
                with archive.open(name, "w", force_zip64=True) as member:
                    chunk = b"\0" * (1024 * 1024)
                    for _ in range(content // len(chunk)):
                        member.write(chunk)
            else:
                archive.writestr(name, content)
    return output.getvalue()


def _open(tmp_path: Path, name: str, content: bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / "upload"
    path.write_bytes(content)
    table = open_table(path, name)
    try:
        return table.header, list(table.rows)
    finally:
        table.close()


def test_a_zip_bomb_is_refused_before_parsing(tmp_path):
    bomb = _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.encode(),
            "xl/worksheets/sheet1.xml": 101 * 1024 * 1024,
        }
    )
    assert len(bomb) < 1024 * 1024
    with pytest.raises(FileRejected, match="unpacks to more than 100 MB"):
        _open(tmp_path, "bomb.xlsx", bomb)


def test_a_member_that_inflates_too_much_is_refused(tmp_path):
    bomb = _zip(
        {"[Content_Types].xml": CONTENT_TYPES.encode(), "xl/sharedStrings.xml": 8 * 1024 * 1024}
    )
    with pytest.raises(FileRejected, match="refused as unsafe"):
        _open(tmp_path, "bomb.xlsx", bomb)


def test_a_member_larger_than_its_header_says_is_refused(tmp_path):
    honest = _zip({"[Content_Types].xml": CONTENT_TYPES.encode(), "xl/data.xml": b"x" * 5000})
    # Shrink the declared size of xl/data.xml (local header and central directory) to 10 bytes.
    lying = honest.replace((5000).to_bytes(4, "little"), (10).to_bytes(4, "little"))
    assert lying != honest
    with pytest.raises(FileRejected, match="not an XLSX spreadsheet"):
        _open(tmp_path, "lying.xlsx", lying)


def test_the_bomb_upload_is_refused_on_the_page(app, city, signed_in):
    bomb = _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.encode(),
            "xl/worksheets/sheet1.xml": 101 * 1024 * 1024,
        }
    )
    response = upload(signed_in("admin"), IMPORT, "bomb.xlsx", bomb)
    assert response.status_code == 200
    assert "unpacks to more than 100 MB" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("values.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        ("values.xlsx", b"indicator_id,period,value\n1,2024,5\n"),
        ("values.xlsx", b"PK\x03\x04 broken"),
        ("values.xlsx", b""),
    ],
)
def test_wrong_signatures_are_refused(tmp_path, name, content):
    with pytest.raises(FileRejected, match="not an XLSX spreadsheet"):
        _open(tmp_path, name, content)


def test_a_zip_that_is_not_a_spreadsheet_is_refused(tmp_path):
    word = CONTENT_TYPES.replace(
        "spreadsheetml.sheet.main+xml", "wordprocessingml.document.main+xml"
    ).encode()
    for archive in (
        _zip({"readme.txt": b"hello"}),
        _zip({"[Content_Types].xml": word}),
        _zip({"[Content_Types].xml": b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"}),
    ):
        with pytest.raises(FileRejected, match="not an XLSX spreadsheet"):
            _open(tmp_path, "values.xlsx", archive)


def test_a_real_spreadsheet_reads_as_a_stream(tmp_path):
    header, rows = _open(
        tmp_path, "v.xlsx", xlsx_file(["a", "b"], [[1, "x"], [None, None], [2.5, "=y"]])
    )
    assert header == ["a", "b"]
    # Formulas are never run: a formula cell reads as its cached value, here none.
    assert rows == [(2, [1, "x"]), (4, [2.5, None])]


# ---- generated garbage ----

CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "2024",
            "2023-Q2",
            "2022-13",
            "12,5",
            "1 234,5",
            "abc",
            "-1",
            "1e5",
            "final",
            "provisional",
            "=cmd",
            "'=x",
            "a=b",
            "x|y=z",
            "\x00",
            "\r\n",
            '"',
        ]
    ),
    st.text(max_size=12),
    st.integers(min_value=-5, max_value=10**12).map(str),
)
COLUMNS = st.lists(
    st.sampled_from(
        [
            "indicator_id",
            "period",
            "value",
            "status",
            "source_note",
            "breakdown",
            "district",
            "indicator_code",
            "",
            "value",
        ]
    ),
    min_size=1,
    max_size=6,
)


def _planned(html: str) -> int:
    found = {name: int(n) for name, n in re.findall(r"(To add|To change): (\d+)", html)}
    return found.get("To add", 0)


def _check_all_or_nothing(app, client, response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if 'name="ticket"' not in html:
        return
    before = measurement_count(app)
    added = _planned(html)
    done = confirm(client, CONFIRM, html)
    assert done.status_code in (302, 409)
    after = measurement_count(app)
    assert after in (before, before + added)
    assert (after == before + added) == (done.status_code == 302)


@pytest.fixture
def admin(signed_in):  # type: ignore[no-untyped-def]
    """One signed-in client for all the examples of a test (signing in is rate limited)."""
    return signed_in("admin")


@pytest.mark.slow
@SETTINGS
@given(
    columns=COLUMNS,
    rows=st.lists(st.lists(CELLS, max_size=7), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]),
    use_real_ids=st.booleans(),
)
def test_generated_csv_files_never_crash_or_write_in_part(
    app, city, admin, columns, rows, delimiter, encoding, use_real_ids
):
    if use_real_ids:
        rows = [[str(city.edu_indicator.id), *row[1:]] if row else row for row in rows]
    text = csv_bytes(columns, rows, delimiter=delimiter).decode("utf-8")
    try:
        content = text.encode(encoding)
    except UnicodeEncodeError:
        content = text.encode("utf-8")
    _check_all_or_nothing(app, admin, upload(admin, IMPORT, "g.csv", content))


@pytest.fixture
def good_xlsx(city) -> bytes:  # type: ignore[no-untyped-def]
    """A valid upload, made once per test (its bytes hold a timestamp)."""
    return xlsx_file(
        ["indicator_id", "period", "value"],
        [[city.edu_indicator.id, "2019", 12.5], [city.edu_indicator.id, 2018, "7,5"]],
    )


@pytest.mark.slow
@SETTINGS
@given(data=st.data())
def test_mangled_xlsx_files_never_crash_or_write_in_part(app, city, admin, good_xlsx, data):
    content = bytearray(good_xlsx)
    for _ in range(data.draw(st.integers(0, 6))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.one_of(st.none(), st.integers(0, len(content))))
    if cut is not None:
        content = content[:cut]
    _check_all_or_nothing(app, admin, upload(admin, IMPORT, "m.xlsx", bytes(content)))


@pytest.mark.slow
@SETTINGS
@given(bytes_=st.binary(max_size=400), name=st.sampled_from(["b.csv", "b.xlsx"]))
def test_random_bytes_never_crash(app, city, admin, bytes_, name):
    _check_all_or_nothing(app, admin, upload(admin, IMPORT, name, bytes_))

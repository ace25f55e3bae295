"""Spreadsheets in and out: reading uploaded CSV and XLSX files safely, writing CSV and XLSX.

The one module that turns files into rows and rows into files, for the imports, the staff
exports and the open-data CSVs alike. It knows nothing of requests or of the database.

Decisions:

* The extension says which reader to use (.csv or .xlsx) and the first bytes must agree: an XLSX
  file is a zip archive whose [Content_Types].xml names an OOXML worksheet; a CSV file is text
  without NUL bytes: UTF-8 (a byte order mark is allowed), UTF-16 with its byte order mark, or,
  as Excel saves in Europe and Central Asia, Windows-1252 or Windows-1251 (told apart by how
  the bytes above 0x7F cluster; ``decode_text``), named in the preview. Rows before the header
  that hold nothing (blank lines, only separators) are skipped. A CSV may be separated by
  commas, semicolons (what a spreadsheet set to Icelandic writes) or tabs; the header line
  decides.
* Before openpyxl sees an XLSX archive, every member's declared size and its actual size (read in
  chunks, so a lying header cannot hide a bomb) are checked against MAX_XLSX_UNCOMPRESSED, and
  suspicious compression ratios are refused. The small parts (content types, workbook,
  relationships, styles) are parsed with defusedxml; the sheet and its shared strings, the big
  ones, with the standard library's C parser after refusing any DOCTYPE or ENTITY declaration
  (and UTF-16, which that check could not see), which is what defusedxml would refuse.
* Rows are read as a stream: a csv reader over a text wrapper; for XLSX the first sheet's XML
  through the standard library's C parser, once, keeping only the columns the header names (no
  dimension scan, no padding to a declared width; see "XLSX: the first worksheet" below). More
  than the row limit stops the reading with an error instead of filling memory.
* Row numbers are the ones a spreadsheet shows: the header is row 1, the first data row is row 2.
* Every file written here (staff exports in CSV and XLSX, open-data CSVs) neutralises text cells
  that a spreadsheet would run as a formula: text starting with =, +, -, @, a tab or a carriage
  return gets a leading apostrophe (``safe_text``). Numbers, dates and booleans are written as
  such and never changed, so -3.5 stays the number -3.5. Text that is itself a plain number
  ("-3.5", "+12", "-1e5", as a budget or a code may be) is left alone too: a spreadsheet reads it
  as that number, and it cannot hold a formula. Imports remove the apostrophe again
  (``restore_text``), so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import math
import posixpath
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, cast
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from flask_babel import gettext as _

from app.errors import DomainError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_MEMBERS = 1_000
# Markup, counted as "<" characters over the whole archive: what parsing costs is elements, not
# bytes (a sheet of empty cells, "<c/>", is four bytes a cell). A 50,000-row export of the
# template's columns has about 3.2 million; a file of this many previews in about 6 s on a quiet
# 2-core machine, 9 s on a busy one (README, "Import previews within the worker timeout").
MAX_XLSX_TAGS = 4_000_000
# A member that inflates more than this many times is refused (ordinary sheets stay well below).
MAX_XLSX_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

ZIP_SIGNATURE = b"PK\x03\x04"
SHEET_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | float | int | date | datetime | bool | None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text a spreadsheet reads as a plain number: it cannot be a formula, so it is left alone.
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?$")
# What restore_text undoes: the apostrophe before a formula start (or the line feed that XML, so
# XLSX, reads a carriage return back as).
_RESTORABLE = frozenset((*FORMULA_STARTS, "\n"))


def safe_text(value: str | None) -> str:
    """Text a spreadsheet shows as text, never runs as a formula: "=x" becomes "'=x".

    Applying it twice changes nothing more; text that is a plain number ("-3.5") is kept.
    """
    if not value:
        return ""
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


class FileRejected(DomainError):
    """The file cannot be read at all (wrong type, too big, broken); nothing was imported."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "file")


def file_format(filename: str) -> str:
    """'csv' or 'xlsx' from the file name; anything else is refused."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    raise FileRejected(_("Upload a .csv or .xlsx file."))


def restore_text(value: str) -> str:
    """Undo the export's formula neutralisation: "'=x" becomes "=x"; other text is unchanged.

    A line feed after the apostrophe counts too: XML (so XLSX) reads a carriage return back as
    a line feed.
    """
    if len(value) > 1 and value[0] == "'" and value[1] in _RESTORABLE:
        return value[1:]
    return value


def same_text(old: str, new: str) -> bool:
    """Equal once line ends are alike (browsers send CRLF; XLSX gives LF back for CR)."""
    return old == new or old.replace("\r\n", "\n").replace("\r", "\n") == new.replace(
        "\r\n", "\n"
    ).replace("\r", "\n")


@dataclass
class Table:
    """A header and a stream of (row number, cells); close() releases the file."""

    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    closer: Any = None
    encoding: str = ""  # a CSV's encoding (a key of ENCODING_NAMES); "" for XLSX
    delimiter: str = ","
    header_row: int = 1  # the row the header is on (rows above it were empty)

    def close(self) -> None:
        if self.closer is not None:
            self.closer()


def open_table(path: Path, filename: str, *, max_rows: int | None = MAX_ROWS) -> Table:
    """Open an uploaded or local file as a Table, after the signature and size checks."""
    kind = file_format(filename)
    handle = path.open("rb")
    try:
        if kind == "xlsx":
            return _xlsx_table(handle, max_rows)
        return _csv_table(handle, max_rows)
    except BaseException:
        handle.close()
        raise


# ---- CSV ----


def _delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda key: counts[key])
    return best if counts[best] else ","


def _not_text() -> FileRejected:
    return FileRejected(_("This is not a UTF-8 text file. Save the CSV as UTF-8 and try again."))


# Encodings a CSV is read in: UTF-8 (with or without a byte order mark), UTF-16 with its byte
# order mark (Excel's "Unicode text"), and the two Windows code pages Excel writes most in
# Europe and Central Asia. Names as people know them, for the preview and the refusal.
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (Latin-1)",
    "cp1251": "Windows-1251 (Cyrillic)",
}


def _single_byte_encoding(raw: bytes) -> str | None:
    """Windows-1251 (Cyrillic) or Windows-1252 (Latin-1) for text that is not UTF-8, or None.

    Cyrillic words are runs of bytes above 0x7F; Latin-1 text has single accented letters
    between ASCII ones (Métis, Québec). The share of high bytes next to another high byte tells
    them apart.
    """
    high = [index for index, byte in enumerate(raw) if byte >= 0x80]
    if not high:
        return None
    highs = set(high)
    paired = sum(1 for index in high if index - 1 in highs or index + 1 in highs)
    encoding = "cp1251" if paired / len(high) > 0.5 else "cp1252"
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def decode_text(raw: bytes) -> tuple[str, str]:
    """A CSV file's text and its encoding (a key of ENCODING_NAMES); FileRejected otherwise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _not_text() from None
    if b"\x00" in raw.split(b"\n", 1)[0]:
        raise _not_text()
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _single_byte_encoding(raw)
    if encoding is None:
        raise FileRejected(
            _("This file is not UTF-8, UTF-16, Windows-1252 or Windows-1251 text. Save the CSV "
              "as UTF-8 and try again.")
        )  # fmt: skip
    return raw.decode(encoding), encoding


def _csv_table(handle: IO[bytes], max_rows: int | None) -> Table:
    head = handle.read(4)
    handle.seek(0)
    if head.startswith(ZIP_SIGNATURE):
        raise FileRejected(_("This file is a zip archive (perhaps XLSX), not CSV text."))
    # The whole file is decoded at once: its encoding can only be told from all of it (uploads
    # are at most MAX_UPLOAD_BYTES; a command-line file of 100,000 rows is a few megabytes).
    text, encoding = decode_text(handle.read())
    handle.close()
    # Rows before the header that hold nothing (blank lines, or only separators) are skipped.
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and not lines[skipped].strip(" \t,;\r\n\"'"):
        skipped += 1
    if skipped == len(lines):
        raise FileRejected(_("The file is empty: the first row must name the columns."))
    first = lines[skipped]
    body = io.StringIO("".join(lines[skipped:]), newline="")
    reader = csv.reader(body, delimiter=_delimiter(first), strict=True)
    try:
        header = next(reader, None)
    except csv.Error:
        raise _not_text() from None
    if not header or not any(cell.strip() for cell in header):
        raise FileRejected(_("The file is empty: the first row must name the columns."))
    return Table(
        [cell.strip() for cell in header],
        _csv_rows(reader, max_rows, skipped + 1),
        None,
        encoding=encoding,
        delimiter=_delimiter(first),
        header_row=skipped + 1,
    )


def _csv_rows(
    reader: Any, max_rows: int | None, header_row: int = 1
) -> Iterator[tuple[int, list[Cell]]]:
    number = header_row
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            raise FileRejected(
                _("Row %(row)d cannot be read as CSV (%(reason)s).", row=number + 1,
                  reason=str(error))
            ) from None  # fmt: skip
        if row is None:
            return
        number += 1
        joined = "".join(row)
        if "\x00" in joined:
            raise FileRejected(
                _("Row %(row)d cannot be read as CSV (%(reason)s).", row=number,
                  reason=_("it holds a NUL character: this is not a text file"))
            )  # fmt: skip
        if not joined.strip():
            continue
        _check_row_count(number - header_row + 1, max_rows)
        yield number, list(row)


def _check_row_count(number: int, max_rows: int | None) -> None:
    if max_rows is not None and number - 1 > max_rows:
        raise FileRejected(
            _("The file has more than %(limit)d rows. Split it into smaller files.",
              limit=max_rows)
        )  # fmt: skip


# ---- XLSX ----


def _too_big() -> FileRejected:
    return FileRejected(
        _("The spreadsheet unpacks to more than %(mb)d MB; it is refused as unsafe.",
          mb=MAX_XLSX_UNCOMPRESSED // (1024 * 1024))
    )  # fmt: skip


def _not_xlsx() -> FileRejected:
    return FileRejected(_("This is not an XLSX spreadsheet. Save it as Excel Workbook (.xlsx)."))


def check_xlsx_archive(handle: IO[bytes]) -> None:
    """Refuse anything but a sane OOXML spreadsheet archive: signature, sizes, content types."""
    handle.seek(0)
    if handle.read(4) != ZIP_SIGNATURE:
        raise _not_xlsx()
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            if len(members) > MAX_XLSX_MEMBERS:
                raise _not_xlsx()
            if sum(member.file_size for member in members) > MAX_XLSX_UNCOMPRESSED:
                raise _too_big()
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > RATIO_CHECK_FROM and ratio > MAX_XLSX_RATIO:
                    raise _too_big()
            _check_content_types(archive)
            _check_actual_sizes(archive, members)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise _not_xlsx() from None
    except (RuntimeError, ValueError, zlib.error):  # encrypted members, broken compressed data
        raise _not_xlsx() from None
    finally:
        handle.seek(0)


def _check_content_types(archive: zipfile.ZipFile) -> None:
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        raise _not_xlsx() from None
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        raise _not_xlsx()
    with archive.open(info) as member:
        data = member.read(MAX_CONTENT_TYPES_BYTES + 1)
    try:
        root = safe_fromstring(data)
    except (DefusedXmlException, SyntaxError, ValueError):
        raise _not_xlsx() from None
    types = {
        element.get("ContentType")
        for element in root.iter(f"{CONTENT_TYPES_NS}Override")
        if element.get("ContentType")
    }
    if SHEET_CONTENT_TYPE not in types:
        raise _not_xlsx()


def _check_actual_sizes(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Inflate every member in chunks, counting bytes and markup; zipfile also checks each
    member's CRC."""
    total = tags = 0
    for member in members:
        with archive.open(member) as stream:
            while chunk := stream.read(64 * 1024):
                total += len(chunk)
                tags += chunk.count(b"<")
                if total > MAX_XLSX_UNCOMPRESSED:
                    raise _too_big()
                if tags > MAX_XLSX_TAGS:
                    raise FileRejected(
                        _("The spreadsheet is too large to read in time (more than %(count)d "
                          "million XML tags). Split it into smaller files.",
                          count=MAX_XLSX_TAGS // 1_000_000)
                    )  # fmt: skip


def _xlsx_cell(value: Any) -> Cell:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as a spreadsheet shows it; never an id or a number
    if isinstance(value, str | int | float | date) or value is None:
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _xlsx_table(handle: IO[bytes], max_rows: int | None) -> Table:
    check_xlsx_archive(handle)
    try:
        archive = zipfile.ZipFile(handle)
        book = _book(archive)
        rows = _sheet_rows(archive, book, max_rows)
        first = next(rows, None)
    except FileRejected:
        raise
    except Exception:
        raise _not_xlsx() from None
    if first is None or not any(_present(cell) for cell in first[1]):
        archive.close()
        raise FileRejected(_("The file is empty: the first row must name the columns."))
    header = ["" if cell is None else str(cell).strip() for cell in first[1]]
    while header and not header[-1]:
        header.pop()
    book.width = len(header)

    def close() -> None:
        archive.close()
        handle.close()

    return Table(header, _xlsx_rows(rows), close)


def _present(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _xlsx_rows(rows: Iterator[tuple[int, list[Cell]]]) -> Iterator[tuple[int, list[Cell]]]:
    for number, cells in rows:
        if any(_present(cell) for cell in cells):
            yield number, cells


# ---- XLSX: the first worksheet, streamed ----
#
# openpyxl's read-only mode is not used for reading: loading a workbook scans a whole sheet when
# it declares no dimension, every row is padded to the declared (or widest) column, and its XML
# parser is defusedxml's pure-Python one. Here the first sheet is parsed once, by the C parser
# of the standard library, and only the columns the header names are kept. A document type
# declaration (the way to entity tricks) is refused outright: no part of a spreadsheet has one.

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_ROW, _CELL, _VALUE = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v"
_TEXT, _RUN, _INLINE, _ITEM = f"{_MAIN}t", f"{_MAIN}r", f"{_MAIN}is", f"{_MAIN}si"
_SST = f"{_MAIN}sst"
# The header may name this many columns; cells further right are never read.
MAX_XLSX_COLUMNS = 1_000
MAX_XLSX_PART_BYTES = 10 * 1024 * 1024  # workbook, relationships and styles
_CHUNK = 4096  # small: the parser is fastest fed a page at a time
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_COLUMN = re.compile(r"^([A-Z]{1,3})\d*$")


@dataclass
class _Book:
    """Where the first sheet is and what it needs: shared strings, date styles, epoch."""

    sheet: str
    strings_part: str | None
    date_styles: frozenset[int]
    epoch: datetime
    strings: list[str] = field(default_factory=list)
    width: int = MAX_XLSX_COLUMNS


def _part_path(base: str, target: str) -> str:
    """A relationship target as an archive member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _small_part(archive: zipfile.ZipFile, name: str) -> Any:
    info = archive.getinfo(name)
    if info.file_size > MAX_XLSX_PART_BYTES:
        raise _not_xlsx()
    return safe_fromstring(archive.read(info))


def _book(archive: zipfile.ZipFile) -> _Book:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

    types = _small_part(archive, "[Content_Types].xml")
    workbook_part = next(
        element.get("PartName", "").lstrip("/")
        for element in types.iter(f"{CONTENT_TYPES_NS}Override")
        if element.get("ContentType") == SHEET_CONTENT_TYPE
    )
    rels_part = posixpath.join(
        posixpath.dirname(workbook_part), "_rels", posixpath.basename(workbook_part) + ".rels"
    )
    targets: dict[str, tuple[str, str]] = {
        element.get("Id", ""): (element.get("Type", ""), element.get("Target", ""))
        for element in _small_part(archive, rels_part).iter(f"{_RELS}Relationship")
    }
    workbook = _small_part(archive, workbook_part)
    first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if first is None:
        raise _not_xlsx()
    sheet = _part_path(workbook_part, targets[first.get(f"{_OFFICE_REL}id", "")][1])
    properties = workbook.find(f"{_MAIN}workbookPr")
    mac = properties is not None and properties.get("date1904", "") in {"1", "true"}

    def related(kind: str) -> str | None:
        for rel_type, target in targets.values():
            if rel_type.endswith("/" + kind):
                return _part_path(workbook_part, target)
        return None

    date_styles: set[int] = set()
    styles_part = related("styles")
    if styles_part is not None:
        styles = _small_part(archive, styles_part)
        formats: dict[int, str] = {
            int(key): code for key, code in BUILTIN_FORMATS.items() if isinstance(key, int)
        }
        for element in styles.iter(f"{_MAIN}numFmt"):
            formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        cell_formats = styles.find(f"{_MAIN}cellXfs")
        for index, xf in enumerate([] if cell_formats is None else cell_formats):
            if is_date_format(formats.get(int(xf.get("numFmtId", "0")))):
                date_styles.add(index)
    return _Book(sheet, related("sharedStrings"), frozenset(date_styles),
                 MAC_EPOCH if mac else WINDOWS_EPOCH)  # fmt: skip


def _elements(
    archive: zipfile.ZipFile, name: str, tag: str, parent_tag: str | None = None
) -> Iterator[ElementTree.Element]:
    """Each finished element with this tag, streamed, emptied once used. With parent_tag the
    parent is emptied too (for parts of many small elements, shared strings); without it only
    end events are asked for, half the work (rows: at most the row limit of empty ones stay)."""
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(
        events=("start", "end") if parent_tag else ("end",)
    )
    parent: ElementTree.Element | None = None
    tail = b""
    with archive.open(name) as stream:
        chunk = stream.read(_CHUNK)
        if chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or chunk[1:2] == b"\x00":
            raise _not_xlsx()  # UTF-16: no spreadsheet writes it, and the check below is bytes
        while chunk:
            if _DTD.search(tail + chunk):
                raise _not_xlsx()
            tail = chunk[-16:]
            parser.feed(chunk)
            # Start and end events carry elements (one cast per chunk, not per event).
            events = cast(Iterator[tuple[str, ElementTree.Element]], parser.read_events())
            for event, element in events:
                if element.tag != tag:
                    if event == "start" and element.tag == parent_tag:
                        parent = element
                    continue
                if event == "end":
                    yield element
                    element.clear()
                    if parent is not None:
                        parent.clear()
            chunk = stream.read(_CHUNK)
    parser.close()


def _rich_text(element: Any) -> str:
    """The text of a shared or inline string: plain, or rich runs (phonetic hints left out)."""
    parts = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            parts.append(child.findtext(_TEXT) or "")
    return "".join(parts)


def _column(reference: str) -> int:
    match = _COLUMN.match(reference)
    if match is None:
        raise ValueError(reference)
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - 64
    return number


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _cell_value(cell: Any, book: _Book) -> Any:
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return None if inline is None else _rich_text(inline)
    text = cell.findtext(_VALUE)
    if text is None or text == "":
        return None
    if kind == "n":
        number = _number(text)
        style = cell.get("s")
        if style and int(style) in book.date_styles:
            try:
                return from_excel(number, book.epoch)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number
    if kind == "s":
        return book.strings[int(text)]
    if kind == "b":
        return text.strip() not in {"0", "false"}
    if kind == "d":
        return from_ISO8601(text)
    return text  # str (a formula's text result) and e (an error such as #N/A)


def _sheet_rows(
    archive: zipfile.ZipFile, book: _Book, max_rows: int | None
) -> Iterator[tuple[int, list[Cell]]]:
    """(row number, cells up to the header's width) of every row element of the first sheet."""
    if book.strings_part is not None:
        book.strings = [
            _rich_text(item) for item in _elements(archive, book.strings_part, _ITEM, _SST)
        ]
    number = 0
    for row in _elements(archive, book.sheet, _ROW):
        try:
            label = row.get("r")
            number = max(number + 1, int(label)) if label else number + 1
            if number > 1:
                _check_row_count(number, max_rows)
            width = book.width
            cells: list[Cell] = [None] * width
            position = 0
            for cell in row:
                if cell.tag != _CELL:
                    continue
                reference = cell.get("r")
                position = _column(reference) if reference else position + 1
                if position > width:
                    break  # cells are in column order; nothing right of the header is read
                cells[position - 1] = _xlsx_cell(_cell_value(cell, book))
        except FileRejected:
            raise
        except Exception:
            raise FileRejected(
                _("Row %(row)d of the spreadsheet cannot be read.", row=number)
            ) from None
        yield number, cells


# ---- writing ----


def number_text(value: float | int) -> str:
    """A number written so it reads back exactly, with a decimal point whatever the language."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return ""
    text = repr(float(value))
    if "e" in text or "E" in text:
        fixed = f"{value:.15f}".rstrip("0").rstrip(".")
        # Plain decimals where they are exact; otherwise the exponent form (5e-324, 1e+300),
        # which the importers read too: every float reads back exactly.
        text = fixed if float(fixed) == value and fixed not in ("0", "-0") else text
    return text[:-2] if text.endswith(".0") else text


def csv_cell(value: Any) -> str:
    """One exported CSV cell: text neutralised, numbers and dates as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return safe_text(str(value))


def csv_chunks(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """A CSV file (UTF-8, comma separated, header row, CRLF as RFC 4180) in chunks, for streaming.

    With CRLF line ends the csv module quotes any cell holding a carriage return or a line feed,
    so such text reads back unchanged.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_text(name) for name in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(value) for value in row])
        if number % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, bool | int | float | date | datetime):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)  # Excel has no time zones; exports are UTC
        return value
    if isinstance(value, Decimal):
        return float(value)
    return safe_text(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _exact_float_cell(sheet: Any, value: Any) -> Any:
    """A float as a cell that keeps every digit.

    openpyxl writes numbers with 16 significant digits ("%.16g"), one short of what a float
    needs (0.30000000000000004 would come back as 0.3). A float that would lose digits is
    written as a number cell holding its shortest exact text (repr), which every spreadsheet
    reads as the same float.
    """
    if type(value) is not float or float(f"{value:.16g}") == value:
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell._value = repr(value)  # type: ignore[attr-defined]  # private: kept as <v>repr</v>
    return cell


def xlsx_bytes(sheets: list[tuple[str, list[str], Iterable[list[Any]]]]) -> bytes:
    """An XLSX workbook, one sheet per (title, header, rows), written in write-only mode.

    Floats keep every digit (``_exact_float_cell``): a re-import of an export changes nothing.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([_xlsx_value(name) for name in header])
        for row in rows:
            sheet.append([_exact_float_cell(sheet, _xlsx_value(value)) for value in row])
    output = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook.save(output)
    return output.getvalue()

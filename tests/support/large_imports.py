"""The largest files the imports accept, for the timing test and bench/import_preview.py.

The file builders are plain functions of the limits in ``app.tabular`` (no app context needed);
``build_city`` adds what the files name (inside an application context). The bench loads this
module by its path to run it against an older revision too, so it imports nothing from tests/.

* Measurements (XLSX): the template's columns, as many rows as an import takes (every one a new
  value), then as much markup as the tag limit allows (cells right of the header, which are
  parsed and ignored), then as many bytes as the inflated-size limit allows (a long indicator
  title, read and ignored), within the upload limit and the compression-ratio check.
* Interventions (CSV): as many rows as an intervention import takes, every one a new
  intervention with every column filled (a partner included), within the upload limit.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app import tabular

INDICATOR_CODES = [f"LRG{n:02d}" for n in range(20)]
MONTHS = 100  # 2015-01 .. 2023-04
MISSION_SLUG = "large"
OUTCOME_TITLE = "In time"
LEAD, PARTNER = "LRG", "LRP"
ADMIN_EMAIL = "large-files@example.org"
_MARGIN = 0.98  # stay this far inside each limit

MEASUREMENT_HEADER = ["indicator_id", "indicator_code", "indicator_title", "unit", "frequency",
                      "period", "breakdown", "value", "status", "source_note",
                      "department"]  # fmt: skip
INTERVENTION_HEADER = ["external_id", "mission_slug", "outcome_title", "lead_department_code",
                       "title", "summary", "stage", "start_date", "end_date", "budget", "age_min",
                       "age_max", "partners", "update_cycle_days", "weight"]  # fmt: skip

_OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Types xmlns="{_PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OOXML}.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="measurements" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def _text(value: str) -> str:
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


def _row(cells: list[str]) -> str:
    return "<row>" + "".join(cells) + "</row>"


def _measurement_cells(n: int, title: str) -> list[str]:
    month = n % MONTHS
    code = INDICATOR_CODES[(n // MONTHS) % len(INDICATOR_CODES)]
    district = n // (MONTHS * len(INDICATOR_CODES))
    return [
        "<c/>", _text(code), _text(title), _text("%"), _text("monthly"),
        _text(f"{2015 + month // 12}-{month % 12 + 1:02d}"), _text(f"district=D{district:03d}"),
        f"<c><v>{(n * 37) % 1000 / 10}</v></c>", _text("final"), _text(f"note {n % 97}"),
        _text(LEAD),
    ]  # fmt: skip


def largest_measurement_xlsx(path: Path, rows: int | None = None) -> dict[str, int]:
    """Write the largest measurement XLSX the import accepts; its rows, bytes and inflated bytes."""
    rows = rows or tabular.MAX_ROWS
    header = _row([_text(name) for name in MEASUREMENT_HEADER])
    fixed = len(_SHEET_START) + len(header) + len(_SHEET_END) + 4096  # the other parts
    sample = _row(_measurement_cells(0, ""))
    filler_cell = "<c><v>1</v></c>"
    tag_budget = int(tabular.MAX_XLSX_TAGS * _MARGIN) - header.count("<") - 64
    fillers = max(0, (tag_budget // rows - sample.count("<")) // filler_cell.count("<"))
    filler = filler_cell * fillers
    byte_budget = int(tabular.MAX_XLSX_UNCOMPRESSED * _MARGIN) - fixed
    padding = max(0, byte_budget // rows - len(sample) - len(filler) - 8)
    title = ("Long indicator title " * (padding // 21 + 1))[:padding]
    data = (
        "<row>" + "".join(_measurement_cells(n, title)) + filler + "</row>" for n in range(rows)
    )
    write_xlsx(path, itertools.chain([header], data))
    return _checked(path, rows)


def write_xlsx(path: Path, rows: Iterable[str], *, dimension: str | None = None) -> None:
    """An XLSX file whose first sheet holds these row elements (XML text), as written."""
    start = _SHEET_START
    if dimension:
        start = start.replace("<sheetData>", f'<dimension ref="{dimension}"/><sheetData>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(start.encode())
            for row in rows:
                sheet.write(row.encode())
            sheet.write(_SHEET_END.encode())


def _checked(path: Path, rows: int) -> dict[str, int]:
    """The file's sizes, asserted to be inside every limit (else it is not 'accepted')."""
    with zipfile.ZipFile(path) as archive:
        inflated = sum(member.file_size for member in archive.infolist())
        tags = 0
        for member in archive.infolist():
            tags += archive.read(member).count(b"<")
            ratio = member.file_size / max(member.compress_size, 1)
            assert ratio <= tabular.MAX_XLSX_RATIO, ("ratio", member.filename, ratio)
    size = path.stat().st_size
    assert size <= tabular.MAX_UPLOAD_BYTES, ("upload", size)
    assert inflated <= tabular.MAX_XLSX_UNCOMPRESSED, ("inflated", inflated)
    assert tags <= tabular.MAX_XLSX_TAGS, ("tags", tags)
    return {"rows": rows, "bytes": size, "inflated": inflated, "tags": tags}


def _intervention_row(n: int) -> list[Any]:
    return [
        f"L{n:05d}", MISSION_SLUG, OUTCOME_TITLE, LEAD, f"I{n}", f"S{n}", "test", "2024-01-01",
        "2026-12-31", str(1000 + n), "6", "16", f"{PARTNER}:x", "90", "1",
    ]  # fmt: skip


def largest_intervention_csv(path: Path, rows: int | None = None) -> dict[str, int]:
    """Write the largest intervention CSV the import accepts (rows limited by the upload size
    too); its rows and bytes."""
    if rows is None:  # imported here: an older revision, which the bench runs too, has no limit
        from app.transfer.readers.interventions import MAX_ROWS as MAX_INTERVENTION_ROWS

        rows = MAX_INTERVENTION_ROWS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(INTERVENTION_HEADER)
    written = 0
    for n in range(rows):
        mark = buffer.tell()
        writer.writerow(_intervention_row(n))
        if buffer.tell() > tabular.MAX_UPLOAD_BYTES:
            buffer.truncate(mark)
            break
        written += 1
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return {"rows": written, "bytes": path.stat().st_size}


def build_city() -> int:
    """The departments, mission, outcome and indicators the files name, and an admin who
    imports them; the admin's id. Needs an application context; commits."""
    from app.auth.passwords import hash_password
    from app.extensions import db
    from app.models import Department, Indicator, Mission, Outcome, User

    lead = Department(name="Large files", code=LEAD, colour="#0072b2")
    partner = Department(name="Large partner", code=PARTNER, colour="#009e73")
    mission = Mission(slug=MISSION_SLUG, title="Large files", north_star="x", start_year=2015,
                      horizon_year=2030, translations={})  # fmt: skip
    db.session.add_all([lead, partner, mission])
    db.session.flush()
    db.session.add(Outcome(mission_id=mission.id, title=OUTCOME_TITLE))
    db.session.add_all(
        Indicator(mission_id=mission.id, department_id=lead.id, code=code, title=code, unit="%",
                  direction="increase", frequency="monthly", translations={})
        for code in INDICATOR_CODES
    )  # fmt: skip
    admin = User(email=ADMIN_EMAIL, name="Large Files", role="admin",
                 password_hash=hash_password("large files are read in time"))  # fmt: skip
    db.session.add(admin)
    db.session.commit()
    return admin.id

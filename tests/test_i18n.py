"""Translations: every user-visible string is in the catalogue and translated into Icelandic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "app/translations/is/LC_MESSAGES/messages.po"


def _ids(path: Path) -> set[str]:
    """The message ids of a catalogue (a plural message by its singular)."""
    with path.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


@pytest.mark.slow
def test_catalogue_covers_every_string_in_the_source(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    missing = _ids(pot) - _ids(PO)
    assert not missing, f"run `make translations-update` and translate: {sorted(missing)}"


def test_every_icelandic_message_is_translated():
    with PO.open("rb") as fh:
        catalogue = read_po(fh)
    untranslated = [
        m.id
        for m in catalogue
        if m.id
        and (
            m.fuzzy
            or not m.string
            or not all(m.string if isinstance(m.string, tuple) else [m.string])
        )
    ]
    assert not untranslated


def test_templates_follow_the_locale_within_one_request(app):
    """Templates look the catalogue up once per locale; force_locale still switches language."""
    from flask import render_template_string
    from flask_babel import force_locale

    template = "{{ _('Measured') }} {{ _('%(n)s values', n=3) }}"
    with app.test_request_context("/?lang=is"):
        assert render_template_string(template).startswith("Mælt ")
        with force_locale("en"):
            assert render_template_string(template) == "Measured 3 values"
        assert render_template_string(template).startswith("Mælt ")

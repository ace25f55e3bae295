"""Translations: every catalogue under app/translations is complete and well formed, and a
language added by configuration (Polish) leaves no English interface text on the public pages."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import String, Text, select

from app import create_app
from app.extensions import db
from app.models import Base, Indicator, Intervention, Mission
from seeds import load_demo_city
from tests.support.databases import scratch_database_url

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "app/translations").glob("*/LC_MESSAGES/messages.po"))
LANGS = [path.parts[-3] for path in CATALOGUES]

# What must survive translation unchanged: %(name)s / %(n)d / %% placeholders, {0} / {name}
# fields, and HTML tags.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%%|\{\w*\}|</?[a-zA-Z][^>]*>")


# Messages a translation may leave as they are in English: names, and words that are the same in
# some language (Polish Status, Token, Format). Any other equal text is an English leftover.
SAME_AS_ENGLISH = {
    "AIM Tracker", "API", "Open SDG CSV",
    "Administrator", "Format", "Partner %(n)d", "Status", "Token", "system",
}  # fmt: skip


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=path.parts[-3])


def _ids(catalogue: Catalog) -> set[str]:
    """The message ids of a catalogue (a plural message by its singular)."""
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


def _messages(catalogue: Catalog) -> list[Message]:
    return [m for m in catalogue if m.id]


def _forms(text: str | tuple[str, ...] | list[str]) -> list[str]:
    return [text] if isinstance(text, str) else list(text)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The message ids found in the source now (extracted once for every catalogue)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as fh:
        return _ids(read_po(fh))


@pytest.fixture(params=CATALOGUES, ids=LANGS)
def catalogue(request: pytest.FixtureRequest) -> Catalog:
    """Each language's catalogue in turn."""
    return _read(request.param)


def test_there_is_a_catalogue_besides_english():
    assert {"is", "pl"} <= set(LANGS)


@pytest.mark.slow
def test_catalogue_covers_every_string_in_the_source(catalogue, extracted):
    missing = extracted - _ids(catalogue)
    assert not missing, (
        f"{catalogue.locale}: run /work/notes/sync_po.py and translate: {sorted(missing)}"
    )


def test_every_message_is_translated(catalogue):
    untranslated = [
        m.id for m in _messages(catalogue) if m.fuzzy or not all(_forms(m.string or ""))
    ]
    assert not untranslated, f"{catalogue.locale}: {untranslated}"


def test_no_message_is_left_in_english(catalogue):
    """A translation equal to its English text is a known name or loanword, or placeholders and
    punctuation only (%(start)s–%(end)s)."""
    same = [
        m.id
        for m in _messages(catalogue)
        if isinstance(m.id, str)
        and m.string == m.id
        and m.id not in SAME_AS_ENGLISH
        and re.search(r"[^\W\d_]", PLACEHOLDER.sub("", m.id))
    ]
    assert not same, f"{catalogue.locale}: {same}"


def test_the_catalogue_is_not_marked_fuzzy(catalogue):
    assert not catalogue.fuzzy


def test_plural_forms_follow_the_language(catalogue):
    """The header's plural rule is CLDR's for the language, and every plural message fills every
    form (Polish has three: 1, 2-4 and 22-24, the rest)."""
    expected = get_plural(str(catalogue.locale))
    assert catalogue.num_plurals == expected.num_plurals
    assert catalogue.plural_expr.replace(" ", "") == expected.plural_expr.replace(" ", "")
    wrong = [
        m.id
        for m in _messages(catalogue)
        if m.pluralizable and len(_forms(m.string)) != catalogue.num_plurals
    ]
    assert not wrong, f"{catalogue.locale}: {wrong}"


def test_placeholders_and_markup_are_kept(catalogue):
    """A translation keeps exactly the placeholders and HTML tags of its English text (a plural
    form those of the English plural)."""
    wrong = []
    for m in _messages(catalogue):
        english = _forms(m.id)[-1]
        wanted = Counter(PLACEHOLDER.findall(english))
        for text in _forms(m.string):
            if Counter(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((m.id, text))
    assert not wrong, f"{catalogue.locale}: {wrong}"


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


# -- a third language by configuration ------------------------------------------------------------

POLISH = ("en", "is", "pl")
MISSION = "better-city-for-children"
# Names that are the same in every language: the other languages offered, file names, a licence.
NAMES = {"English", "Íslenska", "Polski", "Creative Commons Attribution 4.0"}
FILE_NAME = re.compile(r"^[\w-]+\.(csv|json)$")
CONTENT_TABLES = {
    "departments", "missions", "outcomes", "interventions", "intervention_partners", "milestones",
    "progress_updates", "indicators", "indicator_sources", "interim_targets", "measurements",
}  # fmt: skip
# Text that is code to copy (the embed snippet), not interface text.
CODE_TAGS = {"code", "pre", "textarea", "kbd", "samp"}


class _VisibleText(HTMLParser):
    """The text nodes a reader sees, each with the language of its nearest lang attribute."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip
    HIDDEN = {"script", "style", "template", *CODE_TAGS}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.nodes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not any(tag in self.HIDDEN for tag, _ in self.open):
            langs = [lang for _, lang in self.open if lang]
            self.nodes.append((text, langs[-1] if langs else None))


def _visible_text(html: str) -> list[tuple[str, str | None]]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.nodes


def _database_text() -> set[str]:
    """Every text stored in the content tables: titles, descriptions, units, names, breakdown
    values. It may be shown in English on a Polish page (no Polish translation exists)."""
    texts: set[str] = set()
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if table.name not in CONTENT_TABLES or not columns:
            continue
        for row in db.session.execute(select(*columns)):
            texts.update(str(value) for value in row if value)
    texts.update(part for text in list(texts) for part in re.split(r"[|=]", text) if part)
    return texts


def _is_content(text: str, content: set[str], ordered: list[str]) -> bool:
    """Stored text, a piece of it (a search excerpt, cut at '…' or at a highlighted word), or
    stored text joined by punctuation and numbers."""
    pieces = [piece.strip() for piece in text.split("…") if piece.strip()]
    if pieces and all(any(piece in stored for stored in content) for piece in pieces):
        return True
    rest = text
    for stored in ordered:
        if stored in rest:
            rest = rest.replace(stored, " ")
    return not re.search(r"[^\W\d_]{2}", rest)


@pytest.fixture(scope="module")
def polish_city(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, date]]:
    """The demo city in a database of its own, in an app configured with a third language the
    way a deployment would add one (LANGUAGES), restored afterwards."""
    application = create_app(
        "test", SQLALCHEMY_DATABASE_URI=scratch_database_url(database_url, tmp_path_factory, "pl")
    )
    with pytest.MonkeyPatch.context() as patch, application.app_context():
        patch.setenv("DEMO_PASSWORD", "demo-seed-i18n-passphrase")
        patch.setattr("seeds.demo.INSTANCE_DIR", tmp_path_factory.mktemp("pl-instance"))
        upgrade()
        today = load_demo_city().today
        db.session.commit()
    configured = application.config["LANGUAGES"]
    application.config["LANGUAGES"] = POLISH
    yield application, today
    application.config["LANGUAGES"] = configured
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _public_pages() -> list[str]:
    """Home, a mission, one of its indicators, interventions and status reports, search, the
    glossary, an embed and the open data page of the demo city."""
    mission = db.session.scalar(select(Mission).where(Mission.slug == MISSION))
    assert mission is not None
    indicator = db.session.scalar(
        select(Indicator.id)
        .where(Indicator.mission_id == mission.id, Indicator.is_published.is_(True))
        .order_by(Indicator.id)
    )
    intervention = db.session.scalar(
        select(Intervention.id)
        .where(Intervention.mission_id == mission.id)
        .order_by(Intervention.id)
    )
    base = f"/missions/{MISSION}"
    return [
        "/",
        base,
        f"{base}/indicators/{indicator}",
        f"{base}/interventions",
        f"{base}/interventions/{intervention}",
        f"{base}/follow",
        "/search?" + urlencode({"q": "school"}),
        "/explained",
        f"/embed/indicators/{indicator}",
        "/open-data/",
    ]


@pytest.mark.slow
def test_polish_pages_have_no_english_interface_text(polish_city):
    """With LANGUAGES=en,is,pl every interface text of the public pages is Polish: a text node
    identical to the English page's is stored content (which has no Polish translation in the
    demo city), a name, a number, or text marked with another language."""
    application, _today = polish_city
    client = application.test_client()
    with application.app_context():
        pages = _public_pages()
        content = _database_text()
    content |= {text for text in SAME_AS_ENGLISH if "%" not in text}
    ordered = sorted(content, key=len, reverse=True)
    english_left: dict[str, list[str]] = {}
    for page in pages:
        join = "&" if "?" in page else "?"
        english = client.get(f"{page}{join}lang=en")
        polish = client.get(f"{page}{join}lang=pl")
        assert english.status_code == polish.status_code == 200, page
        assert '<html lang="pl"' in polish.get_data(as_text=True), page
        english_texts = {text for text, _ in _visible_text(english.get_data(as_text=True))}
        left = [
            text
            for text, lang in _visible_text(polish.get_data(as_text=True))
            if text in english_texts
            and lang in (None, "pl")
            and text not in NAMES
            and not FILE_NAME.match(text)
            and not _is_content(text, content, ordered)
        ]
        if left:
            english_left[page] = left
    assert not english_left

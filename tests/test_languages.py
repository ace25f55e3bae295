"""Languages are configuration: LANGUAGES names them, start-up refuses one that cannot work, and
adding one is a catalogue plus a config value (the switcher, lang links and forms follow)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po
from flask import Flask

from app import create_app
from app.extensions import db
from config import ConfigError, load_config, normalise_database_url


def test_the_default_languages_are_english_and_icelandic(monkeypatch):
    monkeypatch.delenv("LANGUAGES", raising=False)
    assert load_config("test").LANGUAGES == ("en", "is")


def test_languages_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("LANGUAGES", " en, is ,pl,")
    assert load_config("test").LANGUAGES == ("en", "is", "pl")


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        (("en", "ar"), r"'ar' \(Arabic\) is written right to left.*remove it from LANGUAGES"),
        (("en", "he"), r"'he' \(Hebrew\) is written right to left"),
        (("en", "fa"), r"'fa' \(Persian\) is written right to left"),
        (("en", "xx"), r"'xx' is not a language Babel knows"),
        (("en", "EN"), r"'EN' is not a language code; use lower-case ISO 639 codes"),
        (("en", "en-GB"), r"'en-GB' is not a language code"),
        (("en", "is", "is"), r"LANGUAGES lists 'is' twice"),
        (("en", "de"), r"'de' \(German\) has no interface catalogue .*pybabel init"),
        (("is",), r"must include the source language 'en'"),
        ((), r"must include the source language 'en'"),
    ],
)
def test_a_language_that_cannot_work_stops_the_start(languages, message):
    with pytest.raises(ConfigError, match=message):
        create_app("test", LANGUAGES=languages)


def test_a_bad_language_in_the_environment_stops_the_start(monkeypatch):
    monkeypatch.setenv("LANGUAGES", "en,is,ar")
    with pytest.raises(ConfigError, match="'ar'"):
        create_app("test")


def _polish_catalogue(folder: Path) -> None:
    """A tiny Polish catalogue (the real one is app/translations/pl): enough to switch to it."""
    catalog = Catalog(locale="pl")
    catalog.add("Missions", "Misje")
    target = folder / "pl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.po").open("wb") as po:
        write_po(po, catalog)
    with (target / "messages.mo").open("wb") as mo:
        write_mo(mo, catalog)


@pytest.fixture
def trilingual(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app with Polish added by configuration and a catalogue only."""
    _polish_catalogue(tmp_path)
    application = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=normalise_database_url(database_url),
        LANGUAGES="en,is,pl",
        BABEL_TRANSLATION_DIRECTORIES=f"translations;{tmp_path}",
        PUBLIC_CACHE=False,
    )
    yield application
    with application.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def _switcher(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav aria-label="[^"]*" class="lang-switch">(.*?)</nav>', html, re.S)
    assert nav is not None
    return re.findall(r'<a href="\?lang=(\w+)" lang="\1" hreflang="\1">([^<]+)</a>', nav[1])


def test_a_third_language_is_a_catalogue_and_a_setting(trilingual):
    client = trilingual.test_client()
    page = client.get("/explained?lang=en").get_data(as_text=True)
    assert _switcher(page) == [("is", "Íslenska"), ("pl", "Polski")]
    assert '<meta property="og:locale" content="en_US">' in page

    page = client.get("/explained?lang=pl").get_data(as_text=True)
    assert '<html lang="pl">' in page
    assert _switcher(page) == [("en", "English"), ("is", "Íslenska")]
    assert '<meta property="og:locale" content="pl_PL">' in page
    assert ">Misje</a>" in page  # the catalogue is used


def test_a_language_no_longer_configured_falls_back_to_the_source(app):
    """A follower or user who chose a language since removed from LANGUAGES gets the source."""
    from app.i18n import language_or_source

    with app.app_context():
        assert language_or_source("is") == "is"
        assert language_or_source("pl") == "en"
        assert language_or_source(None) == "en"


def test_the_default_site_switches_between_its_two_languages(app):
    client = app.test_client()
    english = client.get("/explained?lang=en").get_data(as_text=True)
    assert _switcher(english) == [("is", "Íslenska")]
    assert '<meta property="og:locale" content="en_US">' in english
    icelandic = client.get("/explained?lang=is").get_data(as_text=True)
    assert _switcher(icelandic) == [("en", "English")]
    assert '<meta property="og:locale" content="is_IS">' in icelandic

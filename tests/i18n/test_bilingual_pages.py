"""Issue 13's done-when test: the demo city read in Icelandic is Icelandic.

Every public page and embed of the demo city (every route tests.support.pages.get_routes finds
outside /staff, filled with every published mission, intervention and indicator, so a new page is
covered without touching this file) is rendered with ?lang=is and with ?lang=en. Visible text is
read with a real HTML parser (text nodes, and the alt, title, aria-label and placeholder
attributes; not scripts, styles or the chart JSON). A text of the Icelandic page that is identical
to a text of the English page is a failure unless it is

- inside an element marked lang="en" (content without a translation, marked for screen readers),
- language-neutral: no letters at all (numbers, dates as digits, "%", "–", "·"), or
- on NAMES, the short allow-list below: proper names and codes that are the same in both
  languages.

A second test takes the Icelandic away from the content (as for a city that has not translated
yet) and checks that every content text shown in its place is inside lang="en".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest
from flask import Flask, url_for
from flask_migrate import upgrade
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.meetings.queries import published_meetings
from app.models import (
    Department,
    Indicator,
    Intervention,
    InterventionPartner,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
)
from app.public.queries import load_public_mission
from app.reporting.rounds import public_rounds
from app.reporting.visibility import indicator_is_public, intervention_is_public
from seeds import load_demo_city
from tests.support.databases import scratch_database_url
from tests.support.pages import get_routes

DEMO_PASSWORD = "bilingual-test-passphrase"
ARGUMENTS = frozenset(
    {"slug", "intervention_id", "indicator_id", "report_day", "token", "round_id", "meeting_id"}
)
# Query strings worth a page of their own (search results, a filtered list).
VARIANTS = {
    "public.search": [{}, {"q": "school"}, {"q": "börn"}],
    "public.interventions": [{}, {"stage": "test"}],
}

# Texts that are the same in Icelandic and English: names of places, people and products, and
# codes. Each is a whole text node (or attribute) of a page, compared after collapsing spaces.
NAMES = frozenset(
    {
        "AIM Tracker",  # the product's name
        "Reykjavík",
        # Reykjavík's districts (breakdown labels); the city's own spelling in both languages
        "Vesturbær",
        "Miðborg",
        "Hlíðar",
        "Laugardalur",
        "Háaleiti og Bústaðir",
        "Breiðholt",
        "Árbær",
        "Grafarvogur",
        "Kjalarnes",
        "Grafarholt og Úlfarsárdalur",
        "Creative Commons Attribution 4.0",  # the open data licence's name
        "Atom",  # the feed format
        "CSV",
        "JSON",
        "OpenAPI",
        "API",
    }
)

TRANSLATED_MODELS = (
    Department,
    Mission,
    Outcome,
    Intervention,
    InterventionPartner,
    Milestone,
    Indicator,
    ProgressUpdate,
)


# -- reading a page ---------------------------------------------------------------------------

VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)
HIDDEN = frozenset({"script", "style", "template"})
CODE = frozenset({"code", "kbd", "samp"})  # identifiers, not prose: the same in any language
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
HEAD = frozenset({"title", "link@title"})  # texts in <head>: no element there can mark a part


@dataclass(frozen=True)
class Text:
    text: str
    lang: str  # the language the page says this text is in (nearest lang attribute)
    where: str  # the element (and attribute) it was read from


@dataclass
class PageText(HTMLParser):
    """The visible texts of a page, each with the language its element declares."""

    texts: list[Text] = field(default_factory=list)
    stack: list[tuple[str, str]] = field(default_factory=list)  # (tag, lang)
    head_done: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    @property
    def lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or self.lang
        for name in ATTRIBUTES:
            if values.get(name):
                self._add(values[name] or "", lang, f"{tag}@{name}")
        if tag == "textarea" and "readonly" in values:
            tag = "samp"  # a copy box's code (an iframe to embed), not prose
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.stack and self.stack[-1][0] == "samp":
            tag = "samp"
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        tags = {tag for tag, _ in self.stack}
        if tags & (HIDDEN | CODE) or ("head" in tags and "title" not in tags):
            return
        self._add(data, self.lang, self.stack[-1][0] if self.stack else "")

    def _add(self, text: str, lang: str, where: str) -> None:
        text = " ".join(text.split())
        if text:
            self.texts.append(Text(text, lang, where))


def page_texts(html: str) -> list[Text]:
    parser = PageText()
    parser.feed(html)
    parser.close()
    return parser.texts


FILE_NAME = re.compile(r"[\w.-]+\.(csv|json|atom)")


def neutral(text: str) -> bool:
    """Numbers, dates in digits, symbols and punctuation read the same in any language; so do
    names (NAMES) and file names."""
    return not any(ch.isalpha() for ch in text) or text in NAMES or bool(FILE_NAME.fullmatch(text))


# -- the demo city ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The demo city in a database of its own; public pages uncached (the second test changes
    content between renders)."""
    application = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=scratch_database_url(database_url, tmp_path_factory, "bilingual"),
        PUBLIC_CACHE=False,
    )
    with pytest.MonkeyPatch.context() as patch, application.app_context():
        patch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        patch.setattr("seeds.demo.INSTANCE_DIR", tmp_path_factory.mktemp("bilingual-instance"))
        upgrade()
        load_demo_city(today=date.today())
        db.session.commit()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _argument_sets(app: Flask) -> Iterator[dict[str, object]]:
    """Every published mission with each of its public interventions and indicators and its
    newest report day; a token that is not one (the link-problem page)."""
    with app.app_context():
        for mission in db.session.scalars(select(Mission).order_by(Mission.id)):
            page = load_public_mission(mission.slug, threshold=5)
            if page is None:
                continue
            interventions = db.session.scalars(
                select(Intervention.id).where(
                    Intervention.mission_id == mission.id, intervention_is_public()
                )
            ).all()
            indicators = db.session.scalars(
                select(Indicator.id).where(
                    Indicator.mission_id == mission.id, indicator_is_public()
                )
            ).all()
            # The learning loop's public pages: each published round, each published minutes.
            rounds = [r.id for r in public_rounds(mission.id)] or [0]
            meetings = [m.id for m in published_meetings(mission.id)] or [0]
            for intervention_id, indicator_id, round_id, meeting_id in itertools.zip_longest(
                interventions, indicators, rounds, meetings
            ):
                yield {
                    "slug": mission.slug,
                    "intervention_id": intervention_id or interventions[0],
                    "indicator_id": indicator_id or indicators[0],
                    "report_day": page.report_dates[0].isoformat(),
                    "token": "not-a-token",
                    "round_id": round_id or rounds[0],
                    "meeting_id": meeting_id or meetings[0],
                }


def public_urls(app: Flask) -> list[str]:
    """Every public HTML page of the demo city (the /staff pages are the staff's)."""
    argument_sets = list(_argument_sets(app))
    urls: set[str] = set()
    with app.test_request_context():
        for rule in get_routes(app, ARGUMENTS):
            if rule.rule.startswith("/staff"):
                continue
            for arguments, extra in itertools.product(
                argument_sets, VARIANTS.get(rule.endpoint, [{}])
            ):
                values = {name: arguments[name] for name in rule.arguments}
                urls.add(url_for(rule.endpoint, **values, **extra))
    return sorted(urls)


def render(app: Flask, url: str, lang: str) -> str | None:
    """The page's HTML in a language, or None when it is not an HTML page."""
    client = app.test_client()
    joiner = "&" if "?" in url else "?"
    with client.get(f"{url}{joiner}lang={lang}") as response:
        assert response.status_code < 500, url
        if response.mimetype != "text/html":
            return None
        return response.get_data(as_text=True)


def untranslated(app: Flask, url: str) -> list[str]:
    """The texts of a page's Icelandic version that are its English version's, unmarked."""
    icelandic, english = render(app, url, "is"), render(app, url, "en")
    if icelandic is None or english is None:
        return []
    assert '<html lang="is"' in icelandic, url
    # The English page's English: not a name it marks as another language (Íslenska).
    english_texts = {t.text for t in page_texts(english) if t.lang == "en"}
    return [
        f"{url} <{t.where}>: {t.text[:90]!r}"
        for t in page_texts(icelandic)
        if t.text in english_texts and t.lang != "en" and not neutral(t.text)
    ]


# -- the tests --------------------------------------------------------------------------------


def test_the_walk_covers_every_kind_of_public_page(demo_app):
    urls = public_urls(demo_app)
    with demo_app.app_context():
        interventions = db.session.scalar(
            select(db.func.count(Intervention.id)).where(intervention_is_public())
        )
    pages = [url for url in urls if url.startswith("/missions/") and "/interventions/" in url]
    assert len(pages) == interventions
    parts = ("/embed/indicators/", "/indicators/", "/reports/", "/search?q=", "/follow",
             "/rounds/", "/meetings/")  # fmt: skip
    for part in parts:
        assert any(part in url for url in urls), part


def test_every_public_page_of_the_demo_city_is_icelandic_in_icelandic(demo_app):
    failures = [line for url in public_urls(demo_app) for line in untranslated(demo_app, url)]
    assert failures == [], f"{len(failures)}:\n" + "\n".join(failures[:400])


def test_the_demo_city_needs_no_english_fallback(demo_app):
    """The demo has Icelandic for all of its content: nothing on its Icelandic pages is English
    content shown in place of a missing translation (the API reference is the OpenAPI document's
    English, and "English" in the language switch is that language's own name)."""
    marked = [
        f"{url} <{t.where}>: {t.text[:90]!r}"
        for url in public_urls(demo_app)
        if not url.startswith("/api/")
        for t in page_texts(render(demo_app, url, "is") or "")
        if t.lang == "en" and t.text != "English"
    ]
    assert marked == [], "\n".join(marked[:60])


def test_a_translation_taken_away_shows_up_as_english_text(demo_app):
    """The test above fails on a real regression: one missing translation is found."""
    with demo_app.app_context():
        department = db.session.scalar(select(Department).where(Department.code == "WEL"))
        department.translations = {}
        db.session.commit()
    try:
        failures = untranslated(demo_app, "/missions/better-city-for-children")
        assert failures == []  # marked lang="en", so not a failure ...
        html = render(demo_app, "/missions/better-city-for-children", "is") or ""
        assert '<span lang="en">Welfare</span>' in html  # ... because it is marked
    finally:
        _reseed(demo_app)


def _content_texts() -> set[str]:
    """The source-language text of every translated field of the demo's content."""
    return {
        text
        for model in TRANSLATED_MODELS
        for row in db.session.scalars(select(model))
        for name in model.TRANSLATED
        if (text := " ".join((getattr(row, name) or "").split())) and any(c.isalpha() for c in text)
    }


def _reseed(app: Flask) -> None:
    """Give the demo its Icelandic back (a rerun of the seed fills it in)."""
    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        load_demo_city()
        db.session.commit()


def test_content_without_icelandic_is_marked_as_english_everywhere(demo_app):
    with demo_app.app_context():
        for model in TRANSLATED_MODELS:
            for row in db.session.scalars(select(model)):
                row.translations = {}
        db.session.commit()
        originals = [
            (text, re.compile(rf"(?<![\w/-]){re.escape(text)}(?![\w/-])"))
            for text in sorted(_content_texts(), key=len, reverse=True)
        ]
    try:
        unmarked = []
        for url in public_urls(demo_app):
            html = render(demo_app, url, "is")
            if html is None:
                continue
            for t in page_texts(html):
                if t.lang == "en" or t.where in HEAD:
                    continue  # a document title cannot hold a marked part
                found = next((o for o, pattern in originals if pattern.search(t.text)), None)
                if found is not None:
                    unmarked.append(f"{url} <{t.where}>: {found[:60]!r} in {t.text[:90]!r}")
        assert unmarked == [], "\n".join(unmarked[:60])
    finally:
        _reseed(demo_app)


def test_the_allow_list_holds_names_only():
    """A name on NAMES is the same word in both languages; a sentence there hides a regression."""
    assert all(len(name.split()) <= 4 and not re.search(r"[.:!?]$", name) for name in NAMES)

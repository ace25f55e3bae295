"""Every staff form takes hostile input with a message or a clean save, never a server error.

The test walks the URL map: for every staff route that shows a form and takes a POST, it reads
the form as a browser would (its fields and their current values), then sends it back with one
field replaced by a hostile value of that field's kind, signed in as an administrator (who may
use every form). Afterwards every page of the city must still render, whatever was saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

from app.extensions import cache
from tests.support.pages import every_page_failure, server_error, stored_value_failures
from tests.support.routes import rule_url

# Hostile values by the kind of field they go into.
NUMBERS = ["1e28", "1" * 400, "-1e308", "nan", "inf", " ", "9" * 20, "1e-320", "0x1F"]
TEXTS = ["", " ", "a\x00b", "x" * 100_000, "\ud800", "=HYPERLINK(1)"]
DATES = ["0001-01-01", "9999-12-31", "2024-02-30", "1" * 400, "１２"]
CHOICES = ["9" * 20, "\x00", "-1", ""]
HIDDEN = ["9" * 20, "x", ""]
HOSTILE = {
    "number": NUMBERS,
    "text": TEXTS,
    "textarea": TEXTS,
    "email": [*TEXTS, "ops@city.local"],
    "url": TEXTS,
    "date": DATES,
    "select": CHOICES,
    "hidden": HIDDEN,
    "checkbox": ["y", "\x00"],
    "password": ["x" * 100_000, "\x00"],
    "file": [],
}
# Routes whose POST ends the test's own session or needs a file upload (tests/transfer).
SKIP = {"auth.logout", "transfer.upload_measurements", "transfer.upload_interventions"}


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)


class _FormReader(HTMLParser):
    """The POST forms of a page with each field's current value and kind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(a.get("action", ""))
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.kinds.setdefault(name, kind)
                return
            self._form.fields[name] = a.get("value", "y" if kind == "checkbox" else "")
            self._form.kinds[name] = kind
        elif tag == "select":
            self._select = name
            self._form.kinds[name] = "select"
            self._form.fields.setdefault(name, "")
        elif tag == "option" and self._select:
            if "selected" in a or not self._form.fields.get(self._select):
                self._form.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self._form.kinds[name] = "textarea"
            self._form.fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _encoded(fields: dict[str, str]) -> bytes:
    """A form body as a browser sends it; a lone surrogate goes as the bytes a careless client
    would write for it (invalid UTF-8)."""
    return urlencode(
        {k: v.encode("utf-8", "surrogatepass") for k, v in fields.items()}, doseq=False
    ).encode()


def _forms(app, city, admin):  # type: ignore[no-untyped-def]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff") or "POST" not in rule.methods:
            continue
        if rule.endpoint in SKIP or "GET" not in rule.methods:
            continue
        url = rule_url(app, rule, city, "edu")
        with admin.get(url) as page:
            if page.status_code != 200 or page.mimetype != "text/html":
                continue
            reader = _FormReader()
            reader.feed(page.get_data(as_text=True))
        for form in reader.forms:
            if form.action in ("", url) and "csrf_token" in form.fields:
                yield url, form


@pytest.mark.slow
def test_no_staff_form_answers_a_server_error(app, city, signed_in):
    admin = signed_in("admin")
    failures: list[str] = []
    tried = 0
    for url, form in list(_forms(app, city, admin)):
        for name, kind in form.kinds.items():
            if name == "csrf_token":
                continue
            numeric = kind == "text" and name.endswith(("value", "weight"))
            for value in NUMBERS + TEXTS if numeric else HOSTILE.get(kind, TEXTS):
                body = _encoded({**form.fields, name: value})
                tried += 1
                failure = server_error(
                    partial(
                        admin.post,
                        url,
                        data=body,
                        content_type="application/x-www-form-urlencoded",
                    ),
                    f"{url} {name}={value[:20]!r}",
                )
                failures += [failure] if failure else []
    assert tried > 300
    with app.app_context():
        cache.clear()
        failures += stored_value_failures()
    failures += every_page_failure(app, city, signed_in)
    assert failures == [], "\n".join(failures)

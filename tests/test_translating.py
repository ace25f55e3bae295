"""Translated content fields: reading with fallback marked by language, and the storage policy."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from app.errors import DomainError
from app.extensions import db
from app.models import Department, Milestone, ProgressUpdate
from app.translating import (
    all_translations,
    merged_translations,
    missing_translations,
    text_in,
    translated_html,
)
from tests.support import factories as f


@pytest.fixture
def department(ctx):
    return f.department(name="Education and Youth", translations={"is": {"name": "Skóla- og frí"}})


def test_reads_the_translation_and_falls_back_to_the_original_marked(app, department):
    with app.test_request_context("/"), force_locale("is"):
        assert text_in(department, "name") == ("Skóla- og frí", "is")
        assert str(translated_html(department, "name")) == "Skóla- og frí"
    plain = f.department(name="Parks <Green>")
    with app.test_request_context("/"), force_locale("is"):
        assert text_in(plain, "name") == ("Parks <Green>", "en")
        assert str(translated_html(plain, "name")) == '<span lang="en">Parks &lt;Green&gt;</span>'
    with app.test_request_context("/"), force_locale("en"):
        assert str(translated_html(department, "name")) == "Education and Youth"


def test_every_public_content_model_is_translatable():
    for model in (Department, Milestone, ProgressUpdate):
        assert model.TRANSLATED, model


def test_missing_and_all_translations(app, department):
    assert missing_translations(department, "is") == []
    assert missing_translations(f.department(name="Parks"), "is") == ["name"]
    assert all_translations(department) == {
        "en": {"name": "Education and Youth"},
        "is": {"name": "Skóla- og frí"},
    }


def test_merging_keeps_other_fields_and_languages():
    current = {"is": {"title": "Titill", "summary": "Samantekt"}, "pl": {"title": "Tytuł"}}
    merged = merged_translations(current, "is", {"title": "Nýr", "summary": " "})
    assert merged == {"is": {"title": "Nýr"}, "pl": {"title": "Tytuł"}}
    assert merged_translations(merged, "is", {"title": ""}) == {"pl": {"title": "Tytuł"}}
    assert current["is"]["title"] == "Titill"  # a fresh mapping, never the stored one changed


@pytest.mark.parametrize(
    ("translations", "field"),
    [
        ({"is": {"name": "x" * 121}}, "name_is"),  # longer than the name column
        ({"is": {"name": "a\x00b"}}, "name_is"),
        ({"is": {"code": "EDU"}}, "code_is"),  # not a translated field
        ({"is": {"name": 5}}, "name_is"),
        ({"is": "Skóli"}, "translations"),
    ],
)
def test_translations_have_the_limits_of_their_originals(ctx, translations, field):
    department = f.department(name="Culture")
    department.translations = translations
    with pytest.raises(DomainError) as refused:
        db.session.flush()
    assert refused.value.field == field

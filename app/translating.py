"""Content in the reader's language: the one home for reading and writing translated fields.

Content is written in the site's source language (BABEL_DEFAULT_LOCALE, English by default) and
translated into the other configured languages (LANGUAGES). A model lists the fields a translation
may hold in TRANSLATED (app.models.base.TranslatableMixin); translations live in its JSON column
``translations`` as ``{"is": {"title": "…"}}``. A field without a translation falls back to the
original, and pages mark that text with its language (WCAG 3.1.2, language of parts).

Field names in forms, import and export columns and API bodies are ``<field>_<lang>``, e.g.
``title_is`` (``field_key``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from babel import Locale, UnknownLocaleError
from flask import current_app, has_app_context
from flask.globals import _cv_app
from markupsafe import Markup, escape
from sqlalchemy import String, inspect

from app.i18n import current_locale


def source_language() -> str:
    """The language content is first written in (the originals)."""
    if not has_app_context():
        return "en"
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _languages() -> tuple[str, str]:
    """(the reader's language, the source language): read once per call of the functions below,
    which pages call hundreds of times, straight from the application context (the context
    proxies, current_app and g, cost more than the lookup itself)."""
    ctx = _cv_app.get(None)
    if ctx is None:
        return "en", "en"
    source = str(ctx.app.config["BABEL_DEFAULT_LOCALE"])
    state = getattr(ctx.g, "_flask_babel", None)
    locale = getattr(state, "babel_locale", None) if state is not None else None
    if locale is None:
        locale = current_locale()
    return (str(locale) if locale is not None else source), source


def content_languages() -> tuple[str, ...]:
    """Every language of the site, the source language first."""
    if not has_app_context():
        return ("en",)
    source = source_language()
    configured: tuple[str, ...] = tuple(current_app.config["LANGUAGES"])
    return (source, *(lang for lang in configured if lang != source))


def translation_languages() -> tuple[str, ...]:
    """The languages content is translated into (every configured one but the source)."""
    return content_languages()[1:]


def field_key(field: str, lang: str) -> str:
    """The name of a translated field in forms, files and API bodies: title_is."""
    return f"{field}_{lang}"


def reader_language() -> str:
    """The language the current page is being read in."""
    return _languages()[0]


def text_in(obj: Any, field: str, lang: str | None = None) -> tuple[str, str]:
    """obj.field in lang (the reader's by default) and the language the text really is in."""
    return field_text_in(getattr(obj, field), getattr(obj, "translations", None), field, lang)


def field_text_in(
    original: str | None,
    translations: Mapping[str, Any] | None,
    field: str,
    lang: str | None = None,
) -> tuple[str, str]:
    """text_in for a read that selects columns (the original and the translations column), not
    rows: the field in lang (the reader's by default) and the language the text really is in."""
    reader, source = _languages()
    return _pick(original, translations, field, lang or reader, source)


def _pick(
    original: str | None,
    translations: Mapping[str, Any] | None,
    field: str,
    lang: str,
    source: str,
) -> tuple[str, str]:
    """The one lookup: lang's translation of the field if there is one, else the original."""
    if lang != source:
        value = ((translations or {}).get(lang) or {}).get(field)
        if value:
            return str(value), lang
    return original or "", source


def translated_field(
    original: str | None, translations: Mapping[str, Any] | None, field: str
) -> str:
    """translated for a read that selects columns: the field in the reader's language."""
    return field_text_in(original, translations, field)[0]


def gathered_translations(
    **fields: tuple[Mapping[str, Any] | None, str],
) -> dict[str, dict[str, str]]:
    """Translations for a read-model row that shows fields of several objects (an intervention's
    title beside its mission's): ``mission_title=(mission.translations, "title")`` files the
    mission's translated title under ``mission_title``, so translated(row, "mission_title")
    reads it like a model's own field."""
    result: dict[str, dict[str, str]] = {}
    for name, (stored, source_field) in fields.items():
        for lang, values in (stored or {}).items():
            text = (values or {}).get(source_field) if isinstance(values, Mapping) else None
            if text:
                result.setdefault(lang, {})[name] = str(text)
    return result


def translated(obj: Any, field: str, lang: str | None = None) -> str:
    """A content field in the reader's language when a translation exists, else the original."""
    return text_in(obj, field, lang)[0]


def translated_html(obj: Any, field: str) -> Markup:
    """The field as HTML text: escaped, and wrapped in <span lang="…"> when it is the original shown
    in place of a missing translation (so a screen reader reads English as English)."""
    page, source = _languages()
    text, lang = _pick(getattr(obj, field), getattr(obj, "translations", None), field, page, source)
    if lang == page or not text:
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(lang, text)


def translated_list(objs: Iterable[Any], field: str, separator: str = ", ") -> Markup:
    """The field of each object as HTML text (translated_html), joined: a list of names."""
    return escape(separator).join(translated_html(obj, field) for obj in objs)


def fallback_language(obj: Any, field: str) -> str | None:
    """The language of the field's text when it is shown in place of a missing translation, else
    None: for a lang attribute on an element whose text is the field (a chart, a title= text)."""
    page, source = _languages()
    text, lang = _pick(getattr(obj, field), getattr(obj, "translations", None), field, page, source)
    return lang if text and lang != page else None


def source_lang_attribute() -> Markup:
    """`` lang="en"`` (the source language) for an element of untranslated content (a decision's
    answers to its gate) on a page read in another language, else nothing."""
    page, source = _languages()
    return Markup(' lang="{}"').format(source) if page != source else Markup("")


def lang_attribute(obj: Any, field: str) -> Markup:
    """`` lang="en"`` for an element showing the field in place of a missing translation, else
    nothing (translated_html's mark, for an element whose whole text is the field)."""
    lang = fallback_language(obj, field)
    return Markup(' lang="{}"').format(lang) if lang else Markup("")


def all_translations(obj: Any) -> dict[str, dict[str, str]]:
    """Every language's text of every translated field, the original included:
    ``{"en": {"title": …}, "is": {"title": …}}`` (a missing translation is left out)."""
    fields: Iterable[str] = type(obj).TRANSLATED
    source = source_language()
    result: dict[str, dict[str, str]] = {source: {f: getattr(obj, f) or "" for f in fields}}
    stored = getattr(obj, "translations", None) or {}
    for lang in translation_languages():
        values = {f: str(v) for f, v in (stored.get(lang) or {}).items() if f in fields and v}
        if values:
            result[lang] = values
    return result


def missing_translations(obj: Any, lang: str) -> list[str]:
    """The fields of obj that have original text but no translation into lang."""
    stored = (getattr(obj, "translations", None) or {}).get(lang) or {}
    return [
        f for f in type(obj).TRANSLATED if (getattr(obj, f) or "").strip() and not stored.get(f)
    ]


def merged_translations(
    current: Mapping[str, Any] | None, lang: str, values: Mapping[str, str | None]
) -> dict[str, Any]:
    """A new translations mapping with lang's fields set from values: an empty value removes that
    field's translation, a field not in values keeps its own.

    Other languages are kept. Always a fresh dict, so the JSON column and the audit see the change.
    """
    result = {key: dict(value) for key, value in (current or {}).items()}
    fields = dict(result.get(lang) or {})
    for key, value in values.items():
        if value and value.strip():
            fields[key] = value.strip()
        else:
            fields.pop(key, None)
    if fields:
        result[lang] = fields
    else:
        result.pop(lang, None)
    return result


Entered = Mapping[str, Mapping[str, str | None]]
"""Translations as a form, file row or API body gives them: language -> field -> text."""


def merged_entered(current: Mapping[str, Any] | None, entered: Entered) -> dict[str, Any]:
    """current with every language of entered merged in (merged_translations per language)."""
    result = {key: dict(value) for key, value in (current or {}).items()}
    for lang, values in entered.items():
        result = merged_translations(result, lang, values)
    return result


def with_entered(values: dict[str, Any], current: Any, entered: Entered | None) -> dict[str, Any]:
    """values for a row's update, plus its translations merged with entered (none entered: as is).

    current is the row being changed (None for a new one).
    """
    if entered:
        values["translations"] = merged_entered(
            getattr(current, "translations", None) if current is not None else None, entered
        )
    return values


def language_name(lang: str) -> str:
    """A language's name in the reader's language (Icelandic, íslenska, polski…)."""
    try:
        name = Locale.parse(lang).get_display_name(reader_language())
    except (ValueError, UnknownLocaleError):
        return lang
    return name or lang


def column_length(model: type[Any], field: str) -> int | None:
    """The longest text the original column of a translated field holds (None: no limit): the
    limit its translations have too."""
    column_type = inspect(model).column_attrs[field].columns[0].type
    return column_type.length if isinstance(column_type, String) else None

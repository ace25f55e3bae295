"""Forms that edit translated content: an input per translation language for each translated field.

A form mixes in TranslatedFieldsMixin and names its model (TRANSLATED_MODEL). For every field of
the model's TRANSLATED that the form has, each of translation_languages() (from the LANGUAGES
setting, so a newly configured language shows up by itself) adds an optional ``<field>_<lang>``
input of the same kind, with the original column's length limit and a ``lang`` attribute. The
template macro ``translated_field`` (templates/_macros.html) shows them next to the original.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from flask_babel import gettext as _
from wtforms import Field
from wtforms.fields.core import UnboundField
from wtforms.validators import Length, Optional

from app.translating import column_length, field_key, language_name, translation_languages


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class TranslatedFieldsMixin:
    """Adds ``<field>_<lang>`` inputs for each translated field of TRANSLATED_MODEL the form has.

    TRANSLATED_NAMES maps a form field to its model field where the names differ (an override
    form's ``reason`` is the model's ``override_reason``).
    """

    TRANSLATED_MODEL: ClassVar[type[Any]]
    TRANSLATED_NAMES: ClassVar[Mapping[str, str]] = {}

    _unbound_fields: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        own: list[tuple[str, UnboundField[Any]]] = list(type(self)._unbound_fields or [])
        self._translated: dict[str, list[tuple[str, str]]] = {}
        extra: list[tuple[str, UnboundField[Any]]] = []
        known = dict(own)
        for model_field in self.TRANSLATED_MODEL.TRANSLATED:
            name = self._form_name(model_field)
            original = known.get(name)
            if original is None:
                continue
            label = original.kwargs.get("label") or (original.args[0] if original.args else name)
            length = column_length(self.TRANSLATED_MODEL, model_field)
            validators: list[Any] = [Optional()]
            if length is not None:
                validators.append(Length(max=length))
            for lang in translation_languages():
                key = field_key(name, lang)
                unbound = original.field_class(
                    self._label(label, lang),
                    validators=validators,
                    filters=[_strip],
                    render_kw={"lang": lang},
                )
                extra.append((key, unbound))
                self._translated.setdefault(name, []).append((lang, key))
        self._unbound_fields = [*own, *extra]
        super().__init__(*args, **kwargs)
        obj = kwargs.get("obj")
        if obj is not None and not self.is_submitted():  # type: ignore[attr-defined] # FlaskForm
            self.fill_translations(obj)

    @staticmethod
    def _label(label: Any, lang: str) -> str:
        return str(_("%(field)s (%(language)s)", field=label, language=language_name(lang)))

    def _form_name(self, model_field: str) -> str:
        for form_name, name in self.TRANSLATED_NAMES.items():
            if name == model_field:
                return form_name
        return model_field

    def _model_name(self, form_name: str) -> str:
        return self.TRANSLATED_NAMES.get(form_name, form_name)

    def translation_fields(self, name: str) -> list[Field]:
        """The translation inputs of one form field, in the order of translation_languages()."""
        return [getattr(self, key) for _lang, key in self._translated.get(name, [])]

    def fill_translations(self, obj: Any) -> None:
        """Put obj's stored translations into the inputs (a form shown for the first time)."""
        stored = getattr(obj, "translations", None) or {}
        for name, keys in self._translated.items():
            for lang, key in keys:
                getattr(self, key).data = (stored.get(lang) or {}).get(self._model_name(name), "")

    def entered_translations(self) -> dict[str, dict[str, str | None]]:
        """The translations as entered: language -> model field -> text (empty removes it)."""
        result: dict[str, dict[str, str | None]] = {}
        for name, keys in self._translated.items():
            for lang, key in keys:
                result.setdefault(lang, {})[self._model_name(name)] = getattr(self, key).data
        return result

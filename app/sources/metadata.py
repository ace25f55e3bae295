"""An Open SDG indicator's metadata (meta/*.md front matter or a .yml file) as form defaults.

Decisions:

* Parsed with PyYAML's safe loader (plain data only, no Python objects). Aliases are refused
  outright, which closes the "billion laughs" expansion, and the text is limited to
  MAX_METADATA_BYTES before parsing; a document that is not a mapping is refused.
* Open SDG platforms name the same things differently (Canada's indicator_name, the USA's
  SDG_INDICATOR, translation keys in Kazakhstan's files): each form field takes the first key
  that holds usable text. A value that looks like a translation key ("UNIT_MEASURE.PT") is not
  text and is skipped.
* Progress settings: the first entry of progress_calculation_options gives the direction
  (positive: higher is better) and the target value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from flask_babel import gettext as _

from app.tabular import FileRejected

MAX_METADATA_BYTES = 256 * 1024
_TRANSLATION_KEY = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$")
_INDICATOR_PREFIX = re.compile(r"^(?:Indicator|Indicateur)\s+[0-9.a-z]+\s*[:.-]\s*", re.I)
TITLE_KEYS = ("indicator_name", "title", "national_indicator_name", "graph_title", "SDG_INDICATOR",
              "indicator_name_national")  # fmt: skip
UNIT_KEYS = ("computation_units", "unit", "UNIT_MEASURE", "measurement_unit")
SOURCE_KEYS = ("source_organisation_1", "source_title_1", "source", "DATA_SOURCE",
               "CONTACT_ORGANISATION")  # fmt: skip
DEFINITION_KEYS = ("computation_definitions", "definition", "STAT_CONC_DEF", "indicator_definition",
                   "actual_indicator_available_description", "DATA_COMP")  # fmt: skip
TARGET_KEYS = ("national_target", "target_name", "SDG_TARGET")


@dataclass(frozen=True)
class Metadata:
    """Defaults for the indicator form read from a metadata file (empty where none)."""

    title: str = ""
    unit: str = ""
    source: str = ""
    definition: str = ""
    national_target: str = ""
    direction: str | None = None  # "increase" or "decrease"
    target_value: float | None = None


class _NoAliasLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors and aliases (no expansion bombs)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError(str(_("anchors and aliases (&, *) are not accepted")))
        return super().compose_node(parent, index)


def _safe_data(text: str) -> Any:
    """The YAML document as plain data, through the safe loader (what yaml.safe_load does)."""
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _front_matter(text: str) -> str:
    """The YAML of a meta/*.md file (between the --- lines), or the whole .yml file."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for end, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return "\n".join(lines[1:end])
        raise FileRejected(_("The metadata front matter has no closing --- line."))
    return text


def _text(document: dict[str, Any], keys: tuple[str, ...], limit: int) -> str:
    for key in keys:
        value = document.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            continue
        value = " ".join(value.split())
        if value and not _TRANSLATION_KEY.match(value):
            return value[:limit]
    return ""


def _progress(document: dict[str, Any]) -> tuple[str | None, float | None]:
    options = document.get("progress_calculation_options")
    if not isinstance(options, list) or not options or not isinstance(options[0], dict):
        return None, None
    first = options[0]
    direction = {"positive": "increase", "negative": "decrease"}.get(
        str(first.get("direction", "")).strip().lower()
    )
    target = first.get("target")
    if isinstance(target, bool) or not isinstance(target, int | float | str):
        return direction, None
    try:
        value = float(str(target).strip())
    except ValueError:
        return direction, None
    return direction, value if value == value and abs(value) < 1e15 else None


def read_metadata(data: bytes) -> Metadata:
    """Form defaults from a metadata file; FileRejected when it is too large or not YAML."""
    if len(data) > MAX_METADATA_BYTES:
        raise FileRejected(
            _("The metadata file is larger than %(kb)d kB.", kb=MAX_METADATA_BYTES // 1024)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected(_("The metadata file is not UTF-8 text.")) from None
    try:
        document = _safe_data(_front_matter(text))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as error:
        # ValueError/TypeError: a value YAML reads as an impossible date (2021-02-30).
        mark = getattr(error, "problem_mark", None)
        where = _(" (line %(line)d)", line=mark.line + 1) if mark is not None else ""
        reason = getattr(error, "problem", None) or str(error).splitlines()[0][:200]
        raise FileRejected(
            _("The metadata file is not valid YAML%(where)s: %(reason)s.", where=where,
              reason=reason)
        ) from None  # fmt: skip
    if not isinstance(document, dict):
        raise FileRejected(_("The metadata file must hold fields (name: value), not a list."))
    document = {str(key).lstrip("\ufeff").strip(): value for key, value in document.items()}
    title = _INDICATOR_PREFIX.sub("", _text(document, TITLE_KEYS, 200))
    direction, target = _progress(document)
    return Metadata(
        title=title[:200],
        unit=_text(document, UNIT_KEYS, 40),
        source=_text(document, SOURCE_KEYS, 300),
        definition=_text(document, DEFINITION_KEYS, 4000),
        national_target=_text(document, TARGET_KEYS, 1000),
        direction=direction,
        target_value=target,
    )

"""Open data downloads and their Data Package descriptor."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.caching import public_page
from app.extensions import db
from app.models import Indicator
from app.open_data import bp
from app.open_data.datasets import BY_NAME, DATASETS, measurement_rows
from app.public.queries import last_updated_by_mission, published_missions
from app.reporting.visibility import indicator_is_public
from app.routing import public_url
from app.tabular import csv_chunks
from app.translating import content_languages

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


def _last_updated() -> str | None:
    days = last_updated_by_mission([m.id for m in published_missions()]).values()
    return max(days).isoformat() if days else None


DESCRIPTIONS = {
    "missions": lambda: _("Published missions and their North Stars."),
    "outcomes": lambda: _("Result areas inside each mission."),
    "departments": lambda: _("City departments."),
    "interventions": lambda: _("Published interventions of each mission."),
    "budget_lines": lambda: _(
        "Each published intervention's budget by year and funding department."
    ),
    "indicators": lambda: _("Published indicators with baselines and targets."),
    "measurements": lambda: _("Indicator values by period and breakdown."),
    "updates": lambda: _("Published status reports on interventions."),
    "learning_log": lambda: _(
        "Published learning-log entries of published interventions: hypotheses, tests, "
        "results and decisions, with the stage moves decided."
    ),
}


TITLES = {
    "missions": lambda: _("Missions"),
    "outcomes": lambda: _("Outcomes"),
    "departments": lambda: _("Departments"),
    "interventions": lambda: _("Interventions"),
    "budget_lines": lambda: _("Budget lines"),
    "indicators": lambda: _("Indicators"),
    "measurements": lambda: _("Measurements"),
    "updates": lambda: _("Status reports"),
    "learning_log": lambda: _("Learning log"),
}

# Excel reads a CSV without a byte order mark in the computer's own code page ("ReykjavÃ­k");
# with one it reads UTF-8. Other programs take the plain file, so the BOM is a choice (?bom=1).
BOM = "\ufeff"


@bp.app_template_global()
def dataset_description(name: str) -> str:
    """A dataset's description in the current language."""
    return str(DESCRIPTIONS[name]())


def _package_texts() -> dict[str, str]:
    return {
        "title": _("AIM Tracker open data"),
        "description": _(
            "Published missions, outcomes, interventions, indicators, measurements and "
            "status reports."
        )
        + " "
        + _(
            "A text cell that a spreadsheet would run as a formula (starting with =, +, -, @, a "
            "tab or a carriage return) starts with an apostrophe; numbers are never changed."
        ),
    }


def _resource_texts(name: str) -> dict[str, str]:
    return {"title": str(TITLES[name]()), "description": str(DESCRIPTIONS[name]())}


def _in_every_language(texts: Callable[[], dict[str, str]]) -> dict[str, dict[str, str]]:
    """texts() in each content language, the source first: a descriptor's ``translations``."""
    result = {}
    for lang in content_languages():
        with force_locale(lang):
            result[lang] = texts()
    return result


def _csv_response(header: list[str], rows: Any, filename: str) -> Response:
    """A streamed CSV download, with a byte order mark first when ?bom=1 asks for one (Excel)."""
    chunks: Iterator[str] = csv_chunks(header, rows)
    if request.args.get("bom") == "1":
        plain = chunks

        def with_bom() -> Iterator[str]:
            yield BOM
            yield from plain

        chunks = with_bom()
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/")
@public_page
def index() -> str:
    """What can be downloaded, under which licence, and how fresh it is."""
    return render_template(
        "open_data/index.html", datasets=DATASETS, license=LICENSE, last_updated=_last_updated()
    )


@bp.get("/<name>.csv")
@public_page(params=("bom",))
def download(name: str) -> Response:
    """One dataset as CSV (UTF-8, comma separated, header row), written like the staff exports:
    text that a spreadsheet would run as a formula is neutralised, numbers are left as they are.
    ?bom=1 starts the file with a byte order mark so that Excel reads it as UTF-8."""
    dataset = BY_NAME.get(name)
    if dataset is None:
        abort(404)
    threshold = int(current_app.config["SMALL_NUMBER_THRESHOLD"])
    header = [field["name"] for field in dataset.fields]
    return _csv_response(header, dataset.rows(threshold), dataset.filename)


@bp.get("/indicators/<int:indicator_id>.csv")
@public_page(params=("bom",))
def indicator_download(indicator_id: int) -> Response:
    """One public indicator's values as CSV: the measurements dataset's columns and privacy rule."""
    public = select(Indicator.id).where(Indicator.id == indicator_id, indicator_is_public())
    if db.session.scalar(public) is None:
        abort(404)
    threshold = int(current_app.config["SMALL_NUMBER_THRESHOLD"])
    dataset = BY_NAME["measurements"]
    header = [field["name"] for field in dataset.fields]
    return _csv_response(
        header, measurement_rows(threshold, indicator_id), f"indicator-{indicator_id}.csv"
    )


@bp.get("/datapackage.json")
@public_page
def datapackage() -> Response:
    """A Frictionless Data Package describing every CSV with its Table Schema.

    title and description are in the reader's language (?lang=); ``languages`` lists the site's
    languages, the source first (the Frictionless "language support" pattern), and
    ``translations`` holds the title and description in each of them, like the API's content.
    """
    descriptor = {
        "profile": "tabular-data-package",
        "name": "aim-tracker-open-data",
        **_package_texts(),
        "languages": list(content_languages()),
        "translations": _in_every_language(_package_texts),
        "homepage": public_url("open_data.index"),
        "licenses": [LICENSE],
        "created": f"{updated}T00:00:00Z" if (updated := _last_updated()) else None,
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": dataset.name,
                **_resource_texts(dataset.name),
                "translations": _in_every_language(partial(_resource_texts, dataset.name)),
                "path": dataset.filename,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": dataset.schema(),
            }
            for dataset in DATASETS
        ],
    }
    if descriptor["created"] is None:
        del descriptor["created"]
    return jsonify(descriptor)

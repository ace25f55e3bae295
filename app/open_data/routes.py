"""Open data downloads and their Data Package descriptor."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    stream_with_context,
)
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
    "indicators": lambda: _("Published indicators with baselines and targets."),
    "measurements": lambda: _("Indicator values by period and breakdown."),
    "updates": lambda: _("Published status reports on interventions."),
}


@bp.app_template_global()
def dataset_description(name: str) -> str:
    """A dataset's description in the current language."""
    return str(DESCRIPTIONS[name]())


@bp.get("/")
@public_page
def index() -> str:
    """What can be downloaded, under which licence, and how fresh it is."""
    return render_template(
        "open_data/index.html", datasets=DATASETS, license=LICENSE, last_updated=_last_updated()
    )


@bp.get("/<name>.csv")
@public_page
def download(name: str) -> Response:
    """One dataset as CSV (UTF-8, comma separated, header row), written like the staff exports:
    text that a spreadsheet would run as a formula is neutralised, numbers are left as they are."""
    dataset = BY_NAME.get(name)
    if dataset is None:
        abort(404)
    threshold = int(current_app.config["SMALL_NUMBER_THRESHOLD"])
    header = [field["name"] for field in dataset.fields]
    response = Response(
        stream_with_context(csv_chunks(header, dataset.rows(threshold))), mimetype="text/csv"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{dataset.filename}"'
    return response


@bp.get("/indicators/<int:indicator_id>.csv")
@public_page
def indicator_download(indicator_id: int) -> Response:
    """One public indicator's values as CSV: the measurements dataset's columns and privacy rule."""
    public = select(Indicator.id).where(Indicator.id == indicator_id, indicator_is_public())
    if db.session.scalar(public) is None:
        abort(404)
    threshold = int(current_app.config["SMALL_NUMBER_THRESHOLD"])
    dataset = BY_NAME["measurements"]
    header = [field["name"] for field in dataset.fields]
    response = Response(
        stream_with_context(csv_chunks(header, measurement_rows(threshold, indicator_id))),
        mimetype="text/csv",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="indicator-{indicator_id}.csv"'
    return response


@bp.get("/datapackage.json")
@public_page
def datapackage() -> Response:
    """A Frictionless Data Package describing every CSV with its Table Schema."""
    descriptor = {
        "profile": "tabular-data-package",
        "name": "aim-tracker-open-data",
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
        "homepage": public_url("open_data.index"),
        "licenses": [LICENSE],
        "created": f"{updated}T00:00:00Z" if (updated := _last_updated()) else None,
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": dataset.name,
                "title": dataset.title,
                "description": dataset.description,
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

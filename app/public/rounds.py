"""The public archive of reporting rounds: a mission's published rounds and each round's reports.
GET only; only published rounds, and in them only public interventions (app.reporting.rounds)."""

from __future__ import annotations

from flask import abort, render_template

from app.caching import public_page
from app.models import Mission
from app.public import bp
from app.reporting.rounds import public_round, public_round_reports, public_rounds
from app.reporting.visibility import public_mission


def _mission_or_404(slug: str) -> Mission:
    """The public mission's row: these pages show its title, not its indicators and statuses."""
    mission = public_mission(slug)
    if mission is None:
        abort(404)
    return mission


@bp.get("/missions/<slug>/rounds")
@public_page
def rounds(slug: str) -> str:
    """A mission's published reporting rounds, newest first."""
    mission = _mission_or_404(slug)
    return render_template("public/rounds.html", m=mission, rounds=public_rounds(mission.id))


@bp.get("/missions/<slug>/rounds/<int:round_id>")
@public_page
def round_page(slug: str, round_id: int) -> str:
    """One published round: every intervention's report, or why it is missing."""
    mission = _mission_or_404(slug)
    found = public_round(mission.id, round_id)
    if found is None:
        abort(404)
    return render_template(
        "public/round.html", m=mission, round=found, reports=public_round_reports(round_id)
    )

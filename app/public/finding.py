"""Finding things on the public site: search, the filtered interventions list, a page per
intervention and the glossary. GET only, published content only, through the reporting layer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask import abort, current_app, render_template, request
from markupsafe import escape
from sqlalchemy import select

from app.caching import public_page
from app.extensions import db, limiter
from app.models import ProgressUpdate
from app.progress.implementation import MilestoneFact
from app.progress.vocabulary import ImplementationStatus, OutcomeStatus, Stage
from app.public import bp
from app.public.queries import (
    IndicatorView,
    InterventionView,
    PublicMission,
    load_public_mission,
)
from app.reporting.learning import LoggedEntry, learning_log
from app.reporting.rounds import public_reports_of
from app.reporting.search import MAX_QUERY_CHARS, search_public
from app.reporting.visibility import update_is_public

FILTERS = ("department", "outcome", "status", "stage", "age")


def _mission_or_404(slug: str) -> PublicMission:
    page = load_public_mission(slug, threshold=int(current_app.config["SMALL_NUMBER_THRESHOLD"]))
    if page is None:
        abort(404)
    return page


def highlighted(text: str, terms: Sequence[str]) -> list[tuple[str, bool]]:
    """Text cut into (piece, is_match) parts, a match being a word that starts with a search term;
    the template escapes every piece, so no markup from content or query reaches the page."""
    if not terms or not text:
        return [(text, False)]
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(t) for t in terms) + r")[^\W_]*", re.IGNORECASE
    )
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def excerpt(text: str, terms: Sequence[str], width: int = 160) -> str:
    """A window of text around the first matching word (the whole text when short)."""
    if len(text) <= width:
        return text
    lowered = text.lower()
    starts = [lowered.find(t) for t in terms if lowered.find(t) >= 0]
    start = max(0, min(starts) - width // 3) if starts else 0
    piece = text[start : start + width]
    return ("… " if start else "") + piece + (" …" if start + width < len(text) else "")


@bp.app_template_global()
def iframe_code(url: str, title: str) -> str:
    """The HTML to paste into another site to embed a chart (plain text: the page escapes it
    once more where it shows it)."""
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="420" '
        'loading="lazy" style="border:0"></iframe>'
    )


def search_limit() -> str:
    """Searches allowed per client address (SEARCH_LIMIT, default 60 per minute): every new
    text is a fresh query and a new cache entry, so a client cannot flood either."""
    return str(current_app.config.get("SEARCH_LIMIT", "60 per minute"))


@bp.get("/search")
@limiter.limit(search_limit)
@public_page(params=("q",))
def search() -> str:
    """Search across published missions, outcomes, interventions and indicators."""
    query = request.args.get("q", "")[:MAX_QUERY_CHARS]
    results = search_public(query) if query.strip() else None
    return render_template(
        "public/search.html",
        query=query,
        results=results,
        highlighted=highlighted,
        excerpt=excerpt,
    )


@dataclass
class InterventionFilters:
    """The filters of the interventions list as asked, as understood, and what was ignored."""

    department: str | None = None
    outcome: int | None = None
    status: str | None = None
    stage: str | None = None
    age: int | None = None
    ignored: list[tuple[str, str]] = field(default_factory=list)

    def keeps(self, view: InterventionView) -> bool:
        item = view.intervention
        codes = {view.lead.code, *(p.code for p in view.partners)}
        return (
            (self.department is None or self.department in codes)
            and (self.outcome is None or item.outcome_id == self.outcome)
            and (self.status is None or view.status.status == self.status)
            and (self.stage is None or item.stage == self.stage)
            and (
                self.age is None
                or (
                    item.age_min is not None
                    and item.age_max is not None
                    and item.age_min <= self.age <= item.age_max
                )
            )
        )

    @property
    def active(self) -> dict[str, str]:
        values = {
            "department": self.department,
            "outcome": self.outcome,
            "status": self.status,
            "stage": self.stage,
            "age": self.age,
        }
        return {k: str(v) for k, v in values.items() if v is not None}


def parse_filters(page: PublicMission, args: dict[str, str]) -> InterventionFilters:
    """Filters from the query arguments; a value that names nothing on this mission is ignored
    (and reported), never an error."""
    filters = InterventionFilters()
    departments = {d.code for d, _n in page.departments}
    outcomes = {s.outcome.id for s in page.outcomes if s.outcome is not None}
    for name in FILTERS:
        raw = args.get(name, "").strip()
        if not raw:
            continue
        if name == "department" and raw in departments:
            filters.department = raw
        elif name == "outcome" and raw.isdecimal() and int(raw) in outcomes:
            filters.outcome = int(raw)
        elif name == "status" and raw in set(ImplementationStatus):
            filters.status = raw
        elif name == "stage" and raw in set(Stage):
            filters.stage = raw
        elif name == "age" and raw.isdecimal() and len(raw) <= 3:
            filters.age = int(raw)
        else:
            filters.ignored.append((name, raw[:60]))
    return filters


@bp.get("/missions/<slug>/interventions")
@public_page(params=FILTERS)
def interventions(slug: str) -> str:
    """A mission's published interventions, filtered by department, outcome, status, stage and
    age; the filters live in the address."""
    page = _mission_or_404(slug)
    filters = parse_filters(page, {k: request.args.get(k, "") for k in FILTERS})
    views = [v for s in page.outcomes for v in s.interventions]
    shown = [v for v in views if filters.keeps(v)]
    outcome_of = {v.intervention.id: s.outcome for s in page.outcomes for v in s.interventions}
    return render_template(
        "public/interventions.html",
        page=page,
        filters=filters,
        shown=shown,
        total=len(views),
        outcome_of=outcome_of,
        statuses=list(ImplementationStatus),
        stages=list(Stage),
    )


@dataclass(frozen=True)
class InterventionPage:
    page: PublicMission
    view: InterventionView
    milestones: list[MilestoneFact]
    reports: list[ProgressUpdate]
    indicators: list[IndicatorView]
    log: list[LoggedEntry]


def load_intervention_page(page: PublicMission, intervention_id: int) -> InterventionPage | None:
    """One public intervention of a public mission, from the mission's reads plus its dated
    archive of public status reports and its published learning log (two queries more)."""
    for section in page.outcomes:
        for view in section.interventions:
            if view.intervention.id == intervention_id:
                reports = db.session.scalars(
                    select(ProgressUpdate)
                    .where(ProgressUpdate.intervention_id == intervention_id, update_is_public())
                    .order_by(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())
                ).all()
                related = [
                    ind
                    for s in page.outcomes
                    for ind in s.indicators
                    if ind.indicator.intervention_id == intervention_id
                ]
                milestones = sorted(
                    page.progress.milestones.get(intervention_id, []), key=lambda m: m.due_date
                )
                log = learning_log(intervention_id, published_only=True)
                return InterventionPage(page, view, milestones, list(reports), related, log)
    return None


@bp.get("/missions/<slug>/interventions/<int:intervention_id>")
@public_page
def intervention(slug: str, intervention_id: int) -> str:
    """One intervention: what it is, who does it, its stage and status with the reason, its
    milestones, the latest status report and the archive of older ones, related indicators."""
    loaded = load_intervention_page(_mission_or_404(slug), intervention_id)
    if loaded is None:
        abort(404)
    return render_template(
        "public/intervention.html", p=loaded, as_of=date.today(),
        round_reports=public_reports_of([intervention_id]),
    )  # fmt: skip


@bp.get("/explained")
@public_page
def glossary() -> str:
    """What the implementation statuses, stages and outcome statuses mean."""
    return render_template(
        "public/glossary.html",
        implementation=list(ImplementationStatus),
        stages=list(Stage),
        outcomes=list(OutcomeStatus),
    )

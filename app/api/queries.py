"""Public API reads: published content only, shaped as JSON, with the public pages' rules.

Published means what app.reporting.visibility defines, as for every public page and file.
Breakdown values of sensitive indicators below the small-number threshold are withheld (value
null, withheld true) by app.privacy, and their breakdown assessments are left out, since an
assessment's components would give the withheld values away.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import request, url_for
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import (
    Department,
    Indicator,
    Intervention,
    Mission,
    ProgressUpdate,
    User,
)
from app.progress.rollup import IndicatorResult, ProgressSummary
from app.public.queries import (
    IndicatorView,
    list_published_missions,
    load_public_indicator,
    load_public_mission,
)
from app.reporting.progress import assess_interventions
from app.reporting.relations import load_partners
from app.reporting.visibility import indicator_is_public, intervention_is_public, update_is_public
from app.translating import all_translations, source_language, translated


def clean(value: Any) -> Any:
    """JSON-safe: dates as ISO text, Decimal as text, non-finite numbers as null."""
    if isinstance(value, dict):
        return {str(key): clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def clean_object(value: dict[str, Any]) -> dict[str, Any]:
    """clean() of a JSON object, typed as one."""
    cleaned: dict[str, Any] = clean(value)
    return cleaned


def content_language() -> str:
    """The language content is answered in: ?lang= (checked by the API before the view), else
    the source language (not the browser's: an API answer should not move with a header)."""
    return request.args.get("lang") or source_language()


def in_language(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    """values with each translated field of obj in the answer's language (the original where
    that language has no translation) and every language's text under ``translations``."""
    lang = content_language()
    fields = type(obj).TRANSLATED
    shown = {key: translated(obj, key, lang) if key in fields else value
             for key, value in values.items()}  # fmt: skip
    return {**shown, "translations": all_translations(obj)}


def _department(department: Department) -> dict[str, Any]:
    return in_language(
        department, {"id": department.id, "code": department.code, "name": department.name}
    )


def progress_summary(summary: ProgressSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    data = summary.to_dict()
    keys = ("outcome_lens", "output_lens", "implementation", "freshness", "indicator_ids",
            "intervention_ids")  # fmt: skip
    return {key: data[key] for key in keys}


# ---- missions ----


def _mission_fields(mission: Mission, last_updated: date | None) -> dict[str, Any]:
    return in_language(
        mission,
        {
            "id": mission.id,
            "slug": mission.slug,
            "title": mission.title,
            "north_star": mission.north_star,
            "target_population": mission.target_population,
            "age_min": mission.age_min,
            "age_max": mission.age_max,
            "start_year": mission.start_year,
            "horizon_year": mission.horizon_year,
            "status": mission.status,
            "illustrative": bool(mission.illustrative),
            "published_at": mission.published_at,
            "last_updated": last_updated,
            "links": {"self": url_for("api.mission", slug=mission.slug)},
        },
    )


def mission_page(limit: int, offset: int, today: date | None = None) -> tuple[list[Any], int]:
    """Published missions with both lenses and freshness, one page."""
    cards = list_published_missions(today)
    page = cards[offset : offset + limit]
    return [
        clean({**_mission_fields(card.mission, card.last_updated),
               "progress": progress_summary(card.progress.rollup.mission)})
        for card in page
    ], len(cards)  # fmt: skip


def _indicator_brief(view: IndicatorView) -> dict[str, Any]:
    indicator, result = view.indicator, view.result
    return in_language(
        indicator,
        {
            "id": indicator.id,
            "code": indicator.code,
            "title": indicator.title,
            "unit": indicator.unit,
            "outcome_id": indicator.outcome_id,
            "level": indicator.level,
            "status": result.status,
            "score": result.headline.score,
            "manual": result.manual,
            "freshness": result.freshness.to_dict(),
            "links": {"self": url_for("api.indicator", indicator_id=indicator.id)},
        },
    )


def mission_detail(slug: str, threshold: int, today: date | None = None) -> dict[str, Any] | None:
    """One published mission: both lenses per outcome, coverage, indicators, interventions."""
    page = load_public_mission(slug, threshold=threshold, today=today)
    if page is None:
        return None
    rollup = page.progress.rollup
    outcomes: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    interventions: list[dict[str, Any]] = []
    for section in page.outcomes:
        if section.outcome is not None:
            outcomes.append(in_language(section.outcome, {
                "id": section.outcome.id,
                "title": section.outcome.title,
                "description": section.outcome.description,
                "position": section.outcome.position,
                "progress": progress_summary(rollup.outcomes.get(section.outcome.id)),
            }))  # fmt: skip
        indicators.extend(_indicator_brief(view) for view in section.indicators)
        interventions.extend(
            in_language(
                view.intervention,
                {
                    "id": view.intervention.id,
                    "title": view.intervention.title,
                    "outcome_id": view.intervention.outcome_id,
                    "stage": view.intervention.stage,
                    "lead_department": _department(view.lead),
                    "status": view.status.status,
                    "links": {
                        "self": url_for("api.intervention", intervention_id=view.intervention.id)
                    },
                },
            )
            for view in section.interventions
        )
    return clean_object({
        **_mission_fields(page.mission, page.last_updated),
        "problem_statement": translated(page.mission, "problem_statement", content_language()),
        "progress": progress_summary(rollup.mission),
        "coverage": None if rollup.coverage is None else rollup.coverage.to_dict(),
        "outcomes": outcomes,
        "indicators": indicators,
        "interventions": interventions,
        "report_dates": page.report_dates,
    })  # fmt: skip


# ---- indicators ----


def _indicator_fields(indicator: Indicator, slug: str, department: Department) -> dict[str, Any]:
    return in_language(
        indicator,
        {
            "id": indicator.id,
            "code": indicator.code,
            "title": indicator.title,
            "unit": indicator.unit,
            "mission": slug,
            "outcome_id": indicator.outcome_id,
            "department": _department(department),
            "direction": indicator.direction,
            "frequency": indicator.frequency,
            "level": indicator.level,
            "sensitive": bool(indicator.sensitive),
            "illustrative": bool(indicator.illustrative),
            "links": {"self": url_for("api.indicator", indicator_id=indicator.id)},
        },
    )


def indicator_page(limit: int, offset: int, mission: str | None) -> tuple[list[Any], int]:
    """Published indicators of published missions, by id, one page."""
    stmt = (
        select(Indicator, Mission.slug, Department)
        .join(Mission, Mission.id == Indicator.mission_id)
        .join(Department, Department.id == Indicator.department_id)
        .where(
            indicator_is_public(),
        )
    )
    if mission:
        stmt = stmt.where(Mission.slug == mission)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.execute(stmt.order_by(Indicator.id).limit(limit).offset(offset))
    return [clean(_indicator_fields(*row)) for row in rows], total


def _assessment(result: IndicatorResult, sensitive: bool) -> dict[str, Any]:
    data = result.to_dict()
    del data["indicator_id"], data["outcome_id"], data["level"]
    if sensitive:
        data["breakdowns"] = {}
    return data


def indicator_detail(
    indicator_id: int, threshold: int, today: date | None = None
) -> dict[str, Any] | None:
    """A published indicator with its values (small sensitive ones withheld) and assessment."""
    page = load_public_indicator(indicator_id, threshold=threshold, today=today)
    if page is None:
        return None
    view, slug = page.view, page.mission.slug
    indicator = view.indicator
    department = indicator.department
    measurements = [
        {"period": period, "breakdown": "", "value": value, "withheld": False,
         "provisional": period in view.provisional}
        for period, value in view.headline
    ]  # fmt: skip
    for key, points in sorted(view.breakdowns.items()):
        measurements.extend(
            {"period": point.period, "breakdown": key, "value": point.value,
             "withheld": point.withheld, "provisional": False}
            for point in points
        )  # fmt: skip
    return clean_object({
        **_indicator_fields(indicator, slug, department),
        "definition": translated(indicator, "definition", content_language()),
        "decimals": indicator.decimals,
        "baseline": {"value": indicator.baseline_value, "period": indicator.baseline_period},
        "target": {"value": indicator.target_value, "period": indicator.target_period},
        "limit": indicator.limit_value,
        "source": translated(indicator, "source", content_language()),
        "interim_targets": [{"period": p, "value": v} for p, v in view.interim_targets],
        "assessment": _assessment(view.result, bool(indicator.sensitive)),
        "suppressed": view.suppressed,
        "measurements": measurements,
    })  # fmt: skip


# ---- interventions and updates ----


def _intervention_rows(stmt: Select, today: date | None) -> list[dict[str, Any]]:
    rows = db.session.execute(stmt).all()
    partners = load_partners([item.id for item, _slug, _lead, _author in rows])
    statuses = assess_interventions(
        ((item, author) for item, _slug, _lead, author in rows),
        published_only=True,
        today=today or date.today(),
    )
    result = []
    for item, slug, lead, _author in rows:
        status = statuses[item.id].status
        result.append(in_language(item, {
            "id": item.id,
            "external_id": item.external_id,
            "title": item.title,
            "summary": item.summary,
            "mission": slug,
            "outcome_id": item.outcome_id,
            "stage": item.stage,
            "start_date": item.start_date,
            "end_date": item.end_date,
            "budget": item.budget,
            "age_min": item.age_min,
            "age_max": item.age_max,
            "lead_department": _department(lead),
            "partners": [
                {"department": {"id": p.department_id, "code": p.code, "name": p.name},
                 "role": p.role}
                for p in partners.get(item.id, [])
            ],
            "status": status.to_dict(),
            "illustrative": bool(item.illustrative),
            "links": {"self": url_for("api.intervention", intervention_id=item.id)},
        }))  # fmt: skip
    return result


def _intervention_statement() -> Select:
    lead, author = aliased(Department), aliased(User)
    return (
        select(Intervention, Mission.slug, lead, author.name)
        .join(Mission, Mission.id == Intervention.mission_id)
        .join(lead, lead.id == Intervention.lead_department_id)
        .outerjoin(author, author.id == Intervention.override_by_id)
        .where(intervention_is_public())
    )


def intervention_page(
    limit: int, offset: int, mission: str | None, today: date | None = None
) -> tuple[list[Any], int]:
    """Published interventions with their implementation status, one page."""
    stmt = _intervention_statement()
    if mission:
        stmt = stmt.where(Mission.slug == mission)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = _intervention_rows(stmt.order_by(Intervention.id).limit(limit).offset(offset), today)
    return [clean(row) for row in rows], total


def _update(update: ProgressUpdate) -> dict[str, Any]:
    return in_language(update, {
        "id": update.id,
        "intervention_id": update.intervention_id,
        "reported_on": update.reported_on,
        "status": update.status,
        "summary": update.summary,
        "next_steps": update.next_steps,
        "blockers": update.blockers,
        "published_at": update.published_at,
        "links": {"intervention": url_for("api.intervention",
                                          intervention_id=update.intervention_id)},
    })  # fmt: skip


def intervention_detail(intervention_id: int, today: date | None = None) -> dict[str, Any] | None:
    """A published intervention with its status and its published updates."""
    rows = _intervention_rows(
        _intervention_statement().where(Intervention.id == intervention_id), today
    )
    if not rows:
        return None
    updates = db.session.scalars(
        select(ProgressUpdate)
        .where(ProgressUpdate.intervention_id == intervention_id, update_is_public())
        .order_by(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())
    )
    return clean_object({**rows[0], "updates": [_update(update) for update in updates]})


def update_page(limit: int, offset: int, intervention_id: int | None) -> tuple[list[Any], int]:
    """Published updates of published interventions, newest first, one page."""
    stmt = select(ProgressUpdate).where(update_is_public())
    if intervention_id is not None:
        stmt = stmt.where(ProgressUpdate.intervention_id == intervention_id)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    updates = db.session.scalars(
        stmt.order_by(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [clean(_update(update)) for update in updates], total


def update_json(update: ProgressUpdate) -> dict[str, Any]:
    """A just-written update (draft or not) for the write endpoint's answer."""
    return clean_object({**_update(update), "is_published": bool(update.is_published)})

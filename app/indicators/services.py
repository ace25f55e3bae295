"""Indicator writes (flush, never commit): definition and interim targets, publish, override."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app import audit, editing
from app.errors import DomainError
from app.extensions import db
from app.indicators.queries import breakdown_keys, has_total_rows
from app.measurements.rules import check_in_range, check_number
from app.models import Department, Indicator, InterimTarget, Intervention, Mission, Outcome
from app.models.base import utcnow
from app.models.enums import Direction, Frequency, IndicatorLevel, OutcomeStatus
from app.translating import Entered, merged_entered, translation_languages

# The columns the indicator form edits.
FIELDS = (
    "mission_id", "outcome_id", "level", "intervention_id", "department_id", "code", "title",
    "definition", "unit", "decimals", "direction", "frequency", "baseline_value",
    "baseline_period", "target_value", "target_period", "limit_value", "min_value", "max_value",
    "source", "sensitive",
)  # fmt: skip

InterimRow = tuple[date | None, float | None]


def _check_references(values: dict[str, Any]) -> None:
    mission_id = values["mission_id"]
    mission = db.session.get(Mission, mission_id)
    if mission is None:
        raise DomainError(_("Choose a mission."), "mission_id")
    if values["outcome_id"] is not None:
        outcome = db.session.get(Outcome, values["outcome_id"])
        if outcome is None or outcome.mission_id != mission_id:
            raise DomainError(
                _("This outcome is not one of “%(mission)s”: choose one of its outcomes, or no "
                  "outcome.", mission=mission.title),
                "outcome_id",
            )  # fmt: skip
    if values["intervention_id"] is not None:
        intervention = db.session.get(Intervention, values["intervention_id"])
        if intervention is None or intervention.mission_id != mission_id:
            raise DomainError(_("Choose an intervention of the chosen mission."), "intervention_id")
    elif values["level"] == IndicatorLevel.INTERVENTION_OUTPUT:
        raise DomainError(
            _("An intervention output needs an intervention of the same mission."),
            "intervention_id",
        )
    if db.session.get(Department, values["department_id"]) is None:
        raise DomainError(_("Choose the owning department."), "department_id")


def _check_vocabulary(values: dict[str, Any]) -> None:
    for field, allowed in (
        ("level", IndicatorLevel),
        ("direction", Direction),
        ("frequency", Frequency),
    ):
        if values[field] not in set(allowed):
            raise DomainError(_("Choose one of the options."), field)
    if not 0 <= values["decimals"] <= 6:
        raise DomainError(_("Enter a whole number from 0 to 6."), "decimals")


def _check_code(code: str | None, indicator_id: int | None) -> None:
    if code is None:
        return
    clash = db.session.scalar(
        select(Indicator.id).where(func.lower(Indicator.code) == code.lower())
    )
    if clash is not None and clash != indicator_id:
        raise DomainError(_("Another indicator has this code."), "code")


def _check_pairs(values: dict[str, Any]) -> None:
    for value_field, date_field in (
        ("baseline_value", "baseline_period"),
        ("target_value", "target_period"),
    ):
        has_value = values[value_field] is not None
        has_date = values[date_field] is not None
        if has_value != has_date:
            raise DomainError(
                _("Give both the value and the date, or neither."),
                date_field if has_value else value_field,
            )
    baseline, target = values["baseline_period"], values["target_period"]
    if baseline is not None and target is not None and target <= baseline:
        raise DomainError(_("The target date must be after the baseline date."), "target_period")


def _check_range(values: dict[str, Any]) -> None:
    """The plausible range is what the form shows, nothing more: no range is made up from the
    unit (a share in % may fall, and growth rates and changes are negative). The progress
    method's natural limit (limit_value) is separate and only used when set."""
    low, high = values["min_value"], values["max_value"]
    if low is not None and high is not None and low >= high:
        raise DomainError(_("The highest plausible value must be above the lowest."), "max_value")
    for field in ("baseline_value", "target_value", "limit_value"):
        if values[field] is not None:
            check_number(values[field], field, min_value=low, max_value=high)
            if field != "limit_value":
                check_in_range(values[field], low, high, field)


def _check_headline(indicator: Indicator | None, chosen: str) -> str:
    """The headline series chosen for data without total rows: '' or one of its breakdowns."""
    chosen = chosen.strip()
    if chosen and (indicator is None or chosen not in breakdown_keys(indicator.id)):
        raise DomainError(
            _("Choose one of the breakdowns this indicator has values for."),
            "headline_breakdown",
        )
    if chosen and indicator is not None and has_total_rows(indicator.id):
        raise DomainError(
            _("This indicator has total values, and they are its headline series; choose a "
              "breakdown only for data without totals."),
            "headline_breakdown",
        )  # fmt: skip
    return chosen


def _check_interim(values: dict[str, Any], rows: Sequence[InterimRow]) -> list[tuple[date, float]]:
    """The filled interim rows as (date, value), sorted; empty rows are dropped."""
    pairs: list[tuple[date, float]] = []
    for period, value in rows:
        if period is None and value is None:
            continue
        if period is None or value is None:
            raise DomainError(
                _("Give both a date and a value for each interim target."), "interim_targets"
            )
        pairs.append((period, value))
    if not pairs:
        return pairs
    if len({period for period, _value in pairs}) != len(pairs):
        raise DomainError(_("Each interim target needs its own date."), "interim_targets")
    baseline, target = values["baseline_period"], values["target_period"]
    if target is None:
        raise DomainError(_("Interim targets need a target and its date."), "interim_targets")
    for period, value in pairs:
        if period >= target or (baseline is not None and period <= baseline):
            raise DomainError(
                _("Interim target dates must fall between the baseline and target dates."),
                "interim_targets",
            )
        low, high = values["min_value"], values["max_value"]
        check_number(value, "interim_targets", min_value=low, max_value=high)
        check_in_range(value, low, high, "interim_targets")
    return sorted(pairs)


def _interim_json(pairs: Sequence[tuple[date, float]]) -> list[list[Any]]:
    return [[period.isoformat(), value] for period, value in sorted(pairs)]


def _replace_interim_targets(indicator: Indicator, pairs: Sequence[tuple[date, float]]) -> None:
    """Make the indicator's interim targets exactly pairs (same-date rows are updated in place)."""
    existing = {target.period: target for target in indicator.interim_targets}
    wanted = dict(pairs)
    for period, target in existing.items():
        if period not in wanted:
            indicator.interim_targets.remove(target)
    for period, value in wanted.items():
        if period in existing:
            existing[period].value = value
        else:
            indicator.interim_targets.append(InterimTarget(period=period, value=value))


def save_indicator(
    indicator: Indicator | None,
    values: dict[str, Any],
    interim: Sequence[InterimRow],
    *,
    expected_version: int,
    actor_id: int,
) -> Indicator:
    """Create (indicator None) or update an indicator and replace its interim targets.

    One audit event per save, its values including the interim targets as [date, value] pairs.
    The indicator's interim_targets must be loaded when updating.
    """
    chosen = values.get("headline_breakdown")
    entered: Entered | None = values.get("translations")
    values = {key: values[key] for key in FIELDS}
    if entered:
        values["translations"] = merged_entered(
            indicator.translations if indicator else None, entered
        )
    if chosen is not None:
        values["headline_breakdown"] = _check_headline(indicator, chosen)
    values["code"] = (values["code"] or "").strip() or None
    _check_vocabulary(values)
    _check_references(values)
    _check_code(values["code"], indicator.id if indicator else None)
    _check_pairs(values)
    _check_range(values)
    pairs = _check_interim(values, interim)
    if indicator is None:
        indicator = Indicator(**values)
        indicator.interim_targets = [InterimTarget(period=p, value=v) for p, v in pairs]
        db.session.add(indicator)
        db.session.flush()
        audit.record(
            indicator,
            "create",
            actor_id=actor_id,
            new=audit.snapshot(indicator) | {"interim_targets": _interim_json(pairs)},
        )
        return indicator
    current = _interim_json([(target.period, target.value) for target in indicator.interim_targets])
    _replace_interim_targets(indicator, pairs)
    editing.update(
        indicator,
        values,
        expected_version=expected_version,
        actor_id=actor_id,
        related_old={"interim_targets": current},
        related_new={"interim_targets": _interim_json(pairs)},
    )
    return indicator


def duplicate_indicator(original: Indicator, *, actor_id: int) -> Indicator:
    """A draft copy of an indicator titled '… (copy)': its definition, baseline, target and
    interim targets, without values, code, headline choice or manual status. original must have
    its interim targets loaded; an archived mission takes no new indicator."""
    mission_archived = db.session.scalar(
        select(Mission.archived_at).where(Mission.id == original.mission_id)
    )
    if mission_archived is not None:
        raise DomainError(_("This mission is archived; it takes no new indicators."))
    values = {name: getattr(original, name) for name in FIELDS}
    values["title"] = editing.copy_title(original.title)
    values["code"] = None
    interim = [(target.period, target.value) for target in original.interim_targets]
    return save_indicator(None, values, interim, expected_version=0, actor_id=actor_id)


def publish_indicator(indicator: Indicator, published: bool, *, actor_id: int) -> bool:
    """Publish or unpublish; archived indicators stay unpublished."""
    if published and indicator.archived_at is not None:
        raise DomainError(_("An archived indicator cannot be published."))
    return editing.set_published(indicator, published, actor_id=actor_id)


def archive_indicator(indicator: Indicator, *, actor_id: int) -> bool:
    """Archive: the indicator leaves lists and public pages; its data is kept."""
    return editing.archive(indicator, actor_id=actor_id)


def restore_indicator(indicator: Indicator, *, actor_id: int) -> bool:
    """Bring an archived indicator back as a draft; its mission must not be archived."""
    if indicator.archived_at is not None:
        mission_archived = db.session.scalar(
            select(Mission.archived_at).where(Mission.id == indicator.mission_id)
        )
        if mission_archived is not None:
            raise DomainError(_("Its mission is archived: restore the mission first."))
    return editing.restore(indicator, actor_id=actor_id)


def set_override(
    indicator: Indicator,
    *,
    status: str,
    reason: str,
    expected_version: int,
    actor_id: int,
    translations: Entered | None = None,
) -> bool:
    """Set a manual outcome status with its reason, or clear it (status '') and the reason's
    translations with it. Audited."""
    reason = reason.strip()
    if not status:
        changes: dict[str, Any] = {
            "status_override": None, "override_reason": "", "override_by_id": None,
            "override_at": None,
        }  # fmt: skip
        translations = {lang: {"override_reason": None} for lang in translation_languages()}
    else:
        if status not in set(OutcomeStatus):
            raise DomainError(_("Choose one of the options."), "status")
        if not reason:
            raise DomainError(_("Give the reason for the manual status."), "reason")
        if status == indicator.status_override and reason == indicator.override_reason:
            changes = {}
        else:
            changes = {
                "status_override": status, "override_reason": reason,
                "override_by_id": actor_id, "override_at": utcnow(),
            }  # fmt: skip
    if translations:
        merged = merged_entered(indicator.translations, translations)
        if merged != (indicator.translations or {}):
            changes["translations"] = merged
    if not changes:
        return False
    return editing.update(indicator, changes, expected_version=expected_version, actor_id=actor_id)

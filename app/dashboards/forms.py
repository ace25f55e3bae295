"""Dashboard filters: GET forms whose values live in the URL (no CSRF token needed)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField

from app.dashboards.queries import DashboardFilters
from app.forms import row_id
from app.models.enums import ImplementationStatus, Stage
from app.templating import status_name

ANY = 0  # the "all" option of an integer select


def _stage_choices() -> list[tuple[str, Any]]:
    return [("", _l("All stages")), *((s.value, status_name(s.value)) for s in Stage)]


def _status_choices() -> list[tuple[str, Any]]:
    return [
        ("", _l("All statuses")),
        *((s.value, status_name(s.value)) for s in ImplementationStatus),
    ]


class _Filters(Form):
    """Shared parts: the choices are set by the view; a value that is not a choice means any."""

    def selected(self, name: str) -> Any:
        """A filter's value, or None when absent, empty, malformed or not one of the choices."""
        field = getattr(self, name, None)
        if field is None or field.process_errors or field.data in (None, "", ANY):
            return None
        if not any(chosen for _value, _label, chosen, _kw in field.iter_choices()):
            return None
        return field.data

    def criteria(self) -> DashboardFilters:
        """The filters as the queries take them."""
        return DashboardFilters(
            department_id=self.selected("department"),
            outcome_id=self.selected("outcome"),
            mission_id=self.selected("mission"),
            stage=self.selected("stage"),
            status=self.selected("status"),
        )

    @property
    def active(self) -> bool:
        return self.criteria().active


class PortfolioFilterForm(_Filters):
    department = SelectField(_l("Department"), coerce=row_id, default=ANY)
    stage = SelectField(_l("Stage"), choices=_stage_choices, default="")
    status = SelectField(_l("Implementation status"), choices=_status_choices, default="")

    def set_choices(self, departments: list[tuple[int, str]]) -> None:
        self.department.choices = [(ANY, _l("All departments")), *departments]


class MissionFilterForm(_Filters):
    department = SelectField(_l("Department"), coerce=row_id, default=ANY)
    outcome = SelectField(_l("Outcome"), coerce=row_id, default=ANY)
    stage = SelectField(_l("Stage"), choices=_stage_choices, default="")
    status = SelectField(_l("Implementation status"), choices=_status_choices, default="")

    def set_choices(
        self, departments: list[tuple[int, str]], outcomes: list[tuple[int, str]]
    ) -> None:
        self.department.choices = [(ANY, _l("All departments")), *departments]
        self.outcome.choices = [(ANY, _l("All outcomes")), *outcomes]


class DepartmentFilterForm(_Filters):
    mission = SelectField(_l("Mission"), coerce=row_id, default=ANY)
    stage = SelectField(_l("Stage"), choices=_stage_choices, default="")
    status = SelectField(_l("Implementation status"), choices=_status_choices, default="")

    def set_choices(self, missions: list[tuple[int, str]]) -> None:
        self.mission.choices = [(ANY, _l("All missions")), *missions]

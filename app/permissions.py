"""Who may do what: one authorize() for every decision; routes deny by default."""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from app.models import (
    Department,
    FollowUp,
    Indicator,
    Intervention,
    LearningEntry,
    Measurement,
    Milestone,
    ProgressUpdate,
    StatusReport,
)
from app.models.enums import Role


class Action(StrEnum):
    VIEW = "view"  # read any staff page, drafts included
    ACCOUNT = "account"  # manage one's own account
    MANAGE_USERS = "manage_users"
    MANAGE_DEPARTMENTS = "manage_departments"
    EDIT_MISSION = "edit_mission"  # missions and their outcomes
    EDIT_INDICATOR = "edit_indicator"  # indicator definitions and interim targets
    PUBLISH = "publish"
    ARCHIVE = "archive"  # archive and restore missions, interventions and indicators
    OVERRIDE_STATUS = "override_status"
    EDIT_INTERVENTION = "edit_intervention"  # interventions, partners, milestones
    POST_UPDATE = "post_update"
    ENTER_DATA = "enter_data"  # measurements
    RUN_MEETINGS = "run_meetings"  # create and run review meetings, publish their minutes
    CLOSE_FOLLOW_UP = "close_follow_up"  # a meeting's follow-up actions, by their owners


ALL_ROLES = frozenset(Role)
MISSION_OFFICE = frozenset({Role.ADMIN, Role.MISSION_OFFICE})
DEPARTMENT_WORK = frozenset({Role.ADMIN, Role.MISSION_OFFICE, Role.DEPARTMENT_LEAD})

# Which roles may ever take an action; department leads are further limited to their department.
ROLE_ACTIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW: ALL_ROLES,
    Action.ACCOUNT: ALL_ROLES,
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.MANAGE_DEPARTMENTS: frozenset({Role.ADMIN}),
    Action.EDIT_MISSION: MISSION_OFFICE,
    Action.EDIT_INDICATOR: MISSION_OFFICE,
    Action.PUBLISH: MISSION_OFFICE,
    Action.ARCHIVE: MISSION_OFFICE,
    Action.OVERRIDE_STATUS: MISSION_OFFICE,
    Action.EDIT_INTERVENTION: DEPARTMENT_WORK,
    Action.POST_UPDATE: DEPARTMENT_WORK,
    Action.ENTER_DATA: DEPARTMENT_WORK,
    Action.RUN_MEETINGS: MISSION_OFFICE,
    Action.CLOSE_FOLLOW_UP: DEPARTMENT_WORK,
}
DEPARTMENT_SCOPED = frozenset(
    {Action.EDIT_INTERVENTION, Action.POST_UPDATE, Action.ENTER_DATA, Action.CLOSE_FOLLOW_UP}
)


def owning_department_id(obj: Any) -> int | None:
    """The department whose lead may change obj, for department-scoped actions."""
    if isinstance(obj, Department):
        return obj.id
    if isinstance(obj, Intervention):
        return obj.lead_department_id
    if isinstance(obj, Indicator | StatusReport):
        return obj.department_id
    if isinstance(obj, Milestone | ProgressUpdate | LearningEntry):
        return obj.intervention.lead_department_id
    if isinstance(obj, Measurement):
        return obj.indicator.department_id
    if isinstance(obj, FollowUp):
        # A lead owner's department is the follow-up's (app.meetings.services sees to it).
        return obj.department_id
    return None


def authorize(user: Any, action: Action, obj: Any = None) -> bool:
    """True when user may take action (on obj, when given). Unknown cases are denied."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    try:
        role = Role(user.role)
    except ValueError:
        return False
    if role not in ROLE_ACTIONS.get(action, frozenset()):
        return False
    if role is Role.DEPARTMENT_LEAD and action in DEPARTMENT_SCOPED and obj is not None:
        department_id = owning_department_id(obj)
        return department_id is not None and department_id == user.department_id
    return True


def require(action: Action, obj: Any = None) -> None:
    """Abort with 403 unless the current user may take action on obj."""
    if not authorize(current_user, action, obj):
        abort(403)


def staff_route(action: Action) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Sign-in required, plus the role check of action (recorded on the view for the tests)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(action)
            return view(*args, **kwargs)

        protected: Callable[..., Any] = login_required(wrapped)  # Flask-Login is untyped
        # A marker on the view function that the route tests read; functions take attributes.
        protected.required_action = action  # type: ignore[attr-defined] # read by tests/test_authorization.py
        return protected

    return decorator


def anonymous_allowed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a staff route that must work signed out (the sign-in page itself)."""
    # A marker on the view function that the route tests read; functions take attributes.
    view.allow_anonymous = True  # type: ignore[attr-defined] # read by tests/test_authorization.py
    return view

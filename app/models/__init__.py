"""Every model of the domain, importable from one place."""

from app.models.api_token import ApiToken
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.department import Department
from app.models.indicator import HEADLINE, Indicator, InterimTarget, Measurement
from app.models.intervention import (
    BudgetLine,
    Intervention,
    InterventionPartner,
    Milestone,
    OutsidePartner,
    ProgressUpdate,
)
from app.models.learning import LearningEntry
from app.models.meeting import AgendaItem, FollowUp, ReviewMeeting
from app.models.mission import Mission, MissionDepartment, Outcome
from app.models.notification import (
    Follower,
    MailDelivery,
    MailProblem,
    NotificationPreference,
)
from app.models.review import PendingValue, ReviewDecision, UncollectedPeriod
from app.models.rounds import ReportingRound, StatusReport
from app.models.site_state import SiteState
from app.models.source import Source
from app.models.stage_gate import StageGate
from app.models.user import User, UserSession

__all__ = [
    "HEADLINE",
    "AgendaItem",
    "ApiToken",
    "AuditEvent",
    "Base",
    "BudgetLine",
    "Department",
    "FollowUp",
    "Follower",
    "Indicator",
    "InterimTarget",
    "Intervention",
    "InterventionPartner",
    "LearningEntry",
    "MailDelivery",
    "MailProblem",
    "Measurement",
    "Milestone",
    "Mission",
    "MissionDepartment",
    "NotificationPreference",
    "Outcome",
    "OutsidePartner",
    "PendingValue",
    "ProgressUpdate",
    "ReportingRound",
    "ReviewDecision",
    "ReviewMeeting",
    "SiteState",
    "Source",
    "StageGate",
    "StatusReport",
    "UncollectedPeriod",
    "User",
    "UserSession",
]

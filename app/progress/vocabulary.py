"""The closed vocabularies of the domain: defined once here, used by the progress engine, the
models (their columns and CHECK constraints), forms and pages."""

from __future__ import annotations

from enum import StrEnum


class MissionStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    RETIRED = "retired"


class Stage(StrEnum):
    """Innovation stage of an intervention."""

    EXPLORE = "explore"
    TEST = "test"
    SCALE = "scale"
    SUSTAIN = "sustain"
    STOPPED = "stopped"


class LearningKind(StrEnum):
    """What a learning-log entry records: the test-and-learn cycle of an intervention."""

    HYPOTHESIS = "hypothesis"
    TEST = "test"
    RESULT = "result"
    DECISION = "decision"


class Decision(StrEnum):
    """What a decision entry decides for the intervention."""

    SCALE = "scale"
    ADAPT = "adapt"
    CONTINUE = "continue"
    STOP = "stop"


class Direction(StrEnum):
    """Which way an indicator is better."""

    INCREASE = "increase"
    DECREASE = "decrease"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class IndicatorLevel(StrEnum):
    MISSION_OUTCOME = "mission_outcome"
    INTERVENTION_OUTPUT = "intervention_output"


class MeasurementStatus(StrEnum):
    PROVISIONAL = "provisional"
    FINAL = "final"


class UpdateStatus(StrEnum):
    """Status a lead reports in a progress update."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class OutcomeStatus(StrEnum):
    """Outcome-lens status of an indicator (Statistics Canada / Open SDG method)."""

    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL_PROGRESS = "substantial_progress"
    MODERATE_PROGRESS = "moderate_progress"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"


class ImplementationStatus(StrEnum):
    """Implementation-lens status of an intervention."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    LATE = "late"
    STALE = "stale"
    COMPLETED = "completed"
    STOPPED = "stopped"

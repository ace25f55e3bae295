"""Stage gates: the one home of the rule that moves an intervention between innovation stages.

An intervention moves forward one stage at a time (explore -> test -> scale -> sustain) or stops
from any live stage; a stopped intervention stays stopped. Each move passes the gate of its target
stage: a decision entry that answers every one of the gate's questions (the city's own, set by the
mission office, or the defaults below), dated no earlier than the day the intervention entered its
current stage and not in the future, deciding "stop" exactly when it stops. A gate that needs
evidence (by default the one into scale) also asks for an earlier result entry with evidence: a
link or an indicator.

Every path that can change a stage goes through here: the stage-change form (check_move), and
the intervention form, spreadsheet import and duplicate (refuse_silent_change, run by the
interventions service's check). A new intervention may start in any stage; it has no history to
gate. The JSON API only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from app.database import check_text
from app.errors import DomainError
from app.extensions import db
from app.models import Intervention, LearningEntry, StageGate
from app.models.enums import Decision, LearningKind, Stage
from app.templating import status_name
from app.translating import source_language, translated

# Where each stage may move next.
MOVES: dict[Stage, tuple[Stage, ...]] = {
    Stage.EXPLORE: (Stage.TEST, Stage.STOPPED),
    Stage.TEST: (Stage.SCALE, Stage.STOPPED),
    Stage.SCALE: (Stage.SUSTAIN, Stage.STOPPED),
    Stage.SUSTAIN: (Stage.STOPPED,),
    Stage.STOPPED: (),
}
GATED = (Stage.TEST, Stage.SCALE, Stage.SUSTAIN, Stage.STOPPED)
MAX_QUESTIONS = 10
MAX_QUESTION = 300
MAX_ANSWER = 5000

# The defaults of a city that has not set its own gates: (questions, needs evidence).
DEFAULT_GATES = {
    Stage.TEST: (
        (
            _l("What is the hypothesis: what do you expect to change, and for whom?"),
            _l("How will it be tested: where, with whom, for how long, and what will show it?"),
        ),
        False,
    ),
    Stage.SCALE: (
        (
            _l("What did the test show?"),
            _l("What evidence supports scaling it up?"),
            _l("What will scaling it up take: budget, people, partners?"),
        ),
        True,
    ),
    Stage.SUSTAIN: (
        (
            _l("What shows that the scaled-up work is working?"),
            _l("Who runs it from now on, and with what budget?"),
        ),
        False,
    ),
    Stage.STOPPED: (
        (
            _l("What was learned?"),
            _l("What happens to the people it served, and what is kept?"),
        ),
        False,
    ),
}


class GateRefused(DomainError):
    """A stage move that the gate refused; questions are the gate's, to show with the message."""

    def __init__(self, message: str, questions: Sequence[str], field: str | None = None) -> None:
        super().__init__(message, field)
        self.questions = tuple(questions)


@dataclass(frozen=True)
class Gate:
    """The gate into one stage as it applies now, its questions in the reader's language."""

    to_stage: Stage
    questions: tuple[str, ...]
    needs_evidence: bool
    stored: StageGate | None
    # The questions in the source language, as a decision records them (answers are content,
    # written in the source language and shown with its lang attribute elsewhere).
    recorded: tuple[str, ...] = ()

    @property
    def is_default(self) -> bool:
        return self.stored is None


def question_lines(text: str) -> tuple[str, ...]:
    """The questions of a gate's text: one a line, blank lines dropped."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _gate(to_stage: Stage, stored: StageGate | None) -> Gate:
    if stored is None:
        questions, evidence = DEFAULT_GATES[to_stage]
        with force_locale(source_language()):
            recorded = tuple(str(q) for q in questions)
        return Gate(to_stage, tuple(str(q) for q in questions), evidence, None, recorded)
    original = question_lines(stored.questions)
    shown = question_lines(translated(stored, "questions"))
    # A translation with a different number of lines is not a translation of these questions.
    return Gate(
        to_stage,
        shown if len(shown) == len(original) else original,
        stored.needs_evidence,
        stored,
        original,
    )


def all_gates() -> list[Gate]:
    """The gate into each gated stage, in stage order (one query)."""
    stored = {row.to_stage: row for row in db.session.scalars(select(StageGate))}
    return [_gate(stage, stored.get(stage)) for stage in GATED]


def gate_into(to_stage: Stage) -> Gate:
    """The gate into one stage (one query)."""
    if to_stage not in GATED:
        raise DomainError(_("Choose the stage to move to."), "to_stage")
    return _gate(to_stage, stored_gate(to_stage))


def stored_gate(to_stage: Stage) -> StageGate | None:
    """The city's own gate into a stage, None while it uses the defaults (one query)."""
    return db.session.scalar(select(StageGate).where(StageGate.to_stage == to_stage))


def next_stages(current: str) -> tuple[Stage, ...]:
    """The stages an intervention in current may move to."""
    return MOVES.get(Stage(current), ())


def _has_evidence(intervention_id: int, by: date) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    LearningEntry.intervention_id == intervention_id,
                    LearningEntry.kind == LearningKind.RESULT,
                    LearningEntry.entered_on <= by,
                    or_(LearningEntry.evidence_url != "", LearningEntry.indicator_id.is_not(None)),
                )
            )
        )
    )


def check_move(
    intervention: Intervention,
    to_stage: str,
    *,
    decision: str,
    answers: Sequence[str],
    entered_on: date,
    today: date,
) -> tuple[Gate, list[dict[str, str]]]:
    """Refuse (GateRefused) a move that does not pass its gate; else the gate and the answers
    to record: [{"question": ..., "answer": ...}] in the gate's order."""
    current = Stage(intervention.stage)
    try:
        target = Stage(to_stage)
    except ValueError:
        raise DomainError(_("Choose the stage to move to."), "to_stage") from None
    if target not in MOVES[current]:
        allowed = ", ".join(str(_stage_name(stage)) for stage in MOVES[current])
        raise DomainError(
            _("%(current)s cannot move to %(target)s. It can move to: %(allowed)s.",
              current=_stage_name(current), target=_stage_name(target),
              allowed=allowed or "–"),
            "to_stage",
        )  # fmt: skip
    gate = gate_into(target)
    if len(answers) != len(gate.questions) or any(not a.strip() for a in answers):
        raise GateRefused(
            _("Answer every question of the gate into %(stage)s.", stage=_stage_name(target)),
            gate.questions,
            "answers",
        )
    for answer in answers:
        check_text(answer, "answers")
    if any(len(a.strip()) > MAX_ANSWER for a in answers):
        raise GateRefused(
            _("Each answer holds at most %(n)d characters.", n=MAX_ANSWER),
            gate.questions,
            "answers",
        )
    if (decision == Decision.STOP) != (target == Stage.STOPPED):
        raise GateRefused(
            _("Stopping is decided with “Stop”, and only stopping is."), gate.questions, "decision"
        )
    if entered_on > today:
        raise GateRefused(_("The decision date cannot be in the future."), gate.questions,
                          "entered_on")  # fmt: skip
    if intervention.stage_since is not None and entered_on < intervention.stage_since:
        raise GateRefused(
            _("The decision cannot be dated before the intervention entered its stage (%(date)s).",
              date=intervention.stage_since.isoformat()),
            gate.questions, "entered_on",
        )  # fmt: skip
    if gate.needs_evidence and not _has_evidence(intervention.id, entered_on):
        raise GateRefused(
            _("The gate into %(stage)s needs an earlier result entry with evidence (a link or "
              "an indicator) in the learning log.", stage=_stage_name(target)),
            gate.questions,
        )  # fmt: skip
    recorded = [
        {"question": question, "answer": answer.strip()}
        for question, answer in zip(gate.recorded, answers, strict=True)
    ]
    return gate, recorded


def refuse_silent_change(current: Intervention | None, new_stage: str) -> None:
    """Refuse a change of an existing intervention's stage outside its gate (the intervention
    form, an import, anything but the stage-change form). A new intervention may take any
    stage."""
    if current is None or str(current.stage) == str(new_stage):
        return
    raise DomainError(
        _("The stage of %(title)s cannot change here: moving it from %(current)s to %(target)s "
          "goes through the gate into %(target)s, with a decision that answers its questions "
          "(Change stage, on the intervention's page).",
          title=current.title[:80], current=_stage_name(current.stage),
          target=_stage_name(new_stage)),
        "stage",
    )  # fmt: skip


def _stage_name(stage: str) -> str:
    return status_name(str(stage))

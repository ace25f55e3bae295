"""Learning-log views: entries of an intervention, stage changes through their gate, the gates."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import DomainError
from app.extensions import db
from app.forms import required
from app.indicators.queries import mission_indicator_choices
from app.interventions import bp, gates
from app.interventions.learning import (
    EntryData,
    StageMove,
    change_stage,
    get_entry,
    save_entry,
    save_gate,
    set_entry_published,
)
from app.interventions.learning_forms import EntryForm, GateForm, StageForm, indicator_id_or_none
from app.models import Intervention, LearningEntry
from app.models.enums import LearningKind, Stage
from app.permissions import Action, require, staff_route
from app.templating import status_name
from app.views import commit_change, or_404, prepare_version, saved_or_rerender


def _to_log(intervention_id: int) -> ResponseReturnValue:
    return redirect(
        url_for("interventions.detail", intervention_id=intervention_id, _anchor="learning")
    )


# ---- entries ----


def _entry_page(intervention: Intervention, entry: LearningEntry | None) -> ResponseReturnValue:
    form = EntryForm(obj=entry)
    form.set_indicators(
        mission_indicator_choices(intervention.mission_id, entry.indicator_id if entry else None)
    )
    if entry is None and not form.is_submitted():
        asked = request.args.get("kind", "")
        form.kind.data = asked if asked in {kind.value for kind in LearningKind} else None
    if entry is not None and not form.is_submitted():
        form.decision.data = entry.decision or ""
    prepare_version(form, entry)
    was_published = bool(entry is not None and entry.is_published)

    def done(saved: LearningEntry) -> ResponseReturnValue:
        if was_published and not saved.is_published:
            flash(_("Entry saved. It went back to the mission office for review and has left "
                    "the public pages until it is published again."), "success")  # fmt: skip
        elif saved.is_published:
            flash(_("Entry saved."), "success")
        else:
            flash(_("Entry saved as a draft."), "success")
        return _to_log(intervention.id)

    return saved_or_rerender(
        form,
        lambda: save_entry(
            entry,
            intervention,
            EntryData(
                kind=form.kind.data or "",
                entered_on=required(form.entered_on.data),
                title=form.title.data or "",
                body=form.body.data or "",
                with_whom=form.with_whom.data or "",
                evidence_url=form.evidence_url.data or "",
                indicator_id=indicator_id_or_none(form.indicator_id.data),
                decision=form.decision.data or None,
                translations=form.entered_translations(),
            ),
            expected_version=form.expected_version(),
            actor=current_user,
        ),
        done,
        lambda: render_template(
            "interventions/learning_form.html", form=form, item=intervention, entry=entry
        ),
    )


@bp.route("/<int:intervention_id>/learning/new", methods=["GET", "POST"])
@staff_route(Action.POST_UPDATE)
def new_entry(intervention_id: int) -> ResponseReturnValue:
    """Add an entry to the learning log (a draft for the mission office to publish)."""
    intervention = db.get_or_404(Intervention, intervention_id)
    require(Action.POST_UPDATE, intervention)
    return _entry_page(intervention, None)


@bp.route("/learning/<int:entry_id>/edit", methods=["GET", "POST"])
@staff_route(Action.POST_UPDATE)
def edit_entry(entry_id: int) -> ResponseReturnValue:
    """Correct an entry of the learning log."""
    entry = or_404(get_entry(entry_id))
    require(Action.POST_UPDATE, entry)
    return _entry_page(entry.intervention, entry)


@bp.post("/learning/<int:entry_id>/publish")
@staff_route(Action.PUBLISH)
def publish_entry(entry_id: int) -> ResponseReturnValue:
    """Publish an entry of the learning log on the intervention's public page."""
    entry = or_404(get_entry(entry_id))
    if commit_change(lambda: set_entry_published(entry, True, actor_id=current_user.id)):
        flash(_("Entry published."), "success")
    return _to_log(entry.intervention_id)


@bp.post("/learning/<int:entry_id>/unpublish")
@staff_route(Action.PUBLISH)
def unpublish_entry(entry_id: int) -> ResponseReturnValue:
    """Take an entry of the learning log off the public pages."""
    entry = or_404(get_entry(entry_id))
    if commit_change(lambda: set_entry_published(entry, False, actor_id=current_user.id)):
        flash(_("Entry unpublished: it is a draft again."), "success")
    return _to_log(entry.intervention_id)


# ---- stage changes ----


def _target(intervention: Intervention, form: StageForm) -> Stage | None:
    """The stage asked for (posted, or ?to= on the first view), if it is one it may move to."""
    asked = form.to_stage.data if form.is_submitted() else request.args.get("to", "")
    allowed = gates.next_stages(intervention.stage)
    for stage in allowed:
        if stage.value == asked:
            return stage
    return allowed[0] if allowed and not form.is_submitted() else None


@bp.route("/<int:intervention_id>/stage", methods=["GET", "POST"], endpoint="change_stage")
@staff_route(Action.EDIT_INTERVENTION)
def change_stage_page(intervention_id: int) -> ResponseReturnValue:
    """Move an intervention to another stage through that stage's gate: a decision entry that
    answers the gate's questions, recorded together with the move."""
    intervention = db.get_or_404(Intervention, intervention_id)
    require(Action.EDIT_INTERVENTION, intervention)
    form = StageForm()
    target = _target(intervention, form)
    gate = gates.gate_into(target) if target is not None else None
    form.ask(gate.questions if gate is not None else ())
    if target is not None and not form.is_submitted():
        form.to_stage.data = target.value
        form.decision.data = "stop" if target == Stage.STOPPED else "scale"
    prepare_version(form, intervention)
    refused: list[str] = []

    def rejected(error: DomainError) -> None:
        refused.extend(getattr(error, "questions", ()) or (gate.questions if gate else ()))

    def render() -> ResponseReturnValue:
        if form.is_submitted() and target is None:
            form.form_errors.append(_("Choose the stage to move to."))
        elif form.is_submitted() and gate is not None and not refused:
            refused.extend(gate.questions)  # refused by the form: the gate's questions again
        return render_template(
            "interventions/stage_form.html",
            form=form,
            item=intervention,
            gate=gate,
            target=target,
            choices=gates.next_stages(intervention.stage),
            refused=refused,
        )

    def done(entry: LearningEntry) -> ResponseReturnValue:
        flash(
            _("Moved to %(stage)s. The decision is in the learning log as a draft for the "
              "mission office to publish.", stage=status_name(entry.to_stage)),
            "success",
        )  # fmt: skip
        return _to_log(intervention.id)

    if target is None:
        return render()
    return saved_or_rerender(
        form,
        lambda: change_stage(
            intervention,
            StageMove(
                to_stage=target.value,
                decision=form.decision.data or "",
                entered_on=required(form.entered_on.data),
                title=form.title.data or "",
                body=form.body.data or "",
                answers=[entry.data or "" for entry in form.answers],
                translations=form.entered_translations(),
            ),
            expected_version=form.expected_version(),
            actor=current_user,
            today=date.today(),
        ),
        done,
        render,
        rejected=rejected,
    )


# ---- the gates' settings ----


@bp.get("/stage-gates")
@staff_route(Action.VIEW)
def stage_gates() -> ResponseReturnValue:
    """The city's stage gates: the questions a decision answers to move an intervention."""
    return render_template("interventions/stage_gates.html", gates=gates.all_gates())


@bp.route("/stage-gates/<to_stage>/edit", methods=["GET", "POST"])
@staff_route(Action.EDIT_MISSION)
def edit_stage_gate(to_stage: str) -> ResponseReturnValue:
    """Set the questions of the gate into one stage (the mission office)."""
    if to_stage not in {stage.value for stage in gates.GATED}:
        abort(404)
    gate = gates.gate_into(Stage(to_stage))
    form = GateForm(obj=gate.stored)
    if gate.stored is None and not form.is_submitted():
        form.questions.data = "\n".join(gate.questions)
        form.needs_evidence.data = gate.needs_evidence
    prepare_version(form, gate.stored)

    def done(_saved: object) -> ResponseReturnValue:
        flash(_("Gate saved."), "success")
        return redirect(url_for("interventions.stage_gates"))

    return saved_or_rerender(
        form,
        lambda: save_gate(
            to_stage,
            questions=form.questions.data or "",
            needs_evidence=bool(form.needs_evidence.data),
            translations=form.entered_translations(),
            expected_version=form.expected_version(),
            actor_id=current_user.id,
        ),
        done,
        lambda: render_template("interventions/stage_gate_form.html", form=form, gate=gate),
    )

"""Notification pages: staff preferences, who receives what, the digest, the mail page; and the
residents' follow, confirm and unsubscribe pages and each mission's Atom feed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user
from limits import parse

from app.extensions import csrf, db, limiter
from app.i18n import language_or_source
from app.models import MailProblem, User
from app.models.notification import Cadence, NoticeKind
from app.notifications import bp, ledger, preferences, tokens
from app.notifications import followers as follow
from app.notifications.feed import mission_feed
from app.notifications.forms import ConfirmForm, FollowForm, PreferencesForm
from app.notifications.mail import Outgoing, list_stored_mail, read_stored_mail, send_after_response
from app.notifications.reminders import build_digest
from app.notifications.sending import link_context, render_mail
from app.permissions import Action, staff_route
from app.reporting.visibility import public_mission


def resident_action(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a public route that takes a POST: the follow form (CSRF) or a signed link."""
    view.resident_action = True  # type: ignore[attr-defined] # read by tests/test_authorization.py
    return view


# --- staff -----------------------------------------------------------------------------------


@bp.route("/staff/notifications", methods=["GET", "POST"])
@staff_route(Action.ACCOUNT)
def my_preferences() -> ResponseReturnValue:
    """The signed-in user's email language and what they receive, per kind, how often."""
    user: User = current_user
    current = preferences.cadences(user)
    form = PreferencesForm(data={"language": language_or_source(user.language),
                                 **{k.value: c.value for k, c in current.items()}})  # fmt: skip
    for kind in NoticeKind:
        if kind not in current:
            delattr(form, kind.value)
    if form.validate_on_submit():
        user.language = form.language.data
        for kind in current:
            preferences.set_cadence(user.id, kind, Cadence(getattr(form, kind.value).data))
        db.session.commit()
        return redirect(url_for("notifications.my_preferences", saved=1))
    return render_template(
        "notifications/preferences.html", form=form, kinds=list(current),
        saved=request.args.get("saved") == "1",
    )  # fmt: skip


@bp.get("/staff/notifications/recipients")
@staff_route(Action.MANAGE_USERS)
def recipients() -> ResponseReturnValue:
    """Admins: who receives what, and how often."""
    return render_template(
        "notifications/recipients.html", rows=preferences.recipients_overview(), kinds=NoticeKind
    )


@bp.get("/staff/notifications/digest")
@staff_route(Action.VIEW)
def digest() -> ResponseReturnValue:
    """The mission office's escalation digest as a page, as of today."""
    found = build_digest(date.today(), int(current_app.config["ESCALATION_AFTER_DAYS"]))
    return render_template("notifications/digest.html", digest=found)


@bp.get("/staff/notifications/mail")
@staff_route(Action.MANAGE_USERS)
def mail_page() -> ResponseReturnValue:
    """Sending problems, refused addresses, and (without a mail server) the stored messages."""
    problems = list(
        db.session.scalars(db.select(MailProblem).order_by(MailProblem.id.desc()).limit(50))
    )
    stored = list_stored_mail(50)
    bodies = {item.name: read_stored_mail(item.name) for item in stored[:10]}
    return render_template(
        "notifications/mail.html", problems=problems, deliveries=ledger.problems(),
        stored=stored, bodies=bodies, server=current_app.config.get("MAIL_SERVER"),
    )  # fmt: skip


# --- signed links (mail clients post these without a session) -------------------------------


def _staff_unsubscribe_payload(token: str) -> tuple[User, NoticeKind] | None:
    try:
        payload = tokens.read_token(
            tokens.STAFF_UNSUBSCRIBE_SALT, token, tokens.unsubscribe_max_age()
        )
    except (tokens.LinkExpired, tokens.LinkInvalid):
        return None
    user = db.session.get(User, payload.get("u")) if isinstance(payload.get("u"), int) else None
    try:
        kind = NoticeKind(str(payload.get("k")))
    except ValueError:
        return None
    return None if user is None else (user, kind)


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
@resident_action
def staff_unsubscribe(token: str) -> ResponseReturnValue:
    """Stop one kind of email for a member of staff: a page with a button, or one-click POST."""
    found = _staff_unsubscribe_payload(token)
    if found is None:
        return render_template("notifications/link_problem.html"), 400
    user, kind = found
    if request.method == "POST":
        preferences.set_cadence(user.id, kind, Cadence.NEVER)
        db.session.commit()
        return render_template("notifications/unsubscribed.html", staff=True)
    return render_template("notifications/unsubscribe.html", form=ConfirmForm(), staff=True)


@bp.route("/follow/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
@resident_action
def unfollow(token: str) -> ResponseReturnValue:
    """A resident stops following: the row and the address are deleted (one-click POST too)."""
    try:
        payload = tokens.read_token(
            tokens.FOLLOWER_UNSUBSCRIBE_SALT, token, tokens.unsubscribe_max_age()
        )
    except tokens.LinkExpired:
        return render_template("notifications/link_problem.html", expired=True), 400
    except tokens.LinkInvalid:
        return render_template("notifications/link_problem.html"), 400
    mission_id, email = payload.get("m"), payload.get("e")
    if not (isinstance(mission_id, int) and isinstance(email, str)):
        return render_template("notifications/link_problem.html"), 400
    if request.method == "POST":
        follow.unfollow(mission_id, email)
        db.session.commit()
        return render_template("notifications/unsubscribed.html", staff=False)
    return render_template("notifications/unsubscribe.html", form=ConfirmForm(), staff=False)


# --- residents -------------------------------------------------------------------------------


def _address_allowed(email: str) -> bool:
    """Per-address limit, checked quietly: a limited address gets the same page, no email."""
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    item = parse(current_app.config["FOLLOW_LIMIT_PER_EMAIL"])
    return bool(limiter.limiter.hit(item, "follow-email", digest))


@bp.route("/missions/<slug>/follow", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FOLLOW_LIMIT_PER_ADDRESS"], methods=["POST"])
@resident_action
def follow_mission(slug: str) -> ResponseReturnValue:
    """Follow a public mission by email; the answer is the same whoever the address belongs to."""
    mission = public_mission(slug) or abort(404)
    form = FollowForm()
    if request.method == "GET":
        form.language.data = language_or_source(str(get_locale() or ""))
    if form.validate_on_submit():
        email = follow.normalise_email(form.email.data or "")
        if _address_allowed(email):
            payload = {
                "m": mission.id,
                "e": email,
                "l": form.language.data,
                "c": form.cadence.data,
            }
            token = tokens.make_token(tokens.CONFIRM_SALT, payload)
            with link_context():  # the canonical address, never the request's Host
                link = url_for("notifications.confirm_follow", token=token, _external=True)
                subject, text, html = render_mail(
                    "confirm", language_or_source(form.language.data), mission=mission, link=link,
                    hours=current_app.config["FOLLOW_LINK_MAX_AGE_HOURS"],
                )  # fmt: skip
            send_after_response([Outgoing(email, subject, text, html)])
        return render_template("notifications/follow_sent.html", mission=mission)
    status = 400 if form.errors else 200
    return render_template("notifications/follow.html", mission=mission, form=form), status


@bp.route("/follow/confirm/<token>", methods=["GET", "POST"])
@resident_action
def confirm_follow(token: str) -> ResponseReturnValue:
    """Confirm a follow from the emailed link (GET shows a button, so link scanners do nothing)."""
    try:
        payload = tokens.read_token(tokens.CONFIRM_SALT, token, tokens.confirm_max_age())
    except tokens.LinkExpired:
        return render_template("notifications/link_problem.html", expired=True), 400
    except tokens.LinkInvalid:
        return render_template("notifications/link_problem.html"), 400
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        follower = follow.confirm_follow(payload)
        if follower is None:
            db.session.rollback()
            return render_template("notifications/link_problem.html"), 400
        db.session.commit()
        mission = follow.public_mission_by_id(follower.mission_id)
        return render_template("notifications/follow_confirmed.html", mission=mission)
    return render_template("notifications/confirm.html", form=form)


@bp.get("/missions/<slug>/feed.atom")
def mission_feed_view(slug: str) -> ResponseReturnValue:
    """The Atom feed of a public mission's published progress updates."""
    mission = public_mission(slug) or abort(404)
    language = str(get_locale() or "en")
    return Response(mission_feed(mission, language), mimetype="application/atom+xml")


@bp.app_template_global()
def cadence_name(cadence: str) -> str:
    """A cadence in the reader's language."""
    from app.notifications.forms import CADENCE_LABELS

    return str(CADENCE_LABELS[Cadence(cadence)])

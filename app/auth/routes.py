"""Sign-in, sign-out, password change, one's API tokens and user administration views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from app.auth import bp
from app.auth.forms import ChangePasswordForm, LoginForm, RevokeForm, TokenForm, UserForm
from app.auth.services import authenticate, change_password, save_user
from app.auth.sessions import end_other_sessions, end_session, start_session
from app.auth.tokens import create_token, get_own_token, list_tokens, revoke_token
from app.errors import DomainError
from app.extensions import db, limiter
from app.forms import apply_domain_error, required
from app.listing import ListQuery, Page, paginate
from app.models import Department, User
from app.models.base import utcnow
from app.permissions import Action, anonymous_allowed, staff_route
from app.views import or_404, saved_or_rerender


def safe_next(target: str | None) -> str | None:
    """target if it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


def _account_key() -> str:
    return "login-account:" + request.form.get("email", "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@anonymous_allowed
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_account_key, methods=["POST"]
)
def login() -> ResponseReturnValue:
    """Sign in with email and password; one message for any wrong combination."""
    if current_user.is_authenticated:
        return redirect(url_for("workspace.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(required(form.email.data), required(form.password.data))
        if user is not None:
            start_session(user)
            login_user(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("workspace.home"))
        db.session.rollback()
        form.form_errors.append(_("The email or password is not right."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@staff_route(Action.ACCOUNT)
def logout() -> ResponseReturnValue:
    """Sign out: end this session on the server and clear the cookie."""
    end_session()
    logout_user()
    db.session.commit()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@staff_route(Action.ACCOUNT)
def password() -> ResponseReturnValue:
    """Change one's own password; every other session of the account ends."""
    form = ChangePasswordForm()

    def save() -> int:
        change_password(
            current_user, required(form.current_password.data), required(form.new_password.data)
        )
        return end_other_sessions(current_user)

    def done(ended: int) -> ResponseReturnValue:
        flash(_("Password changed. Other sessions signed out: %(n)d.", n=ended), "success")
        return redirect(url_for("workspace.home"))

    return saved_or_rerender(
        form, save, done, lambda: render_template("auth/password.html", form=form)
    )


# ---- API tokens (under /staff/data/, beside the imports and exports they serve) ----


def _tokens_page(
    form: TokenForm, secret: str | None = None, revoke_error: str | None = None
) -> ResponseReturnValue:
    return render_template(
        "auth/tokens.html",
        form=form,
        tokens=list_tokens(current_user.id),
        secret=secret,
        revoke_error=revoke_error,
        now=utcnow(),
    )


@bp.route("/data/tokens", methods=["GET", "POST"])
@staff_route(Action.ACCOUNT)
def tokens() -> ResponseReturnValue:
    """Your API tokens: create one (its secret is shown once, on this answer only) or revoke one."""
    form = TokenForm()
    if form.validate_on_submit():
        expires_in = required(form.expires_in.data)
        days = None if expires_in == "never" else int(expires_in)
        try:
            _token, secret = create_token(current_user, name=required(form.name.data),
                                          expires_in_days=days)  # fmt: skip
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            return _tokens_page(TokenForm(formdata=None), secret=secret)
    return _tokens_page(form)


@bp.post("/data/tokens/revoke", endpoint="revoke_token")
@staff_route(Action.ACCOUNT)
def revoke_own_token() -> ResponseReturnValue:
    """Revoke one of your tokens; scripts using it get 401 from then on."""
    form = RevokeForm()
    if not form.validate_on_submit():
        return _tokens_page(TokenForm(formdata=None), revoke_error=_("Choose a token to revoke."))
    token = or_404(get_own_token(int(required(form.token_id.data)), current_user.id))
    if revoke_token(token, actor_id=current_user.id):
        db.session.commit()
        flash(_("Revoked the token %(name)s.", name=token.name), "success")
    return redirect(url_for("auth.tokens"))


USER_SORTS = ("name", "email", "role", "department")


@bp.get("/users")
@staff_route(Action.MANAGE_USERS)
def users() -> ResponseReturnValue:
    """Staff accounts with role, department and status: searched by name or email, sorted and
    paged by the query string."""
    query = ListQuery.parse(request.args, sorts=USER_SORTS, default="name")
    rows, total, shown = paginate(
        select(User, Department.name).outerjoin(Department, Department.id == User.department_id),
        query,
        sorts={
            "name": (User.name,),
            "email": (User.email,),
            "role": (User.role, User.name),
            "department": (Department.name, User.name),
        },
        tiebreak=User.id,
        search=(User.name, User.email),
    )
    # (user, department name) of the page's accounts
    page = Page([(user, department) for user, department in rows], total, query, shown)
    return render_template("auth/users.html", page=page)


def _user_form(user: User | None) -> UserForm:
    form = UserForm(obj=user) if user else UserForm()
    form.current_email = user.email if user else None
    departments = db.session.execute(
        select(Department.id, Department.name).order_by(Department.name)
    )
    form.department_id.choices = [(0, _("No department"))] + [(d.id, d.name) for d in departments]
    if user and not form.is_submitted():
        form.department_id.data = user.department_id or 0
        form.version.data = str(user.version)
    return form


def _save_user(user: User | None) -> ResponseReturnValue:
    form = _user_form(user)

    def done(saved: User) -> ResponseReturnValue:
        flash(_("Saved %(email)s.", email=saved.email), "success")
        return redirect(url_for("auth.users"))

    return saved_or_rerender(
        form,
        lambda: save_user(
            user,
            email=required(form.email.data),
            name=required(form.name.data),
            role=form.role.data,
            department_id=form.department_id.data or None,
            active=form.active.data,
            password=form.password.data or None,
            expected_version=int(form.version.data) if user and form.version.data else None,
            actor=current_user,
        ),
        done,
        lambda: render_template("auth/user_form.html", form=form, user=user),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@staff_route(Action.MANAGE_USERS)
def new_user() -> ResponseReturnValue:
    """Create a staff account."""
    return _save_user(None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@staff_route(Action.MANAGE_USERS)
def edit_user(user_id: int) -> ResponseReturnValue:
    """Change a staff account's role, department, status or password."""
    return _save_user(db.get_or_404(User, user_id))

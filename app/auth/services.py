"""Account writes: they flush, they never commit."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app import audit, editing
from app.auth.passwords import (
    WeakPasswordError,
    check_password_policy,
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.auth.sessions import end_all_sessions
from app.errors import DomainError
from app.extensions import db
from app.models import Department, User
from app.models.enums import Role


def create_user(
    *,
    email: str,
    password: str,
    role: str,
    name: str | None = None,
    department_code: str | None = None,
    actor_id: int | None = None,
) -> User:
    """Create a staff account after checking role, department, uniqueness and password policy."""
    email = email.strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise DomainError(f"{email!r} is not an email address.", "email")
    try:
        role_value = Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise DomainError(f"Unknown role {role!r}; choose one of: {known}.", "role") from None

    department = None
    if department_code:
        department = db.session.scalar(
            select(Department).where(func.upper(Department.code) == department_code.upper())
        )
        if department is None:
            raise DomainError(f"No department has the code {department_code!r}.", "department")
    if role_value is Role.DEPARTMENT_LEAD and department is None:
        raise DomainError("A department lead needs a department (--department CODE).", "department")

    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise DomainError(f"A user with the email {email} already exists.", "email")
    try:
        check_password_policy(password, email=email)
    except WeakPasswordError as exc:
        raise DomainError(str(exc), "password") from None

    user = User(
        email=email,
        name=(name or email.split("@")[0]).strip(),
        role=role_value.value,
        department_id=department.id if department else None,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    audit.record(user, "create", actor_id=actor_id)
    return user


def find_active_user(email: str) -> User | None:
    """The active account with this email (in any case), else None."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    return user if user is not None and user.active else None


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, else None; upgrades old hashes."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active:
        verify_password(dummy_hash(), password)  # costs what a wrong password does
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one and the policy."""
    if not verify_password(user.password_hash, current):
        raise DomainError(_("The current password is not right."), "current_password")
    try:
        check_password_policy(new, email=user.email)
    except WeakPasswordError as exc:
        raise DomainError(str(exc), "new_password") from None
    user.password_hash = hash_password(new)
    db.session.flush()
    audit.record(user, "password", actor_id=user.id, old=None, new={"password": "changed"})


def _department_for(role: str, department_id: int | None) -> int | None:
    if role == Role.DEPARTMENT_LEAD and not department_id:
        raise DomainError(_("A department lead needs a department."), "department_id")
    if department_id and db.session.get(Department, department_id) is None:
        raise DomainError(_("Choose a department from the list."), "department_id")
    return department_id or None


def save_user(
    user: User | None,
    *,
    email: str,
    name: str,
    role: str,
    department_id: int | None,
    active: bool,
    password: str | None,
    expected_version: int | None,
    actor: User,
) -> User:
    """Create (user None) or update a staff account as an admin."""
    if role not in {r.value for r in Role}:
        raise DomainError(_("Choose a role from the list."), "role")
    department_id = _department_for(role, department_id)
    email = email.strip().lower()
    clash = db.session.scalar(select(User.id).where(User.email == email))
    if clash is not None and (user is None or clash != user.id):
        raise DomainError(_("Another account already uses this email."), "email")
    if user is None:
        if not password:
            raise DomainError(_("Give the new account an initial password."), "password")
        department = db.session.get(Department, department_id) if department_id else None
        return create_user(
            email=email,
            password=password,
            role=role,
            name=name,
            department_code=department.code if department else None,
            actor_id=actor.id,
        )
    if user.id == actor.id and (not active or role != Role.ADMIN):
        raise DomainError(_("You cannot remove your own administrator access."), "role")
    changes = {"email": email, "name": name.strip(), "role": role,
               "department_id": department_id, "active": active}  # fmt: skip
    if password:
        try:
            check_password_policy(password, email=email)
        except WeakPasswordError as exc:
            raise DomainError(str(exc), "password") from None
        changes["password_hash"] = hash_password(password)
    change_account(user, changes, expected_version=expected_version or 0, actor_id=actor.id)
    return user


def change_account(
    user: User, changes: dict[str, Any], *, expected_version: int, actor_id: int | None
) -> int:
    """Apply changes to an account (audited); a new role, status or password ends its sessions.

    The one way an account's access changes, from the staff pages and the command line. API
    tokens need no revoking: they are refused while their user is inactive. Returns the number
    of sign-in sessions ended.
    """
    access_changed = "password_hash" in changes or any(
        key in changes and changes[key] != getattr(user, key) for key in ("role", "active")
    )
    editing.update(user, changes, expected_version=expected_version, actor_id=actor_id)
    return end_all_sessions(user) if access_changed else 0


def set_active(email: str, active: bool, *, actor_id: int | None = None) -> tuple[User, int]:
    """Activate or deactivate the account with this email (the command line).

    Returns the account and the number of sign-in sessions ended. The last active administrator
    cannot be deactivated. Messages are English: only the command line calls this.
    """
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise DomainError(f"No account has the email {email.strip()!r}.", "email")
    if not active and user.active and user.role == Role.ADMIN:
        others = db.session.scalar(
            select(func.count(User.id)).where(
                User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id
            )
        )
        if not others:
            raise DomainError(
                f"{user.email} is the last active administrator; create or activate another first.",
                "email",
            )
    ended = change_account(
        user, {"active": active}, expected_version=user.version, actor_id=actor_id
    )
    return user, ended

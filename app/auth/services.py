"""Account writes: they flush, they never commit."""

from __future__ import annotations

from sqlalchemy import func, select

from app import audit
from app.auth.passwords import WeakPasswordError, check_password_policy, hash_password
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

"""User accounts: creation, password hashing (scrypt) and the scope a user carries."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from queries.models import ROLES, Municipality, Organisation, User
from queries.scope import Scope

# scrypt parameters: n=2**14, r=8, p=1 uses 16 MiB and ~50 ms, OWASP's minimum for scrypt.
_N, _R, _P = 2**14, 8, 1


class UserError(ValueError):
    """A user cannot be created or changed as asked; the message says why."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algo != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
        dklen=len(digest) // 2,
    )
    return hmac.compare_digest(candidate.hex(), digest)


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    municipalities: list[int] | None = None,
    organisation: str | None = None,
    is_demo: bool = False,
) -> User:
    """Create a user with a role and the scope that role needs; raises UserError."""
    if role not in ROLES:
        raise UserError(f"unknown role '{role}' (one of {', '.join(ROLES)})")
    if not username or len(username) > 80:
        raise UserError("a username of 1 to 80 characters is needed")
    if session.scalar(select(User).where(User.username == username)):
        raise UserError(f"user '{username}' exists already")
    if len(password) < 12 and not is_demo:
        raise UserError("the password must have at least 12 characters")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        is_demo=is_demo,
        active=True,
        session_version=0,
        created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )
    if role == "municipal":
        codes = municipalities or []
        found = list(session.scalars(select(Municipality).where(Municipality.code.in_(codes))))
        if not codes or len(found) != len(set(codes)):
            raise UserError(f"a municipal user needs valid municipality codes, got {codes}")
        user.municipalities = found
    if role == "ngo":
        org = session.scalar(select(Organisation).where(Organisation.slug == organisation))
        if org is None:
            raise UserError(f"an NGO user needs an existing organisation, got '{organisation}'")
        user.organisation = org
    session.add(user)
    session.flush()
    return user


def scope_of(user: User, threshold: int = 5) -> Scope:
    """The scope a user's role gives them; the only way the web layer gets a Scope."""
    if user.role in ("national", "admin"):
        return Scope(role=user.role, threshold=threshold)
    if user.role == "municipal":
        return Scope.municipal({m.code for m in user.municipalities}, threshold)
    if user.role == "ngo" and user.organisation_id is not None:
        return Scope.ngo(user.organisation_id, threshold)
    return Scope(role="none", threshold=threshold)


def list_users(session: Session) -> list[dict]:
    """Every account with its role and scope (no password hashes), for the admin page."""
    rows = []
    for user in session.scalars(select(User).order_by(User.username)):
        scope = (user.organisation.slug if user.organisation else
                 ", ".join(str(m.code) for m in user.municipalities))
        rows.append({"username": user.username, "role": user.role, "scope": scope,
                     "active": user.active, "is_demo": user.is_demo,
                     "created_at": user.created_at})
    return rows

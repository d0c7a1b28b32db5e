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
    _set_scope(session, user, role, municipalities, organisation)
    session.add(user)
    session.flush()
    return user


def _municipalities(session: Session, codes: list[int]) -> list[Municipality]:
    found = list(session.scalars(select(Municipality).where(Municipality.code.in_(codes))
                                 .order_by(Municipality.code)))
    if len(found) != len(set(codes)):
        missing = sorted(set(codes) - {m.code for m in found})
        raise UserError(f"unknown municipality codes {missing} (DST codes such as 101, 751)")
    return found


def _set_scope(session: Session, user: User, role: str, municipalities: list[int] | None,
               organisation: str | None) -> None:
    """Give the user the scope their role needs; nothing given is silently dropped."""
    codes = list(municipalities or [])
    user.role = role
    user.organisation = None
    user.municipalities = []
    if role == "municipal":
        if not codes:
            raise UserError("a municipal user needs one or more municipality codes")
        if organisation:
            raise UserError("a municipal user has no organisation; use --role ngo for an "
                            "NGO coordinator inside municipalities")
        user.municipalities = _municipalities(session, codes)
    elif role == "ngo":
        org = session.scalar(select(Organisation).where(Organisation.slug == organisation))
        if org is None:
            raise UserError(f"an NGO user needs an existing organisation, got '{organisation}'")
        user.organisation = org
        # With municipalities: the organisation's work in those municipalities only.
        user.municipalities = _municipalities(session, codes) if codes else []
    elif codes or organisation:
        raise UserError(f"a {role} user sees everything; it takes no municipality or "
                        "organisation")


def change_scope(session: Session, user: User, role: str, *,
                 municipalities: list[int] | None = None, organisation: str | None = None
                 ) -> None:
    """Change a user's role and scope; their sessions end, so the new scope holds at once."""
    if role not in ROLES:
        raise UserError(f"unknown role '{role}' (one of {', '.join(ROLES)})")
    _set_scope(session, user, role, municipalities, organisation)
    user.session_version += 1
    session.flush()


def disable_user(session: Session, user: User) -> None:
    """Stop a user logging in and end their sessions (the account and its audit trail stay)."""
    user.active = False
    user.session_version += 1


def enable_user(session: Session, user: User) -> None:
    user.active = True


def reset_password(session: Session, user: User, password: str) -> None:
    """Set a new password (12+ characters) and end the user's sessions."""
    if len(password) < 12:
        raise UserError("the password must have at least 12 characters")
    user.password_hash = hash_password(password)
    user.session_version += 1


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"user '{username}' does not exist")
    return user


def scope_of(user: User, threshold: int = 5) -> Scope:
    """The scope a user's role gives them; the only way the web layer gets a Scope."""
    if user.role in ("national", "admin"):
        return Scope(role=user.role, threshold=threshold)
    if user.role == "municipal":
        return Scope.municipal({m.code for m in user.municipalities}, threshold)
    if user.role == "ngo" and user.organisation_id is not None:
        return Scope.ngo(user.organisation_id, threshold,
                         {m.code for m in user.municipalities})
    return Scope(role="none", threshold=threshold)


def list_users(session: Session) -> list[dict]:
    """Every account with its role and scope by name (no password hashes), for the admin page."""
    rows = []
    for user in session.scalars(select(User).order_by(User.username)):
        rows.append({"username": user.username, "role": user.role,
                     "scope": describe_scope(user),
                     "organisation": user.organisation.slug if user.organisation else None,
                     "organisation_name": user.organisation.name if user.organisation else "",
                     "municipality_names": ", ".join(m.name for m in user.municipalities),
                     "municipalities": [m.code for m in user.municipalities],
                     "active": user.active, "is_demo": user.is_demo,
                     "created_at": user.created_at})
    return rows


def describe_scope(user: User) -> str:
    """The scope in words, by name: "Frise i Aarhus", "København, Frederiksberg", "alt"."""
    names = ", ".join(m.name for m in user.municipalities)
    if user.organisation is not None:
        return f"{user.organisation.name} i {names}" if names else user.organisation.name
    return names or "alt"

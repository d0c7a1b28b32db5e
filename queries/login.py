"""Checking a user name and password, at the same cost whether or not the name exists.

A login that skipped the password hash for unknown names answered in a fifth of the time,
which tells anyone which user names exist. Here an unknown name, a disabled account and a
wrong password all cost one scrypt verification with the parameters of a real hash.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from queries.models import User
from queries.users import _N, _P, _R, verify_password  # the parameters new hashes get

# A well-formed hash that no password matches in practice; only its cost matters, since
# it is used for names that have no account and the answer is "no" whatever it says.
NO_ACCOUNT_HASH = f"scrypt${_N}${_R}${_P}${'00' * 16}${'00' * 32}"


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None."""
    user = session.scalar(select(User).where(User.username == username))
    matches = verify_password(password, user.password_hash if user else NO_ACCOUNT_HASH)
    return user if user is not None and matches and user.active else None

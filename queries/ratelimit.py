"""Throttling failed logins, kept in the database.

Three limits, each over a sliding window. One account from one address, and one address
over any accounts, are limited tightly: that is where a guesser works. One account from
anywhere is limited only loosely (NIST SP 800-63B allows up to 100 failures), because any
stranger can fail on purpose against someone else's account: a tight per-account limit
would let anyone lock anyone out. A limit reached means a wait, never a permanent lock:
the wait ends when enough failures have left the window, and refused attempts are not
counted, so repeating them does not prolong it.

Counting in the database (not in a process's memory) makes the limits hold across
gunicorn's workers and across app instances behind a load balancer. Example::

    wait = login_wait(session, "esbjerg", "10.0.0.7", now)
    if wait:
        refuse(retry_after=wait)
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from queries.models import LoginAttempt

WINDOW = dt.timedelta(minutes=15)
PAIR_LIMIT = 5  # one account from one address
ADDRESS_LIMIT = 20  # one address, any accounts (an office behind one NAT address shares it)
ACCOUNT_LIMIT = 100  # one account, from any address (NIST SP 800-63B, 5.2.2)
NO_WAIT = dt.timedelta(0)


def _key(username: str, address: str) -> tuple[str, str]:
    return username[:80], address[:64]


def _free_at(session: Session, which: ColumnElement[bool], limit: int,
             now: dt.datetime) -> dt.datetime | None:
    """When the failures matching `which` fall below `limit` again, or None if they are
    below it now: the limit-th most recent failure in the window leaving it."""
    at = session.scalar(
        select(LoginAttempt.at)
        .where(which, LoginAttempt.at > now - WINDOW)
        .order_by(LoginAttempt.at.desc())
        .offset(limit - 1)
        .limit(1)
    )
    return None if at is None else at + WINDOW


def login_wait(session: Session, username: str, address: str, now: dt.datetime
               ) -> dt.timedelta:
    """How long a login for `username` from `address` must wait: zero when no limit is
    reached, else until every limit reached has room again."""
    user, addr = _key(username, address)
    limits = [
        ((LoginAttempt.username == user) & (LoginAttempt.address == addr), PAIR_LIMIT),
        (LoginAttempt.address == addr, ADDRESS_LIMIT),
        (LoginAttempt.username == user, ACCOUNT_LIMIT),
    ]
    free = [at for which, limit in limits if (at := _free_at(session, which, limit, now))]
    return max(NO_WAIT, max(free) - now) if free else NO_WAIT


def record_failure(session: Session, username: str, address: str, now: dt.datetime) -> None:
    """Remember a failed login (the caller commits); forget those older than a day."""
    user, addr = _key(username, address)
    session.add(LoginAttempt(at=now, username=user, address=addr))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - dt.timedelta(days=1)))


def clear_failures(session: Session, username: str, address: str) -> None:
    """After a successful login, forget the account's failures from this address (the
    user's own typing errors). Failures from elsewhere stay: else the real user logging in
    would give a guesser on another address a fresh budget."""
    user, addr = _key(username, address)
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == user,
                                               LoginAttempt.address == addr))

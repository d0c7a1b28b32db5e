"""A limit on failed logins per account and per address, kept in the database.

Counting in the database (not in a process's memory) makes the limit hold across
gunicorn's workers and across app instances behind a load balancer. Example::

    if too_many_failures(session, "esbjerg", "10.0.0.7", now):
        refuse()
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from queries.models import LoginAttempt

MAX_FAILURES = 10
WINDOW = dt.timedelta(minutes=5)


def too_many_failures(session: Session, username: str, address: str, now: dt.datetime,
                      limit: int = MAX_FAILURES) -> bool:
    """True when the account or the address has failed `limit` times within the window."""
    since = now - WINDOW
    by_user = session.scalar(select(func.count(LoginAttempt.id)).where(
        LoginAttempt.username == username[:80], LoginAttempt.at > since))
    by_address = session.scalar(select(func.count(LoginAttempt.id)).where(
        LoginAttempt.address == address[:64], LoginAttempt.at > since))
    return (by_user or 0) >= limit or (by_address or 0) >= limit


def record_failure(session: Session, username: str, address: str, now: dt.datetime) -> None:
    """Remember a failed login (the caller commits); forget those older than a day."""
    session.add(LoginAttempt(at=now, username=username[:80], address=address[:64]))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - dt.timedelta(days=1)))


def clear_failures(session: Session, username: str) -> None:
    """After a successful login the account's count starts again. The address's count does
    not: else one valid account would let a guesser reset the limit for others."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username[:80]))

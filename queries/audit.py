"""The audit log: logins, failed logins, downloads and imports (who, what, when)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from queries.models import AuditEvent


def record(
    session: Session, username: str, action: str, *, address: str = "", **detail: object
) -> None:
    """Add an audit event to the caller's transaction (the caller commits)."""
    session.add(
        AuditEvent(
            at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            username=username,
            action=action,
            address=address[:64],
            detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        )
    )


def recent(session: Session, limit: int = 200) -> list[dict]:
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    return [
        {"at": e.at, "username": e.username, "action": e.action, "address": e.address,
         "detail": e.detail}
        for e in session.scalars(stmt)
    ]


def search(session: Session, *, username: str | None = None, action: str | None = None,
           date_from: dt.date | None = None, date_to: dt.date | None = None,
           limit: int = 1000) -> list[dict]:
    """Events newest first, filtered by user, action and day (inclusive), for the admin page
    and its CSV download; `detail` is the event's JSON as a dict."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if username:
        stmt = stmt.where(AuditEvent.username == username)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if date_from:
        stmt = stmt.where(AuditEvent.at >= dt.datetime.combine(date_from, dt.time()))
    if date_to:
        stmt = stmt.where(AuditEvent.at < dt.datetime.combine(
            date_to + dt.timedelta(days=1), dt.time()))
    out = []
    for e in session.scalars(stmt):
        try:
            detail = json.loads(e.detail) if e.detail else {}
        except ValueError:
            detail = {"text": e.detail}
        out.append({"at": e.at, "username": e.username, "action": e.action,
                    "address": e.address, "detail": detail if isinstance(detail, dict)
                    else {"value": detail}})
    return out


def actions(session: Session) -> list[str]:
    """The kinds of event in the log, for the admin page's filter."""
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(
        AuditEvent.action)))


def usernames(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.username).distinct().order_by(
        AuditEvent.username)))

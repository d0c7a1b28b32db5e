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

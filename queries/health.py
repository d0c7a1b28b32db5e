"""Questions about the database itself, asked at start-up and by the health check."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from queries.models import User


def database_answers(engine: Engine) -> bool:
    """True when the database takes a connection and its user table can be read: every
    logged-in request needs both, so a load balancer should stop sending requests
    otherwise. Never raises."""
    try:
        with engine.connect() as conn:
            conn.execute(select(User.id).limit(1)).all()
    except SQLAlchemyError:
        return False
    return True


def has_demo_accounts(session: Session) -> bool:
    """True when the database holds accounts made by `overblik demo` (password "demo")."""
    return session.scalar(select(User.id).where(User.is_demo.is_(True)).limit(1)) is not None

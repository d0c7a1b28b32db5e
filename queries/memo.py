"""Remember a query's answer for the rest of one session's unit of work.

One page draw asks for the same cells several times (the key figures, the table and the
trend all fold the same attendance cells), so the database should answer once. Answers
live in `session.info` and are forgotten whenever the session flushes, commits, rolls
back or runs an INSERT, UPDATE or DELETE, so a session that writes never reads an answer
from before its write.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from queries.filters import Filters
from queries.scope import Scope

KEY = "overblik_memo"
T = TypeVar("T")
Query = Callable[[Session, Scope, Filters], T]


def per_session(query: Query[T]) -> Query[T]:
    """Decorate `query(session, scope, filters)` so repeated calls in one unit of work
    cost one database round trip. Callers must not change the answer they get."""

    @wraps(query)
    def remembered(session: Session, scope: Scope, f: Filters) -> T:
        if session.new or session.dirty or session.deleted:  # unflushed writes: ask afresh
            _forget(session)
        memo: dict[Any, Any] = session.info.setdefault(KEY, {})
        key = (query.__qualname__, scope.key, f)
        if key not in memo:
            memo[key] = query(session, scope, f)
        return memo[key]

    return remembered


def _forget(session: Session, *_args: object) -> None:
    session.info.pop(KEY, None)


def _forget_on_write(state: ORMExecuteState) -> None:
    """A bulk INSERT, UPDATE or DELETE through the session changes data without a flush."""
    if not state.is_select:
        _forget(state.session)


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _name, _forget)
event.listen(Session, "do_orm_execute", _forget_on_write)

"""One database session per request, opened lazily and always closed; cached query results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, g
from sqlalchemy.orm import Session

from queries.cache import QueryCache, data_version
from queries.filters import Filters
from queries.scope import Scope


def db() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["overblik_sessions"]()
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


def cached(query: Callable[..., Any], scope: Scope, filters: Filters, *extra: Any) -> Any:
    """`query(db(), scope, filters, *extra)`, from the app's cache when the same scope asked
    the same question of the same data before. Results are shared, so callers must not
    change them."""
    cache: QueryCache = current_app.extensions["overblik_cache"]
    if "data_version" not in g:
        g.data_version = data_version(db())
    key = (query.__module__, query.__qualname__, scope.key, filters, extra, g.data_version)
    return cache.get_or_compute(key, lambda: query(db(), scope, filters, *extra))

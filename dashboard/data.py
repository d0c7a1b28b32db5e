"""One database session per request, opened lazily and always closed; cached query results."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from dash import ctx
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


def rendered(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Remember a page callback's whole output for the same viewer scope, inputs, language
    and data, so a repeated question costs neither queries nor drawing. Only for callbacks
    whose output depends on nothing else (no side effects, no time of day).

    The key holds the scope, never the user: two users with the same scope may share an
    answer, which is exactly what the scope lets each of them see."""
    from dashboard.auth import viewer  # the auth module imports this one
    from dashboard.i18n import current_lang

    @wraps(callback)
    def remembered(*values: Any) -> Any:
        cache: QueryCache = current_app.extensions["overblik_pages"]
        if "data_version" not in g:
            g.data_version = data_version(db())
        key = (callback.__module__, callback.__qualname__, viewer().scope.key, current_lang(),
               g.data_version, _hashable(ctx.triggered_id), _hashable(values))
        return cache.get_or_compute(key, lambda: callback(*values))

    return remembered


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value

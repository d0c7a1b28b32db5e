"""The filter bar shared by pages: period, region, municipality, organisation, method.

The URL query string is the state: a page's layout reads it, the bar writes it
back, so a link reproduces the view. A page may fix a filter by its path (the
municipality page fixes `municipality`), which then is not shown in the bar.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, dcc, html

from dashboard import format as fmt
from dashboard.i18n import t
from queries.filters import (
    FilterError,
    Filters,
    default_period,
    quarter_end,
    quarter_start,
    quarters_between,
)
from queries.models import METHODS, quarter_of

FIELDS = ("from", "to", "region", "municipality", "organisation", "method")
PLACEHOLDER = {"region": "filters.all_regions", "municipality": "filters.all_municipalities",
               "organisation": "filters.all_organisations", "method": "filters.all_methods"}


def period_options() -> tuple[list[dict], list[dict]]:
    """Quarter choices from the pilot's start to the last complete quarter, newest first."""
    last = quarter_of(default_period()[1])
    qs = quarters_between(20131, last)
    starts = [{"label": fmt.quarter(q), "value": quarter_start(q).isoformat()} for q in qs]
    ends = [{"label": fmt.quarter(q), "value": quarter_end(q).isoformat()} for q in qs]
    return starts[::-1], ends[::-1]


def method_options() -> list[dict]:
    return [{"label": t(f"method.{m}"), "value": m} for m in METHODS]


def ids(page: str) -> dict[str, str]:
    return {f: f"{page}-filter-{f}" for f in FIELDS}


def inputs(page: str, fields: tuple[str, ...] = FIELDS) -> list[Input]:
    return [Input(ids(page)[f], "value") for f in fields]


def _value(field: str, query: dict[str, str]) -> object:
    raw = query.get(field) or None
    if field in ("region", "municipality"):
        return int(raw) if raw and raw.isascii() and raw.isdigit() else None
    if field == "from":
        return raw or default_period()[0].isoformat()
    if field == "to":
        return raw or default_period()[1].isoformat()
    return raw


def filter_bar(page: str, query: dict[str, str], fields: tuple[str, ...] = FIELDS) -> html.Div:
    """The bar, with its values from the URL (no database work: options come by callback)."""
    starts, ends = period_options()
    i = ids(page)
    options = {"from": starts, "to": ends, "method": method_options()}

    def field(name: str) -> html.Div:
        dropdown = dcc.Dropdown(
            id=i[name], options=options.get(name, []), value=_value(name, query),
            clearable=name not in ("from", "to"),
            placeholder=t(PLACEHOLDER[name]) if name in PLACEHOLDER else None,
        )
        return html.Div([html.Label(t(f"filters.{name}"), htmlFor=i[name]), dropdown],
                        className="field")

    return html.Div([field(f) for f in fields], className="filter-bar", role="search",
                    **{"aria-label": t("filters.label")})


def to_filters(values: list[object], fields: tuple[str, ...] = FIELDS,
               fixed: dict[str, str] | None = None) -> Filters:
    """Filters from the bar's values plus the page's fixed ones; raises FilterError."""
    raw = {k: v for k, v in zip(fields, values, strict=True) if v not in (None, "")}
    raw.update(fixed or {})
    return Filters.from_query({k: str(v) for k, v in raw.items()})


def search_string(filters: Filters, fixed: dict[str, str] | None = None) -> str:
    """The URL query for these filters, leaving out what the page's path already fixes."""
    query = {k: v for k, v in filters.to_query().items() if k not in (fixed or {})}
    return "?" + urlencode(query)


def download_query(filters: Filters, **extra: str) -> str:
    """The query string of a download link: every filter, fixed ones included."""
    return "?" + urlencode({**filters.to_query(), **{k: v for k, v in extra.items() if v}})


OPTION_KEYS = {"region": "regions", "municipality": "municipalities",
               "organisation": "organisations"}


def register_options(page: str, fields: tuple[str, ...] = FIELDS) -> None:
    """One callback fills the page's region, municipality and organisation choices, scoped to
    the viewer, when the page opens. Called from a page module (Dash re-runs those per app)."""
    from dashboard.auth import viewer
    from dashboard.data import db
    from queries.options import filter_options

    chosen = [f for f in fields if f in OPTION_KEYS]

    def fill_options(_path: str) -> list[list[dict]]:
        options = filter_options(db(), viewer().scope)
        return [options[OPTION_KEYS[f]] for f in chosen]

    dash.callback([Output(ids(page)[f], "options") for f in chosen],
                  Input(f"{page}-url", "pathname"))(fill_options)


def describe(f: Filters, name: str) -> str:
    """The filters in words, for the printed page: "Esbjerg, Periode 2024 K1 – 2024 K4, …"."""
    parts = [name, t("filters.period", start=fmt.quarter(f.quarter_from),
                     end=fmt.quarter(f.quarter_to))]
    if f.municipality:
        parts.append(str(f.municipality))
    if f.organisation:
        parts.append(f.organisation)
    if f.method:
        parts.append(t(f"method.{f.method}"))
    return ", ".join(dict.fromkeys(parts))


def error_text(exc: FilterError) -> str:
    return t("filters.error", error=t(f"filter.{exc.code}", **exc.params))


__all__ = ["FIELDS", "FilterError", "describe", "download_query", "error_text", "filter_bar",
           "ids", "inputs", "period_options", "register_options", "search_string", "to_filters"]

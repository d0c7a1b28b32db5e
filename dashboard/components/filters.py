"""The filter bar shared by pages: period, region, municipality, organisation, method.

The URL query string is the state: a page's layout reads it, the bar writes it
back, so a link reproduces the view.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from queries.filters import (
    FilterError,
    Filters,
    default_period,
    quarter_end,
    quarter_label,
    quarter_start,
    quarters_between,
)
from queries.models import quarter_of

METHOD_OPTIONS = [
    {"label": "SMART Recovery", "value": "smart"},
    {"label": "NA (12 trin)", "value": "na"},
    {"label": "Andet", "value": "other"},
]
FIELDS = ("from", "to", "region", "municipality", "organisation", "method")


def period_options() -> tuple[list[dict], list[dict]]:
    """Quarter choices from the pilot's start to the last complete quarter."""
    last = quarter_of(default_period()[1])
    qs = quarters_between(20131, last)
    starts = [{"label": quarter_label(q), "value": quarter_start(q).isoformat()} for q in qs]
    ends = [{"label": quarter_label(q), "value": quarter_end(q).isoformat()} for q in qs]
    return starts[::-1], ends[::-1]


def ids(page: str) -> dict[str, str]:
    return {f: f"{page}-filter-{f}" for f in FIELDS}


def filter_bar(page: str, query: dict[str, str]) -> html.Div:
    """The bar, with its values from the URL (no database work: options come by callback)."""
    start, end = default_period()
    starts, ends = period_options()
    i = ids(page)

    def field(label: str, component: object) -> html.Div:
        return html.Div([html.Label(label, htmlFor=component.id), component], className="field")

    return html.Div(
        [
            field("Fra kvartal", dcc.Dropdown(id=i["from"], options=starts, clearable=False,
                                              value=query.get("from") or start.isoformat())),
            field("Til kvartal", dcc.Dropdown(id=i["to"], options=ends, clearable=False,
                                              value=query.get("to") or end.isoformat())),
            field("Region", dcc.Dropdown(id=i["region"], value=_int(query.get("region")),
                                         placeholder="Alle regioner")),
            field("Kommune", dcc.Dropdown(id=i["municipality"],
                                          value=_int(query.get("municipality")),
                                          placeholder="Alle kommuner")),
            field("Organisation", dcc.Dropdown(id=i["organisation"],
                                               value=query.get("organisation") or None,
                                               placeholder="Alle organisationer")),
            field("Metode", dcc.Dropdown(id=i["method"], options=METHOD_OPTIONS,
                                         value=query.get("method") or None,
                                         placeholder="Alle metoder")),
        ],
        className="filter-bar",
        role="search",
        **{"aria-label": "Filtre"},
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def to_filters(values: list[object]) -> Filters:
    """Filters from the bar's values, validated like a URL; raises FilterError."""
    raw = {k: v for k, v in zip(FIELDS, values, strict=True) if v not in (None, "")}
    return Filters.from_query({k: str(v) for k, v in raw.items()})


def search_string(filters: Filters) -> str:
    return "?" + urlencode(filters.to_query())


__all__ = ["FilterError", "filter_bar", "ids", "period_options", "search_string", "to_filters"]

"""The filter bar shared by pages: period, region, municipality, organisation, method.

The URL query string is the state: a page's layout reads it, the bar writes it
back, so a link reproduces the view. A page may fix a filter by its path (the
municipality page fixes `municipality`), which then is not shown in the bar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from urllib.parse import parse_qsl, urlencode

import dash
from dash import Input, Output, ctx, dcc, html

from dashboard import format as fmt
from dashboard.components.dropdown import dropdown
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
# Fields a page may add to the bar: the municipality page's own comparison municipalities.
EXTRA_FIELDS = ("peers",)
PLACEHOLDER = {"region": "filters.all_regions", "municipality": "filters.all_municipalities",
               "organisation": "filters.all_organisations", "method": "filters.all_methods",
               "peers": "filters.nearest_peers"}
MULTI = ("peers",)
FIRST_QUARTER = 20131  # the pilot's first quarter: the earliest the bar offers


def period_options() -> tuple[list[dict], list[dict]]:
    """Quarter choices from the pilot's start to the last complete quarter, newest first."""
    last = quarter_of(default_period()[1])
    qs = quarters_between(FIRST_QUARTER, last)
    starts = [{"label": fmt.quarter(q), "value": quarter_start(q).isoformat()} for q in qs]
    ends = [{"label": fmt.quarter(q), "value": quarter_end(q).isoformat()} for q in qs]
    return starts[::-1], ends[::-1]


def method_options() -> list[dict]:
    return [{"label": t(f"method.{m}"), "value": m} for m in METHODS]


def ids(page: str) -> dict[str, str]:
    return {f: f"{page}-filter-{f}" for f in FIELDS + EXTRA_FIELDS}


def inputs(page: str, fields: tuple[str, ...] = FIELDS) -> list[Input]:
    return [Input(ids(page)[f], "value") for f in fields]


def _value(field: str, query: dict[str, str]) -> object:
    raw = query.get(field) or None
    if field in MULTI:
        codes = (raw or "").split(",")
        return [int(c) for c in codes if c.strip().isascii() and c.strip().isdigit()]
    if field in ("region", "municipality"):
        return int(raw) if raw and raw.isascii() and raw.isdigit() else None
    if field in ("from", "to"):
        return _period_end(field, raw)
    return raw


def _period_end(field: str, raw: str | None) -> str:
    """A period end from a link, as one of the bar's choices: a date inside a quarter stands
    for that whole quarter (the bar offers whole quarters; a day the bar cannot show was
    dropped and the view silently fell back to the default), a date outside the quarters
    offered for the nearest one, and an unreadable one for the default period."""
    default = default_period()[0 if field == "from" else 1]
    try:
        day = dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        day = default
    q = min(max(quarter_of(day), FIRST_QUARTER), quarter_of(default_period()[1]))
    return (quarter_start(q) if field == "from" else quarter_end(q)).isoformat()


def filter_bar(page: str, query: dict[str, str], fields: tuple[str, ...] = FIELDS) -> html.Div:
    """The bar, with its values from the URL (no database work: options come by callback)."""
    starts, ends = period_options()
    i = ids(page)
    options = {"from": starts, "to": ends, "method": method_options()}

    def field(name: str) -> html.Div:
        choice = dropdown(
            id=i[name], options=options.get(name, []), value=_value(name, query),
            clearable=name not in ("from", "to"), multi=name in MULTI,
            placeholder=t(PLACEHOLDER[name]) if name in PLACEHOLDER else None,
        )
        return html.Div([html.Label(t(f"filters.{name}"), htmlFor=i[name]), choice],
                        className="field")

    bar = [field(f) for f in fields]
    if "from" in fields and "to" in fields:
        bar.append(presets(page))
    adjusted = link_adjustments(query, fields)
    if adjusted:
        bar.append(html.P(adjusted, className="notice link-adjusted", role="status",
                          id=f"{page}-link-adjusted"))
    return html.Div(bar, className="filter-bar", role="search",
                    **{"aria-label": t("filters.label")})


# Problems the page itself reports in its error line: the bar keeps such a period as it is.
PAGE_SAYS = ("order", "range")


def link_adjustments(query: dict[str, str], fields: tuple[str, ...] = FIELDS) -> str:
    """What the bar shows differently from the link it was opened with, in words: a link
    with a day inside a quarter, or a value the bar cannot use, used to change the view
    without a word (issue 13)."""
    said: list[str] = []
    try:
        Filters.from_query({k: v for k, v in query.items() if k in fields})
    except FilterError as exc:
        if exc.code not in PAGE_SAYS:
            said.append(t("filters.link_skipped", error=_problem(exc)))
    shown = {end: _value(end, query) for end in ("from", "to")}
    if any(query.get(end) and query[end] != shown[end] for end in shown if end in fields):
        first, last = (quarter_of(dt.date.fromisoformat(str(shown[end]))) for end in shown)
        said.append(t("filters.link_quarters", start=fmt.quarter(first), end=fmt.quarter(last)))
    return " ".join(said)


PRESETS = ("four", "year", "ytd")


def preset_period(name: str, today: dt.date | None = None) -> tuple[str, str]:
    """A named period, in whole quarters up to the last complete one: the last four
    quarters, the last complete calendar year, or this year so far (last year's if no quarter
    of this year is complete yet)."""
    start, end = default_period(today)
    last = quarter_of(end)
    if name == "year":
        year = last // 10 if last % 10 == 4 else last // 10 - 1
        return dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat()
    if name == "ytd":
        return dt.date(last // 10, 1, 1).isoformat(), end.isoformat()
    return start.isoformat(), end.isoformat()


def presets(page: str) -> html.Div:
    """Buttons beside the quarter pickers that set both at once (see `register_presets`)."""
    return html.Div(
        [html.Span(t("filters.presets"), className="presets-label"),
         *[html.Button(t(f"filters.preset_{name}"), id=f"{page}-preset-{name}", type="button",
                       className="preset", n_clicks=0) for name in PRESETS]],
        className="field presets")


def register_presets(page: str) -> None:
    """The presets set the page's from/to pickers; the page's own callback then redraws and
    writes the address as for any other filter change."""

    def choose(*_clicks: int) -> tuple[str, str]:
        name = str(ctx.triggered_id or "").removeprefix(f"{page}-preset-")
        if name not in PRESETS:
            return dash.no_update, dash.no_update
        return preset_period(name)

    dash.callback(Output(ids(page)["from"], "value", allow_duplicate=True),
                  Output(ids(page)["to"], "value", allow_duplicate=True),
                  *[Input(f"{page}-preset-{name}", "n_clicks") for name in PRESETS],
                  prevent_initial_call=True)(choose)


def to_filters(values: list[object], fields: tuple[str, ...] = FIELDS,
               fixed: dict[str, str] | None = None) -> Filters:
    """Filters from the bar's values plus the page's fixed ones; raises FilterError."""
    raw = {k: v for k, v in zip(fields, values, strict=True) if v not in (None, "", [])}
    for k in MULTI:
        if isinstance(raw.get(k), list):
            raw[k] = ",".join(str(v) for v in raw[k])
    raw.update(fixed or {})
    return Filters.from_query({k: str(v) for k, v in raw.items()})


def search_string(filters: Filters, fixed: dict[str, str] | None = None) -> str:
    """The URL query for these filters, leaving out what the page's path already fixes."""
    query = {k: v for k, v in filters.to_query().items() if k not in (fixed or {})}
    return "?" + urlencode(query)


def download_query(filters: Filters, **extra: str) -> str:
    """The query string of a download link: every filter, fixed ones included."""
    return "?" + urlencode({**filters.to_query(), **{k: v for k, v in extra.items() if v}})


def location(page: str, query: dict[str, str]) -> dcc.Location:
    """The page's address, starting at the query it was opened with: mounting it then changes
    nothing, and only Back or Forward (or the page's own callback) change its `search`."""
    return dcc.Location(id=f"{page}-url", refresh=False,
                        search=("?" + urlencode(query)) if query else "")


def url_input(page: str) -> Input:
    """The page's address, as the last input of its callback (see `follows_url`)."""
    return Input(f"{page}-url", "search")


def value_outputs(page: str, fields: tuple[str, ...] = FIELDS) -> list[Output]:
    """The bar's values, as the last outputs of the page's callback (see `follows_url`)."""
    return [Output(ids(page)[f], "value") for f in fields]


def query_of(search: object) -> dict[str, str]:
    """The parameters of a `search` string ("?from=…&method=smart"); anything else: none."""
    return dict(parse_qsl(search.lstrip("?"))) if isinstance(search, str) else {}


def from_url(search: object, fields: tuple[str, ...] = FIELDS) -> list[object]:
    """The bar's values written in an address, as the layout would set them."""
    query = query_of(search)
    return [_value(f, query) for f in fields]


def follows_url(page: str, fields: tuple[str, ...] = FIELDS,
                at: int = 0) -> Callable[[Callable[..., tuple]], Callable[..., tuple]]:
    """Make a page callback follow its address after Back and Forward.

    The callback's first output is the address's `search`, its last outputs are
    `value_outputs(page, fields)`, its last input is `url_input(page)`, and its arguments from
    `at` on are the bar's values. A Back only changes the page's own dcc.Location (Dash's page
    router does not re-run when its address is already the restored one), so on that trigger
    the bar's values are read from the address, the view is drawn from them, the dropdowns
    are set to them, and the address is left as the browser restored it (writing it would
    push a new history entry and lose Forward). On any other trigger the callback writes the
    address as before and the dropdowns are left alone. The callback gets the address as its
    last argument only when it is the trigger (None otherwise), so the cache of drawn pages
    keys a filter change by the filters alone."""
    n = len(fields)

    def wrap(callback: Callable[..., tuple]) -> Callable[..., tuple]:
        @wraps(callback)
        def followed(*args: object) -> tuple:
            if ctx.triggered_id == f"{page}-url":
                values = from_url(args[-1], fields)
                result = callback(*args[:at], *values, *args[at + n:])
                return (dash.no_update, *result[1:], *values)
            return (*callback(*args[:-1], None), *([dash.no_update] * n))

        return followed

    return wrap


OPTION_KEYS = {"region": "regions", "municipality": "municipalities",
               "organisation": "organisations", "peers": "municipalities"}


def register_options(page: str, fields: tuple[str, ...] = FIELDS,
                     present_in: Callable[[str], int | None] | None = None) -> None:
    """One callback fills the page's region, municipality and organisation choices, scoped to
    the viewer, when the page opens. Called from a page module (Dash re-runs those per app).
    With `present_in` (the municipality of a page's path), only the organisations present in
    that municipality are offered: another one's filter could only show nothing."""
    from dashboard.auth import viewer
    from dashboard.data import db
    from queries.options import filter_options, organisations_present

    chosen = [f for f in fields if f in OPTION_KEYS]
    if "from" in fields and "to" in fields:
        register_presets(page)

    def fill_options(path: str) -> list[list[dict]]:
        options = filter_options(db(), viewer().scope)
        code = present_in(path) if present_in and isinstance(path, str) else None
        if code is not None:
            present = organisations_present(db(), code)
            options["organisations"] = [o for o in options["organisations"]
                                        if o["value"] in present]
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


def _problem(exc: FilterError) -> str:
    """What is wrong with a filter, in the page's language."""
    return t(f"filter.{exc.code}", **exc.params)


def error_text(exc: FilterError) -> str:
    return t("filters.error", error=_problem(exc))


__all__ = ["FIELDS", "FilterError", "describe", "download_query", "error_text", "filter_bar",
           "follows_url", "from_url", "ids", "inputs", "location", "period_options",
           "query_of", "register_options", "search_string", "to_filters", "url_input",
           "value_outputs"]

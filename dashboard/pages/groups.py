"""Grupper: every group with its figures; searched, sorted and paged by the database."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard import format as fmt
from dashboard.auth import viewer
from dashboard.components.dropdown import dropdown
from dashboard.components.filters import (
    download_query,
    error_text,
    filter_bar,
    follows_url,
    ids,
    inputs,
    location,
    query_of,
    register_options,
    to_filters,
    url_input,
    value_outputs,
)
from dashboard.components.panels import protected_note, table_wrap
from dashboard.components.tables import data_table
from dashboard.data import cached, rendered
from dashboard.downloads import MAX_PAGE, group_query
from dashboard.i18n import t
from dashboard.inputs import refuse
from dashboard.tables import GROUP_COLUMNS
from queries.filters import FilterError
from queries.groups import SORTABLE, group_page

dash.register_page(__name__, path="/grupper", title="Grupper · Overblik", name="Grupper",
                   order=3)

PAGE = "groups"
F = ids(PAGE)
PAGE_SIZE = 25


def layout(**query: str) -> html.Div:
    gq = group_query(query, PAGE_SIZE)
    return html.Div(
        [
            location(PAGE, query),
            dcc.Store(id=f"{PAGE}-page", data=gq.page),
            html.H1(t("groups.title")),
            html.P(t("groups.lead"), className="lead"),
            filter_bar(PAGE, query),
            html.Div(
                [
                    html.Div([html.Label(t("groups.search"), htmlFor=f"{PAGE}-search"),
                              dcc.Input(id=f"{PAGE}-search", type="search", value=gq.search,
                                        debounce=True, placeholder=t("groups.search_hint"))],
                             className="field"),
                    html.Div([html.Label(t("groups.sort"), htmlFor=f"{PAGE}-sort"),
                              dropdown(id=f"{PAGE}-sort", value=gq.sort, clearable=False,
                                           options=[{"label": t(f"col.{k}"), "value": k}
                                                    for k in SORTABLE])],
                             className="field"),
                    html.Div([html.Label(t("groups.order"), htmlFor=f"{PAGE}-desc"),
                              dropdown(id=f"{PAGE}-desc", value="1" if gq.descending else "0",
                                           clearable=False,
                                           options=[{"label": t("groups.ascending"), "value": "0"},
                                                    {"label": t("groups.descending"),
                                                     "value": "1"}])],
                             className="field"),
                ],
                className="filter-bar",
            ),
            html.Div(id=f"{PAGE}-message", role="status"),
            html.Section(
                [
                    html.P(id=f"{PAGE}-count", className="count", **{"aria-live": "polite"}),
                    html.A(t("download.table"), id=f"{PAGE}-download", className="download"),
                    html.A(t("groups.meetings_download"), id=f"{PAGE}-meetings-download",
                           className="download"),
                    table_wrap(t("groups.caption"), id=f"{PAGE}-table"),
                    html.Div(
                        [html.Button(t("word.previous"), id=f"{PAGE}-prev", className="pager"),
                         html.Span(id=f"{PAGE}-pages", className="pages"),
                         html.Button(t("word.next"), id=f"{PAGE}-next", className="pager")],
                        className="pager-bar",
                    ),
                ],
                className="panel wide",
            ),
        ]
    )


register_options(PAGE)


@callback(
    Output(f"{PAGE}-url", "search"),
    Output(f"{PAGE}-message", "children"),
    Output(f"{PAGE}-count", "children"),
    Output(f"{PAGE}-table", "children"),
    Output(f"{PAGE}-pages", "children"),
    Output(f"{PAGE}-page", "data"),
    Output(f"{PAGE}-prev", "disabled"),
    Output(f"{PAGE}-next", "disabled"),
    Output(f"{PAGE}-download", "href"),
    Output(f"{PAGE}-meetings-download", "href"),
    Output(f"{PAGE}-search", "value"),
    Output(f"{PAGE}-sort", "value"),
    Output(f"{PAGE}-desc", "value"),
    value_outputs(PAGE),
    inputs(PAGE),
    Input(f"{PAGE}-search", "value"),
    Input(f"{PAGE}-sort", "value"),
    Input(f"{PAGE}-desc", "value"),
    Input(f"{PAGE}-prev", "n_clicks"),
    Input(f"{PAGE}-next", "n_clicks"),
    State(f"{PAGE}-page", "data"),
    url_input(PAGE),
)
@follows_url(PAGE)
@rendered
def update_groups(*values: object) -> tuple:
    """One page of the table; any change but paging starts again at the first page.

    After Back or Forward (`address` given) the search, sort and page come from the address
    too, and are set in their inputs."""
    who = viewer()
    filter_values, (search, sort, desc, _prev, _next, page, address) = (list(values[:6]),
                                                                         values[6:])
    if address is not None:
        restored = group_query(query_of(address), PAGE_SIZE)
        search, sort, desc, page = (restored.search, restored.sort,
                                    "1" if restored.descending else "0", restored.page)
    try:
        filters = to_filters(filter_values)
    except FilterError as exc:
        return (dash.no_update, html.P(error_text(exc), className="error"), None, None, None,
                0, True, True, None, None, *([dash.no_update] * 3))
    if page is not None and (type(page) is not int or not 0 <= page <= MAX_PAGE):
        refuse(f"{PAGE}-page.data", page)
    page = page or 0
    if ctx.triggered_id == f"{PAGE}-next":
        page += 1
    elif ctx.triggered_id == f"{PAGE}-prev":
        page = max(0, page - 1)
    elif ctx.triggered_id is not None and address is None:
        page = 0
    args = {"q": str(search or "")[:100], "sort": str(sort or ""),
            "desc": "1" if desc == "1" else "", "page": str(page) if page else ""}
    gq = group_query(args, PAGE_SIZE)
    rows, total = cached(group_page, who.scope, filters, gq)
    pages = max(1, -(-total // PAGE_SIZE))
    if gq.page >= pages:  # e.g. a bookmarked page past the end after a filter change
        gq = group_query({**args, "page": str(pages - 1)}, PAGE_SIZE)
        rows, total = cached(group_page, who.scope, filters, gq)
    extra = {k: v for k, v in args.items() if v and k != "page"}
    search_q = "?" + urlencode({**filters.to_query(), **extra,
                                **({"page": str(gq.page)} if gq.page else {})})
    return (
        search_q,
        None if who.scope.unrestricted else protected_note(who.scope.threshold),
        t("groups.count", total=fmt.number(total)),
        data_table(rows, GROUP_COLUMNS, t("groups.caption")),
        t("word.page", page=gq.page + 1, pages=pages),
        gq.page,
        gq.page == 0,
        gq.page >= pages - 1,
        f"/download/groups.csv{download_query(filters, **extra)}",
        f"/download/meetings.csv{download_query(filters)}",
        *((search, sort, desc) if address is not None else [dash.no_update] * 3),
    )

"""Datastatus: for each partner and quarter, what has been reported and when, who is overdue."""

from __future__ import annotations

import dash
from dash import Output, callback, dcc, html

from dashboard import format as fmt
from dashboard.auth import viewer
from dashboard.components.filters import (
    download_query,
    error_text,
    filter_bar,
    ids,
    inputs,
    register_options,
    search_string,
    to_filters,
)
from dashboard.components.panels import kpi, table_wrap
from dashboard.components.tables import data_table
from dashboard.data import cached
from dashboard.i18n import t
from dashboard.tables import STATUS_COLUMNS
from queries.filters import FilterError
from queries.status import DUE_DAYS, overdue_count, reporting_status

dash.register_page(__name__, path="/status", title="Datastatus · Overblik", name="Datastatus",
                   order=4)

PAGE = "status"
FIELDS = ("from", "to", "region", "municipality", "organisation")
F = ids(PAGE)


def layout(**query: str) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=f"{PAGE}-url", refresh=False),
            html.H1(t("statuspage.title")),
            html.P(t("statuspage.lead", days=DUE_DAYS), className="lead"),
            filter_bar(PAGE, query, FIELDS),
            html.Div(id=f"{PAGE}-message", role="status"),
            html.Div(id=f"{PAGE}-kpis", className="kpis"),
            html.Section(
                [
                    html.H2(t("statuspage.table_title"), id=f"{PAGE}-table-title"),
                    html.A(t("download.table"), id=f"{PAGE}-download", className="download"),
                    table_wrap(t("statuspage.table_title"), id=f"{PAGE}-table"),
                ],
                className="panel wide",
            ),
        ]
    )


register_options(PAGE, FIELDS)


@callback(
    Output(f"{PAGE}-url", "search"),
    Output(f"{PAGE}-message", "children"),
    Output(f"{PAGE}-kpis", "children"),
    Output(f"{PAGE}-table", "children"),
    Output(f"{PAGE}-download", "href"),
    inputs(PAGE, FIELDS),
)
def update_status(*values: object) -> tuple:
    who = viewer()
    try:
        filters = to_filters(list(values), FIELDS)
    except FilterError as exc:
        return dash.no_update, html.P(error_text(exc), className="error"), None, None, None
    rows = cached(reporting_status, who.scope, filters)
    shown = [{**r, "own": r["status"] == "overdue"} for r in rows]
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("reported", "overdue", "due")}
    kpis = html.Div(
        [kpi(t("statuspage.reported"), fmt.number(counts["reported"])),
         kpi(t("statuspage.overdue_count"), fmt.number(overdue_count(rows))),
         kpi(t("statuspage.due_count"), fmt.number(counts["due"]))],
        className="kpi-group",
    )
    return (
        search_string(filters),
        None,
        kpis,
        data_table(shown, STATUS_COLUMNS, t("statuspage.table_title")) if rows
        else html.P(t("note.no_data")),
        f"/download/status.csv{download_query(filters)}",
    )

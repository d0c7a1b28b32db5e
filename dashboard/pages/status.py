"""Datastatus: for each partner and quarter, what has been reported and when, who is overdue."""

from __future__ import annotations

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
    register_options,
    search_string,
    to_filters,
    url_input,
    value_outputs,
)
from dashboard.components.panels import kpi, table_wrap
from dashboard.components.tables import data_table
from dashboard.data import cached, db
from dashboard.i18n import t
from dashboard.tables import STATUS_COLUMNS, page_of
from queries.filters import FilterError
from queries.review import ReviewError, approve_submission, awaiting_review, check_submission
from queries.status import DUE_DAYS, STATUSES, by_urgency, overdue_count, reporting_status

dash.register_page(__name__, path="/status", title="Datastatus · Overblik", name="Datastatus",
                   order=4)

PAGE = "status"
FIELDS = ("from", "to", "region", "municipality", "organisation")
F = ids(PAGE)
KINDS = ("meetings", "groups", "volunteers", "hours", "aftercare")


def _choice(name: str, options: list[dict]) -> html.Div:
    return html.Div([html.Label(t(f"statuspage.{name}"), htmlFor=f"{PAGE}-{name}"),
                     dropdown(id=f"{PAGE}-{name}", options=options, clearable=True,
                                  placeholder=t(f"statuspage.all_{name}"))],
                    className="field")


def table_controls() -> html.Div:
    """Which reports the table lists (by status and kind) and which page of them."""
    return html.Div(
        [
            html.Div([
                _choice("only", [{"label": t(f"status.{s}"), "value": s}
                                 for s in STATUSES if s != "not_expected"]),
                _choice("kind", [{"label": t(f"kind.{k}"), "value": k} for k in KINDS]),
            ], className="filter-bar table-filters"),
            html.Div([
                html.Button(t("statuspage.previous"), id=f"{PAGE}-prev", className="button",
                            n_clicks=0),
                html.Span(id=f"{PAGE}-position", role="status"),
                html.Button(t("statuspage.next"), id=f"{PAGE}-next", className="button",
                            n_clicks=0),
            ], className="pager"),
            dcc.Store(id=f"{PAGE}-page", data=0),
        ]
    )




def layout(**query: str) -> html.Div:
    return html.Div(
        [
            location(PAGE, query),
            html.H1(t("statuspage.title")),
            html.P(t("statuspage.lead", days=DUE_DAYS), className="lead"),
            html.P(t("statuspage.unapproved_note")),
            filter_bar(PAGE, query, FIELDS),
            html.Div(id=f"{PAGE}-message", role="status"),
            html.Div(id=f"{PAGE}-kpis", className="kpis"),
            html.Section(
                [
                    html.H2(t("statuspage.table_title"), id=f"{PAGE}-table-title"),
                    html.A(t("download.table"), id=f"{PAGE}-download", className="download"),
                    table_controls(),
                    table_wrap(t("statuspage.table_title"), id=f"{PAGE}-table"),
                ],
                className="panel wide",
            ),
            html.Section(
                [
                    html.H2(t("review.title")),
                    html.P(t("review.intro")),
                    html.Label(t("review.choose"), htmlFor=f"{PAGE}-review-choice"),
                    dropdown(id=f"{PAGE}-review-choice", clearable=False),
                    html.Div([
                        html.Button(t("review.check"), id=f"{PAGE}-review-check",
                                    className="button"),
                        html.Button(t("review.approve"), id=f"{PAGE}-review-approve",
                                    className="button primary"),
                    ], className="actions"),
                    html.Div(id=f"{PAGE}-review-result", role="status"),
                ],
                id=f"{PAGE}-review", className="panel wide", hidden=True,
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
    Output(f"{PAGE}-position", "children"),
    Output(f"{PAGE}-prev", "disabled"),
    Output(f"{PAGE}-next", "disabled"),
    value_outputs(PAGE, FIELDS),
    Input(f"{PAGE}-review-result", "children"),
    Input(f"{PAGE}-only", "value"),
    Input(f"{PAGE}-kind", "value"),
    Input(f"{PAGE}-page", "data"),
    *inputs(PAGE, FIELDS),
    url_input(PAGE),
)
@follows_url(PAGE, FIELDS, at=4)
def update_status(_reviewed: object, only: object, kind: object, page: object,
                  *values: object) -> tuple:
    who = viewer()
    try:
        filters = to_filters(list(values[:-1]), FIELDS)
    except FilterError as exc:
        return (dash.no_update, html.P(error_text(exc), className="error"), None, None, None,
                None, True, True)
    everything = by_urgency(cached(reporting_status, who.scope, filters))
    rows = [r for r in everything if kind in (None, "") or r["kind"] == kind]
    listed, number, pages = page_of(everything, only, kind, page)
    shown = [{**r, "own": r["status"] == "overdue"} for r in listed]
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in STATUSES}
    kpis = html.Div(
        [kpi(t("statuspage.overdue_count"), fmt.number(overdue_count(rows))),
         kpi(t("statuspage.late_count"), fmt.number(counts["late"])),
         kpi(t("statuspage.reported"), fmt.number(counts["received"])),
         kpi(t("statuspage.approved_count"), fmt.number(counts["approved"])),
         kpi(t("statuspage.due_count"), fmt.number(counts["due"]))],
        className="kpi-group",
    )
    return (
        search_string(filters),
        None,
        kpis,
        data_table(shown, STATUS_COLUMNS, t("statuspage.table_title")) if shown
        else html.P(t("note.no_data")),
        f"/download/status.csv{download_query(filters)}",
        t("statuspage.position", page=number + 1, pages=pages),
        number == 0,
        number >= pages - 1,
    )


@callback(
    Output(f"{PAGE}-page", "data"),
    Input(f"{PAGE}-prev", "n_clicks"),
    Input(f"{PAGE}-next", "n_clicks"),
    Input(f"{PAGE}-only", "value"),
    Input(f"{PAGE}-kind", "value"),
    State(f"{PAGE}-page", "data"),
    prevent_initial_call=True,
)
def turn_page(_prev: int, _next: int, _only: object, _kind: object, page: object) -> int:
    """Previous and next; a new choice of status or kind starts at the first page (the
    table's own callback keeps the number inside the table)."""
    current = page if isinstance(page, int) and not isinstance(page, bool) else 0
    if ctx.triggered_id == f"{PAGE}-prev":
        return max(0, current - 1)
    if ctx.triggered_id == f"{PAGE}-next":
        return current + 1
    return 0


@callback(
    Output(f"{PAGE}-review", "hidden"),
    Output(f"{PAGE}-review-choice", "options"),
    Output(f"{PAGE}-review-choice", "value"),
    Input(f"{PAGE}-url", "pathname"),
    Input(f"{PAGE}-review-result", "children"),
)
def fill_review(_path: str, _result: object) -> tuple:
    """The submissions this viewer may review; the panel is hidden from everyone else."""
    who = viewer()
    if who.scope.role not in ("national", "municipal"):
        return True, [], None
    waiting = awaiting_review(db(), who.scope)
    options = [{"label": t("review.option", partner=r["partner_name"],
                           kind=t(f"kind.{r['kind']}"),
                           quarter=fmt.quarter(r["quarter"]) if r["quarter"] else "",
                           at=r["submitted_at"].date().isoformat(),
                           checked=t("review.option_checked", who=r["checked_by"])
                           if r["checked_by"] else ""),
                "value": r["id"]} for r in waiting]
    return False, options, options[0]["value"] if options else None


@callback(
    Output(f"{PAGE}-review-result", "children"),
    Input(f"{PAGE}-review-check", "n_clicks"),
    Input(f"{PAGE}-review-approve", "n_clicks"),
    State(f"{PAGE}-review-choice", "value"),
    prevent_initial_call=True,
)
def review(_check: int | None, _approve: int | None, choice: object) -> html.P:
    """Check or approve; who may is decided again in the query layer from the session's
    scope, whatever the browser sent."""
    who = viewer()
    if choice is None:
        return html.P(t("review.none"), className="error")
    session = db()
    approve = ctx.triggered_id == f"{PAGE}-review-approve"
    try:
        submission_id = int(str(choice))
        if approve:
            approve_submission(session, who.scope, submission_id, actor=who.username)
        else:
            check_submission(session, who.scope, submission_id, actor=who.username)
    except (ValueError, ReviewError) as exc:
        session.rollback()
        code = str(exc) if isinstance(exc, ReviewError) else "unknown"
        return html.P(t(f"review.{code}"), className="error")
    session.commit()
    return html.P(t("review.approved" if approve else "review.checked"), className="ok")

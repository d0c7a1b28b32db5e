"""Indberet: a coordinator or municipal manager sends a quarter's CSV file, checks it, imports it.

The file travels in a Dash callback (a JSON POST under the session cookie, which is
SameSite and cannot be sent by another site's form); the partner is taken from the
logged-in user, never from the request, and the import is all or nothing."""

from __future__ import annotations

import base64
import binascii
import datetime as dt

import dash
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard.auth import viewer
from dashboard.components.dropdown import dropdown
from dashboard.components.filters import period_options
from dashboard.components.panels import notice, table_wrap
from dashboard.components.tables import data_table
from dashboard.data import db
from dashboard.i18n import current_lang, t
from dashboard.imports import (
    TEMPLATE_KINDS,
    describe_problem,
    describe_result,
    template_links,
)
from dashboard.inputs import refuse
from dashboard.tables import columns
from queries.filters import default_period
from queries.importer import (
    MAX_BYTES,
    ImportRefused,
    Partner,
    Problem,
    import_file,
    is_quarter,
)
from queries.models import quarter_of
from queries.options import municipality_info
from queries.status import submission_history

dash.register_page(__name__, path="/indberet", title="Indberet · Overblik", name="Indberet",
                   order=5)

PAGE = "upload"
KINDS_BY_ROLE = {"ngo": ("meetings", "hours", "groups", "volunteers"), "municipal": ("aftercare",)}
HISTORY_COLUMNS = columns("submitted_at:date", "partner_name:text", "kind:kind",
                          "quarter:quarter", "filename:text", "submitted_by:text",
                          "row_count", "superseded:bool")


def layout(**_query: str) -> html.Div:
    quarters = [{"label": o["label"], "value": str(quarter_of(dt.date.fromisoformat(o["value"])))}
                for o in period_options()[0]]
    last = str(quarter_of(default_period()[1]))
    return html.Div(
        [
            dcc.Location(id=f"{PAGE}-url", refresh=False),
            html.H1(t("upload.title")),
            html.P(t("upload.lead"), className="lead"),
            html.Div(id=f"{PAGE}-who"),
            html.Div(
                [
                    html.Div([html.Label(t("upload.kind"), htmlFor=f"{PAGE}-kind"),
                              dropdown(id=f"{PAGE}-kind", clearable=False)],
                             className="field"),
                    html.Div([html.Label(t("upload.quarter"), htmlFor=f"{PAGE}-quarter"),
                              dropdown(id=f"{PAGE}-quarter", options=quarters, value=last,
                                           clearable=False)], className="field"),
                    html.Div([html.Label(t("filters.municipality"),
                                         htmlFor=f"{PAGE}-municipality"),
                              dropdown(id=f"{PAGE}-municipality", clearable=False)],
                             className="field", id=f"{PAGE}-municipality-field"),
                ],
                className="filter-bar",
            ),
            dcc.Upload(html.Div(t("upload.drop")), id=f"{PAGE}-file", max_size=MAX_BYTES,
                       className="upload-box", accept=".csv,text/csv"),
            html.P(id=f"{PAGE}-chosen", **{"aria-live": "polite"}),
            html.Div([html.Button(t("upload.check"), id=f"{PAGE}-check", className="pager"),
                      html.Button(t("upload.import"), id=f"{PAGE}-import", className="pager")],
                     className="pager-bar"),
            html.Div(id=f"{PAGE}-result", role="status", **{"aria-live": "polite"}),
            html.Section([html.H2(t("upload.formats")),
                          html.P(dcc.Link(t("formats.title"), href="/om/formater")),
                          html.H3(t("upload.templates")),
                          template_links(KINDS_BY_ROLE.get(viewer().role, TEMPLATE_KINDS))],
                         className="panel wide", id=f"{PAGE}-formats"),
            html.Section([html.H2(t("upload.history")), html.Div(id=f"{PAGE}-history")],
                         className="panel wide"),
        ]
    )


@callback(
    Output(f"{PAGE}-who", "children"),
    Output(f"{PAGE}-kind", "options"),
    Output(f"{PAGE}-kind", "value"),
    Output(f"{PAGE}-municipality", "options"),
    Output(f"{PAGE}-municipality", "value"),
    Output(f"{PAGE}-municipality-field", "hidden"),
    Output(f"{PAGE}-history", "children"),
    Input(f"{PAGE}-url", "pathname"),
    Input(f"{PAGE}-result", "children"),
)
def fill_form(_path: str, _result: object) -> tuple:
    who = viewer()
    kinds = KINDS_BY_ROLE.get(who.role, ())
    if not kinds:
        return (notice(t("scope.outside_title"), t("upload.not_allowed"),
                       [(t("nav.overview"), "/")]), [], None, [], None, True, None)
    options = [{"label": t(f"kind.{k}"), "value": k} for k in kinds]
    muns = [{"label": _municipality_label(code), "value": code}
            for code in sorted(who.municipalities)]
    history = submission_history(db(), who.scope)
    return (None, options, kinds[0], muns, muns[0]["value"] if muns else None,
            who.role != "municipal",
            table_wrap(t("upload.history"), data_table(history, HISTORY_COLUMNS,
                                                       t("upload.history"), mark_own=False)))


@callback(Output(f"{PAGE}-chosen", "children"), Input(f"{PAGE}-file", "filename"))
def show_file(name: str | None) -> str | None:
    return t("upload.chosen", name=name) if name else None


@callback(
    Output(f"{PAGE}-result", "children"),
    Input(f"{PAGE}-check", "n_clicks"),
    Input(f"{PAGE}-import", "n_clicks"),
    State(f"{PAGE}-file", "contents"),
    State(f"{PAGE}-file", "filename"),
    State(f"{PAGE}-kind", "value"),
    State(f"{PAGE}-quarter", "value"),
    State(f"{PAGE}-municipality", "value"),
    prevent_initial_call=True,
)
def submit(_check: int | None, _import: int | None, contents: str | None, filename: str | None,
           kind: str | None, quarter: str | None, municipality: int | None) -> html.Div:
    """Check or import; the partner comes from the session, and the scope is checked again in
    the query layer whatever the browser sent."""
    who = viewer()
    if who.role not in KINDS_BY_ROLE:
        return html.P(t("upload.not_allowed"), className="error")
    if not contents:
        return html.P(t("upload.no_file"), className="error")
    try:
        data = base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error):
        return html.P(t("import.empty_file"), className="error")
    if not isinstance(municipality, int | None):
        refuse(f"{PAGE}-municipality.value", municipality)
    partner = (Partner(organisation=who.organisation_slug) if who.role == "ngo"
               else Partner(municipality=municipality))
    session = db()
    try:
        result = import_file(
            session, data, str(kind), partner, scope=who.scope,
            filename=str(filename or "upload.csv"), submitted_by=who.username,
            quarter=_quarter(quarter), check_only=ctx.triggered_id != f"{PAGE}-import")
    except ImportRefused as exc:
        session.rollback()
        return _report(None, [exc.problem])
    if result.status == "imported":
        from queries import audit

        audit.record(session, who.username, "import", kind=kind, filename=filename,
                     rows=result.rows, submission=result.submission_id)
    session.commit()
    return _report(describe_result(result), result.problems)


def _municipality_label(code: int) -> str:
    """"Esbjerg (561)": the name a manager knows, with the code their systems use."""
    info = municipality_info(db(), code)
    if info is None:
        return str(code)
    name = (info["name_en"] or info["name"]) if current_lang() == "en" else info["name"]
    return f"{name} ({code})"


def _quarter(value: object) -> int | None:
    """The chosen quarter key (the dropdown offers only real quarters), else refuse."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and is_quarter(int(value)):
        return int(value)
    refuse(f"{PAGE}-quarter.value", value)


def _report(summary: str | None, problems: list[Problem]) -> html.Div:
    items = [html.Li(describe_problem(p)) for p in problems]
    return html.Div([html.P(summary, className="error" if problems else "ok") if summary else None,
                     html.Ul(items, className="problems") if items else None])

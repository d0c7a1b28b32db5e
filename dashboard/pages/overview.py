"""Oversigt: the three questions at a glance, for the period and filters chosen."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from dashboard import figures
from dashboard import format as fmt
from dashboard.auth import viewer
from dashboard.components.filters import filter_bar, ids, search_string, to_filters
from dashboard.components.tables import data_table
from dashboard.data import db
from dashboard.tables import MUNICIPALITY_COLUMNS
from queries import metrics
from queries.filters import FilterError
from queries.options import filter_options

dash.register_page(__name__, path="/", title="Oversigt · Overblik", name="Oversigt")

PAGE = "overview"
F = ids(PAGE)


def layout(**query: str) -> html.Div:
    """The page frame; figures arrive by callback, so this does no database work."""
    return html.Div(
        [
            dcc.Location(id=f"{PAGE}-url", refresh=False),
            html.H1("Oversigt over efterbehandling"),
            html.P(
                "Selvhjælpsgrupper, frivillige og efterbehandling på tværs af kommuner og "
                "organisationer.",
                className="lead",
            ),
            filter_bar(PAGE, query),
            html.Div(id=f"{PAGE}-message", role="status"),
            html.Div(id=f"{PAGE}-kpis", className="kpis"),
            html.Div(
                [
                    html.Section(
                        [
                            html.H2("Aktive grupper pr. 100.000 indbyggere"),
                            dcc.Graph(id=f"{PAGE}-map", config={"displayModeBar": False},
                                      className="map"),
                            html.P(
                                "Kommunegrænser: Geodatastyrelsen & Danske Kommuner, FOT 2014 "
                                "(1:500.000). Indbyggertal er omtrentlige (2024).",
                                className="source",
                            ),
                        ],
                        className="panel",
                    ),
                    html.Section(
                        [
                            html.H2("Udvikling pr. kvartal"),
                            dcc.Graph(id=f"{PAGE}-trend", config={"displayModeBar": False}),
                            html.A("Hent tal bag grafen (CSV)", id=f"{PAGE}-trend-download",
                                   className="download"),
                        ],
                        className="panel",
                    ),
                ],
                className="grid-2",
            ),
            html.Section(
                [
                    html.H2("Kommuner"),
                    html.A("Hent tabellen (CSV)", id=f"{PAGE}-download", className="download"),
                    html.Div(id=f"{PAGE}-table", className="table-wrap"),
                ],
                className="panel",
            ),
        ]
    )


@callback(
    Output(F["region"], "options"),
    Output(F["municipality"], "options"),
    Output(F["organisation"], "options"),
    Input(f"{PAGE}-url", "pathname"),
)
def fill_options(_path: str) -> tuple[list, list, list]:
    opts = filter_options(db(), viewer().scope)
    return opts["regions"], opts["municipalities"], opts["organisations"]


def kpi(label: str, value: str, note: str = "") -> html.Div:
    return html.Div(
        [html.Div(value, className="kpi-value"), html.Div(label, className="kpi-label"),
         html.Div(note, className="kpi-note")],
        className="kpi",
    )


def kpi_cards(k: dict) -> list[html.Div]:
    return [
        html.Div(
            [
                html.H2("Gruppedækning"),
                kpi("aktive grupper", fmt.number(k["active_groups"])),
                kpi("møder holdt", fmt.number(k["meetings"])),
                kpi("fremmøde pr. møde", fmt.number(k["avg_attendance"], 1)),
                kpi("kommuner uden gruppe", fmt.number(k["municipalities_without_group"]),
                    f"{fmt.percent(k['population_covered_share'])} bor i en kommune med gruppe"),
            ],
            className="kpi-group",
        ),
        html.Div(
            [
                html.H2("Frivillig kapacitet"),
                kpi("aktive frivillige", fmt.number(k["volunteers"])),
                kpi("uddannede facilitatorer", fmt.number(k["trained"])),
                kpi("facilitatorer pr. gruppe", fmt.number(k["facilitators_per_group"], 1)),
                kpi("grupper med kun én facilitator", fmt.number(k["single_facilitator_groups"])),
            ],
            className="kpi-group",
        ),
        html.Div(
            [
                html.H2("Efterbehandlingens rækkevidde"),
                kpi("afsluttede behandling", fmt.number(k["completed"])),
                kpi("tilbudt efterbehandling", fmt.percent(k["offer_rate"])),
                kpi("i gruppe inden 90 dage", fmt.percent(k["reach_rate"])),
                kpi("stadig med efter 6 mdr.", fmt.percent(k["retention_rate"]),
                    "af dem, der kom i gruppe"),
            ],
            className="kpi-group",
        ),
    ]


@callback(
    Output(f"{PAGE}-url", "search"),
    Output(f"{PAGE}-message", "children"),
    Output(f"{PAGE}-kpis", "children"),
    Output(f"{PAGE}-map", "figure"),
    Output(f"{PAGE}-trend", "figure"),
    Output(f"{PAGE}-table", "children"),
    Output(f"{PAGE}-download", "href"),
    Output(f"{PAGE}-trend-download", "href"),
    [Input(F[k], "value") for k in ("from", "to", "region", "municipality", "organisation",
                                     "method")],
)
def update_overview(*values: object) -> tuple:
    """Parse the filters, run the scoped queries, and draw every part of the page."""
    who = viewer()
    try:
        filters = to_filters(list(values))
    except FilterError as exc:
        empty = figures.empty_figure()
        msg = html.P(f"Filtrene kan ikke bruges: {exc}", className="error")
        return dash.no_update, msg, [], empty, empty, None, None, None
    session = db()
    k = metrics.key_figures(session, who.scope, filters)
    rows = metrics.municipality_table(session, who.scope, filters)
    trend = metrics.quarterly_trend(session, who.scope, filters)
    search = search_string(filters)
    note = None
    if not who.scope.unrestricted:
        note = html.P(
            "Tal for personer uden for dit eget område er summer af kvartalsceller pr. kommune; "
            "celler med 1-4 personer er skjult («<5»), og totaler med «≥» er derfor "
            "mindsteværdier.",
            className="note",
        )
    return (
        search,
        note,
        kpi_cards(k),
        figures.municipality_map(rows),
        figures.trend_figure(trend),
        data_table(rows, MUNICIPALITY_COLUMNS, caption="Nøgletal pr. kommune for perioden"),
        f"/download/municipalities.csv{search}",
        f"/download/trend.csv{search}",
    )

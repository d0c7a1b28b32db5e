"""Oversigt: the three questions at a glance for the national manager, with a map, the trend
and a league of municipalities that shows intervals rather than a bare ranking."""

from __future__ import annotations

import datetime as dt

import dash
from dash import Output, callback, html

from dashboard import figures, summaries
from dashboard import format as fmt
from dashboard.auth import viewer
from dashboard.components.direction import (
    direction_block,
    group_share_cards,
    incomplete_note,
    retention_card,
)
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
from dashboard.components.panels import chart_panel, kpi, kpi_group, protected_note, table_panel
from dashboard.components.tables import data_table
from dashboard.data import cached, rendered
from dashboard.downloads import direction_rows, with_completeness
from dashboard.i18n import t
from dashboard.tables import BENCHMARK_COLUMNS, MUNICIPALITY_COLUMNS, TREND_COLUMNS
from queries import metrics
from queries.filters import FilterError
from queries.status import quarter_completeness

dash.register_page(__name__, path="/", title="Overblik", name="Oversigt", order=0)

PAGE = "overview"
F = ids(PAGE)


def layout(**query: str) -> html.Div:
    """The page frame; figures arrive by callback, so this does no database work."""
    return html.Div(
        [
            location(PAGE, query),
            html.H1(t("overview.title")),
            html.P(t("overview.lead"), className="lead"),
            filter_bar(PAGE, query),
            html.Div(id=f"{PAGE}-message", role="status"),
            html.Div(id=f"{PAGE}-incomplete"),
            html.Div(id=f"{PAGE}-kpis", className="kpis"),
            html.Div(id=f"{PAGE}-direction"),
            html.Div(
                [
                    chart_panel(f"{PAGE}-map", t("overview.map_title"), t("source.map")),
                    chart_panel(f"{PAGE}-trend", t("overview.trend_title")),
                ],
                className="grid-2",
            ),
            chart_panel(f"{PAGE}-league", t("overview.league_title"),
                        t("overview.league_note"), wide=True),
            table_panel(f"{PAGE}-municipalities", t("overview.table_title")),
        ]
    )


register_options(PAGE)


def kpi_cards(k: dict, kept: dict, first_day: dt.date) -> list[html.Div]:
    """The three questions: coverage, volunteer capacity, aftercare reach."""
    return [
        kpi_group(t("q.coverage"), [
            kpi(t("kpi.active_groups"), fmt.number(k["active_groups"])),
            kpi(t("kpi.meetings"), fmt.number(k["meetings"])),
            kpi(t("kpi.avg_attendance"), fmt.number(k["avg_attendance"], 1)),
            kpi(t("kpi.without_group"), fmt.number(k["municipalities_without_group"]),
                t("kpi.covered", share=fmt.percent(k["population_covered_share"]))),
            *group_share_cards(k),
        ]),
        kpi_group(t("q.capacity"), [
            kpi(t("kpi.volunteers"), fmt.number(k["volunteers"])),
            kpi(t("kpi.trained"), fmt.number(k["trained"])),
            kpi(t("kpi.per_group"), fmt.number(k["facilitators_per_group"], 1)),
            kpi(t("kpi.single"), fmt.number(k["single_facilitator_groups"])),
            kpi(t("kpi.none"), fmt.number(k["groups_without_facilitator"])),
            retention_card(kept, first_day),
        ]),
        kpi_group(t("q.reach"), [
            kpi(t("kpi.completed"), fmt.number(k["completed"])),
            kpi(t("kpi.offered"), fmt.percent(k["offer_rate"])),
            kpi(t("kpi.reached"), fmt.percent(k["reach_rate"])),
            kpi(t("kpi.retained"), fmt.percent(k["retention_rate"]), t("kpi.retained_note")),
        ]),
    ]


@callback(
    Output(f"{PAGE}-url", "search"),
    Output(f"{PAGE}-message", "children"),
    Output(f"{PAGE}-incomplete", "children"),
    Output(f"{PAGE}-kpis", "children"),
    Output(f"{PAGE}-direction", "children"),
    Output(f"{PAGE}-map-graph", "figure"),
    Output(f"{PAGE}-map-summary", "children"),
    Output(f"{PAGE}-map-table", "children"),
    Output(f"{PAGE}-map-download", "href"),
    Output(f"{PAGE}-trend-graph", "figure"),
    Output(f"{PAGE}-trend-summary", "children"),
    Output(f"{PAGE}-trend-table", "children"),
    Output(f"{PAGE}-trend-download", "href"),
    Output(f"{PAGE}-league-graph", "figure"),
    Output(f"{PAGE}-league-summary", "children"),
    Output(f"{PAGE}-league-table", "children"),
    Output(f"{PAGE}-league-download", "href"),
    Output(f"{PAGE}-municipalities-table", "children"),
    Output(f"{PAGE}-municipalities-download", "href"),
    value_outputs(PAGE),
    inputs(PAGE),
    url_input(PAGE),
)
@follows_url(PAGE)
@rendered
def update_overview(*values: object) -> tuple:
    """Parse the filters, run the scoped queries, and draw every part of the page."""
    who = viewer()
    try:
        filters = to_filters(list(values[:-1]))
    except FilterError as exc:
        empty = figures.empty_figure()
        return (dash.no_update, html.P(error_text(exc), className="error"), None, [], None,
                *([empty, "", None, None] * 3), None, None)
    k = cached(metrics.key_figures, who.scope, filters)
    rows = cached(metrics.municipality_table, who.scope, filters)
    trend = cached(metrics.quarterly_trend, who.scope, filters)
    league = cached(metrics.reach_benchmark, who.scope, filters)
    kept = cached(metrics.volunteer_retention, who.scope, filters)
    completeness = cached(quarter_completeness, who.scope, filters)
    direction = cached(direction_rows, who.scope, filters)
    incomplete = frozenset(r["quarter"] for r in completeness if not r["complete"])
    trend = with_completeness(trend, completeness)
    own = {r["code"] for r in rows if r["own"]} if not who.scope.unrestricted else set()
    q = download_query(filters)
    return (
        search_string(filters),
        None if who.scope.unrestricted else protected_note(who.scope.threshold),
        incomplete_note(f"{PAGE}-incomplete-note", completeness),
        kpi_cards(k, kept, filters.date_from),
        direction_block(f"{PAGE}-yoy", direction, completeness,
                        f"/download/direction.csv{q}"),
        figures.municipality_map(rows, dash.get_asset_url(figures.MAP_FILE)),
        summaries.map_summary(rows),
        data_table(rows, MUNICIPALITY_COLUMNS[:6], t("overview.map_title"),
                   mark_own=not who.scope.unrestricted),
        f"/download/map.csv{q}",
        figures.trend_figure(trend, incomplete),
        summaries.trend_summary(direction),
        data_table(trend, TREND_COLUMNS, t("overview.trend_title")),
        f"/download/trend.csv{q}",
        figures.benchmark_figure(league, own),
        summaries.league_summary(league),
        data_table(league, BENCHMARK_COLUMNS, t("overview.league_title"),
                   mark_own=not who.scope.unrestricted),
        f"/download/benchmark.csv{q}",
        data_table(rows, MUNICIPALITY_COLUMNS, t("overview.table_caption"),
                   mark_own=not who.scope.unrestricted),
        f"/download/municipalities.csv{q}",
    )

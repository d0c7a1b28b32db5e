"""Kommune: a municipal manager's own municipality in full, compared with the national
figure and with comparable municipalities (the ten nearest in population, or the manager's
own choice, kept in the URL as `peers`). Printable for a council meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import dash
from dash import Input, Output, callback, dcc, html

from dashboard import figures, summaries
from dashboard import format as fmt
from dashboard.auth import viewer
from dashboard.components.blocks import chart_block, table_block
from dashboard.components.direction import (
    direction_block,
    group_share_cards,
    incomplete_note,
    retention_card,
)
from dashboard.components.filters import (
    describe,
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
from dashboard.components.panels import kpi, kpi_group
from dashboard.components.scope import outside_municipality, unknown
from dashboard.data import cached, db, rendered
from dashboard.downloads import direction_rows, single_facilitator_groups, with_completeness
from dashboard.i18n import t
from dashboard.inputs import text_or_none
from dashboard.tables import ACTIVITY_COLUMNS, BENCHMARK_COLUMNS, FUNNEL_COLUMNS, GROUP_COLUMNS
from queries import metrics
from queries.filters import FilterError, Filters
from queries.groups import GroupQuery, group_page
from queries.options import municipality_info
from queries.population import population_on
from queries.status import quarter_completeness

dash.register_page(__name__, path_template="/kommune/<code>", title="Kommune · Overblik",
                   name="Kommune", order=1)

PAGE = "municipality"
FIELDS = ("from", "to", "organisation", "method", "peers")
F = ids(PAGE)


def layout(code: str = "", **query: str) -> html.Div:
    """The frame; the municipality's name and figures arrive by callback (no DB work here)."""
    return html.Div(
        [
            location(PAGE, query),
            dcc.Store(id=f"{PAGE}-code", data=code),
            html.H1(t("municipality.title"), id=f"{PAGE}-title"),
            html.P(id=f"{PAGE}-lead", className="lead"),
            filter_bar(PAGE, query, FIELDS),
            html.P(id=f"{PAGE}-print", className="print-only"),
            html.Div(id=f"{PAGE}-content"),
        ]
    )


def _code_in(path: str) -> int | None:
    """The municipality of a /kommune/<code> path."""
    return _code(path.rstrip("/").rsplit("/", 1)[-1]) if path.startswith("/kommune/") else None


register_options(PAGE, FIELDS, present_in=_code_in)


def _code(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 4 else None


@callback(
    Output(f"{PAGE}-url", "search"),
    Output(f"{PAGE}-title", "children"),
    Output(f"{PAGE}-lead", "children"),
    Output(f"{PAGE}-print", "children"),
    Output(f"{PAGE}-content", "children"),
    value_outputs(PAGE, FIELDS),
    Input(f"{PAGE}-code", "data"),
    inputs(PAGE, FIELDS),
    url_input(PAGE),
)
@follows_url(PAGE, FIELDS, at=1)
@rendered
def update_municipality(raw_code: str, *values: object) -> tuple:
    """Check the scope first; only then run the municipality's queries."""
    who = viewer()
    session = db()
    code = _code(text_or_none(raw_code, f"{PAGE}-code.data"))
    info = municipality_info(session, code) if code is not None else None
    if info is None:
        return (dash.no_update, t("municipality.title"), None, None,
                unknown(t("scope.unknown_municipality", code=str(raw_code)[:10])))
    name = info["name"]  # one name in both languages, as in the charts, tables and CSVs
    title = t("municipality.heading", name=name)
    try:
        filters = to_filters(list(values[:-1]), FIELDS, {"municipality": str(code)})
    except FilterError as exc:
        return dash.no_update, title, None, None, html.P(error_text(exc), className="error")
    fixed = {"municipality": str(code)}
    if not who.scope.owns_municipality(code):
        period = {k: v for k, v in filters.to_query().items() if k in ("from", "to")}
        return (search_string(filters, fixed), title, None, None,
                outside_municipality(who, code, name, period))
    lead = _population_lead(session, info, filters)
    printed = t("print.made", date=dt.date.today().isoformat(),
                filters=describe(replace(filters, municipality=None), name))
    return search_string(filters, fixed), title, lead, printed, _content(who, filters, code)



def _population_lead(session: object, info: dict, f: Filters) -> str:
    """Region and population, saying which figure it is: an official one for the period shown
    (its source and date), or the approximate figure shipped with the program."""
    figure = population_on(session, info["code"], f.date_to)
    if figure["on_date"] is None:
        return t("municipality.lead", region=info["region"],
                 population=fmt.number(figure["population"]))
    return t("municipality.lead_official", region=info["region"],
             population=fmt.number(figure["population"]), date=figure["on_date"].isoformat(),
             source=figure["source"])


def _content(who: object, f: Filters, code: int) -> list:
    scope = who.scope  # type: ignore[attr-defined]
    mine = cached(metrics.key_figures, scope, f)
    national_f = replace(f, municipality=None)
    national = cached(metrics.comparison_rates, scope, national_f)
    trend = cached(metrics.quarterly_trend, scope, f)
    peers = cached(metrics.peer_benchmark, scope, f)
    own = next((r for r in peers if r["code"] == code), None)
    groups, _ = cached(group_page, scope, f, GroupQuery(page_size=200))
    risks = single_facilitator_groups(groups)
    kept = cached(metrics.volunteer_retention, scope, f)
    completeness = cached(quarter_completeness, scope, f)
    direction = cached(direction_rows, scope, f)
    incomplete = frozenset(r["quarter"] for r in completeness if not r["complete"])
    trend = with_completeness(trend, completeness)
    # Aftercare is counted per municipality, not per organisation or method: with either
    # filter set its figures are the whole municipality's, and the page says so (they read
    # as zeros and an empty chart before).
    whole = replace(f, organisation=None, method=None)
    narrowed = whole != f
    reach = cached(metrics.key_figures, scope, whole) if narrowed else mine
    funnel = (with_completeness(cached(metrics.quarterly_trend, scope, whole), completeness)
              if narrowed else trend)
    q = download_query(f)
    vs = lambda key: t("kpi.national", value=fmt.percent(national[key]))  # noqa: E731
    return [
        incomplete_note(f"{PAGE}-incomplete-note", completeness),
        html.Div(
            [
                kpi_group(t("q.coverage"), [
                    kpi(t("kpi.active_groups"), fmt.number(mine["active_groups"])),
                    kpi(t("kpi.meetings"), fmt.number(mine["meetings"])),
                    kpi(t("kpi.avg_attendance"), fmt.number(mine["avg_attendance"], 1),
                        t("kpi.national", value=fmt.number(national["avg_attendance"], 1))),
                    *group_share_cards(mine),
                ]),
                kpi_group(t("q.capacity"), [
                    kpi(t("kpi.volunteers"), fmt.number(mine["volunteers"])),
                    kpi(t("kpi.trained"), fmt.number(mine["trained"])),
                    kpi(t("kpi.single"), fmt.number(mine["single_facilitator_groups"])),
                    kpi(t("kpi.none"), fmt.number(mine["groups_without_facilitator"])),
                    retention_card(kept, f.date_from),
                ]),
                kpi_group(t("q.reach"), [
                    kpi(t("kpi.completed"), fmt.number(reach["completed"])),
                    kpi(t("kpi.reached"), fmt.percent(reach["reach_rate"]), vs("reach_rate")),
                    kpi(t("kpi.retained"), fmt.percent(reach["retention_rate"]),
                        vs("retention_rate")),
                    html.P(t("municipality.aftercare_whole"), className="kpi-note whole")
                    if narrowed else None,
                ]),
            ],
            className="kpis",
        ),
        direction_block(f"{PAGE}-yoy", direction, completeness,
                        f"/download/direction.csv{q}"),
        html.Div(
            [
                chart_block(f"{PAGE}-funnel", t("municipality.funnel_title"),
                            figures.funnel_figure(funnel, incomplete),
                            summaries.funnel_summary(reach), funnel,
                            FUNNEL_COLUMNS, f"/download/funnel.csv{download_query(whole)}",
                            t("municipality.aftercare_whole") if narrowed else None),
                chart_block(f"{PAGE}-benchmark", t("municipality.benchmark_title"),
                            figures.benchmark_figure(peers, {code}),
                            summaries.benchmark_summary(own), peers, BENCHMARK_COLUMNS,
                            f"/download/peers.csv{q}",
                            t("municipality.benchmark_note")),
            ],
            className="grid-2",
        ),
        chart_block(f"{PAGE}-activity", t("municipality.activity_title"),
                    figures.activity_figure(trend, incomplete), summaries.activity_summary(trend),
                    trend,
                    ACTIVITY_COLUMNS, f"/download/activity.csv{q}", wide=True),
        table_block(f"{PAGE}-risks", t("municipality.risks_title"), risks, GROUP_COLUMNS,
                    f"/download/risks.csv{q}", t("municipality.risks_intro")),
        table_block(f"{PAGE}-groups", t("municipality.groups_title"), groups, GROUP_COLUMNS,
                    f"/download/groups.csv{q}"),
    ]

"""Organisation: an NGO coordinator's groups in every municipality, volunteers, the training
pipeline and hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import dash
from dash import Input, Output, callback, dcc, html

from dashboard import figures, summaries
from dashboard import format as fmt
from dashboard.auth import viewer
from dashboard.components.blocks import chart_block, table_block
from dashboard.components.direction import group_share_cards, incomplete_note, retention_card
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
from dashboard.components.scope import outside_organisation, unknown
from dashboard.data import cached, db, rendered
from dashboard.downloads import active_rows, single_facilitator_groups, with_completeness
from dashboard.i18n import t
from dashboard.inputs import text_or_none
from dashboard.tables import ACTIVITY_COLUMNS, GROUP_COLUMNS, VOLUNTEER_COLUMNS
from queries import metrics
from queries.filters import FilterError, Filters
from queries.groups import GroupQuery, group_page
from queries.options import organisation_info
from queries.status import quarter_completeness

dash.register_page(__name__, path_template="/organisation/<slug>",
                   title="Organisation · Overblik", name="Organisation", order=2)

PAGE = "organisation"
FIELDS = ("from", "to", "region", "municipality", "method")
F = ids(PAGE)


def layout(slug: str = "", **query: str) -> html.Div:
    """The frame; the organisation's name and figures arrive by callback (no DB work here)."""
    return html.Div(
        [
            location(PAGE, query),
            dcc.Store(id=f"{PAGE}-slug", data=slug),
            html.H1(t("organisation.title"), id=f"{PAGE}-title"),
            filter_bar(PAGE, query, FIELDS),
            html.P(id=f"{PAGE}-print", className="print-only"),
            html.Div(id=f"{PAGE}-content"),
        ]
    )


register_options(PAGE, FIELDS)


def may_see(who: object, organisation_id: int) -> bool:
    """National managers and the organisation's own coordinators."""
    scope = who.scope  # type: ignore[attr-defined]
    return scope.unrestricted or (scope.role == "ngo" and scope.organisation_id == organisation_id)


@callback(
    Output(f"{PAGE}-url", "search"),
    Output(f"{PAGE}-title", "children"),
    Output(f"{PAGE}-print", "children"),
    Output(f"{PAGE}-content", "children"),
    value_outputs(PAGE, FIELDS),
    Input(f"{PAGE}-slug", "data"),
    inputs(PAGE, FIELDS),
    url_input(PAGE),
)
@follows_url(PAGE, FIELDS, at=1)
@rendered
def update_organisation(slug: str, *values: object) -> tuple:
    """Check the scope first; only then run the organisation's queries."""
    who = viewer()
    info = organisation_info(db(), (text_or_none(slug, f"{PAGE}-slug.data") or "")[:60])
    if info is None:
        return (dash.no_update, t("organisation.title"), None,
                unknown(t("scope.unknown_organisation", slug=str(slug)[:60])))
    fixed = {"organisation": info["slug"]}
    title = info["name"]
    try:
        filters = to_filters(list(values[:-1]), FIELDS, fixed)
    except FilterError as exc:
        return dash.no_update, title, None, html.P(error_text(exc), className="error")
    if not may_see(who, info["id"]):
        period = {k: v for k, v in filters.to_query().items() if k in ("from", "to")}
        return (search_string(filters, fixed), title, None,
                outside_organisation(who, info["slug"], info["name"], period))
    printed = t("print.made", date=dt.date.today().isoformat(),
                filters=describe(replace(filters, organisation=None), info["name"]))
    return search_string(filters, fixed), title, printed, _content(who, filters)



def _content(who: object, f: Filters) -> list:
    scope = who.scope  # type: ignore[attr-defined]
    k = cached(metrics.key_figures, scope, f)
    trend = cached(metrics.quarterly_trend, scope, f)
    places = active_rows(cached(metrics.municipality_table, scope, f))
    groups, _ = cached(group_page, scope, f, GroupQuery(page_size=200))
    risks = single_facilitator_groups(groups)
    kept = cached(metrics.volunteer_retention, scope, f)
    completeness = cached(quarter_completeness, scope, f)
    incomplete = frozenset(r["quarter"] for r in completeness if not r["complete"])
    trend = with_completeness(trend, completeness)
    q = download_query(f)
    return [
        incomplete_note(f"{PAGE}-incomplete-note", completeness),
        html.Div(
            [
                kpi_group(t("q.coverage"), [
                    kpi(t("kpi.active_groups"), fmt.number(k["active_groups"])),
                    kpi(t("organisation.municipalities"), fmt.number(
                        sum(1 for r in places if r["active_groups"]))),
                    kpi(t("kpi.meetings"), fmt.number(k["meetings"])),
                    kpi(t("kpi.avg_attendance"), fmt.number(k["avg_attendance"], 1)),
                    *group_share_cards(k),
                ]),
                kpi_group(t("q.capacity"), [
                    kpi(t("kpi.volunteers"), fmt.number(k["volunteers"])),
                    kpi(t("kpi.trained"), fmt.number(k["trained"])),
                    kpi(t("kpi.pipeline"), fmt.number(k["pipeline"])),
                    kpi(t("kpi.single"), fmt.number(k["single_facilitator_groups"])),
                    kpi(t("kpi.none"), fmt.number(k["groups_without_facilitator"])),
                    kpi(t("kpi.hours"), fmt.number(k["volunteer_hours"])),
                    retention_card(kept, f.date_from),
                ]),
            ],
            className="kpis",
        ),
        chart_block(f"{PAGE}-activity", t("municipality.activity_title"),
                    figures.activity_figure(trend, incomplete), summaries.activity_summary(trend),
                    trend,
                    ACTIVITY_COLUMNS, f"/download/activity.csv{q}", wide=True),
        table_block(f"{PAGE}-volunteers", t("organisation.volunteers_title"), places,
                    VOLUNTEER_COLUMNS, f"/download/volunteers.csv{q}",
                    t("organisation.volunteers_intro")),
        table_block(f"{PAGE}-risks", t("municipality.risks_title"), risks, GROUP_COLUMNS,
                    f"/download/risks.csv{q}", t("municipality.risks_intro")),
        table_block(f"{PAGE}-groups", t("organisation.groups_title"), groups, GROUP_COLUMNS,
                    f"/download/groups.csv{q}"),
    ]

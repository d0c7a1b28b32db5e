"""Gruppe: one self-help group's meetings against its weekly schedule, attendance and
facilitators per quarter; in full only for a group in the viewer's scope."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from dashboard import figures
from dashboard import format as fmt
from dashboard.auth import viewer
from dashboard.components.blocks import chart_block
from dashboard.components.filters import (
    error_text,
    filter_bar,
    follows_url,
    inputs,
    location,
    register_presets,
    search_string,
    to_filters,
    url_input,
    value_outputs,
)
from dashboard.components.panels import kpi, kpi_group, notice
from dashboard.components.scope import unknown
from dashboard.data import cached, rendered
from dashboard.i18n import t
from dashboard.inputs import text_or_none
from dashboard.tables import GROUP_PUBLIC_COLUMNS, GROUP_QUARTER_COLUMNS
from queries.filters import FilterError, Filters
from queries.groups import group_detail

dash.register_page(__name__, path_template="/gruppe/<ref>", title="Gruppe · Overblik",
                   name="Gruppe", order=4)

PAGE = "group"
FIELDS = ("from", "to")
register_presets(PAGE)


def layout(ref: str = "", **query: str) -> html.Div:
    """The frame; the group and its figures arrive by callback (no DB work here)."""
    return html.Div(
        [
            location(PAGE, query),
            dcc.Store(id=f"{PAGE}-ref", data=ref),
            html.H1(t("group.title"), id=f"{PAGE}-title"),
            html.P(id=f"{PAGE}-lead", className="lead"),
            filter_bar(PAGE, query, FIELDS),
            html.Div(id=f"{PAGE}-content"),
        ]
    )


def label(g: dict) -> str:
    """A group's name told apart from others of the same name: municipality, weekday, time."""
    return t("group.label", name=g["name"], municipality=g["municipality"],
             weekday=t(f"weekday.{g['weekday']}"), time=g["start_time"])


@callback(
    Output(f"{PAGE}-url", "search"),
    Output(f"{PAGE}-title", "children"),
    Output(f"{PAGE}-lead", "children"),
    Output(f"{PAGE}-content", "children"),
    value_outputs(PAGE, FIELDS),
    Input(f"{PAGE}-ref", "data"),
    inputs(PAGE, FIELDS),
    url_input(PAGE),
)
@follows_url(PAGE, FIELDS, at=1)
@rendered
def update_group(raw_ref: str, *values: object) -> tuple:
    """Read the group with the viewer's scope: the query layer leaves out counts of people
    for a group outside it, whatever this callback is sent."""
    who = viewer()
    ref = (text_or_none(raw_ref, f"{PAGE}-ref.data") or "")[:40]
    try:
        filters = to_filters(list(values[:-1]), FIELDS)
    except FilterError as exc:
        return dash.no_update, t("group.title"), None, html.P(error_text(exc), className="error")
    g = cached(group_detail, who.scope, filters, ref) if ref else None
    if g is None:
        return (search_string(filters), t("group.title"), None,
                unknown(t("group.unknown", ref=ref or "–")))
    return search_string(filters), label(g), _facts(g), _content(g, filters)


def _facts(g: dict) -> list:
    end = t("group.until", date=g["end_date"].isoformat()) if g["end_date"] else ""
    text = t("group.facts", method=t(f"method.{g['method']}"), organisation=g["organisation"],
             municipality=g["municipality"], weekday=t(f"weekday.{g['weekday']}"),
             time=g["start_time"], online=t("group.online") if g["online"] else "",
             ref=g["ref"], start=g["start_date"].isoformat(), end=end)
    return [text, " ",
            dcc.Link(t("group.see_municipality"), href=f"/kommune/{g['municipality_code']}"),
            " · ",
            dcc.Link(t("group.see_organisation"), href=f"/organisation/{g['organisation_slug']}"),
            " · ", dcc.Link(t("group.all_groups"), href="/grupper")]


def _content(g: dict, f: Filters) -> list:
    own = g["own"]
    summary = t("group.summary", meetings=fmt.number(g["meetings"]),
                scheduled=fmt.number(g["scheduled"]), regularity=fmt.percent(g["regularity"]))
    coverage = kpi_group(t("group.coverage"), [
        kpi(t("group.meetings"), fmt.number(g["meetings"])),
        kpi(t("group.scheduled"), fmt.number(g["scheduled"])),
        kpi(t("group.regularity"), fmt.percent(g["regularity"])),
    ])
    parts: list = []
    if not own:
        parts.append(notice(t("scope.outside_title"), t("group.outside"),
                            [(t("group.all_groups"), "/grupper" + search_string(f))]))
    people = [kpi_group(t("group.people"), [
        kpi(t("group.avg_attendance"), fmt.number(g["avg_attendance"], 1)),
        kpi(t("group.newcomers"), fmt.number(g["newcomers"])),
        kpi(t("group.facilitators"), fmt.number(g["facilitators"]),
            t("group.trained") + " " + fmt.number(g["trained_facilitators"])),
    ])] if own else []
    parts.append(html.Div([coverage, *people], className="kpis", id=f"{PAGE}-kpis"))
    parts.append(chart_block(
        f"{PAGE}-quarters", t("group.chart_title" if own else "group.chart_title_public"),
        figures.group_figure(g["quarters"]), summary, g["quarters"],
        GROUP_QUARTER_COLUMNS if own else GROUP_PUBLIC_COLUMNS,
        None, t("group.facilitator_note") if own else None,
        wide=True))
    if g["namesakes"]:
        links: list = []
        for other in g["namesakes"]:
            links += [", " if links else "",
                      dcc.Link(label({**g, **other}), href=f"/gruppe/{other['ref']}")]
        parts.append(html.P([t("group.same_name", others="").rstrip(": ."), ": ", *links, "."],
                            id=f"{PAGE}-namesakes"))
    return parts

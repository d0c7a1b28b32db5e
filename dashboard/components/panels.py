"""Page building blocks: key figures, a chart with its summary, table and download, notices."""

from __future__ import annotations

from dash import dcc, html

from dashboard.definitions import QUESTION_ANCHORS, href, panel_anchor
from dashboard.i18n import catalogue, current_lang, t

# The base map is hidden; an empty local topology keeps Plotly from fetching one from its CDN.
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True, "topojsonURL": "/assets/topojson/"}


def table_wrap(label: str, children: object = None, **kwargs: object) -> html.Div:
    """A horizontally scrollable table holder that keyboard users can scroll too (WCAG 2.1.1):
    focusable, and named for screen readers."""
    return html.Div(children, className="table-wrap", tabIndex="0", role="region",
                    **{"aria-label": label}, **kwargs)


def kpi(label: str, value: str, note: str = "") -> html.Div:
    return html.Div(
        [html.Div(value, className="kpi-value"), html.Div(label, className="kpi-label"),
         html.Div(note, className="kpi-note") if note else None],
        className="kpi",
    )


def definition_link(anchor: str | None, title: str) -> html.A | None:
    """A small link to where a card or chart is defined (the definitions page's anchor)."""
    if anchor is None:
        return None
    return html.A(t("definitions.link"), href=href(anchor), className="definition-link",
                  **{"aria-label": t("definitions.link_label", title=title)})


def _question_anchor(title: str) -> str | None:
    """The definition of a key-figure group, known by its title (one of the three questions)."""
    lang = 1 if current_lang() == "en" else 0
    return next((anchor for key, anchor in QUESTION_ANCHORS.items()
                 if catalogue()[key][lang] == title), None)


def kpi_group(title: str, items: list[html.Div]) -> html.Div:
    return html.Div([html.H3(title), definition_link(_question_anchor(title), title), *items],
                    className="kpi-group")


def chart_panel(pid: str, title: str, note: str | None = None, wide: bool = False
                ) -> html.Section:
    """A titled chart, its text summary, the table behind it (folded) and its CSV link.

    The ids are `{pid}-graph`, `{pid}-summary`, `{pid}-table` and `{pid}-download`.
    """
    return html.Section(
        [
            html.H2(title, id=f"{pid}-title"),
            definition_link(panel_anchor(pid), title),
            html.Div(dcc.Graph(id=f"{pid}-graph", config=GRAPH_CONFIG),
                     role="img", **{"aria-label": title, "aria-describedby": f"{pid}-summary"}),
            html.P(id=f"{pid}-summary", className="summary"),
            html.P(note, className="source") if note else None,
            html.Details([html.Summary(t("note.chart_table")),
                          table_wrap(title, id=f"{pid}-table")]),
            html.A(t("download.chart"), id=f"{pid}-download", className="download"),
        ],
        className="panel wide" if wide else "panel",
        **{"aria-labelledby": f"{pid}-title"},
    )


def table_panel(pid: str, title: str, intro: str | None = None) -> html.Section:
    """A titled table with its CSV link: ids `{pid}-table` and `{pid}-download`."""
    return html.Section(
        [
            html.H2(title, id=f"{pid}-title"),
            definition_link(panel_anchor(pid), title),
            html.P(intro, className="lead-small") if intro else None,
            html.A(t("download.table"), id=f"{pid}-download", className="download"),
            table_wrap(title, id=f"{pid}-table"),
        ],
        className="panel wide",
        **{"aria-labelledby": f"{pid}-title"},
    )


def notice(title: str, text: str, links: list[tuple[str, str]]) -> html.Div:
    """A clear message in place of a page's data (e.g. a URL outside the viewer's scope)."""
    return html.Div(
        [html.H2(title), html.P(text),
         html.Ul([html.Li(html.A(label, href=href)) for label, href in links])],
        className="notice", role="alert",
    )


def protected_note(threshold: int) -> html.P:
    return html.P(t("note.protected", threshold=threshold, below=threshold - 1), className="note")

"""Definitioner: docs/metrics.md as a page with an anchor per section, the target of the
"Definition" link on every card and chart."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.definitions import PAGE_PATH, sections
from dashboard.i18n import t

dash.register_page(__name__, path=PAGE_PATH, title="Definitioner · Overblik",
                   name="Definitioner", order=9)


def layout(**_query: str) -> html.Div:
    """Static text from the file; no database work."""
    parts = sections()
    toc = html.Nav(html.Ul([html.Li(html.A(heading, href=f"#{anchor}"))
                            for anchor, heading, _ in parts if heading]),
                   **{"aria-label": t("definitions.contents")})
    return html.Div(
        [
            html.H1(t("definitions.title")),
            html.P(t("definitions.lead"), className="lead"),
            toc,
            html.Section(dcc.Markdown(parts[0][2]), id=parts[0][0], className="panel wide"),
            *[html.Section([html.H2(heading), dcc.Markdown(body, className="definition")],
                           id=anchor, className="panel wide definition-section",
                           tabIndex="-1")
              for anchor, heading, body in parts[1:]],
        ]
    )

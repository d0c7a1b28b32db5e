"""Tilgængelighedserklæring: the accessibility statement Danish public web solutions publish."""

from __future__ import annotations

import dash
from dash import html

from dashboard.i18n import t
from dashboard.statement import PUBLIC_PATH, SECTIONS, UPDATED

dash.register_page(__name__, path="/tilgaengelighed", title="Tilgængelighed · Overblik",
                   name="Tilgængelighed", order=9)



def layout(**_query: str) -> html.Div:
    """Static text; no database work. The same text is public at statement.PUBLIC_PATH."""
    sections = [
        html.Section([html.H2(t(heading)),
                      html.Ul([html.Li(t(k)) for k in texts]) if listed
                      else html.Div([html.P(t(k)) for k in texts])],
                     className="panel wide")
        for heading, texts, listed in SECTIONS
    ]
    return html.Div(
        [
            html.H1(t("a11y.title")),
            html.P(t("a11y.intro"), className="lead"),
            *sections,
            html.P([t("a11y.updated", date=UPDATED), " ",
                    html.A(t("a11y.public"), href=PUBLIC_PATH)], className="source"),
        ]
    )

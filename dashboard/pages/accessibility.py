"""Tilgængelighedserklæring: the accessibility statement Danish public web solutions publish."""

from __future__ import annotations

import dash
from dash import html

from dashboard.i18n import t

dash.register_page(__name__, path="/tilgaengelighed", title="Tilgængelighed · Overblik",
                   name="Tilgængelighed", order=9)

UPDATED = "2026-11-22"


def layout(**_query: str) -> html.Div:
    """Static text; no database work."""
    return html.Div(
        [
            html.H1(t("a11y.title")),
            html.P(t("a11y.intro"), className="lead"),
            html.Section([html.H2(t("a11y.status_title")), html.P(t("a11y.status"))],
                         className="panel wide"),
            html.Section([html.H2(t("a11y.done_title")),
                          html.Ul([html.Li(t(f"a11y.done{i}")) for i in (1, 2, 3, 4, 5, 6)])],
                         className="panel wide"),
            html.Section([html.H2(t("a11y.limits_title")),
                          html.Ul([html.Li(t(f"a11y.limit{i}")) for i in (1, 2, 3)])],
                         className="panel wide"),
            html.Section([html.H2(t("a11y.contact_title")), html.P(t("a11y.contact")),
                          html.P(t("a11y.complaint"))],
                         className="panel wide"),
            html.P(t("a11y.updated", date=UPDATED), className="source"),
        ]
    )

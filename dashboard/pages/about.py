"""Om Overblik: what the figures are, where they come from, and the disclosure rule."""

from __future__ import annotations

import dash
from dash import html

from dashboard.definitions import PAGE_PATH
from dashboard.i18n import t

dash.register_page(__name__, path="/om", title="Om · Overblik", name="Om", order=8)


def layout(**_query: str) -> html.Div:
    """Static text; no database work."""
    return html.Div(
        [
            html.H1(t("about.title")),
            html.P(t("about.intro"), className="lead"),
            html.Section([html.H2(t("about.questions_title")),
                          html.Ul([html.Li(t(f"about.q{i}")) for i in (1, 2, 3)])],
                         className="panel wide"),
            html.Section([html.H2(t("about.sources_title")),
                          html.Ul([html.Li(t(f"about.source{i}")) for i in (1, 2, 3, 4)])],
                         className="panel wide"),
            html.Section([html.H2(t("about.privacy_title")), html.P(t("about.privacy")),
                          html.P(t("about.disclosure")), html.P(t("about.cells"))],
                         className="panel wide"),
            html.Section([html.H2(t("about.metrics_title")), html.P(t("about.metrics")),
                          html.P(html.A(t("definitions.title"), href=PAGE_PATH))],
                         className="panel wide"),
            html.P(html.A(t("a11y.link"), href="/tilgaengelighed")),
        ]
    )

"""Dataformater: docs/data-formats.md inside the app, so a sender reads how a file must look
where they upload it (a repository path means nothing to them), with a template per kind."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.i18n import t
from dashboard.imports import FORMATS_DOC, template_links

dash.register_page(__name__, path="/om/formater", title="Dataformater · Overblik",
                   name="Dataformater", order=9)


def layout(**_query: str) -> html.Div:
    """Static text read from the checkout; no database work."""
    text = FORMATS_DOC.read_text(encoding="utf-8") if FORMATS_DOC.is_file() else None
    if text and text.startswith("# "):
        text = text.split("\n", 1)[1]  # the page has its own title (one h1 per page)
    return html.Div(
        [
            html.H1(t("formats.title")),
            html.P(t("formats.lead"), className="lead"),
            html.Section([html.H2(t("formats.templates")), template_links()],
                         className="panel wide"),
            html.Section(dcc.Markdown(text, className="markdown") if text
                         else html.P(t("formats.missing"), className="error"),
                         className="panel wide", lang="en"),
        ]
    )


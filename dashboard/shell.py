"""The frame around every page: header, navigation, who is logged in, and the page."""

from __future__ import annotations

import dash
from dash import dcc, html
from flask import has_request_context
from flask_login import current_user

ROLE_NAMES = {
    "national": "national leder",
    "municipal": "kommunal leder",
    "ngo": "koordinator",
    "admin": "administrator",
}


def _who() -> html.Span:
    """Display only: the server-side guard, not this, protects the data."""
    if not has_request_context() or not current_user.is_authenticated:
        return html.Span()
    return html.Span(
        [
            html.Span(f"{current_user.username} ({ROLE_NAMES.get(current_user.role, '')})"),
            html.A("Log ud", href="/logout", className="logout"),
        ],
        className="who",
    )


def shell_layout() -> html.Div:
    return html.Div(
        [
            html.A("Spring til indhold", href="#main", className="skip-link"),
            html.Header(
                [
                    html.A("Overblik", href="/", className="brand"),
                    html.Nav(
                        [dcc.Link("Oversigt", href="/")],
                        className="nav",
                        **{"aria-label": "Hovedmenu"},
                    ),
                    _who(),
                ],
                className="topbar",
            ),
            html.Main(dash.page_container, id="main", tabIndex="-1"),
            html.Footer(
                [
                    "Overblik · Data: partnernes indberetninger (demodata). Befolkningstal er "
                    "omtrentlige (1. januar 2024). Tal under 5 for andre end ens eget område "
                    "vises som «<5»."
                ],
                className="footer",
            ),
        ]
    )

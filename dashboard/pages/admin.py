"""Administration: the accounts and the audit log. Administrators only, checked on the server
in the callback (the page frame itself holds no data)."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from dashboard.auth import viewer
from dashboard.components.panels import notice, table_wrap
from dashboard.components.tables import data_table
from dashboard.data import db
from dashboard.i18n import t
from dashboard.tables import columns
from queries import audit
from queries.users import list_users

dash.register_page(__name__, path="/admin", title="Administration · Overblik",
                   name="Administration", order=7)

PAGE = "admin"
USER_COLUMNS = columns("username:text", "role:role", "scope:text", "active:bool",
                       "is_demo:bool", "created_at:date")
AUDIT_COLUMNS = columns("at:date", "username:text", "action:text", "address:text",
                        "detail:text")


def layout(**_query: str) -> html.Div:
    return html.Div([dcc.Location(id=f"{PAGE}-url", refresh=False), html.H1(t("admin.title")),
                     html.Div(id=f"{PAGE}-content")])


@callback(Output(f"{PAGE}-content", "children"), Input(f"{PAGE}-url", "pathname"))
def update_admin(_path: str) -> object:
    if viewer().role != "admin":
        return notice(t("scope.outside_title"), t("admin.only"), [(t("nav.overview"), "/")])
    session = db()
    return [
        html.Section([html.H2(t("admin.users")),
                      table_wrap(t("admin.users"),
                                 data_table(list_users(session), USER_COLUMNS, t("admin.users"),
                                            mark_own=False))], className="panel wide"),
        html.Section([html.H2(t("admin.audit")),
                      table_wrap(t("admin.audit"),
                                 data_table(audit.recent(session, 200), AUDIT_COLUMNS,
                                            t("admin.audit"), mark_own=False))],
                     className="panel wide"),
    ]

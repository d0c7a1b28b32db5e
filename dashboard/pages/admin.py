"""Administration: organisations, partnerships, users and the audit log. Administrators only:
every callback checks the role on the server (the page frame itself holds no data), and
every change goes through the query layer, which writes it to the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io

import dash
from dash import Input, Output, State, callback, ctx, dcc, html

from dashboard.auth import viewer
from dashboard.components.dropdown import dropdown
from dashboard.components.panels import notice, table_wrap
from dashboard.components.tables import data_table
from dashboard.data import db
from dashboard.i18n import t
from dashboard.inputs import codes_or_refuse
from dashboard.tables import columns
from queries import audit, partners
from queries.partners import PartnerError
from queries.users import (
    UserError,
    add_user,
    change_scope,
    disable_user,
    enable_user,
    find_user,
    list_users,
    reset_password,
)

dash.register_page(__name__, path="/admin", title="Administration · Overblik",
                   name="Administration", order=7)

PAGE = "admin"
ORG_COLUMNS = columns("slug:text", "org_name:text", "email:text", "partner_municipalities:text")
PARTNERSHIP_COLUMNS = columns("organisation_name:text", "municipality_name:text",
                              "start_date:date", "end_date:date")
USER_COLUMNS = columns("username:text", "role:role", "scope:text", "active:bool",
                       "is_demo:bool", "created_at:date")
AUDIT_COLUMNS = columns("at:date", "username:text", "action:text", "address:text",
                        "detail:text")
ROLES = ("national", "municipal", "ngo", "admin")
# Every action button of the page, and the message area it answers in.
ACTIONS = ("org-add", "org-rename", "partnership-add", "partnership-end", "user-add",
           "user-disable", "user-enable", "user-reset", "user-scope")


def _id(name: str) -> str:
    return f"{PAGE}-{name}"


def _field(label_key: str, component: object) -> html.Div:
    return html.Div([html.Label(t(label_key), htmlFor=component.id), component],
                    className="field")


def _text(name: str, kind: str = "text") -> dcc.Input:
    return dcc.Input(id=_id(name), type=kind, debounce=False, value="")


def _dropdown(name: str, multi: bool = False) -> dcc.Dropdown:
    return dropdown(id=_id(name), multi=multi, options=[])


def _button(action: str) -> html.Button:
    return html.Button(t(f"adm.{action}"), id=_id(action), className="button")


def layout(**_query: str) -> html.Div:
    return html.Div([
        dcc.Location(id=_id("url"), refresh=False),
        html.H1(t("admin.title")),
        html.Div(id=_id("denied")),
        html.Div(id=_id("body"), hidden=True, children=[
            html.Div(id=_id("message"), role="status", **{"aria-live": "polite"}),
            html.Section([
                html.H2(t("adm.organisations")),
                html.Div(id=_id("org-table")),
                html.Div([_field("adm.slug", _text("org-slug")),
                          _field("adm.name", _text("org-name")),
                          _field("adm.email", _text("org-email", "email")),
                          _button("org-add")], className="form-row"),
                html.Div([_field("adm.organisation", _dropdown("org-choice")),
                          _field("adm.new_name", _text("org-new-name")),
                          _button("org-rename")], className="form-row"),
            ], className="panel wide"),
            html.Section([
                html.H2(t("adm.partnerships")),
                html.Div(id=_id("partnership-table")),
                html.Div([_field("adm.organisation", _dropdown("p-org")),
                          _field("adm.municipality", _dropdown("p-municipality")),
                          _field("adm.from", _text("p-from", "date")),
                          _field("adm.to", _text("p-to", "date")),
                          _button("partnership-add"), _button("partnership-end")],
                         className="form-row"),
            ], className="panel wide"),
            html.Section([
                html.H2(t("admin.users")),
                html.Div(id=_id("user-table")),
                html.Div([_field("adm.username", _text("u-name")),
                          _field("adm.role", dropdown(
                              id=_id("u-role"), value="municipal",
                              options=[{"label": t(f"role.{r}"), "value": r} for r in ROLES])),
                          _field("adm.organisation", _dropdown("u-org")),
                          _field("adm.municipalities", _dropdown("u-municipalities", True)),
                          _field("adm.password", _text("u-password", "password"))],
                         className="form-row"),
                html.P(t("adm.user_help"), className="note"),
                html.Div([_button("user-add"), _button("user-scope"), _button("user-reset"),
                          _button("user-disable"), _button("user-enable")],
                         className="form-row"),
            ], className="panel wide"),
            html.Section([
                html.H2(t("admin.audit")),
                html.Div([_field("adm.user", _dropdown("a-user")),
                          _field("adm.action", _dropdown("a-action")),
                          _field("adm.from", _text("a-from", "date")),
                          _field("adm.to", _text("a-to", "date")),
                          html.Button(t("adm.download"), id=_id("a-download"),
                                      className="button")], className="form-row"),
                dcc.Download(id=_id("a-file")),
                html.Div(id=_id("audit-table")),
            ], className="panel wide"),
        ]),
    ])


def _is_admin() -> bool:
    return viewer().role == "admin"


def _scope_in_words(user: dict) -> str:
    """By name, in the page's language: "Frise i Aarhus", "København, Frederiksberg"."""
    if user["organisation_name"] and user["municipality_names"]:
        return t("adm.scope_in", organisation=user["organisation_name"],
                 municipalities=user["municipality_names"])
    return user["organisation_name"] or user["municipality_names"] or t("adm.scope_all")


def _municipality_names(session: object) -> dict[int, str]:
    return dict(partners.municipality_choices(session))


@callback(
    Output(_id("denied"), "children"),
    Output(_id("body"), "hidden"),
    Output(_id("org-table"), "children"),
    Output(_id("partnership-table"), "children"),
    Output(_id("user-table"), "children"),
    Output(_id("org-choice"), "options"),
    Output(_id("p-org"), "options"),
    Output(_id("u-org"), "options"),
    Output(_id("p-municipality"), "options"),
    Output(_id("u-municipalities"), "options"),
    Output(_id("a-user"), "options"),
    Output(_id("a-action"), "options"),
    Input(_id("url"), "pathname"),
    Input(_id("message"), "children"),
)
def update_admin(_path: str, _message: object) -> tuple:
    """The tables and choices, by name; drawn again after every change."""
    if not _is_admin():
        denied = notice(t("scope.outside_title"), t("admin.only"), [(t("nav.overview"), "/")])
        return (denied, True, *([None] * 3), *([[]] * 7))
    session = db()
    orgs = partners.list_organisations(session)
    org_rows = [{**o, "org_name": o["name"], "partner_municipalities": o["municipalities"]}
                for o in orgs]
    org_options = [{"label": o["name"], "value": o["slug"]} for o in orgs]
    muns = [{"label": name, "value": code}
            for code, name in partners.municipality_choices(session)]
    users = [{**u, "scope": _scope_in_words(u)} for u in list_users(session)]
    return (
        None, False,
        table_wrap(t("adm.organisations"), data_table(org_rows, ORG_COLUMNS,
                                                      t("adm.organisations"), mark_own=False)),
        table_wrap(t("adm.partnerships"), data_table(partners.list_partnerships(session),
                                                     PARTNERSHIP_COLUMNS,
                                                     t("adm.partnerships"), mark_own=False)),
        table_wrap(t("admin.users"), data_table(users, USER_COLUMNS, t("admin.users"),
                                                mark_own=False)),
        org_options, org_options, org_options, muns, muns,
        [{"label": u, "value": u} for u in audit.usernames(session)],
        [{"label": a, "value": a} for a in audit.actions(session)],
    )


def _date(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise PartnerError(t("adm.bad_date", value=str(value)[:20])) from exc


@callback(
    Output(_id("message"), "children"),
    *[Input(_id(a), "n_clicks") for a in ACTIONS],
    State(_id("org-slug"), "value"), State(_id("org-name"), "value"),
    State(_id("org-email"), "value"), State(_id("org-choice"), "value"),
    State(_id("org-new-name"), "value"), State(_id("p-org"), "value"),
    State(_id("p-municipality"), "value"), State(_id("p-from"), "value"),
    State(_id("p-to"), "value"), State(_id("u-name"), "value"), State(_id("u-role"), "value"),
    State(_id("u-org"), "value"), State(_id("u-municipalities"), "value"),
    State(_id("u-password"), "value"),
    prevent_initial_call=True,
)
def act(*args: object) -> html.P:
    """Do what the pressed button says, as the logged-in administrator; the role is checked
    here on the server, whatever the browser sent."""
    if not _is_admin():
        return html.P(t("admin.only"), className="error")
    (slug, name, email, org_choice, new_name, p_org, p_mun, p_from, p_to, u_name, u_role,
     u_org, u_muns, u_password) = args[len(ACTIONS):]
    action = str(ctx.triggered_id or "").removeprefix(f"{PAGE}-")
    actor = viewer().username
    session = db()
    try:
        done = _do(session, action, actor, slug=str(slug or "").strip(), name=str(name or ""),
                   email=email, org_choice=org_choice, new_name=str(new_name or ""),
                   p_org=p_org, p_mun=p_mun, p_from=p_from, p_to=p_to,
                   u_name=str(u_name or "").strip(), u_role=u_role, u_org=u_org,
                   u_muns=codes_or_refuse(u_muns, f"{PAGE}-u-municipalities.value"),
                   u_password=str(u_password or ""))
    except (PartnerError, UserError) as exc:
        session.rollback()
        return html.P(str(exc), className="error")
    session.commit()
    return html.P(done, className="ok")


def _do(session: object, action: str, actor: str, **v: object) -> str:
    if action == "org-add":
        org = partners.add_organisation(session, v["slug"], v["name"], email=v["email"],
                                        actor=actor)
        return t("adm.org_added", name=org.name)
    if action == "org-rename":
        if not v["org_choice"]:
            raise PartnerError(t("adm.choose_organisation"))
        org = partners.rename_organisation(session, v["org_choice"], v["new_name"], actor=actor)
        return t("adm.org_renamed", name=org.name)
    if action in ("partnership-add", "partnership-end"):
        if not v["p_org"] or v["p_mun"] is None:
            raise PartnerError(t("adm.choose_partners"))
        org, code = str(v["p_org"]), int(v["p_mun"])
        mun = _municipality_names(session).get(code, str(code))
        if action == "partnership-add":
            start = _date(v["p_from"])
            if start is None:
                raise PartnerError(t("adm.from_needed"))
            partners.add_partnership(session, org, code, start, _date(v["p_to"]), actor=actor)
            return t("adm.partnership_added", organisation=org, municipality=mun)
        end = _date(v["p_to"]) or dt.date.today()
        partners.end_partnership(session, org, code, end, actor=actor)
        return t("adm.partnership_ended", organisation=org, municipality=mun,
                 date=end.isoformat())
    if not v["u_name"]:
        raise UserError(t("adm.username_needed"))
    if action == "user-add":
        user = add_user(session, v["u_name"], v["u_password"], str(v["u_role"] or ""),
                        municipalities=v["u_muns"], organisation=v["u_org"])
        audit.record(session, actor, "user_add", user=user.username, role=user.role,
                     organisation=v["u_org"], municipalities=v["u_muns"])
        return t("adm.user_added", user=user.username)
    user = find_user(session, v["u_name"])
    if action == "user-disable":
        disable_user(session, user)
    elif action == "user-enable":
        enable_user(session, user)
    elif action == "user-reset":
        reset_password(session, user, v["u_password"])
    elif action == "user-scope":
        change_scope(session, user, str(v["u_role"] or ""), municipalities=v["u_muns"],
                     organisation=v["u_org"])
    audit.record(session, actor, f"user_{action.removeprefix('user-')}", user=user.username,
                 **({"role": user.role, "organisation": v["u_org"],
                     "municipalities": v["u_muns"]} if action == "user-scope" else {}))
    return t(f"adm.{action}_done", user=user.username)


def _audit_rows(user: object, action: object, date_from: object, date_to: object
                ) -> list[dict]:
    try:
        first, last = _date(date_from), _date(date_to)
    except PartnerError:
        first = last = None
    return audit.search(db(), username=str(user) if user else None,
                        action=str(action) if action else None, date_from=first,
                        date_to=last)


def _detail(detail: dict) -> str:
    """An event's detail in words: "user: frise-aarhus · role: ngo", not raw JSON."""
    return " · ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                      for k, v in detail.items() if v not in (None, "", []))


@callback(
    Output(_id("audit-table"), "children"),
    Input(_id("a-user"), "value"),
    Input(_id("a-action"), "value"),
    Input(_id("a-from"), "value"),
    Input(_id("a-to"), "value"),
    Input(_id("message"), "children"),
    Input(_id("url"), "pathname"),
)
def update_audit(user: object, action: object, date_from: object, date_to: object,
                 _message: object, _path: object) -> object:
    if not _is_admin():
        return None
    rows = [{**r, "detail": _detail(r["detail"])}
            for r in _audit_rows(user, action, date_from, date_to)]
    return table_wrap(t("admin.audit"), data_table(rows[:200], AUDIT_COLUMNS,
                                                   t("adm.audit_shown", shown=min(200, len(rows)),
                                                     total=len(rows)), mark_own=False))


@callback(
    Output(_id("a-file"), "data"),
    Input(_id("a-download"), "n_clicks"),
    State(_id("a-user"), "value"),
    State(_id("a-action"), "value"),
    State(_id("a-from"), "value"),
    State(_id("a-to"), "value"),
    prevent_initial_call=True,
)
def download_audit(_clicks: int | None, user: object, action: object, date_from: object,
                   date_to: object) -> dict | None:
    """The filtered audit log as CSV (UTF-8 with BOM, `;`, for Danish Excel), and the download
    itself is audited."""
    if not _is_admin():
        return None
    rows = _audit_rows(user, action, date_from, date_to)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"col.{c.key}") for c in AUDIT_COLUMNS])
    for r in rows:
        cells = [r["at"].isoformat(sep=" ", timespec="seconds"), r["username"], r["action"],
                 r["address"], _detail(r["detail"])]
        # A cell that a spreadsheet would run as a formula is kept as text.
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in cells])
    session = db()
    audit.record(session, viewer().username, "audit_download", rows=len(rows),
                 user=user, event=action, date_from=date_from, date_to=date_to)
    session.commit()
    return {"content": "\ufeff" + out.getvalue(), "filename":
            f"overblik-audit-{dt.date.today().isoformat()}.csv", "type": "text/csv"}

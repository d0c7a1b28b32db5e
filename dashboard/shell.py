"""The frame around every page: header, navigation by role, language switch, footer."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

import dash
from dash import Input, Output, dcc, html
from flask import current_app, has_request_context
from flask_login import current_user

from dashboard.i18n import current_lang, t


def home_path(user: object) -> str:
    """Where a user lands after login: their municipality, their organisation, or the overview."""
    role = getattr(user, "role", None)
    if role == "municipal" and getattr(user, "municipalities", None):
        return f"/kommune/{user.municipalities[0]}"  # type: ignore[attr-defined]
    if role == "ngo" and getattr(user, "organisation_slug", None):
        return f"/organisation/{user.organisation_slug}"  # type: ignore[attr-defined]
    return "/"


def _logged_in() -> bool:
    return has_request_context() and current_user.is_authenticated


def _nav() -> list:
    """Links by role. Display only: the server-side guard, not this, protects the data."""
    links = [("nav.overview", "/")]
    if _logged_in():
        if current_user.role == "municipal" and current_user.municipalities:
            links.append(("nav.municipality", home_path(current_user)))
        if current_user.role == "ngo" and current_user.organisation_slug:
            links.append(("nav.organisation", home_path(current_user)))
        links += [("nav.groups", "/grupper"), ("nav.status", "/status")]
        if current_user.role in ("municipal", "ngo"):
            links.append(("nav.upload", "/indberet"))
        if current_user.role == "admin":
            links.append(("nav.admin", "/admin"))
    links.append(("nav.about", "/om"))
    return [dcc.Link(t(key), href=href, className="nav-link") for key, href in links]


def _who() -> html.Span:
    if not _logged_in():
        return html.Span()
    from dashboard.auth import csrf_token  # the auth module imports this one's home_path

    # A form that POSTs the CSRF token: a plain link would let another site log users out.
    logout = html.Form(
        [dcc.Input(type="hidden", name="csrf_token", value=csrf_token()),
         html.Button(t("shell.logout"), type="submit", className="logout")],
        method="post", action="/logout", className="logout-form",
    )
    return html.Span(
        [html.Span(f"{current_user.username} ({t('role.' + current_user.role)})"), logout],
        className="who",
    )


def shell_layout() -> html.Div:
    lang = current_lang()
    other = "en" if lang == "da" else "da"
    cfg = current_app.config["OVERBLIK"] if has_request_context() else None
    threshold = cfg.DISCLOSURE_THRESHOLD if cfg else 5
    return html.Div(
        [
            dcc.Location(id="shell-url", refresh=False),
            html.A(t("shell.skip"), href="#main", className="skip-link"),
            html.Header(
                [
                    html.A(t("app.name"), href="/", className="brand"),
                    html.Nav(_nav(), className="nav", **{"aria-label": t("shell.menu")}),
                    html.A(t("shell.switch"), id="lang-switch", href=f"?lang={other}",
                           lang=other, className="lang-switch",
                           **{"aria-label": t("shell.switch_label")}),
                    _who(),
                ],
                className="topbar",
            ),
            html.Main(dash.page_container, id="main", tabIndex="-1"),
            # Words for Dash's dropdown in the page's language (assets/a11y-repairs.js).
            html.Div(id="dropdown-words", hidden=True,
                     **{"data-search": t("dropdown.search"), "data-clear": t("dropdown.clear"),
                        "data-options": t("dropdown.options")}),
            html.Footer(
                [html.P(t("shell.footer", threshold=threshold)),
                 html.P(t("shell.demo")) if cfg and cfg.DEMO else None],
                className="footer",
            ),
        ]
    )


def register_shell_callbacks(app: dash.Dash) -> None:
    """The frame's callbacks belong to each app (page modules are re-run per app by Dash's
    pages, but this module is imported once per process)."""
    app.callback(Output("lang-switch", "href"), Input("shell-url", "href"))(update_lang_switch)


def update_lang_switch(href: str | None) -> str:
    """The switch keeps the page and its filters, and only changes the language.

    The link stays on this site whatever the address: "//evil.example/a" is a path here
    but another site in a link, so leading slashes (and backslashes, which browsers read
    as slashes) collapse to one."""
    other = "en" if current_lang() == "da" else "da"
    if not isinstance(href, str) or not href:
        return f"?lang={other}"
    parts = urlsplit(href.replace("\\", "/"))
    path = "/" + parts.path.lstrip("/")
    params = [(k, v) for k, v in parse_qsl(parts.query) if k != "lang"] + [("lang", other)]
    return f"{path}?{urlencode(params)}"

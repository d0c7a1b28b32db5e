"""Login, logout and the guard in front of every route.

Dash callbacks are plain HTTP POSTs that anyone can send, so the guard sits on
the Flask server itself: every request except the login page needs a logged-in
user, whatever the browser shows.
"""

from __future__ import annotations

import datetime as dt
import hmac
import math
import secrets
from urllib.parse import urlencode, urlparse

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template_string,
    request,
    session,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.exceptions import HTTPException

from dashboard import statement
from dashboard.data import db
from dashboard.i18n import current_lang, t
from queries import audit
from queries.importer import MAX_BYTES
from queries.login import authenticate
from queries.models import User
from queries.ratelimit import clear_failures, login_wait, record_failure
from queries.scope import Scope
from queries.users import scope_of

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
PUBLIC_PATHS = {"/login", "/assets/overblik.css", "/favicon.ico", "/healthz",
                statement.PUBLIC_PATH}


class Viewer(UserMixin):
    """The logged-in user as the web layer sees it: identity, role and scope, no ORM object."""

    def __init__(self, user: User, threshold: int) -> None:
        self.id = f"{user.id}:{user.session_version}"
        self.username = user.username
        self.role = user.role
        self.scope: Scope = scope_of(user, threshold)
        self.organisation_slug = user.organisation.slug if user.organisation else None
        self.organisation_name = user.organisation.name if user.organisation else None
        self.municipalities = sorted(m.code for m in user.municipalities)


@login_manager.user_loader
def _load(user_id: str) -> Viewer | None:
    """Load by "id:session_version", so a cookie from before logout no longer works."""
    try:
        uid, version = (int(x) for x in user_id.split(":"))
    except ValueError:
        return None
    user = db().get(User, uid)
    if user is None or not user.active or user.session_version != version:
        return None
    return Viewer(user, current_app.config["OVERBLIK"].DISCLOSURE_THRESHOLD)


def viewer() -> Viewer:
    """The current viewer; the guard guarantees one on every non-public route."""
    if not current_user.is_authenticated:
        abort(401)
    return current_user  # type: ignore[return-value]


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, t("error.csrf"))


LOGIN_PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t("auth.title") }} · Overblik</title>
<link rel="stylesheet" href="/assets/overblik.css"></head>
<body class="login-body"><main class="login-card">
<h1>Overblik</h1>
<p class="lead">{{ t("app.tagline") }}</p>
{% if error %}<p class="error" role="alert">{{ error }}</p>{% endif %}
<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="{{ token }}">
<input type="hidden" name="next" value="{{ next }}">
<label for="username">{{ t("auth.username") }}</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">{{ t("auth.password") }}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{{ t("auth.submit") }}</button>
</form>
{% if demo %}<p class="hint">{{ t("auth.demo") }}</p>{% endif %}
<p class="hint"><a href="/login?lang={{ other }}" lang="{{ other }}">{{ t("shell.switch") }}</a></p>
<p class="hint"><a href="{{ statement }}">{{ t("a11y.link") }}</a></p>
</main></body></html>"""

LOGOUT_PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t("shell.logout") }} · Overblik</title>
<link rel="stylesheet" href="/assets/overblik.css"></head>
<body class="login-body"><main class="login-card">
<h1>{{ t("shell.logout") }}</h1>
<p>{{ t("auth.logout_question") }}</p>
<form method="post" action="/logout">
<input type="hidden" name="csrf_token" value="{{ token }}">
<button type="submit">{{ t("shell.logout") }}</button>
</form>
<p><a href="/">{{ t("nav.overview") }}</a></p>
</main></body></html>"""

ERROR_PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · Overblik</title><link rel="stylesheet" href="/assets/overblik.css"></head>
<body class="login-body"><main class="login-card"><h1>{{ title }}</h1><p>{{ text }}</p>
<p><a href="/">{{ t("nav.overview") }}</a></p></main></body></html>"""


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect after login would help a phishing page."""
    if not target or target in ("/", "/?"):
        return "/start"  # the user's own landing page (dashboard.app)
    parsed = urlparse(target)
    # Browsers read a backslash as a slash ("/\\evil.example" goes to another site).
    if (parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(c) < 32 for c in target)):
        return "/start"
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int, dict[str, str]]:
    cfg = current_app.config["OVERBLIK"]
    error, status, headers = None, 200, {}
    if request.method == "POST":
        check_csrf()
        username = request.form.get("username", "").strip()[:80]
        password = request.form.get("password", "")
        # The client's address; behind a proxy only when OVERBLIK_TRUSTED_PROXIES says so
        # (werkzeug's ProxyFix, dashboard.app), else anyone could forge it.
        address = request.remote_addr or ""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        wait = login_wait(db(), username, address, now)
        if wait:
            audit.record(db(), username, "login_blocked", address=address)
            db().commit()
            seconds = math.ceil(wait.total_seconds())
            error, status = t("auth.too_many", minutes=math.ceil(seconds / 60)), 429
            headers["Retry-After"] = str(seconds)
        else:
            user = authenticate(db(), username, password)
            if user is not None:
                clear_failures(db(), username, address)
                session.clear()  # a fresh session on login: no fixation
                # A new CSRF token now, in the login's own cookie: made later by the page,
                # it could be lost to a concurrent request that saves the session it read.
                csrf_token()
                login_user(Viewer(user, cfg.DISCLOSURE_THRESHOLD))
                session.permanent = True
                session["seen"] = now.timestamp()
                audit.record(db(), username, "login", address=address)
                db().commit()
                return redirect(_safe_next(request.form.get("next")))
            record_failure(db(), username, address, now)
            audit.record(db(), username, "login_failed", address=address)
            db().commit()
            error = t("auth.wrong")
    lang = current_lang()
    page = render_template_string(
        LOGIN_PAGE, error=error, token=csrf_token(), next=_safe_next(request.args.get("next")),
        demo=cfg.DEMO, t=t, lang=lang, other="en" if lang == "da" else "da",
        statement=statement.PUBLIC_PATH,
    )
    return (page, status, headers) if status != 200 else page


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Response | str:
    """Log out by POST with the CSRF token only: a link or an image on another site could
    send a GET and end every session of the user. A GET only asks."""
    if request.method == "GET":
        lang = current_lang()
        return render_template_string(LOGOUT_PAGE, token=csrf_token(), t=t, lang=lang)
    check_csrf()
    if current_user.is_authenticated:
        uid = int(current_user.id.split(":")[0])
        user = db().get(User, uid)
        if user is not None:
            user.session_version += 1  # every cookie issued before now stops working
            audit.record(db(), user.username, "logout", address=request.remote_addr or "")
            db().commit()
    logout_user()
    session.clear()
    return redirect("/login")


def _expired() -> bool:
    """End a session idle longer than the setting. The time lives in the signed cookie and is
    checked here, so a copied cookie stops working after the idle time even though Flask's
    sessions are kept client-side; each request that passes moves the time on."""
    now = dt.datetime.now(dt.UTC).timestamp()
    idle = current_app.config["OVERBLIK"].SESSION_MINUTES * 60
    seen = session.get("seen")
    if not isinstance(seen, int | float) or now - seen > idle:
        logout_user()
        session.clear()
        return True
    if now - seen > 30:  # no need to re-sign the cookie on every request
        session["seen"] = now
    return False


def _guard() -> Response | None:
    path = request.path
    if path in PUBLIC_PATHS:
        return None
    if current_user.is_authenticated and not _expired():
        return None
    if path == "/logout":
        return redirect("/login")  # already logged out (or the session ran out)
    if path.startswith(("/_dash", "/download", "/_reload", "/upload")) or request.method != "GET":
        return Response("Log ind først.\n", status=401, mimetype="text/plain")
    # The full path keeps a shared link's filters through the login.
    return redirect("/login?" + urlencode({"next": request.full_path.rstrip("?")}))


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'unsafe-eval' "
        # Dash's few inline scripts (config, renderer start) are allowed by their hashes only.
        + current_app.config.get("CSP_SCRIPT_HASHES", "")
        + "; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    )
    # Whether the session names a user, read from the cookie: loading the user would need
    # the database, and this runs on error pages too, when the database may be the error.
    if request.path.startswith(("/_dash", "/download")) or "_user_id" in session:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _error_page(title: str, text: str, status: int) -> Response:
    """The app's own error page, made without the database: Flask's render_template_string
    would run flask-login's context processor, which loads the user."""
    lang = current_lang()
    page = current_app.jinja_env.from_string(ERROR_PAGE).render(title=title, text=text, t=t,
                                                                lang=lang)
    if request.path.startswith(("/_dash", "/download", "/upload")):
        return Response(f"{text}\n", status=status, mimetype="text/plain")
    return Response(page, status=status, mimetype="text/html")


def _not_found(_error: Exception) -> Response:
    return _error_page(t("error.404_title"), t("error.404"), 404)


def _client_error(error: HTTPException) -> Response:
    """Bad input (400), too large a body (413), a method a route does not take (405): the
    app's message, in the interface language, never a stack trace or werkzeug's page."""
    code = error.code or 400
    ours = error.description != type(error).description  # abort(400, "what and where")
    text = (error.description if ours and error.description
            else t(f"error.{code}", limit=MAX_BYTES // 2**20))
    response = _error_page(t(f"error.{code}_title"), text, code)
    if getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return response


def _server_error(error: Exception) -> Response:
    """A plain page, never a traceback; the details go to the log (stdout under gunicorn)."""
    current_app.logger.error("unhandled error on %s %s", request.method, request.path,
                             exc_info=getattr(error, "original_exception", error))
    return _error_page(t("error.500_title"), t("error.500"), 500)


def init_auth(server: Flask) -> None:
    cfg = server.config["OVERBLIK"]
    server.register_error_handler(404, _not_found)
    for code in (400, 405, 413):
        server.register_error_handler(code, _client_error)
    server.register_error_handler(500, _server_error)
    login_manager.init_app(server)
    login_manager.login_view = "auth.login"
    server.register_blueprint(bp)
    server.register_blueprint(statement.bp)
    server.before_request(_guard)
    server.after_request(_security_headers)
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=cfg.SECURE_COOKIES,
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=cfg.SESSION_MINUTES),
        # Re-signed when it changes (login, and the idle clock every 30 s: _expired), not on
        # every request: each cookie then expires the idle time after it was last moved on.
        SESSION_REFRESH_EACH_REQUEST=False,
    )

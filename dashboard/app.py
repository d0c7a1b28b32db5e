"""The application factory: Flask, login, the guard, downloads, then Dash with its pages."""

from __future__ import annotations

import base64
import gc
import hashlib
import re
import secrets
from pathlib import Path

import dash
from flask import Flask, Response, redirect
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.auth import init_auth, viewer
from dashboard.config import Config
from dashboard.data import close_db
from dashboard.i18n import current_lang, init_i18n, translate_page_titles
from dashboard.inputs import check_callback_request
from dashboard.resources import project_path
from dashboard.shell import home_path, register_shell_callbacks, shell_layout
from queries.cache import QueryCache
from queries.db import make_engine, session_factory
from queries.health import database_answers, has_demo_accounts
from queries.importer import MAX_BYTES

HERE = Path(__file__).resolve().parent
ASSETS = project_path("assets")
INLINE_SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL)


class LocalisedDash(dash.Dash):
    """Dash whose page says which language it is in (`<html lang>`), per request."""

    def interpolate_index(self, **kwargs: object) -> str:
        page = super().interpolate_index(**kwargs)
        self._allow_inline_scripts(page)
        return page.replace("<html>", f'<html lang="{current_lang()}">', 1)

    def _allow_inline_scripts(self, page: str) -> None:
        """Allow exactly the inline scripts Dash writes into its page, by hash, in the CSP."""
        hashes = set(self.server.config.get("CSP_SCRIPT_HASHES", "").split())
        for attrs, body in INLINE_SCRIPT.findall(page):
            if "src=" in attrs or "json" in attrs:
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
        self.server.config["CSP_SCRIPT_HASHES"] = " ".join(sorted(hashes))


class ConfigError(RuntimeError):
    """The server cannot start safely with this configuration."""


# A request body may hold an upload (base64 in a callback's JSON, a third larger) and the
# rest of the callback's values; anything larger is refused before it is read.
MAX_REQUEST_BYTES = MAX_BYTES * 4 // 3 + 1024 * 1024


def check_production(cfg: Config) -> None:
    """Refuse to serve outside demo mode without a strong secret or with demo accounts (their
    password is "demo"). Called by the app factory, so every WSGI server is covered."""
    if cfg.DEMO:
        return
    if not cfg.SECRET_KEY or len(cfg.SECRET_KEY) < 32:
        raise ConfigError("SECRET_KEY mangler eller er for kort (mindst 32 tegn).")
    engine = make_engine(cfg.DATABASE_URL)
    try:
        with session_factory(engine)() as session:
            demo = has_demo_accounts(session)
    except SQLAlchemyError as exc:
        raise ConfigError("Databasen kan ikke læses; kør `overblik db upgrade` "
                          f"(the database cannot be read: {type(exc).__name__}).") from exc
    finally:
        engine.dispose()
    if demo:
        raise ConfigError("Databasen indeholder demobrugere; start med OVERBLIK_DEMO=1 eller "
                          "brug en database uden demodata.")


def settle_heap() -> None:
    """Keep the garbage collector off what a worker built at startup, for a long-lived one.

    Dash's components, Plotly's schema and SQLAlchemy's mappers are some 150,000 objects
    that live until the worker exits, and every full collection walked them all: 60 to 130
    ms added to about one filter change in 30 at scale 10 (issue 15). Frozen, they are
    never walked again (a full collection then took 1 ms). A change's allocations outrun
    its frees by some 5,000 containers, so the youngest generation is collected every
    10,000 new ones instead of every 700: the same garbage freed, in a quarter of the
    collector's time. Call it once, after `create_app`, in a process that serves the app.
    """
    gc.collect()  # what startup left behind goes now, not frozen with the rest
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def create_app(config: Config | None = None) -> dash.Dash:
    """Build the Dash app on its own Flask server; nothing is built at import time.

    Raises ConfigError outside demo mode without a strong SECRET_KEY or with demo accounts.
    """
    cfg = config or Config()
    check_production(cfg)
    if not cfg.SECRET_KEY:
        cfg.SECRET_KEY = secrets.token_urlsafe(48)  # demo mode only (checked above)
    server = Flask("overblik")
    server.config["SECRET_KEY"] = cfg.SECRET_KEY
    server.config["OVERBLIK"] = cfg
    server.config["TESTING"] = cfg.TESTING
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    if cfg.TRUSTED_PROXIES:
        # The client's address (failed-login limits, audit log) from X-Forwarded-For as set
        # by this many proxies; without the setting the header is ignored, since a client
        # could write any address into it.
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=cfg.TRUSTED_PROXIES,
                                   x_proto=cfg.TRUSTED_PROXIES)
    engine = make_engine(cfg.DATABASE_URL)
    server.extensions["overblik_engine"] = engine
    server.extensions["overblik_sessions"] = session_factory(engine)
    server.extensions["overblik_cache"] = QueryCache()
    # Whole page outputs (dashboard.data.rendered): fewer and larger entries.
    server.extensions["overblik_pages"] = QueryCache(max_entries=64)
    server.teardown_appcontext(close_db)
    init_auth(server)
    init_i18n(server)
    server.before_request(check_callback_request)  # after the login guard

    from dashboard.downloads import bp as downloads_bp

    server.register_blueprint(downloads_bp)

    @server.route("/healthz")
    def healthz() -> Response:
        """For a load balancer: 200 when the database answers, else 503."""
        if database_answers(engine):
            return Response("ok\n", mimetype="text/plain")
        return Response("database unavailable\n", status=503, mimetype="text/plain")

    @server.route("/start")
    def start() -> Response:
        """After login: a municipal user lands on their municipality, an NGO user on theirs."""
        return redirect(home_path(viewer()))

    app = LocalisedDash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(ASSETS),
        title="Overblik",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
    )
    app.layout = shell_layout
    translate_page_titles(dash.page_registry)
    register_shell_callbacks(app)
    # Register Dash's scripts now rather than on a worker's first request: with threaded
    # workers, concurrent first requests could otherwise be served before the registration.
    with server.test_request_context("/"):
        app._setup_server()  # noqa: SLF001 - Dash has no public hook for this
    server.config["CSP_SCRIPT_HASHES"] = " ".join(app.csp_hashes())
    with server.test_request_context("/"):
        app.index()  # the page's own inline scripts join the allowed hashes
    return app

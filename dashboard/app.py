"""The application factory: Flask, login, the guard, downloads, then Dash with its pages."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from pathlib import Path

import dash
from flask import Flask, Response, redirect

from dashboard.auth import init_auth, viewer
from dashboard.config import Config
from dashboard.data import close_db
from dashboard.i18n import current_lang, init_i18n
from dashboard.shell import home_path, register_shell_callbacks, shell_layout
from queries.cache import QueryCache
from queries.db import make_engine, session_factory

HERE = Path(__file__).resolve().parent
ASSETS = HERE.parent / "assets"
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


def create_app(config: Config | None = None) -> dash.Dash:
    """Build the Dash app on its own Flask server; nothing is built at import time."""
    cfg = config or Config()
    if not cfg.SECRET_KEY:
        if not cfg.DEMO:
            raise ConfigError("SECRET_KEY mangler: sæt miljøvariablen SECRET_KEY (mindst 32 tegn).")
        cfg.SECRET_KEY = secrets.token_urlsafe(48)
    server = Flask("overblik")
    server.config["SECRET_KEY"] = cfg.SECRET_KEY
    server.config["OVERBLIK"] = cfg
    server.config["TESTING"] = cfg.TESTING
    engine = make_engine(cfg.DATABASE_URL)
    server.extensions["overblik_engine"] = engine
    server.extensions["overblik_sessions"] = session_factory(engine)
    server.extensions["overblik_cache"] = QueryCache()
    # Whole page outputs (dashboard.data.rendered): fewer and larger entries.
    server.extensions["overblik_pages"] = QueryCache(max_entries=64)
    server.teardown_appcontext(close_db)
    init_auth(server)
    init_i18n(server)

    from dashboard.downloads import bp as downloads_bp

    server.register_blueprint(downloads_bp)

    @server.route("/healthz")
    def healthz() -> str:
        return "ok"

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
    register_shell_callbacks(app)
    # Register Dash's scripts now rather than on a worker's first request: with threaded
    # workers, concurrent first requests could otherwise be served before the registration.
    with server.test_request_context("/"):
        app._setup_server()  # noqa: SLF001 - Dash has no public hook for this
    server.config["CSP_SCRIPT_HASHES"] = " ".join(app.csp_hashes())
    with server.test_request_context("/"):
        app.index()  # the page's own inline scripts join the allowed hashes
    return app

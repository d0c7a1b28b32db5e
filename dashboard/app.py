"""The application factory: Flask, login, the guard, downloads, then Dash with its pages."""

from __future__ import annotations

import secrets
from pathlib import Path

import dash
from flask import Flask

from dashboard.auth import init_auth
from dashboard.config import Config
from dashboard.data import close_db
from queries.db import make_engine, session_factory

HERE = Path(__file__).resolve().parent
ASSETS = HERE.parent / "assets"


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
    server.teardown_appcontext(close_db)
    init_auth(server)

    from dashboard.downloads import bp as downloads_bp

    server.register_blueprint(downloads_bp)

    @server.route("/healthz")
    def healthz() -> str:
        return "ok"

    app = dash.Dash(
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
    app.index_string = app.index_string.replace("<html>", '<html lang="da">')
    from dashboard.shell import shell_layout

    app.layout = shell_layout
    return app

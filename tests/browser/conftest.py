"""Browser tests: the real app on a demo database, served on loopback, driven by Debian's
Chromium through Playwright (launched by path; no browser is ever downloaded)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.config import TestConfig
from queries.db import make_engine, session_factory, transaction, upgrade
from queries.demo import build_demo

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HOMES = {"national": "/", "admin": "/", "esbjerg": "/kommune/561",
         "koebenhavn": "/kommune/101", "frise": "/organisation/frise",
         "frise-aarhus": "/organisation/frise"}
# Tests wait for the state they need, never for a fixed time, and as long as a busy machine
# needs: Playwright's `expect` gives up after 5 s unless told otherwise (issue 14).
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)
# Seconds each callback answer is held back while set: a slow server, for the test that
# shows the tests wait for state rather than time.
SLOW = {"callbacks": 0.0}


class Slowed:
    """WSGI middleware that delays callback requests by SLOW["callbacks"] seconds."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> object:
        if SLOW["callbacks"] and environ.get("PATH_INFO") == "/_dash-update-component":
            time.sleep(SLOW["callbacks"])
        return self.app(environ, start_response)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh demo database, in a thread, on a free loopback port."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser')}/demo.db"
    upgrade(url)
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        build_demo(session)
    engine.dispose()
    app = create_app(TestConfig(url))
    server = make_server("127.0.0.1", 0, Slowed(app.server), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.server.extensions["overblik_engine"].dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context per test; fails the test if the page logged a console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, f"console errors: {errors[:3]}"


@pytest.fixture()
def login(page: Page, base_url: str) -> Callable[[str], Page]:
    def _login(user: str, next_path: str | None = None) -> Page:
        target = f"{base_url}/login" + (f"?next={next_path}" if next_path else "")
        page.goto(target)
        page.fill("#username", user)
        page.fill("#password", "demo")
        page.click("button[type=submit]")
        page.wait_for_load_state("domcontentloaded")
        return page

    return _login

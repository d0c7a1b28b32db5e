"""Administration in the browser on an empty database (issue 12): organisations,
partnerships, users with a two-axis scope, disabling, and the audit log filtered and
downloaded as CSV, all through /admin."""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.config import TestConfig as AppConfig
from queries.db import make_engine, session_factory, transaction, upgrade
from queries.users import add_user

PASSWORD = "admin-password-1"


@pytest.fixture(scope="module")
def empty_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A freshly upgraded database with one administrator and nothing else, served."""
    url = f"sqlite:///{tmp_path_factory.mktemp('admin')}/empty.db"
    upgrade(url)
    engine = make_engine(url)
    with transaction(session_factory(engine)) as s:
        add_user(s, "admin", PASSWORD, "admin")
    engine.dispose()
    app = create_app(AppConfig(url))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.server.extensions["overblik_engine"].dispose()


def choose(page: Page, dropdown_id: str, option: str) -> None:
    page.click(f"#{dropdown_id}")
    page.get_by_role("option", name=option, exact=True).click()


def said(page: Page, text: str) -> None:
    expect(page.locator("#admin-message")).to_contain_text(text)


def test_an_administrator_sets_up_partners_and_users_in_the_browser(
        page: Page, empty_url: str) -> None:
    page.goto(f"{empty_url}/login?next=/admin")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin$"))
    expect(page.locator("#admin-body")).to_be_visible()

    page.fill("#admin-org-slug", "frise")
    page.fill("#admin-org-name", "Frise")
    page.fill("#admin-org-email", "data@frise.example")
    page.click("#admin-org-add")
    said(page, "Organisationen Frise er oprettet.")
    expect(page.locator("#admin-org-table")).to_contain_text("data@frise.example")
    # A bad short name is refused with what and why; nothing is created.
    page.fill("#admin-org-slug", "Vælg Friheden")
    page.click("#admin-org-add")
    said(page, "is not a short name")

    choose(page, "admin-p-org", "Frise")
    choose(page, "admin-p-municipality", "Aarhus")
    page.fill("#admin-p-from", "2025-01-01")
    page.click("#admin-partnership-add")
    said(page, "frise arbejder nu med Aarhus.")
    expect(page.locator("#admin-partnership-table")).to_contain_text("Aarhus")
    expect(page.locator("#admin-org-table")).to_contain_text("Aarhus")

    page.fill("#admin-u-name", "frise-aarhus")
    choose(page, "admin-u-role", "koordinator")
    choose(page, "admin-u-org", "Frise")
    choose(page, "admin-u-municipalities", "Aarhus")
    page.fill("#admin-u-password", "frise-aarhus-pw")
    page.click("#admin-user-add")
    said(page, "Brugeren frise-aarhus er oprettet.")
    # The scope by name, both axes kept.
    expect(page.locator("#admin-user-table")).to_contain_text("Frise i Aarhus")

    page.click("#admin-user-disable")
    said(page, "frise-aarhus er deaktiveret og logget ud.")

    # The audit log: every change is there, filtered by action, and downloadable.
    choose(page, "admin-a-action", "organisation_add")
    table = page.locator("#admin-audit-table")
    expect(table).to_contain_text("slug: frise")
    expect(table).not_to_contain_text("user_add")
    with page.expect_download() as info:
        page.click("#admin-a-download")
    with open(info.value.path(), encoding="utf-8-sig") as fh:
        text = fh.read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Tidspunkt (UTC)", "Brugernavn", "Hændelse"]
    assert [r[1:3] for r in rows[1:]] == [["admin", "organisation_add"]]
    assert "email: data@frise.example" in rows[1][4]
    choose(page, "admin-a-action", "user_disable")
    expect(table).to_contain_text("user: frise-aarhus")

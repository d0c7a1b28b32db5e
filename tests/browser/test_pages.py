"""Every user's view in a real browser: landing, filters, shared links, back button, CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import HOMES, SLOW

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CONTENT = {"/": "#overview-kpis .kpi", "/kommune": "#municipality-content .kpi",
           "/organisation": "#organisation-content .kpi"}


def content_of(home: str) -> str:
    return next(sel for prefix, sel in sorted(CONTENT.items(), key=lambda kv: -len(kv[0]))
                if home.startswith(prefix))


def choose(page: Page, dropdown_id: str, option: str) -> None:
    page.click(f"#{dropdown_id}")
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.parametrize("user", sorted(HOMES))
def test_each_demo_user_lands_on_their_page(login, base_url, user) -> None:
    page = login(user)
    page.wait_for_url(re.compile(re.escape(base_url + HOMES[user]) + r"(\?.*)?$"))
    expect(page.locator(content_of(HOMES[user])).first).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"landing-{user}.png"), full_page=True)


def test_landing_waits_for_a_slow_server(login, base_url) -> None:
    """Issue 14.10: a plot not visible within Playwright's default 5 s failed the landing
    test on a busy machine. With every callback 6 s late the test must still pass."""
    SLOW["callbacks"] = 6.0
    try:
        page = login("frise")
        page.wait_for_url(re.compile(re.escape(base_url + HOMES["frise"]) + r"(\?.*)?$"))
        expect(page.locator(content_of(HOMES["frise"])).first).to_be_visible()
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
    finally:
        SLOW["callbacks"] = 0.0


def test_logging_out_with_the_button_ends_the_session(login, base_url) -> None:
    """Issue 14.4: the frame's "Log ud" is a form that POSTs the CSRF token."""
    page = login("esbjerg")
    expect(page.locator("#municipality-content .kpi").first).to_be_visible()
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(re.compile(r".*/login$"))
    response = page.request.get(base_url + "/download/groups.csv", max_redirects=0)
    assert response.status == 401


def test_changing_a_filter_redraws_figures_and_tables(login, base_url) -> None:
    page = login("national")
    kpis = page.locator("#overview-kpis")
    expect(kpis.locator(".kpi").first).to_be_visible()
    before_kpis = kpis.inner_text()
    before_table = page.locator("#overview-municipalities-table").inner_text()
    choose(page, "overview-filter-method", "NA (12 trin)")
    page.wait_for_url("**method=na**")
    expect(kpis).not_to_have_text(before_kpis)
    expect(page.locator("#overview-municipalities-table")).not_to_have_text(before_table)
    expect(page.locator("#overview-trend-summary")).to_contain_text("samme periode sidste år")
    # The map is patched, not redrawn: its municipalities are still there after the change.
    expect(page.locator("#overview-map-graph .choroplethlocation").first).to_be_attached()
    assert page.locator("#overview-map-graph .choroplethlocation").count() >= 90


def test_a_shared_link_reproduces_the_view(login, base_url) -> None:
    shared = "/kommune/561?from=2024-01-01&to=2024-12-31&method=smart"
    page = login("esbjerg", quote(shared))
    page.wait_for_url(base_url + shared)
    expect(page.locator("#municipality-filter-from")).to_contain_text("2024 K1")
    expect(page.locator("#municipality-filter-to")).to_contain_text("2024 K4")
    expect(page.locator("#municipality-filter-method")).to_contain_text("SMART Recovery")
    expect(page.locator("#municipality-content .kpi").first).to_be_visible()
    activity = page.locator("#municipality-activity-download")
    expect(activity).to_have_attribute("href", re.compile(r"from=2024-01-01.*method=smart"))
    # Aftercare is the whole municipality's whatever the method: its file says so too.
    funnel = page.locator("#municipality-funnel-download")
    expect(funnel).to_have_attribute("href", re.compile(r"municipality=561$"))


def test_the_back_button_restores_the_previous_filters(login, base_url) -> None:
    page = login("esbjerg")
    expect(page.locator("#municipality-content .kpi").first).to_be_visible()
    first_url = page.url
    choose(page, "municipality-filter-method", "SMART Recovery")
    page.wait_for_url("**method=smart**")
    page.go_back()
    page.wait_for_url(lambda url: "method=" not in url)
    expect(page.locator("#municipality-filter-method")).to_contain_text("Alle metoder")
    assert page.url.split("?")[0] == first_url.split("?")[0]


@pytest.mark.parametrize("path", ["/kommune/561", "/"])
def test_after_back_the_view_follows_the_restored_address(login, base_url, path) -> None:
    """Issue 13: opened at an address with its filters (a link, a bookmark), Back after a
    filter change restored the address but left the view filtered: Dash's page router saw no
    change of address, and nothing else read it."""
    shared = f"{path}?from=2025-10-01&to=2026-09-30"
    name = "municipality" if path != "/" else "overview"
    kpis = f"#{name}-content .kpis" if path != "/" else "#overview-kpis"
    page = login("esbjerg" if path != "/" else "national", quote(shared))
    page.wait_for_url(base_url + shared)
    expect(page.locator(f"{kpis} .kpi").first).to_be_visible()
    before = page.locator(kpis).text_content() or ""
    choose(page, f"{name}-filter-method", "NA (12 trin)")
    page.wait_for_url("**method=na**")
    expect(page.locator(kpis)).not_to_have_text(before)
    page.go_back()
    page.wait_for_url(base_url + shared)
    expect(page.locator(kpis)).to_have_text(before)
    expect(page.locator(f"#{name}-filter-method")).to_contain_text("Alle metoder")
    page.go_forward()
    page.wait_for_url("**method=na**")
    expect(page.locator(kpis)).not_to_have_text(before)
    expect(page.locator(f"#{name}-filter-method")).to_contain_text("NA (12 trin)")


def test_after_back_the_groups_table_follows_search_and_page(login, base_url) -> None:
    shared = "/grupper?from=2025-10-01&to=2026-09-30&sort=municipality"
    page = login("national", quote(shared))
    page.wait_for_url(base_url + shared)
    expect(page.locator("#groups-pages")).to_contain_text("1")
    page.click("#groups-next")
    page.wait_for_url("**page=1**")
    expect(page.locator("#groups-pages")).to_contain_text("Side 2")
    page.fill("#groups-search", "aarhus")
    page.press("#groups-search", "Enter")
    page.wait_for_url("**q=aarhus**")
    expect(page.locator("#groups-count")).not_to_have_text(re.compile(r"^278 "))
    page.go_back()
    page.wait_for_url("**page=1**")
    expect(page.locator("#groups-pages")).to_contain_text("Side 2")
    expect(page.locator("#groups-search")).to_have_value("")
    page.go_back()
    page.wait_for_url(base_url + shared)
    expect(page.locator("#groups-pages")).to_contain_text("Side 1")


def test_download_a_csv_from_the_page_and_read_it(login, base_url) -> None:
    page = login("esbjerg")
    link = page.locator("#municipality-groups-download")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert re.fullmatch(r"overblik-groups-561-\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv",
                        download.suggested_filename)
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Danish Excel needs the BOM"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows and all(r["Kommune"] == "Esbjerg" for r in rows)
    assert all("." not in r["Fremmøde pr. møde"] for r in rows), "decimal comma"
    # The table is Markdown, drawn by a component Dash loads on demand: on a busy machine the
    # link can be visible before the table's text is there. Wait for a row, then compare.
    expect(page.locator("#municipality-groups-table")).to_contain_text(rows[0]["Navn"])
    shown = page.locator("#municipality-groups-table").inner_text()
    assert all(r["Navn"] in shown for r in rows), "the file holds exactly the groups shown"


def test_a_page_outside_ones_scope_shows_a_message(login, base_url) -> None:
    page = login("esbjerg")
    page.wait_for_url(re.compile(r".*/kommune/561.*"))
    page.goto(base_url + "/kommune/101")
    notice = page.locator(".notice")
    expect(notice).to_contain_text("Uden for dit område")
    expect(page.locator("#municipality-content .kpi")).to_have_count(0)


def test_english_switch_keeps_the_filters(login, base_url) -> None:
    page = login("esbjerg", quote("/kommune/561?from=2024-01-01&to=2024-12-31"))
    expect(page.locator("#municipality-content .kpi").first).to_be_visible()
    page.click("#lang-switch")
    page.wait_for_url("**lang=en**")
    assert "from=2024-01-01" in page.url and "to=2024-12-31" in page.url
    expect(page.locator("h1")).to_have_text("Aftercare in Esbjerg")
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize(("user", "full"), [("frise", True), ("esbjerg", False)])
def test_a_group_name_in_the_table_opens_the_groups_page(login, base_url, user, full) -> None:
    """Issue 13: a page per group, reached from the groups table; in full only in scope."""
    page = login(user, quote("/grupper?q=SMART+Aarhus+Vest&sort=name"))
    link = page.locator("#groups-table a", has_text="SMART Aarhus Vest").first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r".*/gruppe/[^/?]+.*"))
    expect(page.locator("#group-title")).to_contain_text("SMART Aarhus Vest · Aarhus ·")
    expect(page.locator("#group-quarters-graph .js-plotly-plot")).to_be_visible()
    expect(page.locator("#group-namesakes a").first).to_be_visible()
    if full:
        expect(page.locator("#group-kpis")).to_contain_text("fremmøde pr. møde")
        expect(page.locator(".notice")).to_have_count(0)
    else:
        expect(page.locator(".notice")).to_contain_text("Uden for dit område")
        expect(page.locator("#group-kpis")).not_to_contain_text("fremmøde pr. møde")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"group-{user}.png"), full_page=True)

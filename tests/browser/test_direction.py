"""Issue 13 in a real browser: the year-on-year sentence with its arrow, the incomplete
newest quarter (note, chart mark, comparison that leaves it out), retention and the
evening/weekend/online shares, and their CSV files.

The demo leaves the newest quarter of the default period unreported by one NGO
(netvaerkscafeen) and one municipality (Aarhus): queries.demo_reports."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import Page, expect

ARROW_AND_WORDS = {"higher": ("↑", "højere end samme periode sidste år"),
                   "lower": ("↓", "lavere end samme periode sidste år"),
                   "same": ("→", "ingen sikker ændring")}
INCOMPLETE = re.compile(r"\d{4} K\d er ufuldstændig: 2 af \d+ partnere mangler at indberette")


def check_direction(page: Page, list_id: str) -> None:
    """Each measure shows an arrow and the words that say the same, never colour alone."""
    items = page.locator(f"#{list_id} li")
    expect(items).to_have_count(2)
    for i in range(2):
        item = items.nth(i)
        verdict = item.get_attribute("data-verdict")
        assert verdict in ARROW_AND_WORDS, verdict
        arrow, words = ARROW_AND_WORDS[verdict]
        expect(item.locator(".yoy-arrow")).to_have_text(arrow)
        expect(item).to_contain_text(words)
        expect(item).to_contain_text("samme periode sidste år")
        expect(item).to_contain_text(re.compile(r"p = 0,\d{3}"))


def test_esbjerg_sees_the_year_on_year_direction_with_arrows(login) -> None:
    page = login("esbjerg")
    expect(page).to_have_url(re.compile(r"/kommune/561"))
    expect(page.locator("#municipality-yoy-title")).to_have_text(
        "Udvikling: samme periode sidste år")
    check_direction(page, "municipality-yoy-list")
    # Esbjerg's partners have all reported: the whole period is compared, no note.
    expect(page.locator("#municipality-yoy")).not_to_contain_text("ufuldstændig")
    expect(page.locator("#municipality-incomplete-note")).to_have_count(0)
    kpis = page.locator("#municipality-content .kpis")
    expect(kpis).to_contain_text("frivillige stadig aktive efter 12 mdr.")
    expect(kpis).to_contain_text("aften- eller weekendgrupper")
    expect(kpis).to_contain_text("onlinegrupper")


def test_the_overview_says_the_newest_quarter_is_incomplete(login) -> None:
    page = login("national")
    note = page.locator("#overview-incomplete-note")
    expect(note).to_contain_text(INCOMPLETE)
    quarter = INCOMPLETE.search(note.inner_text()).group(0)[:7]  # e.g. "2026 K3"
    # The trend chart marks that quarter, and the comparison leaves it out.
    expect(page.locator("#overview-trend-graph")).to_contain_text("ufuldstændig")
    expect(page.locator("#overview-yoy")).to_contain_text(f"fordi {quarter} er ufuldstændig")
    check_direction(page, "overview-yoy-list")
    expect(page.locator("#overview-trend-summary")).to_contain_text("samme periode sidste år")


def test_aarhus_funnel_marks_its_missing_quarter(login, base_url) -> None:
    """Aarhus has not sent its newest funnel: its page says so instead of showing a drop."""
    page = login("national")
    page.goto(base_url + "/kommune/751")
    expect(page.locator("#municipality-incomplete-note")).to_contain_text(
        re.compile(r"ufuldstændig: \d+ af \d+ partnere mangler"))
    expect(page.locator("#municipality-funnel-graph")).to_contain_text("ufuldstændig")
    expect(page.locator("#municipality-activity-graph")).to_contain_text("ufuldstændig")


def test_the_year_on_year_reads_in_english(login, base_url) -> None:
    page = login("esbjerg")
    page.goto(base_url + "/kommune/561?lang=en")
    items = page.locator("#municipality-yoy-list li")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("the same period last year")
    expect(items.first).to_contain_text(re.compile(
        "higher than the same period last year|lower than the same period last year"
        "|no reliable change"))


def test_the_csv_files_carry_direction_retention_and_shares(login, base_url) -> None:
    page = login("esbjerg")
    expect(page.locator("#municipality-yoy-download")).to_be_visible()
    href = page.locator("#municipality-yoy-download").get_attribute("href")
    text = page.request.get(base_url + href).text()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [r["Mål"] for r in rows] == ["nye deltagere", "andel nået inden 90 dage"]
    assert {r["Ændring"] for r in rows} <= {"højere end samme periode sidste år",
                                            "lavere end samme periode sidste år",
                                            "ingen sikker ændring", ""}
    text = page.request.get(base_url + "/download/municipalities.csv").text()
    header = text.lstrip("\ufeff").splitlines()[0].split(";")
    assert {"Andel aften/weekend", "Andel online", "Frivillige fastholdt 12 mdr."} <= set(header)
    text = page.request.get(base_url + href.replace("direction", "trend")).text()
    assert "Partnere uden indberetning" in text.splitlines()[0]

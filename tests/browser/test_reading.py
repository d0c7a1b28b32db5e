"""What a manager sees on screen and on paper (issue 13): the league names their own
municipality and says above/below in its legend, the map names the municipalities without a
group, English reads as English, the A4 print keeps every column, definitions are linked."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_a11y import settle


def test_the_league_shows_own_municipality_and_a_legend(login, base_url) -> None:
    page = login("esbjerg", "/")
    page.goto(base_url + "/")
    settle(page)
    league = page.locator("#overview-league-graph")
    expect(league.locator(".legendtext", has_text="Dit område: Esbjerg")).to_have_count(1)
    expect(league.locator(".legendtext", has_text="klart under landstallet")).to_have_count(1)
    expect(league.locator(".annotation-text", has_text="Esbjerg")).to_have_count(1)


def test_the_map_names_municipalities_without_a_group(login, base_url) -> None:
    page = login("national")
    settle(page)
    expect(page.locator("#overview-map-summary")).to_contain_text("Uden aktiv gruppe")
    expect(page.locator("#overview-map-graph .annotation-text")).to_contain_text(
        "ingen aktiv gruppe")


def test_english_titles_quarters_and_one_name_for_copenhagen(login, base_url) -> None:
    page = login("koebenhavn")
    page.goto(base_url + "/kommune/101?lang=en")
    settle(page)
    expect(page).to_have_title("Municipality · Overblik")
    expect(page.locator("#municipality-title")).to_contain_text("København")
    expect(page.locator("#municipality-filter-from")).to_contain_text(re.compile(r"\d{4} Q\d"))
    expect(page.locator("#municipality-activity-graph .xtick").first).to_contain_text(
        re.compile(r"\d{4} Q\d"))


def test_the_a4_print_cuts_off_no_column_or_axis(login, base_url) -> None:
    page = login("esbjerg")
    expect(page.locator("#municipality-groups-table table")).to_be_visible()
    settle(page)
    expect(page.locator(".dash-graph--pending")).to_have_count(0)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1000})  # A4 less 12 mm margins, 96 dpi
    cut = page.evaluate("""() => [...document.querySelectorAll(
            '.table-wrap, .panel, .js-plotly-plot')]
        .filter(e => e.offsetParent !== null)
        .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > 704)
        .map(e => [e.id || e.className, e.scrollWidth, e.clientWidth])""")
    assert cut == [], cut
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_cards_and_charts_link_to_their_definition(login, base_url) -> None:
    page = login("esbjerg")
    settle(page)
    link = page.locator("#municipality-funnel-title ~ a.definition-link")
    expect(link).to_have_attribute("href", "/om/definitioner#aftercare-reach")
    link.click()
    expect(page.locator("#aftercare-reach h2")).to_contain_text("Aftercare reach")
    expect(page.locator("#aftercare-reach")).to_contain_text("Wilson")
